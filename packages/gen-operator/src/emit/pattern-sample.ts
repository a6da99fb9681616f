/**
 * Strings for a schema's `pattern`: spelled out from the regular expression's syntax tree (the
 * shortest, then a few with longer repetitions and other alternatives), each confirmed with RE2,
 * Go's semantics in linear time. Walking the tree costs its size, never backtracking, so a hostile
 * pattern such as `(x+x+)+y` is as cheap as any other; JavaScript's RegExp would hang testing it.
 */
import { createRequire } from 'node:module';
import { re2Search } from '@gen-operator/runtime';
import type { Expression } from 'regexp-tree/ast';

type RegexpTree = typeof import('regexp-tree');

const require = createRequire(import.meta.url);
const regexpTree = require('regexp-tree') as RegexpTree;

/** Longest string spelled out: a pattern asking for more (`a{100000}`) gets no candidate. */
const MAX_LENGTH = 1024;
const STRETCHES = [0, 1, 2, 4, 8, 16, 32, 64];

class TooLong extends Error {}

/** What a meta character stands for, as one character of it. */
const META: Record<string, string> = { '.': 'a', '\\d': '0', '\\w': 'a', '\\s': ' ', '\\D': 'a', '\\W': '-', '\\S': 'a' };

/** A matcher with RE2's semantics (unanchored search), or undefined when RE2 refuses the pattern. */
export function re2Matcher(pattern: string): ((value: string) => boolean) | undefined {
  // The runtime's RE2 compiles each pattern once, for `validate` and for these samples alike.
  if (re2Search(pattern, '') instanceof Error) return undefined;
  return (value) => re2Search(pattern, value) === true;
}

/** Strings that match `pattern` (checked with RE2), shortest first; none when it cannot be spelled out. */
export function patternSamples(pattern: string): string[] {
  const matches = re2Matcher(pattern);
  if (!matches) return [];
  let body: Expression | null;
  try {
    // RE2's leading flag groups ((?i), (?s)…) are not JavaScript syntax; the strings are checked with them.
    // A RegExp object is only parsed here, never run. Its source escapes the slashes.
    body = regexpTree.parse(new RegExp(pattern.replace(/^\(\?[imsU]+\)/, ''))).body;
  } catch {
    return [];
  }
  const out = new Set<string>();
  for (const right of [false, true])
    for (const stretch of STRETCHES) {
      try {
        const s = spell(body, { stretch, right, length: 0 });
        if (matches(s)) out.add(s);
      } catch {
        // Backreferences, lookarounds, or longer than MAX_LENGTH: no string from this variant.
      }
    }
  return [...out].sort((a, b) => a.length - b.length);
}

interface Spelling {
  /** How many times an open repetition (`*`, `+`, `{2,}`) repeats, at least its minimum. */
  stretch: number;
  /** Take the right branch of alternations. */
  right: boolean;
  length: number;
}

function spell(node: Expression | null, how: Spelling): string {
  if (!node) return '';
  switch (node.type) {
    case 'Char':
      return emit(charOf(node.kind, node.value, node.codePoint), how);
    case 'CharacterClass':
      return emit(classChar(node), how);
    case 'Alternative':
      return node.expressions.map((e) => spell(e, how)).join('');
    case 'Disjunction':
      return spell(how.right ? (node.right ?? node.left) : (node.left ?? node.right), how);
    case 'Group':
      return spell(node.expression, how);
    case 'Repetition': {
      const q = node.quantifier;
      const min = q.kind === '+' ? 1 : q.kind === 'Range' ? q.from : 0;
      const max = q.kind === '?' ? 1 : q.kind === 'Range' ? (q.to ?? Number.POSITIVE_INFINITY) : Number.POSITIVE_INFINITY;
      const times = Math.min(max, Math.max(min, how.stretch));
      if (times > MAX_LENGTH) throw new TooLong();
      let s = '';
      for (let i = 0; i < times; i++) s += spell(node.expression, how);
      return s;
    }
    case 'Assertion':
      if (node.kind === 'Lookahead' || node.kind === 'Lookbehind') throw new Error('lookaround');
      return '';
    default:
      throw new Error('backreference');
  }
}

function emit(s: string, how: Spelling): string {
  how.length += s.length;
  if (how.length > MAX_LENGTH) throw new TooLong();
  return s;
}

function charOf(kind: string, value: string, codePoint: number): string {
  if (kind === 'meta') {
    const meta = META[value];
    if (meta !== undefined) return meta;
  }
  return Number.isInteger(codePoint) && codePoint >= 0 ? String.fromCodePoint(codePoint) : value;
}

const PREFERRED = ['a', 'x', '0', '1', 'A', '-', '_', '.', ' '];

function classChar(node: Extract<Expression, { type: 'CharacterClass' }>): string {
  const inClass = (c: string) =>
    node.expressions.some((e) => {
      if (e.type === 'ClassRange') {
        const code = c.codePointAt(0) ?? -1;
        return code >= e.from.codePoint && code <= e.to.codePoint;
      }
      if (e.kind === 'meta' && META[e.value] !== undefined) return new RegExp(`^${e.value}$`, 'u').test(c);
      return charOf(e.kind, e.value, e.codePoint) === c;
    });
  if (node.negative) {
    const c = PREFERRED.find((p) => !inClass(p));
    if (c === undefined) throw new Error('no character outside the class');
    return c;
  }
  const preferred = PREFERRED.find(inClass);
  if (preferred !== undefined) return preferred;
  const first = node.expressions[0];
  if (!first) throw new Error('empty class');
  return first.type === 'ClassRange'
    ? charOf(first.from.kind, first.from.value, first.from.codePoint)
    : charOf(first.kind, first.value, first.codePoint);
}
