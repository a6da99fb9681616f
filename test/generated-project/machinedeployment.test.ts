/**
 * The same path for a richer CRD from the corpus: cluster-api's MachineDeployment — two served
 * versions, int-or-string fields, deeply nested objects, a status subresource.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ControlPlane, startControlPlane } from '@gen-operator/testing';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, kubectl, type RunningProcess } from '../support/commands.js';
import { deployProject, type GeneratedProject, generateProject, npmInstall, npmRun, startOperator } from './project.js';

const crd = '/work/shared/corpus/crds/cluster-api/cluster.x-k8s.io_machinedeployments.yaml'.replace(
  '/work/shared',
  process.env.GEN_OPERATOR_SHARED_DIR ?? join(import.meta.dirname, '..', '..', '..', 'shared'),
);

describe('a project generated from a corpus CRD (cluster-api MachineDeployment)', () => {
  let project: GeneratedProject;
  let plane: ControlPlane;
  let operator: RunningProcess | undefined;

  beforeAll(async () => {
    project = generateProject([crd], 'machinedeployment-operator');
    [plane] = await Promise.all([startControlPlane(), Promise.resolve(npmInstall(project))]);
  });

  afterAll(async () => {
    await operator?.stop();
    await plane?.stop();
    project?.remove();
  });

  it('types every served version, int-or-string as number | string, with the storage version as the plain name', () => {
    const types = readFileSync(join(project.dir, 'src', 'resources', 'machinedeployment.ts'), 'utf8');
    expect(types).toMatch(/export interface MachineDeploymentV1Beta1 extends KubernetesObject/);
    expect(types).toMatch(/export interface MachineDeploymentV1Beta2 extends KubernetesObject/);
    expect(types).toMatch(/maxSurge\?: number \| string/);
    expect(types).toMatch(/export type MachineDeployment = MachineDeploymentV1Beta2/);
  });

  it('builds and passes its own unit and end-to-end tests, and validates its examples', () => {
    npmRun(project, 'build');
    expect(npmRun(project, 'test').stdout).toMatch(/Test Files\s+\d+ passed/);
    expect(npmRun(project, 'validate').status).toBe(0);
  });

  // This CRD's status neither preserves unknown fields nor leaves room for the operator's records
  // (and requires at least one property), so handler results cannot live there: the runtime must
  // keep its state elsewhere and must not send a status write the apiserver would refuse.
  it('runs under its ServiceAccount: create and delete handlers run once each, with no failed write', async () => {
    await deployProject(plane, project).then(({ identity }) => {
      operator = startOperator(project, identity);
    });
    const example = join(project.dir, 'examples', 'machinedeployment.yaml');
    const name = parse(readFileSync(example, 'utf8')).metadata.name as string;
    const created = kubectl(plane.kubeconfigPath, ['apply', '-n', 'default', '-f', example]);
    expect(created.status, created.stderr).toBe(0);
    const path = `/apis/cluster.x-k8s.io/v1beta2/namespaces/default/machinedeployments/${name}`;
    const messages = () => operator?.jsonLines().map((line) => String(line.msg)) ?? [];
    await eventually(
      'the create handler to finish and its state to be stored',
      async () => {
        const object = await plane.request<{ metadata: { finalizers?: string[]; annotations?: Record<string, string> } }>('GET', path);
        return (
          messages().includes("Handler 'createMachineDeployment' succeeded.") &&
          Object.keys(object.metadata.annotations ?? {}).some((key) => key.includes('gen-operator'))
        );
      },
      60_000,
      () => operator?.output() ?? '',
    );
    expect(kubectl(plane.kubeconfigPath, ['delete', 'machinedeployment', name, '-n', 'default', '--wait=false']).status).toBe(0);
    await eventually(
      'the object to be gone',
      async () =>
        plane.request('GET', path).then(
          () => false,
          (error: { status?: number }) => error.status === 404,
        ),
      60_000,
      () => operator?.output() ?? '',
    );
    expect(messages().filter((line) => line === "Handler 'createMachineDeployment' succeeded.")).toHaveLength(1);
    expect(messages().filter((line) => line === "Handler 'deleteMachineDeployment' succeeded.")).toHaveLength(1);
    expect(operator?.jsonLines().filter((line) => Number(line.level) >= 50)).toEqual([]);
  });
});
