/**
 * The schema engine's hostile-input limits, verdict by verdict against the real apiserver:
 * - CRDs whose rules the apiserver refuses when they are created (do not compile, name a field the
 *   schema does not declare, or exceed the estimated cost per rule or per CRD) and their bounded
 *   twins it accepts: `ruleProblems` must refuse exactly the same ones;
 * - fields named `__proto__`, `constructor`, `toString`, `hasOwnProperty` in properties, required,
 *   defaults, documents, map keys and CEL: the same verdict and the same stored object;
 * - the runtime cost limits: a rule over its per-call limit and rules over the object's budget.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileSchema, jsonEqual, ruleProblems } from '@gen-operator/runtime';
import { type ControlPlane, installCrds, RestError, startControlPlane } from '@gen-operator/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dryRunCreate, mapLimit, testCrd as namespacedCrd, testCrdOf } from './apiserver.js';

type Json = Record<string, unknown>;

const root = (spec: Json): Json => ({
  type: 'object',
  properties: { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' }, spec },
});

const testCrd = (kind: string, schema: Json) => namespacedCrd('limits.test.io', kind, schema);
const crdOf = (kind: string) => testCrdOf('limits.test.io', kind);

const rules = (...list: string[]) => ({ 'x-kubernetes-validations': list.map((rule) => ({ rule })) });
const ints = (maxItems?: number) => ({ type: 'array', items: { type: 'integer' }, ...(maxItems === undefined ? {} : { maxItems }) });
const strings = (maxItems?: number, maxLength?: number) => ({
  type: 'array',
  items: { type: 'string', ...(maxLength === undefined ? {} : { maxLength }) },
  ...(maxItems === undefined ? {} : { maxItems }),
});
/** The same rule copied n times with a number changed, so the CRD's total grows but no rule does. */
const copies = (n: number, rule: (i: number) => string) => rules(...Array.from({ length: n }, (_, i) => rule(i)));

/** Properties named after Object.prototype's members; JSON.parse keeps `__proto__` an own key. */
const prototypeSpec: Json = JSON.parse(`{
  "type": "object",
  "required": ["toString"],
  "properties": {
    "__proto__": { "type": "string" },
    "constructor": { "type": "string", "default": "built" },
    "toString": { "type": "string" },
    "hasOwnProperty": { "type": "integer", "default": 3 },
    "valueOf": { "type": "object", "properties": { "__proto__": { "type": "string", "default": "inner" } }, "default": {} },
    "tags": {
      "type": "object",
      "maxProperties": 8,
      "additionalProperties": { "type": "string", "maxLength": 16 },
      "x-kubernetes-validations": [{ "rule": "!('__proto__' in self) || self['__proto__'] == 'fine'" }]
    }
  },
  "x-kubernetes-validations": [
    { "rule": "self.constructor == 'built' || self.constructor == 'x'" },
    { "rule": "self.toString != 'bad'" },
    { "rule": "!has(self.__underscores__proto__underscores__) || self.__underscores__proto__underscores__ != 'evil'" },
    { "rule": "self.hasOwnProperty < 10" }
  ]
}`);

// CRDs the apiserver refuses or accepts for their rules: [label, spec schema, accepted?].
const RULE_CASES: [string, Json, boolean][] = [
  ['nested all over an unbounded list', { ...ints(), ...rules('self.all(x, self.all(y, x + y >= 0))') }, false],
  ['nested all over a list of 100', { ...ints(100), ...rules('self.all(x, self.all(y, x + y >= 0))') }, true],
  ['nested exists_one over unbounded strings', { ...strings(), ...rules('self.all(a, self.exists_one(b, a == b))') }, false],
  ['nested exists_one over 64 bounded strings', { ...strings(64, 63), ...rules('self.all(a, self.exists_one(b, a == b))') }, true],
  ['one all over an unbounded list', { ...ints(), ...rules('self.all(x, x > 0)') }, true],
  ['string function over unbounded strings', { ...strings(), ...rules("self.all(s, s.contains('x'))") }, false],
  ['string function over bounded strings', { ...strings(1000, 100), ...rules("self.all(s, s.contains('x'))") }, true],
  [
    'rules on the items of an unbounded list of lists',
    { type: 'array', items: { ...ints(), ...rules('self.all(x, self.all(y, x < y || x >= y))') } },
    false,
  ],
  [
    'map comprehension over an unbounded map',
    { type: 'object', additionalProperties: { type: 'string' }, ...rules('self.all(k, self.all(j, k != j || true))') },
    false,
  ],
  [
    'the same map bounded',
    {
      type: 'object',
      maxProperties: 20,
      additionalProperties: { type: 'string', maxLength: 10 },
      ...rules('self.all(k, self.all(j, k != j || true))'),
    },
    true,
  ],
  [
    'many rules, each within its limit, over the CRD total',
    { ...ints(1000), ...copies(60, (i) => `self.all(x, self.all(y, x + y != ${i}))`) },
    false,
  ],
  ['a few of the same rules', { ...ints(1000), ...copies(3, (i) => `self.all(x, self.all(y, x + y != ${i}))`) }, true],
  ['a rule that does not parse', { type: 'object', properties: { a: { type: 'integer' } }, ...rules('self.a ==') }, false],
  ['a rule with an unclosed string', { type: 'object', properties: { a: { type: 'string' } }, ...rules("self.a == 'x") }, false],
  ['a rule naming an undeclared field', { type: 'object', properties: { a: { type: 'integer' } }, ...rules('self.b > 0') }, false],
  ['a string compared with an integer', { type: 'object', properties: { a: { type: 'integer' } }, ...rules("self.a == 'x'") }, false],
  [
    'a string and a boolean added',
    { type: 'object', properties: { s: { type: 'string' }, b: { type: 'boolean' } }, ...rules("self.s + self.b == 'x'") },
    false,
  ],
  ['an integer compared with a double', { type: 'object', properties: { a: { type: 'integer' } }, ...rules('self.a < 1.5') }, true],
  [
    'has() on __proto__ when only constructor is declared',
    { type: 'object', properties: { constructor: { type: 'string' } }, ...rules('has(self.__proto__)') },
    false,
  ],
  [
    'a declared constructor field',
    { type: 'object', properties: { constructor: { type: 'string' } }, ...rules("self.constructor != ''") },
    true,
  ],
  ['fields with prototype names', prototypeSpec, true],
];

/** A rule within the static limit whose evaluation on a full list passes the per-call limit. */
const percallSpec = { type: 'object', properties: { list: ints(1000) }, ...rules('self.list.all(x, self.list.all(y, x + y >= 0))') };

/**
 * 150 rules, each well within its own limits, that together pass the object's budget on a long
 * string: string functions cost by length, so the budget runs out in little time.
 */
const budgetSpec = {
  type: 'object',
  properties: { text: { type: 'string', maxLength: 1_000_000 } },
  ...copies(150, (i) => `!self.text.contains('zz${i}')`),
};

let plane: ControlPlane;
beforeAll(async () => {
  plane = await startControlPlane();
  const dir = mkdtempSync(join(tmpdir(), 'limits-'));
  const files = (
    [
      ['Proto', root(prototypeSpec)],
      ['Percall', root(percallSpec)],
      ['Budget', root(budgetSpec)],
    ] as const
  ).map(([kind, schema]) => {
    const file = join(dir, `${kind}.yaml`);
    writeFileSync(file, JSON.stringify(testCrd(kind, schema)));
    return file;
  });
  await installCrds(plane, files);
}, 120_000);
afterAll(async () => {
  await plane?.stop();
});

async function crdAccepted(kind: string, spec: Json): Promise<{ accepted: boolean; message: string }> {
  try {
    await plane.request('POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions?dryRun=All', testCrd(kind, root(spec)));
    return { accepted: true, message: '' };
  } catch (err) {
    if (err instanceof RestError && err.status === 422) return { accepted: false, message: String((err.body as Json)?.message ?? '') };
    throw err;
  }
}

describe('CRD rules', () => {
  it('are refused and accepted as the apiserver refuses and accepts them', async () => {
    const theirs = await mapLimit(RULE_CASES, 4, ([, spec], i) => crdAccepted(`Rule${i}`, spec));
    const rows = RULE_CASES.map(([label, spec, expected], i) => ({
      label,
      expected,
      apiserver: theirs[i]!.accepted,
      ours: ruleProblems(root(spec)).length === 0,
      message: theirs[i]!.message.slice(0, 300),
    }));
    // The table says what each case is about; the apiserver is the judge, and we must agree with it.
    expect(rows.filter((r) => r.apiserver !== r.expected || r.ours !== r.apiserver)).toEqual([]);
  }, 120_000);

  it('says what the apiserver says about cost', async () => {
    const [label, spec] = RULE_CASES[0]!;
    const theirs = await crdAccepted('Costly', spec);
    const ours = ruleProblems(root(spec));
    expect(theirs.message, label).toContain('estimated rule cost exceeds budget by factor of more than 100x');
    expect(ours.map((p) => p.path.join('.'))).toEqual(['properties.spec.x-kubernetes-validations.0.rule', '']);
    for (const problem of ours) expect(theirs.message).toContain(problem.message);
  });
});

describe('fields named after Object.prototype members', () => {
  const docs: [string, string][] = [
    ['only the required field', '{"toString": "a"}'],
    ['nothing: toString is required', '{}'],
    ['a rule on toString', '{"toString": "bad"}'],
    ['a rule on __proto__', '{"toString": "a", "__proto__": "evil"}'],
    ['__proto__ kept as a field', '{"toString": "a", "__proto__": "ok"}'],
    ['a rule on constructor', '{"toString": "a", "constructor": "y"}'],
    ['a null constructor takes the default', '{"toString": "a", "constructor": null}'],
    ['hasOwnProperty over its bound', '{"toString": "a", "hasOwnProperty": 11}'],
    ['hasOwnProperty of the wrong type', '{"toString": "a", "hasOwnProperty": "x"}'],
    ['an undeclared prototype name', '{"toString": "a", "isPrototypeOf": "x"}'],
    ['a nested __proto__ default', '{"toString": "a", "valueOf": {}}'],
    ['a __proto__ map key that passes', '{"toString": "a", "tags": {"__proto__": "fine", "constructor": "c"}}'],
    ['a __proto__ map key that fails', '{"toString": "a", "tags": {"__proto__": "no"}}'],
    ['a toString map key', '{"toString": "a", "tags": {"toString": "t"}}'],
  ];

  it('get the apiserver verdicts and stored objects', async () => {
    const compiled = compileSchema(root(prototypeSpec), { namespaced: true });
    const documents = docs.map(([, spec]) => ({
      apiVersion: 'limits.test.io/v1',
      kind: 'Proto',
      metadata: { name: 'p' },
      spec: JSON.parse(spec),
    }));
    const theirs = await mapLimit(documents, 4, async (doc) => {
      const verdict = await dryRunCreate(plane, crdOf('Proto'), 'v1', doc);
      const stored = verdict.valid
        ? ((await plane.request(
            'POST',
            `/apis/limits.test.io/v1/namespaces/default/protos?dryRun=All&fieldValidation=Strict`,
            doc,
          )) as Json)
        : undefined;
      return { ...verdict, stored: stored?.spec };
    });
    const rows = docs.map(([label], i) => {
      const ours = compiled.check(documents[i]);
      return {
        label,
        apiserver: theirs[i]!.valid,
        ours: ours.valid,
        sameStored: !theirs[i]!.valid || jsonEqual((ours.value as Json).spec, theirs[i]!.stored),
        message: theirs[i]!.message.slice(0, 200),
      };
    });
    expect(rows.filter((r) => r.apiserver !== r.ours || !r.sameStored)).toEqual([]);
    // The cases split both ways: the table is not all valid or all invalid.
    expect(new Set(rows.map((r) => r.apiserver)).size).toBe(2);
  }, 120_000);
});

describe('runtime cost limits', () => {
  /** Both verdicts on each document; where the apiserver refuses, its message and ours. */
  async function agree(kind: string, spec: Json, specs: Json[], theirText: string, ourMessage: string) {
    const schema = compileSchema(root(spec));
    const verdicts: boolean[] = [];
    for (const body of specs) {
      const document = { apiVersion: 'limits.test.io/v1', kind, metadata: { name: 'c' }, spec: body };
      const theirs = await dryRunCreate(plane, crdOf(kind), 'v1', document);
      const ours = schema.check(document);
      expect(ours.valid).toBe(theirs.valid);
      if (!theirs.valid) {
        expect(theirs.message).toContain(theirText);
        expect(ours.issues.map((i) => i.message)).toEqual([`Invalid value: ${ourMessage}`]);
      }
      verdicts.push(theirs.valid);
    }
    // The small document passes and the large one does not: the limit is what decides.
    expect(verdicts).toEqual([true, false]);
  }

  it('stop one rule at its per-call limit, with the apiserver message', async () => {
    const list = (n: number) => ({ list: Array.from({ length: n }, (_, i) => i) });
    await agree(
      'Percall',
      percallSpec,
      [list(100), list(1000)],
      'no further validation rules will be run due to call cost exceeds limit for rule',
      "'operation cancelled: actual cost limit exceeded': no further validation rules will be run due to call cost exceeds limit for rule: self.list.all(x, self.list.all(y, x + y >= 0))",
    );
  }, 60_000);

  it('stop all rules when the object budget runs out, with the apiserver message', async () => {
    const outOfBudget = 'validation failed due to running out of cost budget, no further validation rules will be run';
    await agree('Budget', budgetSpec, [{ text: 'a'.repeat(10_000) }, { text: 'a'.repeat(1_000_000) }], outOfBudget, outOfBudget);
  }, 60_000);
});
