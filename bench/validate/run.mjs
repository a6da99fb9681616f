// `gen-operator validate` beside kubeconform, same run, same documents, schemas from the same CRDs.
// Usage: npm run build && node bench/validate/run.mjs [documents=10000] [runs=3]
// Prints documents/s and peak RSS for both, and — when node_modules/.cache/gen-operator/differential.json exists
// (written by the differential test, with the apiserver's verdicts) — how many verdicts each gets wrong.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import { SCHEMA_LOCATION, writeSchemas } from './to-jsonschema.mjs';
import { median } from '../lib/stats.mjs';

const N = Number(process.argv[2] ?? 10_000);
const RUNS = Number(process.argv[3] ?? 3);
const root = join(import.meta.dirname, '../..');
const corpus = join(root, 'test/corpus');
const KUBECONFORM_VERSION = 'v0.8.0';

function kubeconformBinary() {
  const bin = join(execFileSync('go', ['env', 'GOPATH'], { encoding: 'utf8' }).trim(), 'bin', 'kubeconform');
  if (!existsSync(bin)) {
    process.stderr.write(`installing kubeconform ${KUBECONFORM_VERSION} with go install…\n`);
    execFileSync('go', ['install', `github.com/yannh/kubeconform/cmd/kubeconform@${KUBECONFORM_VERSION}`], { stdio: 'inherit' });
  }
  return bin;
}

const yamlFiles = (dir) =>
  readdirSync(dir, { recursive: true })
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => join(dir, f));
const docsOf = (file) => parseAllDocuments(readFileSync(file, 'utf8')).map((d) => d.toJS({ maxAliasCount: -1 }));

const crds = yamlFiles(join(corpus, 'crds'))
  .flatMap(docsOf)
  .filter((d) => d?.kind === 'CustomResourceDefinition');
const served = new Set(
  crds.flatMap((c) => c.spec.versions.filter((v) => v.served).map((v) => `${c.spec.group}/${v.name}/${c.spec.names.kind}`)),
);
const examples = yamlFiles(join(corpus, 'examples'))
  .flatMap(docsOf)
  .filter((d) => d && served.has(`${d.apiVersion}/${d.kind}`));

const work = mkdtempSync(join(tmpdir(), 'bench-validate-'));
const schemas = join(work, 'schemas');
const schemaCount = writeSchemas(crds, schemas);
const kubeconform = kubeconformBinary();

// YAML for the throughput run (what users keep in git); JSON for the verdicts, so that no YAML 1.1/1.2
// difference (`yes`, `on`, octal) changes a mutated value on its way to either validator.
function writeDocs(dir, docs, ext = 'yaml') {
  mkdirSync(dir, { recursive: true });
  for (const [i, d] of docs.entries()) {
    writeFileSync(join(dir, `${String(i).padStart(5, '0')}.${ext}`), ext === 'json' ? JSON.stringify(d) : stringify(d));
  }
}

/** Runs a command under /usr/bin/time; returns wall seconds, peak RSS (MiB) and stdout. */
function timed(cmd, args, env = {}) {
  const r = spawnSync('/usr/bin/time', ['-f', '__TIME__ %e %M %U %S', cmd, ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    env: { ...process.env, ...env },
  });
  const line = r.stderr.split('\n').find((l) => l.startsWith('__TIME__'));
  if (!line) throw new Error(`${cmd} failed: ${r.stderr.slice(-2000)}`);
  const [, secs, kib, user, sys] = line.split(' ');
  return {
    secs: Number(secs),
    rssMiB: Math.round(Number(kib) / 1024),
    cpu: Number(user) + Number(sys),
    stdout: r.stdout,
    status: r.status,
  };
}

const kubeconformArgs = (dir, extra = [], workers = 2) => [
  '-strict',
  '-n',
  String(workers),
  '-schema-location',
  SCHEMA_LOCATION(schemas),
  ...extra,
  dir,
];
const oursArgs = (dir) => [join(import.meta.dirname, 'ours.mjs'), join(corpus, 'crds'), dir];

// 1. Throughput and memory on N one-document files.
const docsDir = join(work, 'docs');
writeDocs(
  docsDir,
  Array.from({ length: N }, (_, i) => {
    const d = structuredClone(examples[i % examples.length]);
    d.metadata = { ...(d.metadata ?? {}), name: `${d.metadata?.name ?? d.metadata?.generateName ?? 'doc'}-${i}`.replace(/-+(?=-)/g, '') };
    delete d.metadata.generateName;
    return d;
  }),
);
const rows = [];
// gen-operator validate caches parsed CRDs by content: "first run" has no cache, "next runs" reuse it
// (kubeconform reads JSON schemas converted beforehand, so its runs are all "next runs").
const cache = { GEN_OPERATOR_CACHE: join(work, 'cache') };
timed(process.execPath, oursArgs(docsDir), cache);
for (const [name, cmd, args, env] of [
  ['gen-operator validate (next runs: CRD cache)', process.execPath, oursArgs(docsDir), cache],
  ['gen-operator validate (first run: no CRD cache)', process.execPath, oursArgs(docsDir), { GEN_OPERATOR_CACHE: 'off' }],
  [`kubeconform ${KUBECONFORM_VERSION} (-strict -n 2)`, kubeconform, kubeconformArgs(docsDir, ['-summary'])],
  [`kubeconform ${KUBECONFORM_VERSION} (-strict -n 1)`, kubeconform, kubeconformArgs(docsDir, ['-summary'], 1)],
]) {
  const runs = Array.from({ length: RUNS }, () => timed(cmd, args, env));
  rows.push({ name, secs: median(runs.map((r) => r.secs)), rss: median(runs.map((r) => r.rssMiB)), cpu: median(runs.map((r) => r.cpu)) });
}
console.log(
  `\n${N} one-document files (the ${examples.length} corpus examples with served versions, cycled), ${crds.length} CRDs / ${schemaCount} versions; median of ${RUNS} runs\n`,
);
console.log('| validator | wall time (s) | documents/s | CPU time (s) | peak RSS (MiB) |');
console.log('|---|---:|---:|---:|---:|');
for (const r of rows) console.log(`| ${r.name} | ${r.secs.toFixed(2)} | ${Math.round(N / r.secs)} | ${r.cpu.toFixed(2)} | ${r.rss} |`);
console.log(
  `\n(load average at the end: ${(await import('node:os'))
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')} on ${(await import('node:os')).cpus().length} cores)`,
);

// 2. Verdicts on the differential set against the apiserver's.
const setFile = join(root, 'node_modules/.cache/gen-operator/differential.json');
if (!existsSync(setFile)) {
  console.log('\n(no node_modules/.cache/gen-operator/differential.json: run the differential test first for the verdict comparison)');
} else {
  const set = JSON.parse(readFileSync(setFile, 'utf8'));
  const diffDir = join(work, 'differential');
  writeDocs(
    diffDir,
    set.map((c) => c.doc),
    'json',
  );
  const kc = JSON.parse(timed(kubeconform, kubeconformArgs(diffDir, ['-output', 'json', '-verbose'])).stdout);
  const kcValid = new Map();
  for (const r of kc.resources ?? []) kcValid.set(Number(r.filename.match(/(\d+)\.json$/)[1]), r.status === 'statusValid');
  const ours = JSON.parse(
    timed(process.execPath, [join(import.meta.dirname, 'ours-json.mjs'), join(corpus, 'crds'), diffDir], cache).stdout,
  );
  const ourValid = new Map(ours.resources.map((r) => [Number(r.file.match(/(\d+)\.json$/)[1]), r.valid]));
  const byCategory = new Map();
  let kcWrong = 0;
  let ourWrong = 0;
  let falseAccept = 0;
  set.forEach((c, i) => {
    const row = byCategory.get(c.category) ?? { n: 0, kc: 0, ours: 0 };
    row.n++;
    if ((kcValid.get(i) ?? false) !== c.valid) {
      row.kc++;
      kcWrong++;
      if (kcValid.get(i)) falseAccept++;
    }
    if (ourValid.get(i) !== c.valid) {
      row.ours++;
      ourWrong++;
    }
    byCategory.set(c.category, row);
  });
  const pct = (w, n) => `${((100 * (n - w)) / n).toFixed(1)}%`;
  console.log(
    `\nVerdicts on the differential set (${set.length} documents; truth: kube-apiserver dry-run create, strict field validation)\n`,
  );
  console.log('| category | documents | kubeconform wrong | gen-operator validate wrong |');
  console.log('|---|---:|---:|---:|');
  for (const [k, r] of [...byCategory].sort()) console.log(`| ${k} | ${r.n} | ${r.kc} | ${r.ours} |`);
  console.log(
    `| all | ${set.length} | ${kcWrong} (${pct(kcWrong, set.length)} agreement; ${falseAccept} false accepts, ${kcWrong - falseAccept} false rejects) | ${ourWrong} (${pct(ourWrong, set.length)}) |`,
  );
}
rmSync(work, { recursive: true, force: true });
