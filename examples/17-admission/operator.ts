/**
 * Admission webhooks: the apiserver asks the operator before it stores an Example. Validating
 * handlers refuse with an AdmissionError (kubectl shows its message) or add warnings; a mutating
 * handler changes the object before it is stored. In development (no certificate directory) the
 * runtime makes a local CA, serves HTTPS on 127.0.0.1 and registers the webhook configurations
 * itself, pointing at that address with the CA.
 */
import { AdmissionError, on, run } from '@gen-operator/runtime';
import { Example } from '../resources.js';

// Who is asking, as a warning kubectl prints (kopf's example shows the client's user agent and TLS peer).
on.validate(Example, function authhook({ userInfo, warnings }) {
  warnings.push(`Accessing as ${userInfo.username ?? '(unidentified)'}.`);
});

// A dry run (`kubectl apply --dry-run=server`) is let through, to show the flag.
on.validate(Example, function validate1({ object, dryRun }) {
  if (!dryRun && object.spec?.field === 'wrong') throw new AdmissionError("Meh! I don't like it. Change the field.");
});

// A refusal with its own HTTP code.
on.validate(Example, function validate2({ object }) {
  if (object.spec?.field === 'not-allowed') throw new AdmissionError("I'm too lazy anyway. Go away!", { code: 555 });
});

// Objects labelled somelabel=somevalue get spec.injected, before they are stored.
on.mutate(Example, function mutate1({ object }) {
  if (object.metadata?.labels?.somelabel === 'somevalue') object.spec = { ...object.spec, injected: 123 };
});

// The stored object carries what the mutating webhook set.
on.create(Example, ({ spec }) => ({ injected: spec.injected ?? null }), { id: 'created' });

await run({ namespaces: [process.env.WATCH_NAMESPACE ?? 'default'] });
