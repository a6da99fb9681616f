/**
 * What the apiserver's decoders refuse and JavaScript's would take: YAML aliases expanded beyond
 * go-yaml's budget or pointing into themselves, nesting beyond MAX_DEPTH, JSON numbers beyond float64.
 * js-yaml shares one object for every alias of an anchor, so the value is a graph, not a tree; it is
 * walked once without recursion, and expanded into a tree (as go-yaml decodes it) only when shared.
 */
import { setField } from '@gen-operator/runtime';
import type { PathSegment } from '../diagnostics.js';
import { APISERVER_MAX_DEPTH, MAX_DEPTH, MAX_OBJECT_BYTES } from './limits.js';

export interface Refusal {
  code: 'yaml-aliases' | 'too-deep' | 'json-number' | 'yaml-not-json' | 'too-large';
  message: string;
  hint: string;
  /** Where in the document, when known. */
  path: PathSegment[];
}

type Container = Record<string, unknown> | unknown[];
const isContainer = (v: unknown): v is Container => typeof v === 'object' && v !== null;
const children = (v: Container): [PathSegment, unknown][] =>
  Array.isArray(v) ? v.map((c, i) => [i, c]) : Object.keys(v).map((k) => [k, v[k]]);

export const TOO_DEEP = {
  code: 'too-deep',
  message: `nested more than ${MAX_DEPTH} levels deep; gen-operator reads at most ${MAX_DEPTH} (the apiserver's decoders stop at ${APISERVER_MAX_DEPTH.toLocaleString('en').replace(',', ' ')})`,
  hint: 'nest fewer maps and lists',
} as const;
const tooDeep = (path: PathSegment[]): Refusal => ({ ...TOO_DEEP, path });

/** The value as go-yaml would decode it, or why the apiserver (or gen-operator's depth limit) refuses it. */
export function checkValue(value: unknown, options: { json: boolean }): { value: unknown } | { refused: Refusal } {
  if (!isContainer(value)) return { value };
  // Iterative depth-first walk: enter each object once; meeting it again means an alias.
  const seen = new Set<object>();
  const open = new Set<object>();
  let shared = false;
  const stack: { node: unknown; depth: number; path: () => PathSegment[]; exit?: object }[] = [{ node: value, depth: 0, path: () => [] }];
  while (stack.length) {
    const { node, depth, path, exit } = stack.pop()!;
    if (exit) {
      open.delete(exit);
      continue;
    }
    // JSON numbers beyond float64; in YAML, .inf and .nan (reported with their text before this, except in documents too big to locate).
    if (typeof node === 'number' && !Number.isFinite(node))
      return {
        refused: {
          code: options.json ? 'json-number' : 'yaml-not-json',
          message: options.json
            ? 'this number is beyond the range of a 64-bit float; the apiserver cannot decode it'
            : `${node} cannot be held in JSON; the apiserver refuses it`,
          hint: 'write a number between -1.8e308 and 1.8e308, or quote it to make it a string',
          path: path(),
        },
      };
    if (!isContainer(node)) continue;
    if (open.has(node))
      return {
        refused: {
          code: 'yaml-aliases',
          message: "an alias points into its own anchor's value; go-yaml (kubectl, the apiserver) refuses it",
          hint: 'replace the alias (*name) with the value it should repeat',
          path: path(),
        },
      };
    if (seen.has(node)) {
      shared = true;
      continue;
    }
    if (depth + 1 > MAX_DEPTH) return { refused: tooDeep(path()) };
    seen.add(node);
    open.add(node);
    stack.push({ node: undefined, depth, path, exit: node });
    for (const [key, child] of children(node).reverse()) stack.push({ node: child, depth: depth + 1, path: () => [...path(), key] });
  }
  return shared ? expand(value) : { value };
}

// go-yaml v2/v3 (decode.go): once a document has more than 100 alias-expanded nodes and 1 000 nodes
// in all, the share of expanded nodes may be at most 99 % up to 400 000 nodes, falling to 10 % at 4
// million; beyond that it fails with "document contains excessive aliasing".
function allowedAliasRatio(decodeCount: number): number {
  if (decodeCount <= 400_000) return 0.99;
  if (decodeCount >= 4_000_000) return 0.1;
  return 0.99 - 0.89 * ((decodeCount - 400_000) / 3_600_000);
}

/** A tree copy of a value whose objects are shared by aliases, counted the way go-yaml counts. */
function expand(root: Container): { value: unknown } | { refused: Refusal } {
  let decodeCount = 0;
  let aliasCount = 0;
  const defined = new Set<object>();
  const excessive = (): Refusal => ({
    code: 'yaml-aliases',
    message: 'the document contains excessive aliasing (a "billion laughs" expansion); go-yaml (kubectl, the apiserver) refuses it',
    hint: 'write the repeated values out, or repeat fewer of them',
    path: [],
  });
  class Stop {
    constructor(readonly refusal: Refusal) {}
  }
  // The copy's size as JSON, roughly: within go-yaml's budget an expansion can still be far larger
  // than any object the apiserver takes, so the copy stops there rather than filling memory.
  let bytes = 0;
  const grow = (n: number) => {
    bytes += n;
    if (bytes > MAX_OBJECT_BYTES)
      throw new Stop({
        code: 'too-large',
        message:
          'with its aliases expanded, the object is over 3 MiB as JSON; the apiserver takes at most 3 MiB (--max-request-body-bytes)',
        hint: 'repeat fewer values through aliases',
        path: [],
      });
  };
  const copy = (node: unknown, depth: number, inAlias: boolean, path: () => PathSegment[]): unknown => {
    let alias = inAlias;
    if (isContainer(node) && !alias) {
      if (defined.has(node)) alias = true;
      else defined.add(node);
    }
    decodeCount++;
    if (alias) aliasCount++;
    if (aliasCount > 100 && decodeCount > 1000 && aliasCount / decodeCount > allowedAliasRatio(decodeCount)) throw new Stop(excessive());
    grow(typeof node === 'string' ? node.length + 3 : isContainer(node) ? 2 : 6);
    if (!isContainer(node)) return node;
    if (depth + 1 > MAX_DEPTH) throw new Stop(tooDeep(path()));
    if (Array.isArray(node)) return node.map((c, i) => copy(c, depth + 1, alias, () => [...path(), i]));
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(node)) {
      decodeCount++; // the key
      if (alias) aliasCount++;
      grow(key.length + 4);
      // A `__proto__` key stays an own key, as in the parsed value.
      setField(
        out,
        key,
        copy(node[key], depth + 1, alias, () => [...path(), key]),
      );
    }
    return out;
  };
  try {
    return { value: copy(root, 0, false, () => []) };
  } catch (error) {
    if (error instanceof Stop) return { refused: error.refusal };
    throw error;
  }
}
