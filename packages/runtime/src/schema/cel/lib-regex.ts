/**
 * Kubernetes' regex library: `s.find(re)` and `s.findAll(re[, n])`, Go's FindString and
 * FindAllString. @bufbuild/re2 only answers whether a pattern matches, so the positions come from
 * re2js (the same RE2 port, with a matcher); it is loaded on the first call. Its matcher steps over
 * empty matches as Java does; Go also drops an empty match that abuts the previous match, and so
 * does findAll here.
 */
import { createRequire } from 'node:module';
import type { CelFunc } from '@bufbuild/cel';
import { cel, lazy } from '../libraries.js';

type Re2js = typeof import('re2js');
type Compiled = ReturnType<Re2js['RE2JS']['compile']>;

const re2js = lazy(() => createRequire(import.meta.url)('re2js') as Re2js);
const compiled = new Map<string, Compiled | Error>();

function compile(pattern: string): Compiled {
  let re = compiled.get(pattern);
  if (re === undefined) {
    try {
      re = re2js().RE2JS.compile(pattern);
    } catch (err) {
      re = new Error(`Illegal regex: ${err instanceof Error ? err.message : String(err)}`);
    }
    compiled.set(pattern, re);
  }
  if (re instanceof Error) throw re;
  return re;
}

/** Go's FindAllString: at most n matches (all when n < 0), left to right, not overlapping. */
export function findAll(value: string, pattern: string, n: number): string[] {
  const out: string[] = [];
  if (n === 0) return out;
  const matcher = compile(pattern).matcher(value);
  let previousEnd = -1;
  while ((n < 0 || out.length < n) && matcher.find()) {
    const start = matcher.start();
    const end = matcher.end();
    if (start === end && start === previousEnd) continue;
    out.push(matcher.group() ?? '');
    previousEnd = end;
  }
  return out;
}

export function regexFunctions(): CelFunc[] {
  const { CelScalar, celMethod, listType } = cel();
  const { STRING, INT } = CelScalar;
  const LIST = listType(STRING);
  return [
    celMethod('find', STRING, [STRING], STRING, function (pattern) {
      return findAll(this, pattern, 1)[0] ?? '';
    }),
    celMethod('findAll', STRING, [STRING], LIST, function (pattern) {
      return findAll(this, pattern, -1);
    }),
    celMethod('findAll', STRING, [STRING, INT], LIST, function (pattern, n) {
      return findAll(this, pattern, Number(n));
    }),
  ];
}
