/**
 * Differential test of the CRD-time check of `default` values: corpus CRDs with one default changed
 * to break one rule (or to be valid where a JavaScript check would refuse it), and probe fields for
 * the rules the corpus does not exercise, judged by `gen-operator`'s model (the runtime's schema
 * engine) and by the real apiserver (a dry-run create of the CRD). Only verdicts are compared:
 * accepted or refused. Any disagreement not listed with its reason in known-differences.json fails
 * the test; the table per rule is written to defaults-agreement.md.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ControlPlane, startControlPlane } from '@gen-operator/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { parseFile } from '../../packages/gen-operator/src/load/index.js';
import { buildModels } from '../../packages/gen-operator/src/model/index.js';
import { type Disagreement, disagreementLines, dryRunCreateCrd, mapLimit, percent, type ServerVerdict } from './apiserver.js';
import { type Crd, type Json, loadCrds } from './corpus.js';
import { defaultVariants, type Variant } from './default-variants.js';

const here = import.meta.dirname;
const repo = join(here, '..', '..');
const known: Record<string, string> = JSON.parse(readFileSync(join(here, 'known-differences.json'), 'utf8'));

/** Corpus sites per rule and CRD; probes go into every twelfth CRD (and the Demo CRD). */
const PER_RULE = 1;
const PROBE_EVERY = 12;

/** CRD files outside the corpus whose defaults matter: the Demo CRD, the talk's and the broken fixtures about defaults. */
const EXTRA_FILES = [
  'crds/demo.yaml',
  'crds/talk/default-none-integer.yaml',
  'crds/talk/default-none-string.yaml',
  ...['wrong-type', 'not-in-enum', 'unknown-field', 'null', 'above-maximum'].map(
    (name) => `packages/gen-operator/test/fixtures/broken/default-${name}.yaml`,
  ),
];

function extraCrds(): Crd[] {
  return EXTRA_FILES.map((file) => {
    const raw = parseAllDocuments(readFileSync(join(repo, file), 'utf8'))[0]?.toJS() as Json;
    const spec = raw.spec as Json;
    const names = spec.names as Json;
    return {
      file,
      name: `${(raw.metadata as Json).name as string} (${file})`,
      group: spec.group as string,
      kind: names.kind as string,
      plural: names.plural as string,
      namespaced: spec.scope === 'Namespaced',
      versions: [],
      raw,
    };
  });
}

let plane: ControlPlane;

beforeAll(async () => {
  plane = await startControlPlane();
}, 600_000);

afterAll(async () => {
  await plane?.stop();
});

interface Verdict {
  valid: boolean;
  message: string;
}

/** Conversion webhooks (tekton) have no server here; defaults are judged per version, so None is equivalent. */
function withoutWebhook(raw: Json): Json {
  const copy = structuredClone(raw);
  (copy.spec as Json).conversion = { strategy: 'None' };
  return copy;
}

function ours(variant: Variant): Verdict {
  const { documents, diagnostics } = parseFile(`${variant.id}.json`, JSON.stringify(withoutWebhook(variant.raw)));
  const all = [...diagnostics, ...buildModels(documents).diagnostics].filter((d) => d.severity === 'error');
  return { valid: all.length === 0, message: all.map((d) => `${d.path}: ${d.message}`).join('; ') };
}

it('judges every default as the apiserver does, both ways', async () => {
  const started = performance.now();
  const corpus = loadCrds();
  const extras = extraCrds();
  const variants: Variant[] = [
    ...[...corpus, ...extras].map((crd) => ({ id: `${crd.name} | original`, category: 'original', crd, raw: crd.raw })),
    ...corpus.flatMap((crd, i) => defaultVariants(crd, PER_RULE, i % PROBE_EVERY === 0)),
    ...defaultVariants(extras[0] as Crd, PER_RULE, true),
  ];
  const mine = variants.map(ours);
  const oursSeconds = (performance.now() - started) / 1000;
  const theirs: ServerVerdict[] = await mapLimit(variants, 3, (v) => dryRunCreateCrd(plane, withoutWebhook(v.raw)));
  const seconds = (performance.now() - started) / 1000;

  const perCategory = new Map<string, { total: number; agree: number; refused: number }>();
  const disagreements: Disagreement[] = [];
  variants.forEach((v, i) => {
    const o = mine[i] as Verdict;
    const t = theirs[i] as ServerVerdict;
    const agree = o.valid === t.valid;
    const row = perCategory.get(v.category) ?? { total: 0, agree: 0, refused: 0 };
    row.total++;
    if (agree) row.agree++;
    if (!t.valid) row.refused++;
    perCategory.set(v.category, row);
    if (!agree)
      disagreements.push({
        id: v.id,
        ours: o.valid ? 'accepted' : `refused: ${o.message}`,
        apiserver: t.valid ? 'accepted' : `refused: ${t.message}`,
        ...(known[v.id] ? { known: known[v.id] } : {}),
      });
  });

  const total = variants.length;
  const agreed = total - disagreements.length;
  const lines = [
    '# Agreement on CRD defaults with kube-apiserver (generated by test/validate/defaults.e2e.test.ts)',
    '',
    `CRDs: ${total} (${corpus.length + extras.length} unchanged, the rest with one default changed or one probe field added); agreement ${agreed}/${total} = ${percent(agreed, total)}.`,
    `Apiserver verdicts: ${theirs.filter((t) => t.valid).length} accepted, ${theirs.filter((t) => !t.valid).length} refused. Run time: ${seconds.toFixed(0)} s, of which ${oursSeconds.toFixed(0)} s for the model's checks (whole CRDs) and the rest for the apiserver's dry runs, on a shared machine.`,
    '',
    '| rule | CRDs | refused by the apiserver | agreement |',
    '|---|---:|---:|---:|',
    ...[...perCategory].sort().map(([k, v]) => `| ${k} | ${v.total} | ${v.refused} | ${percent(v.agree, v.total)} |`),
    '',
    '## Unchanged CRDs the apiserver refuses',
    '',
    ...variants.flatMap((v, i) =>
      v.category === 'original' && !(theirs[i] as ServerVerdict).valid
        ? [`- ${v.id}: ${(theirs[i] as ServerVerdict).message.slice(0, 300)}`]
        : [],
    ),
    '',
    ...disagreementLines(disagreements),
  ];
  writeFileSync(join(here, 'defaults-agreement.md'), lines.join('\n'));

  expect(disagreements.filter((d) => !d.known)).toEqual([]);
}, 1_800_000);
