/**
 * Children: each Example gets a Pod of its own, adopted (owner reference, namespace, name and labels
 * from the Example) and written with one server-side apply. The Pod is watched as the Example's
 * child: deleted by hand, it is applied again; deleting the Example deletes it (garbage collector).
 */
import { type ChildObject, on, Pod, run } from '@gen-operator/runtime';
import { Example, type ExampleSpec } from '../resources.js';

/** The Pod an Example asks for: a shell that prints spec.field and sleeps spec.duration. */
function podFor(spec: ExampleSpec | undefined): ChildObject<Pod> {
  return {
    spec: {
      containers: [
        {
          name: 'the-only-one',
          image: 'busybox',
          command: ['sh', '-x', '-c'],
          // The values reach the shell as environment variables, never as script text.
          args: ['echo "FIELD=$FIELD"; sleep "$DURATION"'],
          env: [
            { name: 'FIELD', value: spec?.field ?? 'default-value' },
            { name: 'DURATION', value: spec?.duration ?? '0' },
          ],
        },
      ],
    },
  };
}

on.create(Example, async function createFn({ spec, children, logger }) {
  // Named after the Example, in its namespace, with its labels and a controller owner reference.
  const pod = await children.apply(Pod, podFor(spec), { labels: true });
  logger.info(`Pod ${pod.metadata?.name} is the example's child.`);
  return { children: [pod.metadata?.uid] };
});

// The Pod's deletion re-runs this for its Example. Other changes to the Pod (its status; the
// deletionTimestamp a deletion sets first) are filtered out by `when`; the operator's own applies
// never trigger it.
on.child(
  Example,
  Pod,
  async function podDeleted({ spec, child, children, logger }) {
    await children.apply(Pod, podFor(spec), { labels: true });
    logger.info(`Pod ${child.object.metadata?.name} was deleted; applied it again.`);
  },
  { when: ({ child }) => child.type === 'DELETED' },
);

await run({ namespaces: [process.env.WATCH_NAMESPACE ?? 'default'] });
