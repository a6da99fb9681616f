/**
 * Rules checked value by value against the apiserver, one small CRD each: the string formats it
 * enforces, ObjectMeta (names, generateName, labels, annotations, finalizers, owner references), and
 * the Kubernetes CEL library functions with messageExpression. Each candidate document is checked by
 * the schema engine and by a server-side dry-run create; the verdicts must be the same.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileSchema } from '@gen-operator/runtime';
import { type ControlPlane, installCrds, startControlPlane } from '@gen-operator/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { dryRunCreate, mapLimit, testCrd as namespacedCrd, testCrdOf } from './apiserver.js';

const VALUES: Record<string, string[]> = {
  'date-time': [
    '2024-02-29T12:30:00Z',
    '2024-02-29T12:30:00.123456789+02:00',
    '2024-02-29t12:30:00z',
    '2023-02-29T12:30:00Z',
    '2024-01-01T24:00:00Z',
    '2024-01-01 12:00:00Z',
    '2024-01-01T12:00:00',
    '2024-01-01',
    'yesterday',
    '',
  ],
  date: ['2024-02-29', '2023-02-29', '2024-1-01', '2024-01-01T00:00:00Z', ''],
  byte: ['aGVsbG8=', 'aGVsbG8', 'aGVs\nbG8=', 'a', '!!!!', '', 'aGVsbG8=\n', 'aG Vs'],
  duration: [
    '1h30m',
    '90s',
    '1.5h',
    '-1m',
    '3 days',
    '1d',
    '2w',
    'P1D',
    'PT1H30M',
    'P1Y2M',
    'P',
    'PT',
    '1',
    '0',
    'ten',
    '',
    '1 h',
    '5 minutes',
    '1hour',
    '2562047h',
    '2562048.5h',
    '99999999999999999999h',
    '+0',
    '.s',
    '1.s',
    '1h 2m',
  ],
  ipv4: ['10.0.0.1', '010.0.0.1', '0010.0.0.1', '256.0.0.1', '1.2.3', '::1', '1.2.3.4.5', ''],
  ipv6: ['fe80::1', '::ffff:10.0.0.1', '10.0.0.1', 'fe80::1%eth0', 'gggg::1', ''],
  cidr: ['10.0.0.0/8', '10.0.0.1/32', 'fe80::/64', '10.0.0.0/33', '10.0.0.0', ''],
  uri: ['https://example.com/a?b=c', '/relative/path', 'mailto:a@b.c', 'not a uri', 'example.com', ''],
  email: ['a@example.com', 'a.b+c@example.co', 'not-an-email', 'a@', ''],
  hostname: [
    'example.com',
    'a',
    'a-b.c',
    'a-b.cd',
    '-bad',
    'bad-',
    'bad_host',
    'x'.repeat(64),
    'x'.repeat(63),
    'a.b.c.example',
    'ex.123',
    '',
  ],
  uuid: ['123e4567-e89b-12d3-a456-426614174000', '123e4567e89b12d3a456426614174000', 'not-a-uuid', ''],
  mac: ['00:1a:2b:3c:4d:5e', '00-1A-2B-3C-4D-5E', '001a.2b3c.4d5e', '00:1a:2b', ''],
  hexcolor: ['#fff', '#a0b0c0', 'fff', '#ffff', ''],
  quantity: ['1Gi', 'lots'],
  int32: ['abc'],
};

const field = (format: string) => `f${format.replace(/[^a-z0-9]/gi, '')}`;
const formatSchema = {
  type: 'object',
  properties: {
    apiVersion: { type: 'string' },
    kind: { type: 'string' },
    metadata: { type: 'object' },
    spec: { type: 'object', properties: Object.fromEntries(Object.keys(VALUES).map((f) => [field(f), { type: 'string', format: f }])) },
  },
};
const name = (n: string) => ({ name: n });
const CASES: Record<string, Record<string, unknown>> = {
  'dotted name': name('a.b.c'),
  'upper-case name': name('Abc'),
  'leading dash': name('-abc'),
  'trailing dot': name('abc.'),
  'name of 253': name('a'.repeat(253)),
  'name of 254': name('a'.repeat(254)),
  'label-sized segment 64 in name': name(`${'a'.repeat(64)}.b`),
  'generateName with dash': { generateName: 'job-' },
  'generateName ending in dot': { generateName: 'job.' },
  'generateName upper case': { generateName: 'Job-' },
  'generateName of 300': { generateName: `${'g'.repeat(300)}-` },
  'generateName single dash': { generateName: '-' },
  'label key prefixed': { name: 'a', labels: { 'app.kubernetes.io/name': 'x' } },
  'label key upper-case prefix': { name: 'a', labels: { 'Example.com/x': 'y' } },
  'label key 63': { name: 'a', labels: { ['k'.repeat(63)]: 'v' } },
  'label key 64': { name: 'a', labels: { ['k'.repeat(64)]: 'v' } },
  'label key with two slashes': { name: 'a', labels: { 'a/b/c': 'v' } },
  'label key empty prefix': { name: 'a', labels: { '/x': 'v' } },
  'label value with dots and dashes': { name: 'a', labels: { k: 'a.b-c_d' } },
  'label value leading dash': { name: 'a', labels: { k: '-a' } },
  'label value 63': { name: 'a', labels: { k: 'v'.repeat(63) } },
  'label value 64': { name: 'a', labels: { k: 'v'.repeat(64) } },
  'annotation key upper case': { name: 'a', annotations: { 'Example.COM/Key': 'v' } },
  'annotation key with space': { name: 'a', annotations: { 'bad key': 'v' } },
  'annotation value huge': { name: 'a', annotations: { k: 'x'.repeat(262_000) } },
  'annotations over the total': { name: 'a', annotations: { k1: 'x'.repeat(140_000), k2: 'x'.repeat(140_000) } },
  'finalizer with domain': { name: 'a', finalizers: ['example.com/cleanup'] },
  'finalizer plain': { name: 'a', finalizers: ['cleanup'] },
  'finalizer with space': { name: 'a', finalizers: ['clean up'] },
  'finalizer upper case': { name: 'a', finalizers: ['Example.com/Cleanup'] },
  'owner reference complete': { name: 'a', ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'c', uid: 'u' }] },
  'owner reference without uid': { name: 'a', ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'c' }] },
  'labels not strings': { name: 'a', labels: { k: 1 } },
  'labels a list': { name: 'a', labels: ['x'] },
  'generation a string': { name: 'a', generation: 'one' },
  'unknown metadata field': { name: 'a', nickname: 'x' },
  'creationTimestamp null, as kubectl writes it': { name: 'a', creationTimestamp: null },
  'every other field null': Object.fromEntries(
    ['generateName', 'namespace', 'uid', 'resourceVersion', 'generation', 'deletionTimestamp', 'deletionGracePeriodSeconds']
      .concat(['labels', 'annotations', 'finalizers', 'ownerReferences', 'managedFields', 'selfLink'])
      .map((k) => [k, null])
      .concat([['name', 'a']]),
  ),
};

const metadataSchema = {
  type: 'object',
  properties: { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' } },
};
const str = { type: 'string', maxLength: 64 };
const ints = { type: 'array', maxItems: 8, items: { type: 'integer' } };
const strs = { type: 'array', maxItems: 8, items: { type: 'string', maxLength: 16 } };
const FIELDS: Record<string, [Record<string, unknown>, string, unknown[]]> = {
  ip: [str, 'isIP(self)', ['10.0.0.1', 'fe80::1', '010.0.0.1', '10.0.0.1%eth0', 'nope']],
  cidr: [str, 'isCIDR(self)', ['10.0.0.0/8', '10.0.0.1/8', 'fe80::/64', '10.0.0.0/33', '10.0.0.0']],
  url: [str, 'isURL(self)', ['https://example.com/a', '/path', 'example.com', 'http://', 'a b']],
  quantity: [str, 'isQuantity(self)', ['1Gi', '500m', '1.5', '1e3', 'lots', '1GB']],
  sorted: [ints, 'self.isSorted()', [[1, 2, 2], [2, 1], []]],
  sum: [ints, 'self.sum() < 10', [[1, 2], [5, 6], []]],
  min: [
    ints,
    'self.min() > 0',
    [
      [1, 2],
      [0, 3],
    ],
  ],
  index: [strs, "self.indexOf('a') == 0", [['a', 'b'], ['b', 'a'], []]],
  last: [
    strs,
    "self.lastIndexOf('a') == 1",
    [
      ['a', 'a'],
      ['a', 'b'],
    ],
  ],
  text: [
    str,
    "self.lowerAscii().split(',').size() <= 2 && !self.startsWith('x') && self.substring(0, 1) != 'y'",
    ['A,B', 'a,b,c', 'xa', 'ya'],
  ],
  every: [str, "duration(self) < duration('1h')", ['30m', '2h', '1h']],
  regex: [str, "self.matches('^[a-z]+$')", ['abc', 'aBc']],
  find: [str, "self.find('[0-9]+') == '12'", ['a12b34', '12', 'x', 'a1b2', '123']],
  findAll: [str, "self.findAll('a*') == ['', 'aaa', '']", ['baaac', 'aaa', 'bc', 'xaaay', '']],
  findAllN: [str, "self.findAll('[0-9]+', 2).size() == 2 && self.findAll('[0-9]+', 0).size() == 0", ['1a2b3', '1a', '12 34', 'x']],
  // URLs: Go's ParseRequestURI decides, Go's Parse gives the parts.
  urlParts: [
    str,
    "url(self).getScheme() == 'https' && url(self).getHostname() == 'example.com'",
    [
      'https://example.com/a',
      'https://example.com:8443/',
      'http://example.com',
      'HTTPS://example.com',
      '/path',
      'https://u@example.com',
      'https://a:b:c/',
    ],
  ],
  urlPort: [
    str,
    "url(self).getPort() == '8080'",
    ['https://a.io:8080/x', 'https://[::1]:8080', 'https://a.io/', 'https://a.io:80', 'https://a.io:x/'],
  ],
  urlHost: [str, "url(self).getHost() == '[::1]:80'", ['https://[::1]:80/p', 'https://[::1]/p', 'https://127.0.0.1:80/', 'mailto:x@y']],
  urlPath: [
    str,
    "url(self).getEscapedPath() == '/a%20b'",
    ['https://a.io/a b', 'https://a.io/a%20b', '/a b', 'https://a.io/ab', 'https://a.io/a%zzb', 'https://a.io/a b#x'],
  ],
  urlQuery: [
    str,
    "url(self).getQuery()['k'] == ['a', 'b c']",
    ['https://a.io/?k=a&k=b+c', 'https://a.io/?k=a', '/p?k=a&j=c&k=b%20c', '/p'],
  ],
  // IP addresses and CIDRs: Go's netip, IPv4-mapped IPv6 refused.
  ipFamily: [
    str,
    'ip(self).family() == 6 && !ip(self).isLoopback()',
    ['fe80::1', '::1', '10.0.0.1', '::ffff:10.0.0.1', '2001:db8::1', '1::2::3'],
  ],
  ipGlobal: [
    str,
    'ip(self).isGlobalUnicast()',
    [
      '8.8.8.8',
      '255.255.255.255',
      '224.0.0.1',
      '169.254.1.1',
      '240.0.0.1',
      '127.0.0.2',
      'ff02::1',
      '2001:db8::1',
      '::',
      '0.0.0.0',
      'fe80::9',
    ],
  ],
  ipMulticast: [
    str,
    'ip(self).isLinkLocalMulticast() || ip(self).isUnspecified()',
    ['224.0.0.5', '224.0.1.5', 'ff02::2', 'ff05::2', '::', '0.0.0.0'],
  ],
  ipLinkLocal: [str, 'ip(self).isLinkLocalUnicast()', ['169.254.169.254', '169.253.0.1', 'fe80::1', 'febf::1', 'fec0::1']],
  ipCanonical: [
    str,
    'ip.isCanonical(self)',
    [
      '2001:db8::abcd',
      '2001:DB8::ABCD',
      '2001:db8::0:0:0:abcd',
      '10.0.0.1',
      '::1',
      '0:0:0:0:0:0:0:1',
      '2001:db8:0:0:1:0:0:1',
      '2001:db8::1:0:0:1',
      '1:0:2::',
    ],
  ],
  ipEqual: [str, "ip(self) == ip('2001:db8::1') && string(ip(self)) == '2001:db8::1'", ['2001:DB8::1', '2001:db8:0::1', '2001:db8::2']],
  cidrContainsIP: [
    str,
    "cidr(self).containsIP('10.1.2.3') && cidr(self).prefixLength() <= 16",
    ['10.0.0.0/8', '10.1.0.0/16', '10.1.2.0/24', '11.0.0.0/8', 'fe80::/10', '10.0.0.0/08', '10.0.0.0'],
  ],
  cidrContainsCIDR: [str, "cidr('10.0.0.0/8').containsCIDR(self)", ['10.1.0.0/16', '10.0.0.0/8', '0.0.0.0/0', '11.0.0.0/16', 'fe80::/64']],
  cidrMasked: [
    str,
    "cidr(self).masked() == cidr('10.0.0.0/8') && string(cidr(self).ip()) != '10.0.0.0'",
    ['10.1.2.3/8', '10.0.0.0/8', '10.1.2.3/16'],
  ],
  cidrIPv6: [
    str,
    "cidr(self).containsIP(ip('fe80::1')) && string(cidr(self)) == self",
    ['fe80::/10', 'fe80::/128', '::/0', '10.0.0.0/8', 'FE80::/10'],
  ],
  // Quantities: exact decimals, binary and decimal suffixes, rounding up below 1n.
  quantityLess: [
    str,
    "quantity(self).isLessThan(quantity('1Gi')) && sign(quantity(self)) > 0",
    ['500Mi', '1Gi', '1G', '0', '-1', '1.5e9', '999999999', 'abc', '1.5Gi'],
  ],
  quantityInteger: [
    str,
    'quantity(self).isInteger() && quantity(self).asInteger() % 2 == 0',
    ['2', '2k', '1.5', '100m', '1Ei', '10E', '2000m', '4e0', '3'],
  ],
  quantityMath: [str, "quantity(self).add(quantity('500m')).sub(1).compareTo(quantity('1')) == 0", ['1.5', '1500m', '1', '0.5']],
  quantityEqual: [str, "quantity(self) == quantity('1')", ['1000m', '1', '1.0', '0.001k', '1Ki', '+1']],
  quantityFloat: [str, 'quantity(self).asApproximateFloat() > 0.25', ['300m', '250m', '1n', '1', '-1']],
  quantityRounding: [str, "quantity(self) == quantity('1n')", ['0.1n', '1n', '0.0000000001', '0.000000001', '2n']],
  quantityAddInt: [str, "quantity(self).add(1).isGreaterThan(quantity('2'))", ['1', '1.5', '2']],
  // isInteger() answers from how resource.Quantity holds the value, not from the value alone.
  quantityForm: [
    str,
    'quantity(self).isInteger()',
    ['1.0', '1.5Gi', '1Ki', '2000m', '1e3', '1k', '9223372036854775807', '9223372036854775808', '1Ei', '8Ei', '10E', '0.5'],
  ],
  setsContains: [strs, "sets.contains(self, ['a', 'b'])", [['a', 'b', 'c'], ['a'], [], ['b', 'a']]],
  setsEquivalent: [ints, 'sets.equivalent(self, [1, 2, 2])', [[2, 1], [1, 2, 3], [1], [1, 1, 2]]],
  setsIntersects: [strs, "sets.intersects(self, ['x', 'y'])", [['a', 'y'], ['a'], []]],
  quantityAddForm: [str, "quantity(self).add(quantity('1')).isInteger()", ['1', '1.5', '1000m', '1Ei', '1k']],
};

// The format library (1.31+): format.<name>() and format.named() with validate(), whose optional result is read with hasValue/value/orValue.
const FORMAT_LIBRARY: Record<string, [Record<string, unknown>, string, unknown[]]> = {
  label: [str, '!format.dns1123Label().validate(self).hasValue()', ['my-name', 'My-Name', 'a'.repeat(63), 'a'.repeat(64), '-a', '']],
  named: [str, "format.named('dns1035Label').value().validate(self).orValue([]).size() == 0", ['abc', '1abc', 'a-b', 'a_b']],
  unknownName: [str, '!format.named(self).hasValue()', ['nope', 'uuid', 'portName', 'dns1123Label', 'DNS1123Label']],
  prefix: [str, '!format.dns1123SubdomainPrefix().validate(self).hasValue()', ['my-prefix-', 'my.prefix.-', 'My-', '-', 'a.-']],
  labelAndName: [
    str,
    '!format.labelValue().validate(self).hasValue() && !format.qualifiedName().validate(self).hasValue()',
    ['app', 'a.b_c', 'x.io/y', '', 'a b', 'x/y/z'],
  ],
  uriOrUuid: [
    str,
    '!format.uri().validate(self).hasValue() || !format.uuid().validate(self).hasValue()',
    ['https://x.io', '123e4567-e89b-12d3-a456-426614174000', 'nope', '/abs', 'https://a:b:c/'],
  ],
  dates: [
    str,
    '!format.date().validate(self).hasValue() || !format.datetime().validate(self).hasValue()',
    ['2024-01-01', '2024-01-01T00:00:00Z', 'x', '2024-13-01'],
  ],
  bytes: [str, '!format.byte().validate(self).hasValue()', ['aGVsbG8=', 'a', 'aGVsbG8']],
};

// Semantic versions (1.33+): their own kind, so an apiserver without them says so in one place.
const SEMVER: Record<string, [Record<string, unknown>, string, unknown[]]> = {
  semverGreater: [
    str,
    "isSemver(self) && semver(self).isGreaterThan(semver('1.2.3'))",
    ['1.2.4', '1.2.3', '1.2.3-rc.1', '1.10.0', '2.0.0+build', 'v1.2.4', '1.2', '01.2.4'],
  ],
  semverNormalize: [
    str,
    'isSemver(self, true) && semver(self, true).major() == 1 && semver(self, true).minor() == 2',
    ['v1.2', '1.02.0', 'v1.2.0-alpha', '1.3.0', 'x'],
  ],
  semverPrerelease: [
    str,
    "semver(self).compareTo(semver('1.0.0-alpha.1')) > 0",
    ['1.0.0-alpha.beta', '1.0.0-alpha', '1.0.0-alpha.2', '1.0.0-1', '1.0.0', '1.0.0-alpha.01'],
  ],
  semverEqual: [str, "semver(self) == semver('1.0.0') && semver(self).patch() == 0", ['1.0.0+meta', '1.0.0', '1.0.1']],
};

function rulesSchema(fields: typeof FIELDS) {
  return {
    type: 'object',
    properties: {
      apiVersion: { type: 'string' },
      kind: { type: 'string' },
      metadata: { type: 'object' },
      spec: {
        type: 'object',
        properties: Object.fromEntries(
          Object.entries(fields).map(([k, [s, rule]]) => [
            k,
            { ...s, 'x-kubernetes-validations': [{ rule, messageExpression: `'${k} failed'` }] },
          ]),
        ),
      },
    },
  };
}
const celSchema = rulesSchema(FIELDS);
const semverSchema = rulesSchema(SEMVER);
const formatLibrarySchema = rulesSchema(FORMAT_LIBRARY);

const testCrd = (kind: string, schema: object) => namespacedCrd('test.io', kind, schema);
const crdOf = (kind: string) => testCrdOf('test.io', kind);

let plane: ControlPlane;
beforeAll(async () => {
  plane = await startControlPlane();
  const dir = mkdtempSync(join(tmpdir(), 'value-by-value-'));
  const files = (
    [
      ['Format', formatSchema],
      ['Meta', metadataSchema],
      ['Cel', celSchema],
      ['Semver', semverSchema],
      ['Fmt', formatLibrarySchema],
    ] as const
  ).map(([kind, schema]) => {
    const file = join(dir, `${kind}.yaml`);
    writeFileSync(file, stringify(testCrd(kind, schema)));
    return file;
  });
  await installCrds(plane, files);
});
afterAll(async () => {
  await plane?.stop();
});

it('accepts and refuses the same format values as the apiserver', async () => {
  const compiled = compileSchema(formatSchema, { namespaced: true });
  const cases = Object.entries(VALUES).flatMap(([format, values]) => values.map((value) => ({ format, value })));
  const docs = cases.map(({ format, value }) => ({
    apiVersion: 'test.io/v1',
    kind: 'Format',
    metadata: { name: 'f' },
    spec: { [field(format)]: value },
  }));
  const theirs = await mapLimit(docs, 6, (doc) => dryRunCreate(plane, crdOf('Format'), 'v1', doc));
  const differences = cases
    .map((c, i) => ({ ...c, ours: compiled.check(docs[i]).valid, apiserver: theirs[i]!.valid }))
    .filter((c) => c.ours !== c.apiserver);
  expect(differences).toEqual([]);
});

it('judges metadata as the apiserver does on create', async () => {
  const compiled = compileSchema(metadataSchema, { namespaced: true });
  const cases = Object.entries(CASES);
  const docs = cases.map(([, metadata]) => ({ apiVersion: 'test.io/v1', kind: 'Meta', metadata }));
  const theirs = await mapLimit(docs, 6, (doc) => dryRunCreate(plane, crdOf('Meta'), 'v1', doc));
  const differences = cases
    .map(([label], i) => ({
      label,
      ours: compiled.check(docs[i]).valid,
      apiserver: theirs[i]!.valid,
      message: theirs[i]!.message.slice(0, 200),
    }))
    .filter((c) => c.ours !== c.apiserver);
  expect(differences).toEqual([]);
});

/** Each value of each field in its own document, judged by the engine and by the apiserver: the differences. */
async function celDifferences(kind: string, schema: object, fields: typeof FIELDS) {
  const compiled = compileSchema(schema, { namespaced: true });
  const cases = Object.entries(fields).flatMap(([k, [, , values]]) => values.map((value) => ({ field: k, value })));
  const docs = cases.map(({ field: f, value }) => ({ apiVersion: 'test.io/v1', kind, metadata: { name: 'c' }, spec: { [f]: value } }));
  const theirs = await mapLimit(docs, 6, (doc) => dryRunCreate(plane, crdOf(kind), 'v1', doc));
  const ours = docs.map((d) => compiled.check(d));
  const differences = cases
    .map((c, i) => ({
      ...c,
      ours: ours[i]!.valid,
      apiserver: theirs[i]!.valid,
      message: theirs[i]!.message.slice(0, 160),
      skipped: ours[i]!.skipped.length,
    }))
    .filter((c) => c.ours !== c.apiserver || c.skipped > 0);
  // Both verdicts occur for every field: each rule is really exercised.
  const oneSided = Object.keys(fields).filter((f) => new Set(cases.flatMap((c, i) => (c.field === f ? [theirs[i]!.valid] : []))).size < 2);
  return { cases, theirs, ours, differences, oneSided };
}

it('evaluates the Kubernetes CEL library functions as the apiserver does', async () => {
  const { cases, theirs, ours, differences, oneSided } = await celDifferences('Cel', celSchema, FIELDS);
  expect(differences).toEqual([]);
  expect(oneSided).toEqual([]);
  // messageExpression: the apiserver's message and ours carry the same text.
  const failed = cases.findIndex((c) => c.field === 'sum' && JSON.stringify(c.value) === '[5,6]');
  expect(theirs[failed]!.message).toContain('sum failed');
  expect(ours[failed]!.issues.map((i) => i.message)).toEqual(['Invalid value: sum failed']);
});

it('evaluates the format library as the apiserver does', async () => {
  const { differences, oneSided } = await celDifferences('Fmt', formatLibrarySchema, FORMAT_LIBRARY);
  expect(differences).toEqual([]);
  expect(oneSided).toEqual([]);
});

it('evaluates the semver library as the apiserver does', async () => {
  const { differences, oneSided } = await celDifferences('Semver', semverSchema, SEMVER);
  expect(differences).toEqual([]);
  expect(oneSided).toEqual([]);
});
