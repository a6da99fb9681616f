/**
 * The CEL environment of x-kubernetes-validations: CEL's standard library and the strings extension
 * from @bufbuild/cel, plus Kubernetes' libraries: lists (here), URLs, IP and CIDR, quantity, semver
 * CEL's sets extension, regex find/findAll and the format library (their own modules). Not here
 * yet: optional types beyond what format returns, and two-variable comprehensions (the parser
 * lacks them). A rule using them is reported as not checkable (a warning) rather than as a violation.
 */
import type { CelEnv } from '@bufbuild/cel';
import { cel, celExt } from '../libraries.js';
import { re2 } from '../patterns.js';
import { formatFunctions } from './lib-format.js';
import { netFunctions } from './lib-net.js';
import { quantityFunctions } from './lib-quantity.js';
import { regexFunctions } from './lib-regex.js';
import { semverFunctions } from './lib-semver.js';
import { setFunctions } from './lib-sets.js';
import { urlFunctions } from './lib-url.js';

type Comparable = bigint | number | string;
const items = (l: unknown): Comparable[] => (cel().isCelList(l) ? [...(l as Iterable<Comparable>)] : []);

function compare(a: Comparable, b: Comparable): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function kubernetesFunctions() {
  const { CelScalar, celMethod, listType } = cel();
  const { BOOL, INT, DYN } = CelScalar;
  const LIST_DYN = listType(DYN);
  return [
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
    const funcs = [
      ...celExt().strings,
      ...kubernetesFunctions(),
      ...urlFunctions(),
      ...netFunctions(),
      ...quantityFunctions(),
      ...regexFunctions(),
      ...semverFunctions(),
      ...setFunctions(),
      ...formatFunctions(),
    ];
    env = celEnv({ funcs, variables: { self: CelScalar.DYN, oldSelf: CelScalar.DYN }, re2: cachedRe2 });
  }
  return env;
}
