/**
 * Indexes: in-memory mappings over all objects of a resource, key → the values objects gave for it.
 * Every object listed at startup is in them before any handler runs, and the watch keeps them current
 * (an object that changes moves to its new keys; one that is deleted or filtered out leaves). They
 * keep only what the index function returns, not the objects.
 */
import { on, run } from '@gen-operator/runtime';
import { Example } from '../resources.js';

// Names of the objects by their spec.field: which objects share a value.
const byField = on.index(Example, function byField({ spec, name }) {
  return spec.field === undefined ? undefined : { [spec.field]: name };
});

// Names by each of their labels, `key=value`; objects without labels are not in it.
const byLabel = on.index(Example, function byLabel({ labels, name }) {
  return Object.fromEntries(Object.entries(labels).map(([key, value]) => [`${key}=${value}`, name]));
});

// Names of the objects that have a duration, by namespace (objects the `when` filter declines are left out).
const timed = on.index(Example, ({ namespace, name }) => ({ [namespace ?? '']: name }), {
  id: 'timed',
  when: ({ spec }) => spec.duration !== undefined,
});

on.create(
  Example,
  ({ spec, namespace, labels }) => ({
    sameField: byField.get(spec.field ?? ''),
    sameLabels: Object.entries(labels).map(([key, value]) => byLabel.get(`${key}=${value}`).length),
    timedHere: timed.get(namespace ?? ''),
  }),
  { id: 'created' },
);

// The index is already current when the handler runs: nothing is left under the old value.
on.field(
  Example,
  'spec.field',
  ({ old, new: current }) => ({ sameField: byField.get(String(current)), stillUnderOld: byField.get(String(old)) }),
  { id: 'fieldChanged', old: (value: unknown) => value !== undefined },
);

await run({ namespaces: [process.env.WATCH_NAMESPACE ?? 'default'] });
