import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { emitResource } from '../src/emit/index.js';
import { load } from '../src/load/index.js';
import { buildModels } from '../src/model/index.js';
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
