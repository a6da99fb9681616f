/**
 * Kubernetes' format library: format.named(name) and format.<name>() give a format, whose
 * validate(string) is optional.none() for a valid string, else the list of what is wrong. The engine
 * has no optional type, so the optionals these functions return are an object type of their own
 * with hasValue(), value() and orValue(); `optional.of(…)` and `?.` syntax stay unsupported. The
 * formats are 1.37's (portName came later).
 */
import type { CelFunc } from '@bufbuild/cel';
import { formatValidator } from '../formats.js';
import { cel } from '../libraries.js';
import { dns1123Subdomain, qualifiedName } from '../metadata.js';
import { parseUrl } from './lib-url.js';
import { objectKind } from './objects.js';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** A generateName-style prefix is checked with its trailing dash masked. */
const masked = (s: string) => (s.length > 1 && s.endsWith('-') ? `${s.slice(0, -2)}a` : s);

function label(pattern: RegExp, what: string) {
  return (s: string): string[] => [
    ...(s.length > 63 ? ['must be no more than 63 characters'] : []),
    ...(pattern.test(s) ? [] : [`a lowercase ${what} must consist of lower case alphanumeric characters or '-'`]),
  ];
}

const bool = (ok: boolean, message: string) => (ok ? [] : [message]);
const single = (message: string | undefined) => (message ? [message] : []);

const FORMATS: Record<string, (s: string) => string[]> = {
  dns1123Label: label(DNS1123_LABEL, 'RFC 1123 label'),
  dns1123Subdomain: (s) => single(dns1123Subdomain(s)),
  dns1035Label: label(DNS1035_LABEL, 'RFC 1035 label'),
  qualifiedName: (s) => single(qualifiedName(s)),
  dns1123LabelPrefix: (s) => label(DNS1123_LABEL, 'RFC 1123 label')(masked(s)),
  dns1123SubdomainPrefix: (s) => single(dns1123Subdomain(masked(s))),
  dns1035LabelPrefix: (s) => label(DNS1035_LABEL, 'RFC 1035 label')(masked(s)),
  labelValue: (s) => [
    ...(s.length > 63 ? ['must be no more than 63 characters'] : []),
    ...bool(LABEL_VALUE.test(s), "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.'"),
  ],
  uri: (s) => bool(parseUrl(s, true) !== undefined, `parse ${JSON.stringify(s)}: invalid URI for request`),
  uuid: (s) => bool(formatValidator('uuid')!(s), 'does not match the UUID format'),
  byte: (s) => bool(formatValidator('byte')!(s), 'invalid base64'),
  date: (s) => bool(formatValidator('date')!(s), 'invalid date'),
  datetime: (s) => bool(formatValidator('datetime')!(s), 'invalid datetime'),
};

const FORMAT = objectKind('kubernetes.NamedFormat');
const OPTIONAL = objectKind('kubernetes.Optional');

type Held = { list: string[] } | { format: string } | Record<string, never>;

function held(v: unknown): Held {
  return JSON.parse(OPTIONAL.text(v) ?? '{}') as Held;
}

export function formatFunctions(): CelFunc[] {
  const { CelScalar, celFunc, celMethod } = cel();
  const { STRING, BOOL, DYN } = CelScalar;
  const formatType = FORMAT.type();
  const optionalType = OPTIONAL.type();
  const unwrap = (h: Held) => ('list' in h ? h.list : 'format' in h ? FORMAT.make(h.format) : undefined);
  return [
    ...Object.keys(FORMATS).map((name) => celFunc(`format.${name}`, [], formatType, () => FORMAT.make(name))),
    celFunc('format.named', [STRING], optionalType, (name) =>
      OPTIONAL.make(JSON.stringify(Object.hasOwn(FORMATS, name) ? { format: name } : {})),
    ),
    celMethod('validate', formatType, [STRING], optionalType, function (s) {
      const errors = FORMATS[FORMAT.text(this) ?? '']?.(s) ?? [];
      return OPTIONAL.make(JSON.stringify(errors.length > 0 ? { list: errors } : {}));
    }),
    celMethod('hasValue', optionalType, [], BOOL, function () {
      return unwrap(held(this)) !== undefined;
    }),
    celMethod('value', optionalType, [], DYN, function () {
      const v = unwrap(held(this));
      if (v === undefined) throw new Error('optional.none() dereference');
      return v;
    }),
    celMethod('orValue', optionalType, [DYN], DYN, function (other) {
      return unwrap(held(this)) ?? other;
    }),
  ];
}
