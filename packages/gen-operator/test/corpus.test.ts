import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { buildSample, emitResource } from '../src/emit/index.js';
import { generate } from '../src/generate.js';
import { load } from '../src/load/index.js';
import { buildModels, compileVersion } from '../src/model/index.js';
import { runValidate } from '../src/cli/commands/validate.js';
import { repoDir, typeCheck, workDir } from './helpers.js';

const corpus = join(repoDir, 'test', 'corpus', 'crds');

// Every served version of every corpus CRD gets types, and they all compile (HTTPRoute included).
it('every corpus CRD generates types that type-check', { timeout: 300_000 }, async () => {
  const dir = join(workDir, 'corpus');
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const loaded = await load([corpus]);
  const models = buildModels(loaded.documents);
  const failures: string[] = [];
  for (const d of [...loaded.diagnostics, ...models.diagnostics]) {
    if (d.severity === 'error') failures.push(`${d.file}:${d.line}:${d.col} ${d.message}`);
  }
  const files = new Map<string, string>();
  for (const model of models.resources) {
    const name = `${model.group}_${model.kind}.ts`;
    try {
      const { file } = await emitResource(model, [model.source.file]);
      files.set(name, model.name);
      await writeFile(join(dir, name), file.content);
    } catch (error) {
      failures.push(`${model.name}: ${(error as Error).message}`);
    }
  }
  const result = await typeCheck(dir, ['*.ts']);
  for (const line of result.output.split('\n').filter((l) => /error TS/.test(l))) {
    failures.push(`${files.get(line.split('(')[0]!) ?? '?'}: ${line}`);
  }
  expect(models.resources.length).toBe(85);
  expect(files.size).toBe(85);
  expect(failures).toEqual([]);
});

// The sample of every corpus kind passes its schema and CEL rules, checked again here with the engine of `gen-operator validate`.
it('every corpus CRD gets a valid sample', { timeout: 300_000 }, async () => {
  const models = buildModels((await load([corpus])).documents);
  const invalid: string[] = [];
  for (const model of models.resources) {
    const sample = buildSample(model);
    const version = model.versions.find((v) => v.name === model.preferredVersion)!;
    const result = compileVersion(model, version).check(sample.example);
    const unchecked = result.skipped.filter((s) => s.reason === 'unsupported').map((s) => `not checkable: ${s.rule}`);
    const problems = [...result.issues.map((i) => `${i.path}: ${i.message}`), ...unchecked];
    if (!sample.valid || problems.length > 0) invalid.push(`${model.name}: ${[...sample.problems, ...problems].join('; ')}`);
  }
  expect(models.resources.length).toBe(85);
  expect(invalid).toEqual([]);
});

// A project per operator of the corpus (one project for all would hold two kinds named Cluster); each project's
// `npm run validate` is `gen-operator validate crds examples`, run here as the script does.
it("a project generated from each operator's CRDs passes its own validate", { timeout: 600_000 }, async () => {
  const failures: string[] = [];
  let resources = 0;
  for (const operator of (await readdir(corpus, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name)) {
    const out = join(workDir, 'corpus-projects', operator);
    await rm(out, { recursive: true, force: true });
    const result = await generate({ paths: [join(corpus, operator)], out, runtime: 'file' });
    const bad = result.diagnostics.filter((d) => d.severity === 'error' || d.code.startsWith('sample-'));
    if (bad.length > 0 || !result.written) failures.push(`${operator}: ${bad.map((d) => d.message).join('; ') || 'not written'}`);
    let report = '';
    const code = await runValidate({ paths: [join(out, 'crds'), join(out, 'examples')], stdout: { write: (t: string) => (report += t) } });
    const checked = /(\d+) resources? checked against (\d+) CRDs?: all valid/.exec(report);
    if (code !== 0 || !checked || checked[1] !== checked[2]) failures.push(`${operator}: validate exit ${code}\n${report}`);
    resources += Number(checked?.[1] ?? 0);
  }
  expect(failures).toEqual([]);
  expect(resources).toBe(85);
});
