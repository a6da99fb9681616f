/**
 * Kubernetes' quantity library: quantity(), isQuantity(), sign(<quantity>), isInteger(), asInteger(),
 * asApproximateFloat(), add(), sub(), compareTo(), isGreaterThan(), isLessThan(). A quantity's value
 * is held exactly (an integer times a power of ten: binary suffixes are integers), and equality is
 * by value, as Kubernetes' Equal. resource.Quantity also keeps how it holds the value — a small
 * int64 with a decimal scale, or an arbitrary decimal — and isInteger()/asInteger() answer from that
 * (quantity('2000m').isInteger() and quantity('1.5Gi').isInteger() are false), so that form is kept
 * beside each value, with ParseQuantity's and Add's rules for choosing it.
 */
import type { CelFunc } from '@bufbuild/cel';
import { cel } from '../libraries.js';
import { objectKind } from './objects.js';

/** value = digits × 10^exponent, digits without trailing zeros (0 has exponent 0). */
export interface Decimal {
  digits: bigint;
  exponent: number;
}

/** resource.Quantity's int64Amount: value × 10^scale, value within int64. */
interface Int64Amount {
  value: bigint;
  scale: number;
}

export interface Quantity {
  exact: Decimal;
  /** Absent: held as an arbitrary decimal (inf.Dec). */
  int?: Int64Amount;
}

const QUANTITY = /^([+-]?)(\d*)(?:\.(\d*))?(?:([KMGTPE]i)|([numkMGTPE])|[eE]([+-]?\d+))?$/;
const DECIMAL_SI: Record<string, number> = { n: -9, u: -6, m: -3, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_SI: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const INT64_MAX = 2n ** 63n - 1n;
const INT64_MIN = -(2n ** 63n);
const fitsInt64 = (v: bigint) => v >= INT64_MIN && v <= INT64_MAX;

function normal(digits: bigint, exponent: number): Decimal {
  if (digits === 0n) return { digits: 0n, exponent: 0 };
  while (digits % 10n === 0n) {
    digits /= 10n;
    exponent++;
  }
  return { digits, exponent };
}

const exactOf = (a: Int64Amount) => normal(a.value, a.scale);

export function parseQuantity(s: string): Quantity | undefined {
  const m = QUANTITY.exec(s);
  if (!m) return undefined;
  const [, sign, num = '', denom = '', binary, decimal, exp] = m;
  if (num === '' && denom === '' && !s.includes('.')) return undefined;
  if (num === '' && denom === '') return undefined;
  const negative = sign === '-';
  let exponent = 0;
  if (decimal) exponent = DECIMAL_SI[decimal]!;
  if (exp !== undefined) {
    if (Math.abs(Number(exp)) > 1000) return undefined;
    exponent = Number(exp);
  }
  const binaryExponent = binary ? BINARY_SI[binary]! : 0;
  // ParseQuantity's fast path: small enough for an int64 at a scale of at least 1n.
  let precision: number;
  if (binary) precision = denom.length === 0 ? 15 - num.length - Math.trunc((binaryExponent * 3) / 10) - 1 : -1;
  else precision = 18 - (num.length + denom.length);
  if (precision >= 0) {
    const scale = (binary ? 0 : exponent) - denom.length;
    if (scale >= -9) {
      const value = BigInt(`${num}${denom}` || '0') * 2n ** BigInt(binaryExponent);
      if (fitsInt64(value)) {
        const int = { value: negative ? -value : value, scale };
        return { exact: exactOf(int), int };
      }
    }
  }
  // The slow path: an arbitrary decimal, rounded up (away from zero) to 1n; binary ones capped at the int64 maximum.
  let digits = BigInt(`${num}${denom}` || '0') * 2n ** BigInt(binaryExponent);
  let exp10 = (binary ? 0 : exponent) - denom.length;
  if (exp10 < -9) {
    const unit = 10n ** BigInt(-9 - exp10);
    digits = digits / unit + (digits % unit === 0n ? 0n : 1n);
    exp10 = -9;
  }
  let exact = normal(digits, exp10);
  if (binary && compareQuantities(exact, normal(INT64_MAX, 0)) > 0) exact = normal(INT64_MAX, 0);
  return { exact: negative ? { ...exact, digits: -exact.digits } : exact };
}

function align(a: Decimal, b: Decimal): [bigint, bigint, number] {
  const e = Math.min(a.exponent, b.exponent);
  return [a.digits * 10n ** BigInt(a.exponent - e), b.digits * 10n ** BigInt(b.exponent - e), e];
}

export function compareQuantities(a: Decimal, b: Decimal): number {
  const [x, y] = align(a, b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Quantity.AsInt64: only from the int64 form, and only at a scale of 0 or more. */
function asInt64(q: Quantity): bigint | undefined {
  if (!q.int || q.int.scale < 0) return undefined;
  if (q.int.scale > 19) return undefined;
  const v = q.int.value * 10n ** BigInt(q.int.scale);
  return fitsInt64(v) ? v : undefined;
}

/** int64Amount.Add: false when the sum leaves int64 (the quantity then becomes a decimal). */
function addInt(a: Int64Amount, b: Int64Amount): Int64Amount | undefined {
  if (b.value === 0n) return a;
  if (a.value === 0n) return b;
  const scale = Math.min(a.scale, b.scale);
  const x = a.value * 10n ** BigInt(a.scale - scale);
  const y = b.value * 10n ** BigInt(b.scale - scale);
  if (!fitsInt64(x) || !fitsInt64(y) || !fitsInt64(x + y)) return undefined;
  return { value: x + y, scale };
}

function add(a: Quantity, b: Quantity): Quantity {
  const [x, y, e] = align(a.exact, b.exact);
  const exact = normal(x + y, e);
  const int = a.int && b.int ? addInt(a.int, b.int) : undefined;
  return int ? { exact, int } : { exact };
}

const negate = (q: Quantity): Quantity => ({
  exact: { ...q.exact, digits: -q.exact.digits },
  ...(q.int ? { int: { value: -q.int.value, scale: q.int.scale } } : {}),
});

const QUANTITY_KIND = objectKind('kubernetes.Quantity');
/** The form each quantity value is held in, beside the value (the engine passes values by identity). */
const forms = new WeakMap<object, Quantity>();

function make(q: Quantity) {
  const value = QUANTITY_KIND.make(`${q.exact.digits}e${q.exact.exponent}`);
  forms.set(value, q);
  return value;
}

function quantityOf(v: unknown): Quantity {
  const q = typeof v === 'object' && v !== null ? forms.get(v) : undefined;
  if (!q) throw new Error('not a quantity');
  return q;
}

export function quantityFunctions(): CelFunc[] {
  const { CelScalar, celFunc, celMethod } = cel();
  const { STRING, BOOL, INT, DOUBLE } = CelScalar;
  const qType = QUANTITY_KIND.type();
  const integer = (n: bigint): Quantity => ({ exact: normal(n, 0), int: { value: n, scale: 0 } });
  return [
    celFunc('quantity', [STRING], qType, (s) => {
      const q = parseQuantity(s);
      if (!q) throw new Error(`quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`);
      return make(q);
    }),
    celFunc('isQuantity', [STRING], BOOL, (s) => parseQuantity(s) !== undefined),
    // A function, not a method, in Kubernetes: sign(quantity('-1')).
    celFunc('sign', [qType], INT, (q) => {
      const d = quantityOf(q).exact.digits;
      return d > 0n ? 1n : d < 0n ? -1n : 0n;
    }),
    celMethod('isInteger', qType, [], BOOL, function () {
      return asInt64(quantityOf(this)) !== undefined;
    }),
    celMethod('asInteger', qType, [], INT, function () {
      const v = asInt64(quantityOf(this));
      if (v === undefined) throw new Error('cannot convert value to integer');
      return v;
    }),
    celMethod('asApproximateFloat', qType, [], DOUBLE, function () {
      const { digits, exponent } = quantityOf(this).exact;
      return Number(`${digits}e${exponent}`);
    }),
    celMethod('add', qType, [qType], qType, function (other) {
      return make(add(quantityOf(this), quantityOf(other)));
    }),
    celMethod('add', qType, [INT], qType, function (n) {
      return make(add(quantityOf(this), integer(n)));
    }),
    celMethod('sub', qType, [qType], qType, function (other) {
      return make(add(quantityOf(this), negate(quantityOf(other))));
    }),
    celMethod('sub', qType, [INT], qType, function (n) {
      return make(add(quantityOf(this), negate(integer(n))));
    }),
    celMethod('compareTo', qType, [qType], INT, function (other) {
      return BigInt(compareQuantities(quantityOf(this).exact, quantityOf(other).exact));
    }),
    celMethod('isGreaterThan', qType, [qType], BOOL, function (other) {
      return compareQuantities(quantityOf(this).exact, quantityOf(other).exact) > 0;
    }),
    celMethod('isLessThan', qType, [qType], BOOL, function (other) {
      return compareQuantities(quantityOf(this).exact, quantityOf(other).exact) < 0;
    }),
  ];
}
