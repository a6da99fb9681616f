// Generate + type-check every corpus CRD: gen-operator beside `cdk8s import` (cdk8s-cli) and
// @kubernetes-models/crd-generate, same files, same run, same TypeScript for the type-check.
// Usage: npm run build && node bench/generate/run.mjs [runs of gen-operator, best kept; default 1]
// The peers are this folder's devDependencies (package.json here, not the workspace's); they are
// installed with `npm ci --prefix bench/generate` on first run. Output goes to a temporary folder
// (outside the repository, where no linter walks), with this folder's node_modules linked in for tsc.
// Target: ours ≤ 15 s and ≤ 1 GB RSS.
import { mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { ensureInstalled } from '../lib/ensure-installed.mjs';
import { measure, outputSize } from './measure.mjs';
import { CATEGORIES, CHECKS, fieldHasKeyword, runChecks } from './probes.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '../..');
const corpus = join(root, 'test/corpus');
const out = join(tmpdir(), 'gen-operator-bench-generate');
const tsc = join(root, 'node_modules/typescript/bin/tsc');
const { parseFile } = await import(join(root, 'packages/gen-operator/dist/load/index.js'));

const runs = Number(process.argv[2] ?? 1);
const crds = listYaml(join(corpus, 'crds'));
for (const check of CHECKS) {
  if (!fieldHasKeyword(corpus, check, parseFile)) throw new Error(`corpus changed: ${check[3]} ${check[4]} no longer has ${check[5]}`);
}
ensureInstalled(here);
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
symlinkSync(join(here, 'node_modules'), join(out, 'node_modules'), 'dir');

const bin = (pkg, name) => {
  const dir = join(here, 'node_modules', pkg);
  const { bin: b } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  return join(dir, typeof b === 'string' ? b : b[name]);
};
// The peers' output is written for bundlers (extensionless imports), so it is checked that way.
const PEER_TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    module: 'esnext',
    moduleResolution: 'bundler',
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
  },
  include: ['**/*.ts'],
};
const bundler = { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler };
const nodeNext = {
  target: ts.ScriptTarget.ES2023,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  paths: { '@gen-operator/runtime': [join(root, 'packages/runtime/dist/index.d.ts')] },
};

async function typeCheck(dir) {
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(PEER_TSCONFIG));
  const run = await measure(process.execPath, [tsc, '-p', join(dir, 'tsconfig.json')]);
  return { ...run, errors: (run.stdout.match(/error TS\d+/g) ?? []).length };
}

const rows = [];

{
  const dir = join(out, 'gen-operator');
  let run;
  for (let i = 0; i < runs; i++) {
    const next = await measure(process.execPath, [join(here, 'ours.mjs'), dir, ...crds]);
    if (next.code !== 0) throw new Error(`gen-operator failed:\n${next.stderr}`);
    if (!run || next.ms < run.ms) run = next;
  }
  const r = JSON.parse(run.stdout.trim().split('\n').at(-1));
  rows.push({
    tool: 'gen-operator',
    versions: r.versions,
    generate: run.ms - r.phases.typeCheck,
    typeCheck: r.phases.typeCheck,
    total: run.ms,
    cpu: run.cpuMs,
    peak: run.peakBytes,
    size: { files: r.files, bytes: r.bytes },
    errors: r.typeErrors,
    checks: runChecks('ours', dir, nodeNext),
    note: 'one process',
  });
}

{
  const dir = join(out, 'cdk8s');
  mkdirSync(dir);
  // One `cdk8s import` over every file; a module name per file, or CRDs of one group overwrite each other.
  const imports = crds.map(
    (f) =>
      `  - ${f
        .split('/')
        .at(-1)
        .replace(/\.ya?ml$/, '')
        .replace(/[^A-Za-z0-9]+/g, '-')}:=${f}`,
  );
  writeFileSync(join(dir, 'cdk8s.yaml'), `language: typescript\nimports:\n${imports.join('\n')}\n`);
  const gen = await measure(process.execPath, [bin('cdk8s-cli', 'cdk8s'), 'import', '-l', 'typescript', '-o', 'imports'], { cwd: dir });
  if (gen.code !== 0) throw new Error(`cdk8s import failed:\n${gen.stderr}`);
  const size = outputSize(join(dir, 'imports'));
  const check = await typeCheck(dir);
  const versions = readdirSync(join(dir, 'imports')).reduce(
    (n, f) => n + (readFileSync(join(dir, 'imports', f), 'utf8').match(/ extends ApiObject \{/g) ?? []).length,
    0,
  );
  rows.push(peerRow('cdk8s import', gen, check, size, versions, runChecks('cdk8s', dir, bundler)));
}

{
  const dir = join(out, 'crd-generate');
  const args = [bin('@kubernetes-models/crd-generate', 'crd-generate'), ...crds.flatMap((f) => ['--input', f]), '--output', dir];
  const gen = await measure(process.execPath, args);
  if (gen.code !== 0) throw new Error(`crd-generate failed:\n${gen.stderr}`);
  const size = outputSize(dir);
  const check = await typeCheck(dir);
  const versions = listFiles(dir).filter((f) => /\/[A-Z]\w*\.ts$/.test(f) && !f.includes('/_schemas/')).length;
  rows.push(peerRow('crd-generate', gen, check, size, versions, runChecks('crd-generate', dir, bundler)));
}

function peerRow(tool, gen, check, size, versions, checks) {
  return {
    tool,
    versions,
    generate: gen.ms,
    typeCheck: check.ms,
    total: gen.ms + check.ms,
    cpu: gen.cpuMs + check.cpuMs,
    peak: Math.max(gen.peakBytes, check.peakBytes),
    size,
    errors: check.errors,
    checks,
    note: 'generator, then tsc',
  };
}

const s = (ms) => `${(ms / 1000).toFixed(1)} s`;
const mib = (b) => `${(b / 2 ** 20).toFixed(0)} MiB`;
const mb = (b) => `${(b / 1e6).toFixed(1)} MB`;
const passed = (row, category) => {
  const mine = row.checks.filter((c) => c.category === category);
  return `${mine.filter((c) => c.pass).length}/${mine.length}`;
};
const [ours] = rows;
const [one, five, fifteen] = loadavg().map((l) => l.toFixed(1));

console.log(`\n### Generate + type-check: ${crds.length} CRD files (${corpus}/crds), load average ${one} ${five} ${fifteen}`);
console.log(
  `gen-operator: best of ${runs}; peers: one run each. CPU time (user+sys, all threads) hardly moves with other load on the machine; wall time does.\n`,
);
console.log(
  `| tool | versions typed | generate | type-check | total (wall) | CPU (user+sys) | vs gen-operator | peak RSS | output | type errors | ${CATEGORIES.join(' | ')} |`,
);
console.log(`|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|${CATEGORIES.map(() => ':---:').join('|')}|`);
for (const r of rows) {
  const ratio =
    r === ours
      ? '1×'
      : `${(r.total / ours.total).toFixed(1)}× wall, ${(r.cpu / ours.cpu).toFixed(1)}× CPU, ${(r.peak / ours.peak).toFixed(1)}× RSS`;
  console.log(
    `| ${r.tool} (${r.note}) | ${r.versions} | ${s(r.generate)} | ${s(r.typeCheck)} | ${s(r.total)} | ${s(r.cpu)} | ${ratio} | ${mib(r.peak)} | ${r.size.files} files, ${mb(r.size.bytes)} | ${r.errors} | ${CATEGORIES.map((c) => passed(r, c)).join(' | ')} |`,
  );
}
console.log(`\n| field (corpus CRD, storage version) | ${rows.map((r) => r.tool).join(' | ')} |`);
console.log(`|---|${rows.map(() => '---').join('|')}|`);
CHECKS.forEach((check, i) => {
  const cells = rows.map((r) => `${r.checks[i].pass ? '✓' : '✗'} \`${r.checks[i].type.replace(/\|/g, '\\|')}\``);
  console.log(`| ${check[0]}: ${rows[0].checks[i].label} | ${cells.join(' | ')} |`);
});

function listYaml(dir) {
  return listFiles(dir).filter((f) => /\.ya?ml$/.test(f));
}
function listFiles(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath ?? e.path, e.name))
    .sort();
}
