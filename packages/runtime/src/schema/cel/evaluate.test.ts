import { describe, expect, it } from 'vitest';
import { compileSchema } from '../compiled-schema.js';

const withRules = (spec: Record<string, unknown>) => ({
  type: 'object',
  properties: { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' }, spec: { type: 'object', ...spec } },
});
const check = (spec: Record<string, unknown>, value: unknown, name = 'a') =>
  compileSchema(withRules(spec)).check({ apiVersion: 'x/v1', kind: 'X', metadata: { name }, spec: value });

describe('x-kubernetes-validations', () => {
  const props = {
    properties: {
      min: { type: 'integer' },
      max: { type: 'integer' },
      ip: { type: 'string' },
      names: { type: 'array', items: { type: 'string' } },
      'dash-name': { type: 'string' },
      when: { type: 'string', format: 'date-time' },
      every: { type: 'string', format: 'duration' },
    },
  };
  const cases: [string, string, unknown, boolean][] = [
    ['integers are CEL ints', 'self.min + 1 <= self.max', { min: 1, max: 2 }, true],
    ['violation', 'self.min <= self.max', { min: 3, max: 2 }, false],
    ['has()', 'has(self.ip) || !has(self.min)', { min: 1 }, false],
    ['macros and strings', "self.names.all(n, n.startsWith('a')) && self.names.exists_one(n, n == 'ab')", { names: ['ab', 'ac'] }, true],
    ['strings extension', "self.ip.split('.').size() == 4 && self.ip.lowerAscii() == self.ip", { ip: '10.0.0.1' }, true],
    ['Kubernetes isIP', 'isIP(self.ip)', { ip: '10.0.0.999' }, false],
    ['RE2 matches', "self.ip.matches('^[0-9.]+$')", { ip: '10.0.0.1' }, true],
    ['regex find', "self.ip.find('[0-9]+') == '10' && self.ip.find('x') == ''", { ip: '10.0.0.1' }, true],
    [
      'regex findAll, Go empty-match rules',
      "'baaac'.findAll('a*') == ['', 'aaa', ''] && self.ip.findAll('[0-9]+', 2) == ['10', '0']",
      { ip: '10.0.0.1' },
      true,
    ],
    ['findAll with n = 0', "self.ip.findAll('[0-9]+', 0).size() == 0", { ip: '10.0.0.1' }, true],
    ['escaped property names', "self.dash__dash__name == 'x'", { 'dash-name': 'x' }, true],
    ['date-time is a timestamp', "self.when < timestamp('2030-01-01T00:00:00Z')", { when: '2024-01-01T00:00:00Z' }, true],
    ['duration format is a duration', "self.every > duration('1m')", { every: '90s' }, true],
    ['list helpers', 'self.names.isSorted()', { names: ['b', 'a'] }, false],
    ['missing field is an evaluation error', 'self.ip == "x"', {}, false],
    ['IP objects compare by address', "ip(self.ip) == ip('2001:db8::1')", { ip: '2001:DB8:0::1' }, true],
    ['IPv4-mapped IPv6 is refused', 'ip(self.ip).family() == 6', { ip: '::ffff:10.0.0.1' }, false],
    [
      'CIDR methods',
      "cidr(self.ip).masked() == cidr('10.0.0.0/8') && cidr(self.ip).containsIP(ip('10.9.9.9'))",
      { ip: '10.1.2.3/8' },
      true,
    ],
    [
      'URL parts',
      "url(self.ip).getHost() == '[::1]:80' && url(self.ip).getQuery()['a'] == ['1', '2']",
      { ip: 'https://[::1]:80/?a=1&a=2' },
      true,
    ],
    ['quantities compare by value', "quantity(self.ip) == quantity('1') && sign(quantity('-1k')) == -1", { ip: '1000m' }, true],
    ['semver precedence', "semver(self.ip).isLessThan(semver('1.0.0'))", { ip: '1.0.0-rc.1' }, true],
  ];
  it.each(cases)('%s', (_name, rule, value, valid) => {
    expect(check({ ...props, 'x-kubernetes-validations': [{ rule }] }, value).valid).toBe(valid);
  });

  it('uses message, messageExpression and fieldPath', () => {
    const r = check(
      {
        ...props,
        'x-kubernetes-validations': [
          { rule: 'self.min <= self.max', message: 'min must not exceed max', fieldPath: '.min' },
          { rule: 'self.min < 0', messageExpression: "'min is ' + string(self.min)" },
        ],
      },
      { min: 3, max: 2 },
    );
    expect(r.issues.map((i) => [i.path, i.message])).toEqual([
      ['spec.min', 'Invalid value: min must not exceed max'],
      ['spec', 'Invalid value: min is 3'],
    ]);
  });

  it('reports transition rules and what it cannot evaluate as not checkable, not as violations', () => {
    const unsupported = [
      'self.names.noSuchFunction()',
      "self.names.all(i, n, n != '')", // two-variable comprehension
      "self.?ip.orValue('') == ''", // optional syntax
    ];
    const r = check(
      { ...props, 'x-kubernetes-validations': [{ rule: 'self == oldSelf' }, ...unsupported.map((rule) => ({ rule }))] },
      { names: [], ip: '1' },
    );
    expect(r.valid).toBe(true);
    expect(r.skipped.map((s) => [s.rule, s.reason])).toEqual([
      ['self == oldSelf', 'transition'],
      ...unsupported.map((rule) => [rule, 'unsupported']),
    ]);
  });

  it('sees only name and generateName of metadata at the root', () => {
    const schema = {
      ...withRules({}),
      'x-kubernetes-validations': [{ rule: "self.metadata.name.startsWith('ok') && !has(self.metadata.labels)" }],
    };
    const run = (meta: object) => compileSchema(schema).check({ apiVersion: 'x/v1', kind: 'X', metadata: meta, spec: {} }).valid;
    expect(run({ name: 'ok-1', labels: { a: 'b' } })).toBe(true);
    expect(run({ name: 'no' })).toBe(false);
  });
});
