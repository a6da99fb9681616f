// gen-operator's side of bench/generate: load + check, generate and type-check every CRD in one process.
// Usage: node bench/generate/ours.mjs <out folder> <crd file>...   Prints one JSON line with the figures.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Loaded as CommonJS, as tsc loads itself: importing it from ESM first scans all 9 MB for named exports.
const ts = createRequire(import.meta.url)('typescript');

const repo = fileURLToPath(new URL('../..', import.meta.url));
const { emitResource } = await import(join(repo, 'packages/gen-operator/dist/emit/index.js'));
const { load } = await import(join(repo, 'packages/gen-operator/dist/load/index.js'));
const { buildModels } = await import(join(repo, 'packages/gen-operator/dist/model/index.js'));

const [out, ...inputs] = process.argv.slice(2);
const t0 = performance.now();
const loaded = await load(inputs);
const models = buildModels(loaded.documents);
const problems = [...loaded.diagnostics, ...models.diagnostics].filter((d) => d.severity === 'error');
const t1 = performance.now();

await rm(out, { recursive: true, force: true });
await mkdir(out, { recursive: true });
await writeFile(join(out, 'package.json'), '{"type":"module"}');
const files = [];
let bytes = 0;
let versions = 0;
for (const model of models.resources) {
  const { file } = await emitResource(model, [model.source.file]);
  const path = join(out, `${model.group}_${model.kind}.ts`);
  await writeFile(path, file.content);
  files.push(path);
  bytes += Buffer.byteLength(file.content);
  versions += model.versions.filter((v) => v.served).length;
}
const t2 = performance.now();

// One program over every generated file, against the runtime's declarations, with the generated
// project's tsconfig (templates/tsconfig.json.tmpl) and no emit. JSDoc is parsed as tsc parses it
// for .ts files: only where it could make a type error.
const options = {
  target: ts.ScriptTarget.ES2023,
  lib: ['lib.es2023.d.ts'],
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  strict: true,
  noUncheckedIndexedAccess: true,
  verbatimModuleSyntax: true,
  noEmit: true,
  skipLibCheck: true,
  types: [],
  paths: { '@gen-operator/runtime': [join(repo, 'packages/runtime/dist/index.d.ts')] },
};
const host = ts.createCompilerHost(options);
host.jsDocParsingMode = ts.JSDocParsingMode.ParseForTypeErrors;
const program = ts.createProgram({ rootNames: files, options, host });
const errors = ts.getPreEmitDiagnostics(program).filter((d) => d.category === ts.DiagnosticCategory.Error);
const t3 = performance.now();

console.log(
  JSON.stringify({
    crds: models.resources.length,
    versions,
    problems: problems.length,
    files: files.length,
    bytes,
    typeErrors: errors.length,
    phases: { load: t1 - t0, generate: t2 - t1, typeCheck: t3 - t2 },
  }),
);
