import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { compileSchema } from '@gen-operator/runtime';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../src/diagnostics.js';
import { buildSample } from '../src/emit/index.js';
import { patternSamples } from '../src/emit/pattern-sample.js';
import { MAX_CHECKS, searchSample } from '../src/emit/sample-search.js';
import { load } from '../src/load/index.js';
import { buildModels, compileVersion, type ResourceModel } from '../src/model/index.js';
import { runValidate } from '../src/cli/commands/validate.js';
import { packageDir, runCli, typeCheck, workDir } from './helpers.js';

const fixtures = join(packageDir, 'test/fixtures/samples');

async function models(file: string): Promise<Map<string, ResourceModel>> {
  const loaded = await load([join(fixtures, file)]);
  const built = buildModels(loaded.documents);
  expect(built.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return new Map(built.resources.map((m) => [m.kind, m]));
}

/** The verdict of the engine `gen-operator validate` uses, CEL included. */
function issuesOf(model: ResourceModel, document: unknown): string[] {
  const version = model.versions.find((v) => v.name === model.preferredVersion)!;
  const result = compileVersion(model, version).check(document);
  return [...result.issues.map((i) => `${i.path}: ${i.message}`), ...result.skipped.map((s) => `skipped ${s.rule}`)];
}

describe('the generated sample passes the schema and its CEL rules', () => {
  it('exactly one of two optional members: the draft sets both, the sample keeps one', async () => {
    const feeder = (await models('rules.yaml')).get('Feeder')!;
    const sample = buildSample(feeder);
    expect(sample.valid).toBe(true);
    expect(issuesOf(feeder, sample.example)).toEqual([]);
    const spec = sample.example.spec as Record<string, unknown>;
    expect(['seeds' in spec, 'nectar' in spec].filter(Boolean)).toHaveLength(1);
  });

  it('a filter(...).size() == 1 over a list whose items have no required field', async () => {
    const pond = (await models('rules.yaml')).get('Pond')!;
    const sample = buildSample(pond);
    expect(sample.valid).toBe(true);
    expect(issuesOf(pond, sample.example)).toEqual([]);
    const pumps = (sample.example.spec as { pumps: { mode?: string }[] }).pumps;
    expect(pumps.filter((p) => p.mode === 'primary')).toHaveLength(1);
  });

  it('string relations, a comparison of two fields, a pattern and a hostile pattern', async () => {
    const shed = (await models('rules.yaml')).get('Shed')!;
    const sample = buildSample(shed);
    expect(sample.valid).toBe(true);
    expect(issuesOf(shed, sample.example)).toEqual([]);
    const spec = sample.example.spec as { door: string; lock: string; shelves: number; hooks: number };
    expect(spec.door.endsWith('-door')).toBe(true);
    expect(spec.lock).toMatch(/^[a-z]{3}-[0-9]+$/);
    expect(spec.shelves).toBeLessThan(spec.hooks);
  });

  it('an unsatisfiable rule: the closest sample, said invalid, with what is wrong', async () => {
    const hive = (await models('unsatisfiable.yaml')).get('Beehive')!;
    const sample = buildSample(hive);
    expect(sample.valid).toBe(false);
    expect(issuesOf(hive, sample.example).length).toBeGreaterThan(0);
    expect(sample.problems.join('\n')).toContain('self.queen.size()');
    expect(sample.problems.some((p) => p.startsWith('spec.buzz:'))).toBe(true);
  });

  it('a rule the engine cannot evaluate: the sample passes the rest, and says which rules it could not check', async () => {
    const text = (await readFile(join(fixtures, 'rules.yaml'), 'utf8'))
      .split('---')[0]!
      .replace(
        'message: give seeds or nectar, not both',
        'message: give seeds or nectar, not both\n                - rule: "self.?seeds.orValue(0) >= 0"',
      );
    const file = join(workDir, 'unchecked.yaml');
    await writeFile(file, text);
    const built = buildModels((await load([file])).documents);
    const sample = buildSample(built.resources[0]!);
    expect(sample.valid).toBe(true);
    expect(sample.unchecked).toEqual(['self.?seeds.orValue(0) >= 0']);
  });

  it('the search is bounded: a rule no value meets ends it after MAX_CHECKS checks', () => {
    const schema = {
      type: 'object',
      properties: {
        spec: {
          type: 'object',
          'x-kubernetes-validations': [{ rule: 'self.a == self.a + 1' }],
          properties: { a: { type: 'integer' }, b: { type: 'array', items: { type: 'object', properties: { a: { type: 'integer' } } } } },
        },
      },
    };
    const compiled = compileSchema(schema);
    let checks = 0;
    const result = searchSample({ apiVersion: 'x.io/v1', kind: 'X', metadata: { name: 'x' }, spec: { a: 1, b: [] } }, schema, (d) => {
      checks++;
      return compiled.check(d).issues;
    });
    expect(result.issues.length).toBeGreaterThan(0);
    expect(checks).toBe(result.checks);
    expect(checks).toBeLessThanOrEqual(MAX_CHECKS);
  });
});

describe('strings for patterns', () => {
  const cases: [string, RegExp][] = [
    ['^[a-z]{3}-[0-9]+$', /^[a-z]{3}-[0-9]+$/],
    ['^(x+x+)+y$', /^x+y$/],
    ['^(https?|ftp)://[^\\s/]+\\.example$', /^(https?|ftp):\/\/[^\s/]+\.example$/],
    ['(?i)^abc$', /^abc$/i],
    ['^[^a-z0-9]{2}$', /^[^a-z0-9]{2}$/],
  ];
  it.each(cases)('%s', (pattern, check) => {
    const samples = patternSamples(pattern);
    expect(samples.length).toBeGreaterThan(0);
    for (const s of samples) expect(s).toMatch(check);
  });

  it('nothing for what cannot be spelled out or is too long, rather than a wrong string', () => {
    expect(patternSamples('^(a)\\1$')).toEqual([]);
    expect(patternSamples('^a{2000}$')).toEqual([]);
    expect(patternSamples('[')).toEqual([]);
  });
});

describe('a project from a CRD without a valid sample', () => {
  it('warns, writes the example commented out, leaves the kind out of e2e, and validates green', { timeout: 120_000 }, async () => {
    const out = join(workDir, 'samples');
    const run = await runCli([join(fixtures, 'unsatisfiable.yaml'), join(fixtures, 'rules.yaml'), '--out', out, '--json']);
    const report = JSON.parse(run.stdout) as { ok: boolean; written: boolean; diagnostics: Diagnostic[] };
    expect(run.code).toBe(0);
    expect(report.diagnostics.map((d) => [d.severity, d.code, d.file.endsWith('unsatisfiable.yaml')])).toEqual([
      ['warning', 'sample-invalid', true],
    ]);
    expect([...report.diagnostics[0]!.message].filter((c) => c.charCodeAt(0) < 0x20)).toEqual([]);
    const example = await readFile(join(out, 'examples/beehive.yaml'), 'utf8');
    expect(
      example
        .trimEnd()
        .split('\n')
        .every((line) => line.startsWith('#')),
    ).toBe(true);
    expect(example).toContain("#   spec: Invalid value: failed rule: self.queen.size()\\n  > 10 && self.queen != '\\x1b[2J'");
    expect(example).not.toContain('\u001b');
    const e2e = await readFile(join(out, 'test/e2e.test.ts'), 'utf8');
    expect(e2e).not.toContain('client.create({"apiVersion":"garden.example.org/v1","kind":"Beehive"');
    expect(e2e).toContain("it('the apiserver serves Beehive'");
    for (const kind of ['Feeder', 'Pond', 'Shed']) expect(e2e).toContain(`it('the operator handles a new ${kind} and its deletion'`);
    const unit = await readFile(join(out, 'test/beehive.test.ts'), 'utf8');
    expect(unit).not.toContain("it('the example is valid against the CRD schema'");
    expect(await readFile(join(out, 'test/pond.test.ts'), 'utf8')).toContain("it('the example is valid against the CRD schema'");
    // `npm run validate` in the project: gen-operator validate crds examples.
    let text = '';
    const code = await runValidate({ paths: [join(out, 'crds'), join(out, 'examples')], stdout: { write: (t: string) => (text += t) } });
    expect(text).toContain('3 resources checked against 4 CRDs: all valid');
    expect(code).toBe(0);
    // The tests written for a kind without a valid sample compile like the others.
    const compiled = await typeCheck(out, ['src', 'test']);
    expect(compiled.output).toBe('');
  });
});
