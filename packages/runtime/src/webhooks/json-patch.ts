/**
 * The RFC 6902 JSON patch from an object to its mutated copy, as a mutating webhook answers it.
 * fast-json-patch's compare() writes the operations and escapes `~` and `/` in keys (RFC 6901).
 */
import jsonPatch from 'fast-json-patch';

export interface JsonPatchOperation {
  op: 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test';
  path: string;
  value?: unknown;
  from?: string;
}

/**
 * The operations that turn `before` into `after`. `after` must be JSON (a handler may have put
 * anything into its copy): a value JSON cannot carry is a TypeError naming its path.
 */
export function jsonPatchBetween(before: unknown, after: unknown): JsonPatchOperation[] {
  checkJson(after, '');
  return jsonPatch.compare(before as object, after as object) as JsonPatchOperation[];
}

/** Maximum depth of a mutated object: the apiserver's own limit on nesting is far below it. */
const MAX_DEPTH = 1_000;

function checkJson(value: unknown, path: string, depth = 0, seen = new Set<object>()): void {
  const where = () => path || '/';
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`${where()}: ${value} is not a JSON number`);
    return;
  }
  if (typeof value !== 'object') throw new TypeError(`${where()}: a ${typeof value} is not JSON`);
  if (depth > MAX_DEPTH || seen.has(value)) throw new TypeError(`${where()}: the object refers to itself or nests too deep`);
  seen.add(value);
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) checkJson(item, `${path}/${index}`, depth + 1, seen);
  } else {
    const prototype = Object.getPrototypeOf(value);
    if (prototype !== Object.prototype && prototype !== null)
      throw new TypeError(`${where()}: a ${prototype?.constructor?.name ?? 'class'} instance is not plain JSON`);
    for (const [key, item] of Object.entries(value)) {
      if (item !== undefined) checkJson(item, `${path}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`, depth + 1, seen);
    }
  }
  seen.delete(value);
}
