// The floor: list every object, then one status merge patch each, 16 workers, nothing else.
import { connectionFromKubeconfig, kubeClient, listAll } from '../lib/kube-client.mjs';

const WORKERS = 16;
const { call } = kubeClient(await connectionFromKubeconfig(), { maxSockets: WORKERS });
const base = `/apis/devoops.io/v1/namespaces/${process.env.NAMESPACE}/demo`;

const { items } = await listAll(call, base);
let next = 0;
await Promise.all(
  Array.from({ length: WORKERS }, async () => {
    while (next < items.length) {
      const obj = items[next++];
      await call(
        'PATCH',
        `${base}/${obj.metadata.name}/status`,
        { status: { phase: 'Ready', message: `hello ${obj.spec?.name}` } },
        'application/merge-patch+json',
      );
    }
  }),
);
// Stay alive like an operator would, until stopped.
setInterval(() => {}, 1 << 30);
