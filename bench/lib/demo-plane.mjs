// The stage of the operator benches: a control plane with the Demo CRD (crds/demo.yaml) and N Demo
// objects created before the operator starts.
import { fileURLToPath } from 'node:url';
import { installCrds, startControlPlane } from '../../packages/testing/dist/index.js';

const DEMO_CRD = fileURLToPath(new URL('../../crds/demo.yaml', import.meta.url));
const WRITERS = 32;

/**
 * A fresh control plane, without kube-controller-manager (no bench deletes a parent, so none needs
 * garbage collection). Every row gets one: objects left by earlier rows would slow the apiserver
 * (its watch cache and etcd grow) for whichever operator happens to run later.
 */
export async function startDemoPlane() {
  const plane = await startControlPlane({ controllerManager: false });
  await installCrds(plane, [DEMO_CRD]);
  return plane;
}

/** Runs `job(i)` for i < count, WRITERS at a time. */
export async function inParallel(count, job) {
  let next = 0;
  await Promise.all(
    Array.from({ length: WRITERS }, async () => {
      while (next < count) await job(next++);
    }),
  );
}

/** The namespace, and Demo objects `demo-0` … `demo-(n-1)` in it, spec.name the same as the name. */
export async function createDemos(plane, namespace, n) {
  await plane.request('POST', '/api/v1/namespaces', { metadata: { name: namespace } });
  await inParallel(n, (i) =>
    plane.request('POST', `/apis/devoops.io/v1/namespaces/${namespace}/demo`, {
      apiVersion: 'devoops.io/v1',
      kind: 'Demo',
      metadata: { name: `demo-${i}` },
      spec: { name: `demo-${i}` },
    }),
  );
}
