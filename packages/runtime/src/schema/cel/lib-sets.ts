/**
 * CEL's sets extension, in the apiserver's environment since 1.29: sets.contains(),
 * sets.equivalent(), sets.intersects(), over lists, with CEL's equality (numbers compare across
 * int, uint and double).
 */
import type { CelFunc } from '@bufbuild/cel';
import { cel, reflection } from '../libraries.js';

function numeric(v: unknown): number | bigint | undefined {
  if (typeof v === 'number' || typeof v === 'bigint') return v;
  if (cel().isCelUint(v)) return (v as { value: bigint }).value;
  return undefined;
}

/** CEL's == for the values a list holds. */
export function celEquals(a: unknown, b: unknown): boolean {
  const x = numeric(a);
  const y = numeric(b);
  if (x !== undefined || y !== undefined) {
    if (x === undefined || y === undefined) return false;
    if (typeof x === 'number' && Number.isNaN(x)) return false;
    // biome-ignore lint/suspicious/noDoubleEquals: bigint and number compare by value only with ==.
    return x == y;
  }
  const { isCelList, isCelMap } = cel();
  if (isCelList(a) || isCelList(b)) {
    if (!isCelList(a) || !isCelList(b) || a.size !== b.size) return false;
    for (let i = 0; i < a.size; i++) if (!celEquals(a.get(i), b.get(i))) return false;
    return true;
  }
  if (isCelMap(a) || isCelMap(b)) {
    if (!isCelMap(a) || !isCelMap(b) || a.size !== b.size) return false;
    for (const [k, v] of a) if (!b.has(k) || !celEquals(v, b.get(k))) return false;
    return true;
  }
  const { isReflectMessage } = reflection();
  if (isReflectMessage(a) || isReflectMessage(b)) {
    if (!isReflectMessage(a) || !isReflectMessage(b) || a.desc.typeName !== b.desc.typeName) return false;
    return (
      JSON.stringify(a.message, (_k, v) => (typeof v === 'bigint' ? String(v) : v)) ===
      JSON.stringify(b.message, (_k, v) => (typeof v === 'bigint' ? String(v) : v))
    );
  }
  if (a instanceof Uint8Array && b instanceof Uint8Array) return Buffer.from(a).equals(Buffer.from(b));
  return a === b;
}

const has = (list: Iterable<unknown>, x: unknown) => {
  for (const y of list) if (celEquals(x, y)) return true;
  return false;
};
const containsAll = (outer: Iterable<unknown>, inner: Iterable<unknown>) => [...inner].every((x) => has(outer, x));

export function setFunctions(): CelFunc[] {
  const { CelScalar, celFunc, listType } = cel();
  const LIST = listType(CelScalar.DYN);
  return [
    celFunc('sets.contains', [LIST, LIST], CelScalar.BOOL, (a, b) => containsAll(a, b)),
    celFunc('sets.equivalent', [LIST, LIST], CelScalar.BOOL, (a, b) => containsAll(a, b) && containsAll(b, a)),
    celFunc('sets.intersects', [LIST, LIST], CelScalar.BOOL, (a, b) => [...b].some((x) => has(a, x))),
  ];
}
