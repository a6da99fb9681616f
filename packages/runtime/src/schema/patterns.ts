/**
 * `pattern` with Go's RE2 semantics (unanchored search, no backtracking). JavaScript's RegExp differs
 * (lookaround, backreferences, `\d` and class syntax) and can blow up on crafted input, so patterns
 * go through an RE2 implementation. Compiled patterns are shared across all schemas.
 */
import type { RE2JS } from '@bufbuild/re2';
import { re2Library } from './libraries.js';

const cache = new Map<string, RE2JS | Error>();

export function re2(pattern: string): RE2JS | Error {
  let compiled = cache.get(pattern);
  if (compiled === undefined) {
    try {
      compiled = re2Library().RE2JS.compile(pattern);
    } catch (err) {
      compiled = err instanceof Error ? err : new Error(String(err));
    }
    cache.set(pattern, compiled);
  }
  return compiled;
}

/** Go's regexp.MatchString: true when the pattern matches anywhere in the string. */
export function re2Search(pattern: string, value: string): boolean | Error {
  const compiled = re2(pattern);
  return compiled instanceof Error ? compiled : compiled.test(value);
}
