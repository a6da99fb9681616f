// The stage of the operator benches: a control plane with the Demo CRD (crds/demo.yaml) and N Demo
// objects created before the operator starts.
import { fileURLToPath } from 'node:url';
import { installCrds, startControlPlane } from '../../packages/testing/dist/index.js';
import { watchObjects } from './watch-objects.mjs';

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

/**
 * A row's stage: N Demo objects in `namespace` on the fresh `plane`, a count of them turning Ready
 * (started before the operator, so none is missed), and 2 s for the apiserver to settle after the
 * burst. Returns the admin connection and the readiness count.
 */
export async function stageDemos(plane, namespace, n) {
  await createDemos(plane, namespace, n);
  const connection = { server: plane.server, ...plane.adminCredentials };
  const ready = watchObjects(connection, `/apis/devoops.io/v1/namespaces/${namespace}/demo`, {
    matches: (object) => object.status?.phase === 'Ready',
  });
  await new Promise((resolve) => setTimeout(resolve, 2000));
  return { connection, ready };
}
