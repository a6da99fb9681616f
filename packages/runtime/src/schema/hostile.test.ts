/**
 * Hostile inputs for the schema engine, each under a time bound far above its normal cost (a few
 * milliseconds) and far below what the attack would take without the defence (hours): regular
 * expressions that backtrack, keys named after Object.prototype members, and CEL rules and
 * documents built to run for ever. Large inputs are built here, not kept in the repository.
 */
import { describe, expect, it } from 'vitest';
import { ruleProblems } from './cel/estimate.js';
import { compileSchema } from './compiled-schema.js';
import { formatValidator } from './formats.js';

const BOUND = 5_000;
const root = (spec: object) => ({
  type: 'object',
  properties: { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' }, spec },
});
const resource = (spec: unknown) => ({ apiVersion: 'x.io/v1', kind: 'X', metadata: { name: 'x' }, spec });
const messages = (r: { issues: { message: string }[] }) => r.issues.map((i) => i.message);

describe('regular expressions run in linear time', () => {
  const evil = '(x+x+)+y';
  const xs = 'x'.repeat(40);

  it.each([
    ['pattern keyword', { type: 'string', pattern: evil }, xs, false],
    ['pattern keyword, long input', { type: 'string', pattern: evil }, 'x'.repeat(100_000), false],
    ['nested groups', { type: 'string', pattern: '^(a|aa)+$' }, `${'a'.repeat(5_000)}b`, false],
    ['CEL matches()', { type: 'string', 'x-kubernetes-validations': [{ rule: `self.matches('${evil}')` }] }, xs, false],
    ['CEL matches() that passes', { type: 'string', 'x-kubernetes-validations': [{ rule: `self.matches('${evil}')` }] }, `${xs}y`, true],
  ])(
    '%s',
    (_label, spec, value, valid) => {
      expect(compileSchema(root(spec)).check(resource(value)).valid).toBe(valid);
    },
    BOUND,
  );

  const duration = formatValidator('duration')!;
  it.each([
    ['Go duration digits without a unit', `${'1'.repeat(200_000)}x`, false],
    ['Go duration of many parts', '1h'.repeat(100_000), true],
    ['not Go, but words inside', `${'1.5s'.repeat(50_000)}.`, true],
    ['words with spaces between parts', `${'1 s '.repeat(20_000)}!`, true],
    ['spaces around a lone number', `${' '.repeat(100_000)}1${' '.repeat(100_000)}`, false],
    ['digits and spaces without a unit', `${'1 '.repeat(100_000)}`, false],
    ['a number beyond int64 before a unit', `P${'1'.repeat(100_000)}D`, false],
    ['many unknown words', '1 parsec '.repeat(30_000), false],
  ])(
    'duration format: %s',
    (_label, value, valid) => {
      expect(duration(value)).toBe(valid);
    },
    BOUND,
  );

  it(
    'hostname format: a long near-miss',
    () => {
      expect(formatValidator('hostname')!(`${'a-'.repeat(126)}.`)).toBe(false);
    },
    BOUND,
  );

  it(
    'a duration-typed CEL value parsed from a long string',
    () => {
      const spec = { type: 'string', format: 'duration', 'x-kubernetes-validations': [{ rule: "self > duration('1s')" }] };
      expect(compileSchema(root(spec)).check(resource(`${'9'.repeat(100_000)}q`)).valid).toBe(false);
    },
    BOUND,
  );
});

describe('keys named after Object.prototype members', () => {
  // JSON.parse makes `__proto__` an own key, as YAML and JSON decoding of a CRD or document do.
  const spec = JSON.parse(`{
    "type": "object",
    "required": ["toString", "__proto__"],
    "properties": {
      "__proto__": { "type": "string" },
      "constructor": { "type": "string", "default": "made" },
      "toString": { "type": "string" },
      "hasOwnProperty": { "type": "object", "properties": { "__proto__": { "type": "integer", "default": 1 } }, "default": {} },
      "items": {
        "type": "array",
        "x-kubernetes-list-type": "map",
        "x-kubernetes-list-map-keys": ["constructor"],
        "items": { "type": "object", "required": ["constructor"], "properties": { "constructor": { "type": "string" } } }
      }
    },
    "x-kubernetes-validations": [
      { "rule": "self.constructor == 'made'" },
      { "rule": "self.__underscores__proto__underscores__ != 'evil'" }
    ]
  }`);
  const schema = compileSchema(root(spec));
  const check = (json: string) => schema.check(resource(JSON.parse(json)));

  it(
    'required keys are looked up as own fields',
    () => {
      expect(
        check('{}')
          .issues.filter((i) => i.rule === 'required')
          .map((i) => i.path),
      ).toEqual(['spec.toString', 'spec.__proto__']);
      expect(check('{"toString": "a", "__proto__": "b"}').valid).toBe(true);
    },
    BOUND,
  );

  it(
    'defaults fill own fields, and a __proto__ default does not replace the prototype',
    () => {
      const value = (schema.withDefaults(resource(JSON.parse('{"toString": "a", "__proto__": "b"}'))) as { spec: Record<string, unknown> })
        .spec;
      expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
      expect(Object.hasOwn(value, 'constructor') && value.constructor).toBe('made');
      const inner = value.hasOwnProperty as unknown as Record<string, unknown>;
      expect(Object.hasOwn(inner, '__proto__')).toBe(true);
      expect(Object.getOwnPropertyDescriptor(inner, '__proto__')?.value).toBe(1);
      expect(Object.getPrototypeOf(inner)).toBe(Object.prototype);
    },
    BOUND,
  );

  it(
    'pruning keeps declared prototype names and drops undeclared ones',
    () => {
      const { value, unknownFields } = schema.prune(resource(JSON.parse('{"toString": "a", "valueOf": "x", "isPrototypeOf": 1}')));
      expect(unknownFields).toEqual(['spec.valueOf', 'spec.isPrototypeOf']);
      expect(Object.keys(value.spec as object)).toEqual(['toString']);
    },
    BOUND,
  );

  it(
    'CEL sees the fields, not the prototype',
    () => {
      expect(messages(check('{"toString": "a", "__proto__": "evil", "constructor": "other"}'))).toEqual([
        "Invalid value: failed rule: self.constructor == 'made'",
        "Invalid value: failed rule: self.__underscores__proto__underscores__ != 'evil'",
      ]);
    },
    BOUND,
  );

  it(
    'list-map keys named constructor',
    () => {
      const r = check('{"toString": "a", "__proto__": "b", "items": [{"constructor": "1"}, {"constructor": "1"}]}');
      expect(messages(r)).toEqual(['Duplicate value: {"constructor":"1"}']);
    },
    BOUND,
  );

  it(
    'untyped data with prototype keys reaches CEL as a map',
    () => {
      const open = compileSchema(
        root({
          type: 'object',
          'x-kubernetes-preserve-unknown-fields': true,
          'x-kubernetes-validations': [{ rule: "self.constructor == 'c'" }],
        }),
      );
      expect(open.check(resource(JSON.parse('{"constructor": "c", "__proto__": {"a": 1}}'))).valid).toBe(true);
      expect(open.check(resource(JSON.parse('{"constructor": "d"}'))).valid).toBe(false);
    },
    BOUND,
  );

  it(
    'a scale path through a prototype name',
    () => {
      const scaled = compileSchema(root({ type: 'object', properties: { constructor: { type: 'integer' } } }), {
        scale: { specReplicasPath: '.spec.constructor', statusReplicasPath: '.status.replicas' },
      });
      expect(scaled.check(resource({})).valid).toBe(true);
      expect(scaled.check(resource({ constructor: -1 })).valid).toBe(false);
    },
    BOUND,
  );
});

describe('CEL cost', () => {
  const nested = {
    type: 'array',
    items: { type: 'integer' },
    'x-kubernetes-validations': [{ rule: 'self.all(x, self.all(y, x + y >= 0))' }],
  };

  it(
    'a quadratic rule over a large list stops at the per-call limit',
    () => {
      const list = Array.from({ length: 20_000 }, (_, i) => i);
      expect(messages(compileSchema(root(nested)).check(resource(list)))).toEqual([
        "Invalid value: 'operation cancelled: actual cost limit exceeded': no further validation rules will be run due to call cost exceeds limit for rule: self.all(x, self.all(y, x + y >= 0))",
      ]);
    },
    BOUND,
  );

  it(
    'a cubic rule over a map stops at the per-call limit',
    () => {
      const map = Object.fromEntries(Array.from({ length: 2_000 }, (_, i) => [`k${i}`, 'v']));
      const spec = {
        type: 'object',
        additionalProperties: { type: 'string' },
        'x-kubernetes-validations': [{ rule: 'self.all(a, self.all(b, self.all(c, a != "")))' }],
      };
      expect(compileSchema(root(spec)).check(resource(map)).valid).toBe(false);
    },
    BOUND,
  );

  it(
    'many rules on many items stop at the object budget',
    () => {
      const items = {
        type: 'array',
        items: { type: 'string', 'x-kubernetes-validations': Array.from({ length: 50 }, (_, i) => ({ rule: `!self.contains('${i}')` })) },
      };
      const result = compileSchema(root(items)).check(resource(Array.from({ length: 200 }, () => 'a'.repeat(20_000))));
      expect(messages(result).at(-1)).toBe(
        'Invalid value: validation failed due to running out of cost budget, no further validation rules will be run',
      );
    },
    BOUND,
  );

  it(
    'the estimate refuses the unbounded rule and accepts it bounded',
    () => {
      expect(ruleProblems(root(nested)).map((p) => p.message)).toEqual([
        'estimated rule cost exceeds budget by factor of more than 100x (try simplifying the rule, or adding maxItems, maxProperties, and maxLength where arrays, maps, and strings are declared)',
        'x-kubernetes-validations estimated rule cost total for entire OpenAPIv3 schema exceeds budget by factor of more than 100x (try simplifying the rule, or adding maxItems, maxProperties, and maxLength where arrays, maps, and strings are declared)',
      ]);
      expect(ruleProblems(root({ ...nested, maxItems: 100 }))).toEqual([]);
    },
    BOUND,
  );

  it(
    'a deeply nested comprehension and a long rule are estimated quickly',
    () => {
      let rule = 'true';
      for (let i = 0; i < 40; i++) rule = `self.all(v${i}, ${rule})`;
      expect(ruleProblems(root({ ...nested, 'x-kubernetes-validations': [{ rule }] })).length).toBeGreaterThan(0);
      const long = Array.from({ length: 2_000 }, (_, i) => `self.size() != ${i}`).join(' && ');
      expect(ruleProblems(root({ ...nested, maxItems: 10, 'x-kubernetes-validations': [{ rule: long }] }))).toEqual([]);
    },
    BOUND,
  );

  it.each([
    ['does not parse', 'self.all(x,'],
    ['an unclosed string', "self == 'x"],
    ['an undeclared field', 'self.nope > 0'],
    ['compares a string with an integer', "self.a == 'x'"],
  ])(
    'a rule that %s is refused',
    (_label, rule) => {
      const spec = { type: 'object', properties: { a: { type: 'integer' } }, 'x-kubernetes-validations': [{ rule }] };
      expect(ruleProblems(root(spec)).map((p) => p.message)).toEqual([expect.stringMatching(/^compilation failed: /)]);
    },
    BOUND,
  );
});
