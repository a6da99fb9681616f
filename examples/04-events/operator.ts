/**
 * Kubernetes Events about an object: `events.info`, `events.warn` and `events.exception` post
 * events.k8s.io/v1 Events (shown by `kubectl describe` and `kubectl events`), written in the
 * background so a handler never waits for them.
 */
import { events, on, run } from '@gen-operator/runtime';
import { Example } from '../resources.js';

on.create(Example, function createFn({ body }) {
  // The shortcuts for the two types of Events Kubernetes knows.
  events.info(body, 'SomeReason', 'Some message');
  events.warn(body, 'SomeReason', 'Some message');
  try {
    throw new RangeError('Exception text.');
  } catch (error) {
    // A Warning whose message ends with the error's name and message.
    events.exception(body, 'SomeReason', error, 'Some exception:');
  }
});

await run({ namespaces: [process.env.WATCH_NAMESPACE ?? 'default'] });
