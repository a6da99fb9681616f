/**
 * Kubernetes' IP and CIDR libraries: ip(), isIP(), ip.isCanonical(), family(), isUnspecified(),
 * isLoopback(), isLinkLocalMulticast(), isLinkLocalUnicast(), isGlobalUnicast(); cidr(), isCIDR(),
 * containsIP(), containsCIDR(), ip(), masked(), prefixLength(); string() of both. Addresses parse as
 * Go's netip does (no leading zeros in IPv4, no zones), and IPv4-mapped IPv6 is refused, as
 * Kubernetes refuses it. Node's parser accepts both, so the parsing is written out here.
 */
import type { CelFunc } from '@bufbuild/cel';
import { cel } from '../libraries.js';
import { objectKind } from './objects.js';

export interface Address {
  family: 4 | 6;
  /** 4 or 16 bytes. */
  bytes: number[];
}

function parseIPv4(s: string): number[] | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  const out: number[] = [];
  for (const p of parts) {
    if (!/^(0|[1-9][0-9]{0,2})$/.test(p) || Number(p) > 255) return undefined;
    out.push(Number(p));
  }
  return out;
}

function parseIPv6(s: string): number[] | undefined {
  if (s.includes('%')) return undefined;
  let tail: number[] = [];
  let text = s;
  const lastColon = s.lastIndexOf(':');
  if (s.slice(lastColon + 1).includes('.')) {
    const v4 = parseIPv4(s.slice(lastColon + 1));
    if (!v4) return undefined;
    tail = v4;
    text = `${s.slice(0, lastColon + 1)}0:0`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = (part: string) => (part === '' ? [] : part.split(':'));
  const head = groups(halves[0] ?? '');
  const rest = halves.length === 2 ? groups(halves[1] ?? '') : [];
  if ([...head, ...rest].some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
  const count = head.length + rest.length;
  if (halves.length === 1 ? count !== 8 : count > 7) return undefined;
  const words = [...head, ...Array.from({ length: 8 - count }, () => '0'), ...rest].map((g) => Number.parseInt(g, 16));
  const bytes = words.flatMap((w) => [w >> 8, w & 0xff]);
  if (tail.length === 4) bytes.splice(12, 4, ...tail);
  return bytes;
}

/** An address as Kubernetes' CEL accepts it, or why not. */
export function parseAddress(s: string): Address | string {
  if (s.includes('%')) return `IP address "${s}" with zone value is not allowed`;
  const v4 = s.includes(':') ? undefined : parseIPv4(s);
  if (v4) return { family: 4, bytes: v4 };
  const v6 = s.includes(':') ? parseIPv6(s) : undefined;
  if (!v6) return `IP Address "${s}" parse error during conversion from string`;
  if (v6.slice(0, 10).every((b) => b === 0) && v6[10] === 0xff && v6[11] === 0xff) return `IPv4-mapped IPv6 address "${s}" is not allowed`;
  return { family: 6, bytes: v6 };
}

/** Go's netip String(): dotted IPv4; IPv6 in lower case with the longest run (≥ 2) of zero groups as `::`. */
export function formatAddress(a: Address): string {
  if (a.family === 4) return a.bytes.join('.');
  const words = Array.from({ length: 8 }, (_, i) => ((a.bytes[2 * i] ?? 0) << 8) | (a.bytes[2 * i + 1] ?? 0));
  let best = [-1, -1];
  for (let i = 0; i < 8; i++) {
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i >= 2 && j - i > best[1]! - best[0]!) best = [i, j];
    i = j;
  }
  const hex = (ws: number[]) => ws.map((w) => w.toString(16)).join(':');
  if (best[0] === -1) return hex(words);
  return `${hex(words.slice(0, best[0]))}::${hex(words.slice(best[1]))}`;
}

export interface Prefix {
  address: Address;
  bits: number;
}

export function parsePrefix(s: string): Prefix | string {
  const slash = s.lastIndexOf('/');
  if (slash < 0) return `network address parse error during conversion from string: no '/' in "${s}"`;
  const address = parseAddress(s.slice(0, slash));
  if (typeof address === 'string') return address;
  const bits = s.slice(slash + 1);
  const max = address.family === 4 ? 32 : 128;
  if (!/^(0|[1-9][0-9]{0,2})$/.test(bits) || Number(bits) > max)
    return `network address parse error during conversion from string: bad bits "${bits}"`;
  return { address, bits: Number(bits) };
}

function masked(a: Address, bits: number): Address {
  return {
    family: a.family,
    bytes: a.bytes.map((b, i) => (i * 8 >= bits ? 0 : i * 8 + 8 <= bits ? b : b & (0xff << (8 - (bits - i * 8))) & 0xff)),
  };
}

function contains(p: Prefix, a: Address): boolean {
  if (p.address.family !== a.family) return false;
  return formatAddress(masked(p.address, p.bits)) === formatAddress(masked(a, p.bits));
}

const IP = objectKind('net.IP');
const CIDR = objectKind('net.CIDR');

function must<T>(parsed: T | string): T {
  if (typeof parsed === 'string') throw new Error(parsed);
  return parsed;
}

const ipOf = (v: unknown): Address => must(parseAddress(IP.text(v) ?? ''));
const cidrOf = (v: unknown): Prefix => must(parsePrefix(CIDR.text(v) ?? ''));
const formatPrefix = (p: Prefix) => `${formatAddress(p.address)}/${p.bits}`;

function isGlobalUnicast(a: Address): boolean {
  const b = a.bytes;
  if (a.family === 4)
    return !(
      b.every((x) => x === 0) ||
      b.every((x) => x === 255) ||
      b[0] === 127 ||
      (b[0]! >= 224 && b[0]! <= 239) ||
      (b[0] === 169 && b[1] === 254)
    );
  const loopback = b.slice(0, 15).every((x) => x === 0) && b[15] === 1;
  return !(b.every((x) => x === 0) || loopback || b[0] === 0xff || (b[0] === 0xfe && (b[1]! & 0xc0) === 0x80));
}

export function netFunctions(): CelFunc[] {
  const { CelScalar, celFunc, celMethod } = cel();
  const { STRING, BOOL, INT } = CelScalar;
  const ipType = IP.type();
  const cidrType = CIDR.type();
  const ipMethod = (name: string, test: (a: Address) => boolean) =>
    celMethod(name, ipType, [], BOOL, function () {
      return test(ipOf(this));
    });
  const zero = (a: Address) => a.bytes.every((x) => x === 0);
  return [
    celFunc('ip', [STRING], ipType, (s) => IP.make(formatAddress(must(parseAddress(s))))),
    celFunc('isIP', [STRING], BOOL, (s) => typeof parseAddress(s) !== 'string'),
    celFunc('ip.isCanonical', [STRING], BOOL, (s) => formatAddress(must(parseAddress(s))) === s),
    celFunc('string', [ipType], STRING, (v) => IP.text(v) ?? ''),
    celMethod('family', ipType, [], INT, function () {
      return BigInt(ipOf(this).family);
    }),
    ipMethod('isUnspecified', zero),
    ipMethod('isLoopback', (a) => (a.family === 4 ? a.bytes[0] === 127 : a.bytes.slice(0, 15).every((x) => x === 0) && a.bytes[15] === 1)),
    ipMethod('isLinkLocalMulticast', (a) =>
      a.family === 4 ? a.bytes[0] === 224 && a.bytes[1] === 0 && a.bytes[2] === 0 : a.bytes[0] === 0xff && (a.bytes[1]! & 0x0f) === 0x02,
    ),
    ipMethod('isLinkLocalUnicast', (a) =>
      a.family === 4 ? a.bytes[0] === 169 && a.bytes[1] === 254 : a.bytes[0] === 0xfe && (a.bytes[1]! & 0xc0) === 0x80,
    ),
    ipMethod('isGlobalUnicast', isGlobalUnicast),
    celFunc('cidr', [STRING], cidrType, (s) => CIDR.make(formatPrefix(must(parsePrefix(s))))),
    celFunc('isCIDR', [STRING], BOOL, (s) => typeof parsePrefix(s) !== 'string'),
    celFunc('string', [cidrType], STRING, (v) => CIDR.text(v) ?? ''),
    celMethod('containsIP', cidrType, [ipType], BOOL, function (a) {
      return contains(cidrOf(this), ipOf(a));
    }),
    celMethod('containsIP', cidrType, [STRING], BOOL, function (s) {
      return contains(cidrOf(this), must(parseAddress(s)));
    }),
    celMethod('containsCIDR', cidrType, [cidrType], BOOL, function (c) {
      const outer = cidrOf(this);
      const inner = cidrOf(c);
      return outer.bits <= inner.bits && contains(outer, inner.address);
    }),
    celMethod('containsCIDR', cidrType, [STRING], BOOL, function (s) {
      const outer = cidrOf(this);
      const inner = must(parsePrefix(s));
      return outer.bits <= inner.bits && contains(outer, inner.address);
    }),
    celMethod('ip', cidrType, [], ipType, function () {
      return IP.make(formatAddress(cidrOf(this).address));
    }),
    celMethod('masked', cidrType, [], cidrType, function () {
      const p = cidrOf(this);
      return CIDR.make(formatPrefix({ address: masked(p.address, p.bits), bits: p.bits }));
    }),
    celMethod('prefixLength', cidrType, [], INT, function () {
      return BigInt(cidrOf(this).bits);
    }),
  ];
}
