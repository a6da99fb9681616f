/**
 * How a user tests an operator: a real kube-apiserver from @gen-operator/testing, the CRD installed,
 * the operator started in this process under an identity with only the rights it needs, objects
 * created and deleted with the typed client, and the cluster state checked.
 */
import { fileURLToPath } from 'node:url';
import { type ControlPlane, createIdentity, type Identity, installCrds, startControlPlane } from '@gen-operator/testing';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { Example } from '../resources.js';
import { operator } from './operator.js';

const crd = fileURLToPath(new URL('../crd.yaml', import.meta.url));
let plane: ControlPlane;
let identity: Identity;

beforeAll(async () => {
  plane = await startControlPlane();
  await installCrds(plane, [crd]);
  identity = await createIdentity(plane, {
    name: 'example-operator',
    namespace: 'default',
    rules: [
      { apiGroups: [Example.group], resources: [Example.plural], verbs: ['get', 'list', 'watch', 'patch'] },
      { apiGroups: [Example.group], resources: [`${Example.plural}/status`], verbs: ['patch'] },
    ],
  });
  await operator.start({ kubeConfig: identity.kubeConfig, namespaces: ['default'] });
});

afterAll(async () => {
  await operator.stop();
  await plane?.stop();
});

it('marks a new Example ready, counts its items, and lets it go when deleted', async () => {
  const examples = Example.api(plane.kubeConfig);
  await examples.create({
    apiVersion: 'examples.gen-operator.dev/v1',
    kind: 'Example',
    metadata: { name: 'tested', namespace: 'default' },
    spec: { items: ['a', 'b', 'c'] },
  });

  await vi.waitFor(
    async () => {
      const example = await examples.get('tested', 'default');
      expect(example.status).toMatchObject({ phase: 'Ready', createFn: { items: 3 } });
      expect(example.metadata?.finalizers).toHaveLength(1);
    },
    { timeout: 10_000, interval: 100 },
  );

  await examples.delete('tested', 'default');
  await vi.waitFor(() => expect(examples.get('tested', 'default')).rejects.toMatchObject({ status: 404 }), {
    timeout: 10_000,
    interval: 100,
  });
});
