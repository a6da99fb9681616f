/**
 * Kubernetes' semver library: isSemver(), semver() (each with an optional normalize flag that
 * accepts a leading v, missing minor/patch and leading zeros), major(), minor(), patch(),
 * compareTo(), isGreaterThan(), isLessThan(), with Semantic Versioning 2.0's precedence.
 */
import type { CelFunc } from '@bufbuild/cel';
import { cel } from '../libraries.js';
import { objectKind } from './objects.js';

interface Version {
  core: [bigint, bigint, bigint];
  pre: string[];
}

const NUMBER = '(0|[1-9][0-9]*)';
const IDENT = '[0-9A-Za-z-]+';
const STRICT = new RegExp(`^${NUMBER}\\.${NUMBER}\\.${NUMBER}(?:-(${IDENT}(?:\\.${IDENT})*))?(?:\\+(${IDENT}(?:\\.${IDENT})*))?$`);

function normalize(s: string): string {
  const m = /^v?([0-9]+)(?:\.([0-9]+))?(?:\.([0-9]+))?(.*)$/.exec(s);
  if (!m) return s;
  const strip = (n: string | undefined) => (n === undefined ? '0' : n.replace(/^0+(?=\d)/, ''));
  return `${strip(m[1])}.${strip(m[2])}.${strip(m[3])}${m[4] ?? ''}`;
}

export function parseSemver(s: string, normalized = false): Version | undefined {
  const m = STRICT.exec(normalized ? normalize(s) : s);
  if (!m) return undefined;
  const pre = m[4] === undefined ? [] : m[4].split('.');
  if (pre.some((p) => /^0[0-9]+$/.test(p))) return undefined;
  return { core: [BigInt(m[1]!), BigInt(m[2]!), BigInt(m[3]!)], pre };
}

export function compareSemver(a: Version, b: Version): number {
  for (let i = 0; i < 3; i++) if (a.core[i] !== b.core[i]) return a.core[i]! < b.core[i]! ? -1 : 1;
  if (a.pre.length === 0 || b.pre.length === 0) return a.pre.length === b.pre.length ? 0 : a.pre.length === 0 ? 1 : -1;
  for (let i = 0; i < Math.min(a.pre.length, b.pre.length); i++) {
    const x = a.pre[i]!;
    const y = b.pre[i]!;
    if (x === y) continue;
    const xn = /^[0-9]+$/.test(x);
    const yn = /^[0-9]+$/.test(y);
    if (xn && yn) return BigInt(x) < BigInt(y) ? -1 : 1;
    if (xn !== yn) return xn ? -1 : 1;
    return x < y ? -1 : 1;
  }
  return Math.sign(a.pre.length - b.pre.length);
}

const SEMVER = objectKind('kubernetes.Semver');

function versionOf(v: unknown): Version {
  const parsed = parseSemver(SEMVER.text(v) ?? '');
  if (!parsed) throw new Error('not a semver');
  return parsed;
}

export function semverFunctions(): CelFunc[] {
  const { CelScalar, celFunc, celMethod } = cel();
  const { STRING, BOOL, INT } = CelScalar;
  const type = SEMVER.type();
  const make = (s: string, normalized: boolean) => {
    const text = normalized ? normalize(s) : s;
    if (!parseSemver(text)) throw new Error(`could not parse ${JSON.stringify(s)} as semver`);
    // Build metadata does not take part in equality or precedence.
    return SEMVER.make(text.replace(/\+.*$/, ''));
  };
  const part = (name: string, i: 0 | 1 | 2) =>
    celMethod(name, type, [], INT, function () {
      return versionOf(this).core[i];
    });
  return [
    celFunc('isSemver', [STRING], BOOL, (s) => parseSemver(s) !== undefined),
    celFunc('isSemver', [STRING, BOOL], BOOL, (s, n) => parseSemver(s, n) !== undefined),
    celFunc('semver', [STRING], type, (s) => make(s, false)),
    celFunc('semver', [STRING, BOOL], type, (s, n) => make(s, n)),
    part('major', 0),
    part('minor', 1),
    part('patch', 2),
    celMethod('compareTo', type, [type], INT, function (o) {
      return BigInt(compareSemver(versionOf(this), versionOf(o)));
    }),
    celMethod('isGreaterThan', type, [type], BOOL, function (o) {
      return compareSemver(versionOf(this), versionOf(o)) > 0;
    }),
    celMethod('isLessThan', type, [type], BOOL, function (o) {
      return compareSemver(versionOf(this), versionOf(o)) < 0;
    }),
  ];
}
