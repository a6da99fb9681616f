// A change's write time travels in spec.name as "<name>.<wall-clock ms>" (the Demo CRD's spec has no
// other field, and spec.name takes up to 63 characters).

/** spec.name carrying `stamp` for the object `name`. */
export const stamped = (name, stamp) => `${name}.${stamp}`;

/** The stamp in a spec.name, or undefined when it has none. */
export function stampOf(specName) {
  if (typeof specName !== 'string') return undefined;
  const stamp = Number(specName.slice(specName.lastIndexOf('.') + 1));
  return specName.includes('.') && Number.isSafeInteger(stamp) ? stamp : undefined;
}
