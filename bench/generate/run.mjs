// Generate + type-check every corpus CRD in one process (measured.md Targets: ≤ 15 s, ≤ 1 GB RSS).
// Prints one table. Run after `npm run build`: node bench/generate/run.mjs [corpus folder]
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const { emitResource } = await import(join(repo, 'packages/gen-operator/dist/emit/index.js'));
const { load } = await import(join(repo, 'packages/gen-operator/dist/load/index.js'));
const { buildModels } = await import(join(repo, 'packages/gen-operator/dist/model/index.js'));

const corpus = process.argv[2] ?? '/work/shared/corpus/crds';
const out = join(tmpdir(), 'gen-operator-bench-generate');
let peak = 0;
const sample = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().rss);
}, 20);

const t0 = performance.now();
const loaded = await load([corpus]);
const models = buildModels(loaded.documents);
const t1 = performance.now();
await rm(out, { recursive: true, force: true });
await mkdir(out, { recursive: true });
await writeFile(join(out, 'package.json'), '{"type":"module"}');
const files = [];
let bytes = 0;
let versions = 0;
for (const model of models.resources) {
  const { file, exports } = await emitResource(model, [model.source.file]);
  const path = join(out, `${model.group}_${model.kind}.ts`);
  await writeFile(path, file.content);
  files.push(path);
  bytes += file.content.length;
  versions += model.versions.filter((v) => v.served).length;
  void exports;
}
const t2 = performance.now();
const program = ts.createProgram(files, {
  target: ts.ScriptTarget.ES2023,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  strict: true,
  noEmit: true,
  skipLibCheck: true,
  types: [],
  paths: { '@gen-operator/runtime': [join(repo, 'packages/runtime/dist/index.d.ts')] },
});
const errors = ts.getPreEmitDiagnostics(program).filter((d) => d.category === ts.DiagnosticCategory.Error);
const t3 = performance.now();
clearInterval(sample);
peak = Math.max(peak, process.memoryUsage().rss);

const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
console.log('| tool | CRDs | versions typed | load + check | generate | type-check | total | peak RSS | output | type errors |');
console.log('|---|---|---|---|---|---|---|---|---|---|');
console.log(
  `| gen-operator | ${models.resources.length} | ${versions} | ${s(t1 - t0)} | ${s(t2 - t1)} | ${s(t3 - t2)} | ${s(t3 - t0)} | ${(peak / 2 ** 20).toFixed(0)} MiB | ${(bytes / 2 ** 20).toFixed(1)} MB | ${errors.length} |`,
);
