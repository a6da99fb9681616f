/**
 * The same path for a richer CRD from the corpus: cluster-api's MachineDeployment — two served
 * versions whose schemas differ (so converter stubs, their identity test over examples/, and the CRD
 * with the Webhook conversion strategy in deploy/), int-or-string fields, deeply nested objects, a
 * status subresource.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { installCrds } from '@gen-operator/testing';
import { describe, expect, it } from 'vitest';
import { eventually, kubectl } from '../support/commands.js';
import { deployProject, npmRun, startOperator, useGeneratedProject } from './project.js';

const corpus = join(import.meta.dirname, '..', 'corpus', 'crds');
const crd = join(corpus, 'cluster-api', 'cluster.x-k8s.io_machinedeployments.yaml');
/** deploy/webhooks.yaml has cert-manager issue the webhook's certificate: its kinds must exist for the apply. */
const certManagerCrds = ['cert-manager.io_issuers.yaml', 'cert-manager.io_certificates.yaml'].map((f) => join(corpus, 'cert-manager', f));

describe('a project generated from a corpus CRD (cluster-api MachineDeployment)', () => {
  const context = useGeneratedProject([crd], 'machinedeployment-operator');

  it('types every served version, int-or-string as number | string, with the storage version as the plain name', () => {
    const types = readFileSync(join(context.project.dir, 'src', 'resources', 'machinedeployment.ts'), 'utf8');
    expect(types).toMatch(/export interface MachineDeploymentV1Beta1 extends KubernetesObject/);
    expect(types).toMatch(/export interface MachineDeploymentV1Beta2 extends KubernetesObject/);
    expect(types).toMatch(/maxSurge\?: number \| string/);
    expect(types).toMatch(/export type MachineDeployment = MachineDeploymentV1Beta2/);
  });

  it("builds and passes its own unit and end-to-end tests, the converters' identity over examples/ included, and validates its examples", () => {
    const converters = readFileSync(join(context.project.dir, 'src', 'conversion', 'machinedeployment.ts'), 'utf8');
    expect(converters).toContain('on.conversion(MachineDeploymentV1Beta2, MachineDeploymentV1Beta1, {');
    npmRun(context.project, 'build');
    const test = npmRun(context.project, 'test').stdout;
    expect(test).toMatch(/Test Files\s+\d+ passed/);
    expect(test).toMatch(/✓ test\/machinedeployment\.conversion\.test\.ts \(2 tests\)/);
    expect(npmRun(context.project, 'validate').status).toBe(0);
  });

  // This CRD's status neither preserves unknown fields nor leaves room for the operator's records
  // (and requires at least one property), so handler results cannot live there: the runtime must
  // keep its state elsewhere and must not send a status write the apiserver would refuse.
  it('runs under its ServiceAccount: create and delete handlers run once each, with no failed write', async () => {
    await installCrds(context.plane, certManagerCrds);
    await deployProject(context.plane, context.project).then(({ identity }) => {
      context.operator = startOperator(context.project, identity);
    });
    const example = join(context.project.dir, 'examples', 'machinedeployment.yaml');
    const name = parse(readFileSync(example, 'utf8')).metadata.name as string;
    const created = kubectl(context.plane.kubeconfigPath, ['apply', '-n', 'default', '-f', example]);
    expect(created.status, created.stderr).toBe(0);
    const path = `/apis/cluster.x-k8s.io/v1beta2/namespaces/default/machinedeployments/${name}`;
    const messages = () => context.operator?.jsonLines().map((line) => String(line.msg)) ?? [];
    await eventually(
      'the create handler to finish and its state to be stored',
      async () => {
        const object = await context.plane.request<{ metadata: { finalizers?: string[]; annotations?: Record<string, string> } }>(
          'GET',
          path,
        );
        return (
          messages().includes("Handler 'createMachineDeployment' succeeded.") &&
          Object.keys(object.metadata.annotations ?? {}).some((key) => key.includes('gen-operator'))
        );
      },
      60_000,
      () => context.operator?.output() ?? '',
    );
    expect(kubectl(context.plane.kubeconfigPath, ['delete', 'machinedeployment', name, '-n', 'default', '--wait=false']).status).toBe(0);
    await eventually(
      'the object to be gone',
      async () => !(await context.plane.exists(path)),
      60_000,
      () => context.operator?.output() ?? '',
    );
    // The operator logs asynchronously: its last lines may arrive just after the object is gone.
    await eventually('the delete handler to be logged', () => messages().includes("Handler 'deleteMachineDeployment' succeeded."), 10_000);
    expect(messages().filter((line) => line === "Handler 'createMachineDeployment' succeeded.")).toHaveLength(1);
    expect(messages().filter((line) => line === "Handler 'deleteMachineDeployment' succeeded.")).toHaveLength(1);
    expect(context.operator?.jsonLines().filter((line) => Number(line.level) >= 50)).toEqual([]);
  });
});
