// kubernetes-fluent-client: the create handler as a user of the library writes it — the model class
// its CLI generates from the CRD, a watch through K8s(Model).Watch, and the status set with
// K8s(Model).PatchStatus. The client reads KUBECONFIG itself; the watch is limited to NAMESPACE.
import { K8s, WatchEvent } from 'kubernetes-fluent-client';
import { WatchPhase } from 'kubernetes-fluent-client/dist/fluent/shared-types.js';
import { Demo, Phase } from './demo-v1.gen.js';

const watcher = K8s(Demo)
  .InNamespace(process.env.NAMESPACE ?? 'default')
  .Watch(async (demo, phase) => {
    if (phase !== WatchPhase.Added) return;
    await K8s(Demo).PatchStatus({
      metadata: { name: demo.metadata?.name, namespace: demo.metadata?.namespace },
      status: { phase: Phase.Ready, message: `hello ${demo.spec?.name}` },
    });
  });

// Errors thrown by the handler reach the watch's event emitter, not the caller.
watcher.events.on(WatchEvent.DATA_ERROR, (err) => console.error('kubernetes-fluent-client:', err));
await watcher.start();
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => watcher.close());
