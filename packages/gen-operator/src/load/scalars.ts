import jsYaml from 'js-yaml';

/**
 * Plain (unquoted) YAML scalars resolved the way kubectl and the apiserver read them: both decode
 * YAML with sigs.k8s.io/yaml, i.e. go-yaml v2, which keeps YAML 1.1's booleans (`yes`, `on`, `y`, …),
 * `0777` octals and `_` digit separators. js-yaml's schemas follow YAML 1.2, where `served: yes` is
 * the string "yes" — a CRD the apiserver takes as served would look unserved here. Quoted scalars
 * are strings in both, so only plain ones go through `resolvePlain`.
 */

const WORDS = new Map<string, unknown>();
const word = (value: unknown, ...spellings: string[]) => {
  for (const s of spellings) WORDS.set(s, value);
};
word(true, 'y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON');
word(false, 'n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF');
word(null, '', '~', 'null', 'Null', 'NULL');
word(Number.NaN, '.nan', '.NaN', '.NAN');
word(Number.POSITIVE_INFINITY, '.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF');
word(Number.NEGATIVE_INFINITY, '-.inf', '-.Inf', '-.INF');

// Besides the words above, go-yaml only looks further at scalars starting with `.` or one of these.
const NUMBER_START = new Set('0123456789+-');

const DECIMAL_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const DOT_FLOAT = /^\.[0-9]+([eE][-+]?[0-9]+)?$/;
const PREFIXED = /^([-+]?)0([xXoObB])([0-9a-fA-F]+)$/;
const LEADING_ZERO = /^([-+]?)0([0-9]+)$/;
const PREFIX_DIGITS: Record<string, RegExp> = { x: /^[0-9a-f]+$/i, o: /^[0-7]+$/, b: /^[01]+$/ };

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

/** The JSON value go-yaml v2 gives a plain scalar (NaN and ±Infinity included; JSON cannot hold those). */
export function resolvePlain(text: string): unknown {
  if (WORDS.has(text)) return WORDS.get(text);
  const first = text[0] ?? '';
  if (first === '.') return finiteOr(DOT_FLOAT.test(text) ? Number(text) : Number.NaN, text);
  if (!NUMBER_START.has(first)) return text;
  const plain = text.includes('_') ? text.replaceAll('_', '') : text;
  const integer = goInteger(plain);
  if (integer !== undefined) return integer;
  if (DECIMAL_FLOAT.test(plain)) return finiteOr(Number(plain), text);
  return text;
}

/** strconv.ParseInt(s, 0, 64), then ParseUint (no sign allowed there); undefined when neither takes it. */
function goInteger(plain: string): number | undefined {
  let big: bigint | undefined;
  let signed = false;
  const prefixed = PREFIXED.exec(plain);
  if (prefixed) {
    const [, sign = '', base = '', digits = ''] = prefixed;
    const radix = base.toLowerCase();
    if (!PREFIX_DIGITS[radix]?.test(digits)) return undefined;
    big = BigInt(`0${radix}${digits}`);
    if (sign === '-') big = -big;
    signed = sign !== '';
  } else {
    const zero = LEADING_ZERO.exec(plain);
    if (zero) {
      const [, sign = '', digits = ''] = zero;
      if (!/^[0-7]+$/.test(digits)) return undefined; // `08`: not octal, go-yaml falls back to a float
      big = BigInt(`0o${digits}`);
      if (sign === '-') big = -big;
      signed = sign !== '';
    } else if (/^[-+]?[0-9]+$/.test(plain)) {
      big = BigInt(plain);
      signed = plain[0] === '-' || plain[0] === '+';
    }
  }
  if (big === undefined) return undefined;
  const fits = big >= INT64_MIN && (big <= INT64_MAX || (!signed && big <= UINT64_MAX));
  if (fits) return Number(big);
  // Out of range: a decimal (octal-looking ones included) still reads as a float, hex/octal/binary stay strings.
  return /^[-+]?[0-9]+$/.test(plain) ? Number(plain) : undefined;
}

/** strconv.ParseFloat fails on overflow (`1e400`), and go-yaml then keeps the text as a string. */
function finiteOr(value: number, text: string): unknown {
  return Number.isFinite(value) ? value : text;
}

/**
 * A plain map key as it ends up in the JSON: `yes:` and `y:` become "true", `0x10:` "16" (as in
 * sigs.k8s.io/yaml). Float keys are written the JavaScript way (sigs.k8s.io/yaml rounds them to
 * float32), a difference no CRD has reason to meet.
 */
export function plainKey(text: string): string {
  return String(resolvePlain(text));
}

// One resolution per scalar, shared by the four implicit types js-yaml tries in turn.
let lastText: string | undefined;
let lastValue: unknown;
function cached(text: string): unknown {
  if (text !== lastText) {
    lastText = text;
    lastValue = resolvePlain(text);
  }
  return lastValue;
}

/** Non-finite floats seen since the last reset; kubectl refuses them (JSON has no NaN or Infinity). */
export const nonFinite = { seen: false };

const scalarType = (tag: string, accepts: (value: unknown) => boolean) =>
  new jsYaml.Type(`tag:yaml.org,2002:${tag}`, {
    kind: 'scalar',
    resolve: (text: string | null) => accepts(cached(text ?? '')),
    construct: (text: string | null) => {
      const value = cached(text ?? '');
      if (typeof value === 'number' && !Number.isFinite(value)) nonFinite.seen = true;
      return value;
    },
  });

// `types` is exported at runtime but missing from @types/js-yaml.
const { merge } = (jsYaml as unknown as { types: { merge: jsYaml.Type } }).types;

/** js-yaml schema with go-yaml v2's plain-scalar rules; explicit `!!str` etc. keep working. */
export const GO_YAML_SCHEMA = jsYaml.FAILSAFE_SCHEMA.extend({
  implicit: [
    scalarType('null', (v) => v === null),
    scalarType('bool', (v) => typeof v === 'boolean'),
    scalarType('int', (v) => typeof v === 'number' && Number.isInteger(v)),
    scalarType('float', (v) => typeof v === 'number'),
    merge,
  ],
});
