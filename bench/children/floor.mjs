// The floor: list every Demo, then one server-side apply of its ConfigMap each, 16 workers; a watch on
// ConfigMaps applies a child again when it is deleted. No state, no status, nothing else.
import { connectionFromKubeconfig, kubeClient, listAll } from '../lib/kube-client.mjs';
import { watchObjects } from '../lib/watch-objects.mjs';

const WORKERS = 16;
const namespace = process.env.NAMESPACE;
const connection = await connectionFromKubeconfig();
const { call } = kubeClient(connection, { maxSockets: WORKERS });

const ownerOf = (object) => object.metadata.ownerReferences?.find((ref) => ref.kind === 'Demo' && ref.controller);
const apply = (owner) =>
  call(
    'PATCH',
    `/api/v1/namespaces/${namespace}/configmaps/${owner.name}?fieldManager=floor&force=true`,
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: owner.name,
        namespace,
        ownerReferences: [
          { apiVersion: 'devoops.io/v1', kind: 'Demo', name: owner.name, uid: owner.uid, controller: true, blockOwnerDeletion: true },
        ],
      },
      data: { greeting: 'hello' },
    },
    'application/apply-patch+yaml',
  );

const queue = [];
const idle = []; // resolvers of workers waiting for work
watchObjects(connection, `/api/v1/namespaces/${namespace}/configmaps`, {
  matches: (object) => ownerOf(object) !== undefined,
  onChange: (type, object) => {
    if (type !== 'DELETED') return;
    queue.push(ownerOf(object));
    idle.shift()?.();
  },
});
const { items } = await listAll(call, `/apis/devoops.io/v1/namespaces/${namespace}/demo`);
queue.push(...items.map((demo) => ({ name: demo.metadata.name, uid: demo.metadata.uid })));
// Workers run until stopped, like an operator's.
await Promise.all(
  Array.from({ length: WORKERS }, async () => {
    for (;;) {
      const owner = queue.shift();
      if (owner) await apply(owner).catch((error) => console.error(error.message));
      else await new Promise((resolve) => idle.push(resolve));
    }
  }),
);
