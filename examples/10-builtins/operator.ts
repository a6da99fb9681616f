/**
 * Handlers for a built-in kind: the runtime's `Pod`, typed from client-node's V1Pod and used like a
 * generated resource. Every pod gets a limited life: it is deleted after the seconds in its annotation
 * examples.gen-operator.dev/lifetime (default 30). The timer lives in the pod's memo; a pod
 * deleted earlier cancels it.
 */
import { KubeConfig } from '@kubernetes/client-node';
import { type ChangeArgs, on, Pod, run } from '@gen-operator/runtime';

const kubeConfig = new KubeConfig();
kubeConfig.loadFromDefault();
const pods = Pod.api(kubeConfig);

function scheduleDeletion({ name, namespace, annotations, memo, logger }: ChangeArgs<Pod>) {
  const seconds = Number(annotations['examples.gen-operator.dev/lifetime'] ?? 30);
  logger.info(`Deleting the pod in ${seconds} s.`);
  clearTimeout(memo.timer as NodeJS.Timeout | undefined);
  memo.timer = setTimeout(() => {
    logger.info('Deleting the pod now.');
    pods.delete(name, namespace).catch((error: unknown) => logger.error('Could not delete the pod.', { error: String(error) }));
  }, seconds * 1000);
}

// A pod seen for the first time, or again after the operator restarted: start its clock.
on.create(Pod, scheduleDeletion, { id: 'podCreated' });
on.resume(Pod, scheduleDeletion, { id: 'podResumed' });

on.delete(Pod, function podDeleted({ memo, logger }) {
  clearTimeout(memo.timer as NodeJS.Timeout | undefined);
  logger.info('The pod is going; its timer is cancelled.');
});

await run({ namespaces: [process.env.WATCH_NAMESPACE ?? 'default'] });
