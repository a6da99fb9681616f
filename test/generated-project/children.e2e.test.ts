/**
 * A project generated with --children v1/ConfigMap,apps/v1/Deployment: its own tests pass, and the
 * built operator, under exactly the rights of its deploy/rbac.yaml, applies a ConfigMap and a
 * Deployment owned by each Demo, applies them again when they are deleted or changed, and is
 * refused what it does not use (reading one object by name, deleting, other kinds, Leases).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as runtime from '@gen-operator/runtime';
import type { Identity } from '@gen-operator/testing';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { CHILD_KINDS } from '../../packages/gen-operator/src/model/index.js';
import { eventually, kubectl, repoRoot } from '../support/commands.js';
import { deployProject, npmRun, startOperator, useGeneratedProject } from './project.js';

const demoCrd = join(repoRoot, 'crds', 'demo.yaml');

interface Owned {
  metadata: {
    uid: string;
    ownerReferences?: { kind: string; name: string; uid: string; controller?: boolean; blockOwnerDeletion?: boolean }[];
  };
  data?: Record<string, string>;
}

describe('every kind --children accepts', () => {
  it('is a built-in kind the runtime exports under that name, with that group, version and resource', () => {
    for (const child of CHILD_KINDS) {
      const resource = (runtime as unknown as Record<string, { group?: string; version?: string; plural?: string } | undefined>)[
        child.kind
      ];
      expect(resource, child.kind).toBeDefined();
      expect({ group: resource?.group, version: resource?.version, plural: resource?.plural }, child.kind).toEqual({
        group: child.group,
        version: child.version,
        plural: child.plural,
      });
    }
  });
});

describe('a project generated from crds/demo.yaml with --children v1/ConfigMap,apps/v1/Deployment', () => {
  const context = useGeneratedProject([demoCrd], 'demo-operator', ['--children', 'v1/ConfigMap,apps/v1/Deployment']);
  let identity: Identity;

  it('builds, and passes its own unit and end-to-end tests (the operator as the ServiceAccount of deploy/rbac.yaml)', () => {
    npmRun(context.project, 'build');
    const tests = npmRun(context.project, 'test');
    expect(tests.stdout).toMatch(/Test Files\s+\S*\d+ passed/);
    expect(tests.stdout).not.toMatch(/failed/);
  });

  it('under its ServiceAccount: the children exist with the Demo as controller owner, and come back after deletion', async () => {
    identity = (await deployProject(context.plane, context.project)).identity;
    context.operator = startOperator(context.project, identity);
    const admin = context.plane.kubeconfigPath;
    const example = join(context.project.dir, 'examples', 'demo.yaml');
    const created = kubectl(admin, ['apply', '-n', 'default', '-f', example]);
    expect(created.status, created.stderr).toBe(0);
    const name = parse(readFileSync(example, 'utf8')).metadata.name as string;
    const demo = await context.plane.request<{ metadata: { uid: string } }>('GET', `/apis/devoops.io/v1/namespaces/default/demo/${name}`);
    const log = () => context.operator?.output() ?? '';
    const paths = {
      configMap: `/api/v1/namespaces/default/configmaps/${name}`,
      deployment: `/apis/apps/v1/namespaces/default/deployments/${name}`,
    };
    const owned = (path: string) =>
      eventually(`${path} to be applied`, () => context.plane.request<Owned>('GET', path).catch(() => undefined), 60_000, log);

    const configMap = await owned(paths.configMap);
    const deployment = await owned(paths.deployment);
    for (const child of [configMap, deployment]) {
      expect(child.metadata.ownerReferences).toEqual([
        expect.objectContaining({ kind: 'Demo', name, uid: demo.metadata.uid, controller: true, blockOwnerDeletion: true }),
      ]);
    }
    expect(JSON.parse(configMap.data?.['spec.json'] ?? '')).toEqual(parse(readFileSync(example, 'utf8')).spec);

    // Deleted by someone else, each comes back as a new object (on.child applies the children again).
    for (const [path, before] of [
      [paths.configMap, configMap],
      [paths.deployment, deployment],
    ] as const) {
      expect(kubectl(admin, ['delete', '--raw', path]).status).toBe(0);
      const again = await eventually(
        `${path} to be applied again`,
        async () => {
          const child = await context.plane.request<Owned>('GET', path).catch(() => undefined);
          return child && child.metadata.uid !== before.metadata.uid ? child : undefined;
        },
        60_000,
        log,
      );
      expect(again.metadata.ownerReferences?.[0]?.uid).toBe(demo.metadata.uid);
    }

    // Changed by someone else, the ConfigMap gets the operator's values back.
    const edited = kubectl(admin, ['patch', 'configmap', name, '-n', 'default', '--type=merge', '-p', '{"data":{"spec.json":"{}"}}']);
    expect(edited.status, edited.stderr).toBe(0);
    await eventually(
      'the ConfigMap to be applied over the edit',
      async () => (await context.plane.request<Owned>('GET', paths.configMap)).data?.['spec.json'] !== '{}',
      60_000,
      log,
    );
    // Every request the operator made was allowed by deploy/rbac.yaml.
    expect(log()).not.toMatch(/forbidden/i);
  });

  it('is refused what its role does not grant: one object by name, deleting a child, other kinds, Leases', () => {
    for (const args of [
      ['get', 'configmap', 'example-demo', '-n', 'default'],
      ['delete', 'configmap', 'example-demo', '-n', 'default', '--wait=false'],
      ['delete', 'deployment', 'example-demo', '-n', 'default', '--wait=false'],
      ['get', 'secrets', '-n', 'default'],
      ['get', 'statefulsets', '-n', 'default'],
      ['get', 'leases', '-n', 'demo-operator'],
    ]) {
      const refused = kubectl(identity.kubeconfigPath, args);
      expect(refused.status, `${args.join(' ')}: ${refused.stdout}`).not.toBe(0);
      expect(refused.stderr).toMatch(/forbidden/i);
    }
    // What the runtime does use: a LIST+WATCH of each child kind.
    for (const kind of ['configmaps', 'deployments']) {
      const listed = kubectl(identity.kubeconfigPath, ['get', kind, '-n', 'default']);
      expect(listed.status, listed.stderr).toBe(0);
      expect(listed.stdout).toMatch(/example-demo/);
    }
  });
});
