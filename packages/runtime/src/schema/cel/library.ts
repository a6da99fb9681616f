/**
 * The CEL environment of x-kubernetes-validations: CEL's standard library and the strings extension
 * from @bufbuild/cel, plus the Kubernetes library functions that CRDs use (IP/CIDR/URL/quantity
 * checks, list helpers). A rule calling a function this environment lacks is reported
 * as not checkable rather than as a violation.
 */
import { isIP as netIsIP } from 'node:net';
import type { CelEnv } from '@bufbuild/cel';
import { cel, celExt } from '../libraries.js';
import { re2 } from '../patterns.js';

/** Kubernetes' isIP rejects IPv4 with leading zeros and zone suffixes, as Go's netip does. */
function isIPAddress(s: string): boolean {
  if (s.includes('%')) return false;
  return netIsIP(s) !== 0;
}

function isCIDR(s: string): boolean {
  const slash = s.indexOf('/');
  if (slash < 0) return false;
  const ip = s.slice(0, slash);
  const bits = s.slice(slash + 1);
  const v = isIPAddress(ip) ? netIsIP(ip) : 0;
  return v !== 0 && /^(0|[1-9][0-9]{0,2})$/.test(bits) && Number(bits) <= (v === 4 ? 32 : 128);
}

/** Go's url.ParseRequestURI: an absolute URL (a scheme, maybe nothing after it) or an absolute path. */
function isURL(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) <= 0x20) return false;
  return s.startsWith('/') || /^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(s);
}

const QUANTITY = /^[+-]?(\d+(\.\d*)?|\.\d+)(([KMGTPE]i)|[numkMGTPE]|([eE][+-]?\d+))?$/;

type Comparable = bigint | number | string;
const items = (l: unknown): Comparable[] => (cel().isCelList(l) ? [...(l as Iterable<Comparable>)] : []);

function compare(a: Comparable, b: Comparable): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function kubernetesFunctions() {
  const { CelScalar, celFunc, celMethod, listType } = cel();
  const { STRING, BOOL, INT, DYN } = CelScalar;
  const LIST_DYN = listType(DYN);
  return [
    celFunc('isIP', [STRING], BOOL, isIPAddress),
    celFunc('isCIDR', [STRING], BOOL, isCIDR),
    celFunc('isURL', [STRING], BOOL, isURL),
    celFunc('isQuantity', [STRING], BOOL, (s) => QUANTITY.test(s)),
    celMethod('isSorted', LIST_DYN, [], BOOL, function () {
      const l = items(this);
      return l.every((v, i) => i === 0 || compare(l[i - 1] as Comparable, v) <= 0);
    }),
    celMethod('sum', LIST_DYN, [], DYN, function () {
      const l = items(this);
      if (l.length === 0) return 0n;
      return l.reduce((a, b) => (a as number) + (b as number)) as bigint | number;
    }),
    celMethod('min', LIST_DYN, [], DYN, function () {
      const l = items(this);
      if (l.length === 0) throw new Error('min called on empty list');
      return l.reduce((a, b) => (compare(a, b) <= 0 ? a : b));
    }),
    celMethod('max', LIST_DYN, [], DYN, function () {
      const l = items(this);
      if (l.length === 0) throw new Error('max called on empty list');
      return l.reduce((a, b) => (compare(a, b) >= 0 ? a : b));
    }),
    celMethod('indexOf', LIST_DYN, [DYN], INT, function (x) {
      return BigInt(items(this).indexOf(x as Comparable));
    }),
    celMethod('lastIndexOf', LIST_DYN, [DYN], INT, function (x) {
      const l = items(this);
      for (let i = l.length - 1; i >= 0; i--) if (l[i] === x) return BigInt(i);
      return -1n;
    }),
  ];
}

/** CEL's matches() with the patterns compiled once: the built-in one compiles on every call. */
const cachedRe2 = {
  compile(pattern: string) {
    const compiled = re2(pattern);
    if (compiled instanceof Error) throw compiled;
    return compiled;
  },
};

let env: CelEnv | undefined;

/** One environment for every rule of every schema: it holds no per-schema state. */
export function kubernetesCelEnv(): CelEnv {
  if (!env) {
    const { celEnv, CelScalar } = cel();
    const funcs = [...celExt().strings, ...kubernetesFunctions()];
    env = celEnv({ funcs, variables: { self: CelScalar.DYN, oldSelf: CelScalar.DYN }, re2: cachedRe2 });
  }
  return env;
}
