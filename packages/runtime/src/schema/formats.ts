/**
 * The string formats the apiserver enforces. It validates only this list and ignores any other
 * format (int32, int64, double, quantity, …), so unknown formats are accepted here too.
 * Each check follows the Go implementation's rule (net.ParseIP, base64 StdEncoding, …).
 */
import { isIP, isIPv6 } from 'node:net';

const HOSTNAME =
  /^([a-zA-Z0-9\p{S}\p{L}]((-?[a-zA-Z0-9\p{S}\p{L}]{0,62})?)|([a-zA-Z0-9\p{S}\p{L}](([a-zA-Z0-9-\p{S}\p{L}]{0,61}[a-zA-Z0-9\p{S}\p{L}])?)(\.)){1,}([a-zA-Z\p{L}]){2,63})$/u;
const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const UUID3 = /^[0-9a-f]{8}-?[0-9a-f]{4}-?3[0-9a-f]{3}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const UUID4 = /^[0-9a-f]{8}-?[0-9a-f]{4}-?4[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$/i;
const UUID5 = /^[0-9a-f]{8}-?[0-9a-f]{4}-?5[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$/i;
const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+$/;
const ISBN10 = /^(?:[0-9]{9}X|[0-9]{10})$/;
const ISBN13 = /^(?:[0-9]{13})$/;
const CREDITCARD =
  /^(?:4[0-9]{12}(?:[0-9]{3})?|5[1-5][0-9]{14}|6(?:011|5[0-9][0-9])[0-9]{12}|3[47][0-9]{13}|3(?:0[0-5]|[68][0-9])[0-9]{11}|(?:2131|1800|35\d{3})\d{11})$/;
const SSN = /^\d{3}[- ]?\d{2}[- ]?\d{4}$/;
const HEXCOLOR = /^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/;
const RGBCOLOR =
  /^rgb\(\s*(0|[1-9]\d?|1\d\d?|2[0-4]\d|25[0-5])\s*,\s*(0|[1-9]\d?|1\d\d?|2[0-4]\d|25[0-5])\s*,\s*(0|[1-9]\d?|1\d\d?|2[0-4]\d|25[0-5])\s*\)$/;
const MAC =
  /^(?:[0-9a-fA-F]{2}(?:[:-][0-9a-fA-F]{2}){5}|[0-9a-fA-F]{2}(?:[:-][0-9a-fA-F]{2}){7}|[0-9a-fA-F]{2}(?:[:-][0-9a-fA-F]{2}){19}|(?:[0-9a-fA-F]{4}\.){2}[0-9a-fA-F]{4}|(?:[0-9a-fA-F]{4}\.){3}[0-9a-fA-F]{4}|(?:[0-9a-fA-F]{4}\.){9}[0-9a-fA-F]{4})$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const TIME = /^([0-9]{2}):([0-9]{2}):([0-9]{2})(\.[0-9]+)?(z|[+-][0-9]{2}:[0-9]{2})$/;
/** Dotted quad as the apiserver's IPv4 check parses it: leading zeros are accepted. */
const IPV4 = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/;

const GO_UNITS_MS: ReadonlyMap<string, number> = new Map([
  ['ns', 1e-6],
  ['us', 1e-3],
  ['µs', 1e-3],
  ['μs', 1e-3],
  ['ms', 1],
  ['s', 1e3],
  ['m', 6e4],
  ['h', 3.6e6],
]);
const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';

/**
 * Go's time.ParseDuration, in milliseconds, or undefined when it is not one: `[-+]?` then one or
 * more of a decimal number and a unit; "0" alone is zero. A single left-to-right scan, linear in
 * the input whatever it holds (a regular expression with a repeated group backtracks on it).
 */
export function parseGoDuration(s: string): number | undefined {
  if (s === '0' || s === '+0' || s === '-0') return 0;
  let i = 0;
  let sign = 1;
  if (s[i] === '-' || s[i] === '+') sign = s[i++] === '-' ? -1 : 1;
  if (i === s.length) return undefined;
  let total = 0;
  while (i < s.length) {
    const start = i;
    while (isDigit(s[i])) i++;
    let digits = i - start;
    if (s[i] === '.') {
      i++;
      const frac = i;
      while (isDigit(s[i])) i++;
      digits += i - frac;
    }
    if (digits === 0) return undefined;
    const amount = Number(s.slice(start, i));
    const unitStart = i;
    while (i < s.length && s[i] !== '.' && !isDigit(s[i])) i++;
    const unit = GO_UNITS_MS.get(s.slice(unitStart, i));
    if (unit === undefined) return undefined;
    total += amount * unit;
  }
  return sign * total;
}

/** Go's Duration is an int64 of nanoseconds. */
const MAX_GO_DURATION_MS = 9_223_372_036_854.775;
const INT64_DIGITS_MAX = '9223372036854775807';

/** Unit words of the `duration` format: the last of each group also matches as a prefix ("hours", "seconds"). */
const WORD_UNITS = [
  ['ns', 'nanos'],
  ['us', 'µs', 'micros'],
  ['ms', 'millis'],
  ['s', 'sec'],
  ['m', 'min'],
  ['h', 'hr', 'hour'],
  ['d', 'day'],
  ['w', 'wk', 'week'],
];
const knownUnit = (unit: string) =>
  WORD_UNITS.some((group) => group.some((v, i) => v === unit || (i === group.length - 1 && unit.startsWith(v))));
const isUnitLetter = (c: string | undefined) => c !== undefined && (/[A-Za-z]/.test(c) || c === 'µ');
const isGoSpace = (c: string | undefined) => c === ' ' || c === '\t' || c === '\n' || c === '\f' || c === '\r';

/**
 * The `duration` format as the apiserver's format checker reads it (go-openapi strfmt): a Go
 * duration within int64 nanoseconds, or else any number of `<digits> <unit word>` found anywhere in
 * the string (unanchored, so "P1D" and "every 5 minutes" pass), at least one with a known unit and
 * none with an integer beyond int64. One left-to-right scan: linear whatever the input.
 */
function isDuration(s: string): boolean {
  const go = parseGoDuration(s);
  if (go !== undefined && Math.abs(go) <= MAX_GO_DURATION_MS) return true;
  let known = false;
  let i = 0;
  while (i < s.length) {
    if (!isDigit(s[i])) {
      i++;
      continue;
    }
    const start = i;
    while (isDigit(s[i])) i++;
    const digits = s.slice(start, i).replace(/^0+(?=\d)/, '');
    let j = i;
    while (isGoSpace(s[j])) j++;
    const unitStart = j;
    while (isUnitLetter(s[j])) j++;
    if (j === unitStart) continue;
    if (digits.length > INT64_DIGITS_MAX.length || (digits.length === INT64_DIGITS_MAX.length && digits > INT64_DIGITS_MAX)) return false;
    if (knownUnit(s.slice(unitStart, j).toLowerCase())) known = true;
    i = j;
  }
  return known;
}

/** Go's time.Parse("2006-01-02", s): a real calendar date. */
export function isDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1) return false;
  const days = [31, y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return d <= (days[mo - 1] ?? 0);
}

export function isDateTime(s: string): boolean {
  const parts = s.toLowerCase().split('t');
  if (parts.length < 2 || !isDate(parts[0] ?? '')) return false;
  const m = TIME.exec(parts[1] ?? '');
  if (!m) return false;
  return Number(m[1]) < 24 && Number(m[2]) < 60 && Number(m[3]) < 60;
}

function isCidr(s: string): boolean {
  const slash = s.indexOf('/');
  if (slash < 0) return false;
  const ip = s.slice(0, slash);
  const bits = s.slice(slash + 1);
  if (!/^\d{1,3}$/.test(bits)) return false;
  const v = isIP(ip);
  return v !== 0 && Number(bits) <= (v === 4 ? 32 : 128);
}

function isUri(s: string): boolean {
  // Go's url.ParseRequestURI: an absolute URI or an absolute path.
  if (s.startsWith('/')) return !/\s/.test(s);
  try {
    new URL(s);
    return /^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(s);
  } catch {
    return false;
  }
}

const validators: Record<string, (s: string) => boolean> = {
  bsonobjectid: (s) => /^[0-9a-fA-F]{24}$/.test(s),
  uri: isUri,
  email: (s) => EMAIL.test(s),
  // The length check comes first: it bounds the work of the nested repetition below.
  hostname: (s) => s.length <= 255 && HOSTNAME.test(s),
  ipv4: (s) => {
    const m = IPV4.exec(s);
    return m !== null && m.slice(1).every((octet) => Number(octet) <= 255);
  },
  ipv6: (s) => !s.includes('%') && isIPv6(s),
  cidr: isCidr,
  mac: (s) => MAC.test(s),
  uuid: (s) => UUID.test(s),
  uuid3: (s) => UUID3.test(s),
  uuid4: (s) => UUID4.test(s),
  uuid5: (s) => UUID5.test(s),
  isbn: (s) => ISBN10.test(s.replace(/[- ]/g, '')) || ISBN13.test(s.replace(/[- ]/g, '')),
  isbn10: (s) => ISBN10.test(s.replace(/[- ]/g, '')),
  isbn13: (s) => ISBN13.test(s.replace(/[- ]/g, '')),
  creditcard: (s) => CREDITCARD.test(s.replace(/[- ]/g, '')),
  ssn: (s) => SSN.test(s),
  hexcolor: (s) => HEXCOLOR.test(s),
  rgbcolor: (s) => RGBCOLOR.test(s),
  byte: (s) => s !== '' && BASE64.test(s),
  password: () => true,
  date: isDate,
  duration: isDuration,
  datetime: isDateTime,
};

/** The check for a format name as the apiserver normalises it (case and dashes/underscores ignored), or undefined. */
export function formatValidator(format: string): ((s: string) => boolean) | undefined {
  const name = format.toLowerCase().replace(/[-_]/g, '');
  return Object.hasOwn(validators, name) ? validators[name] : undefined;
}
