/**
 * Differential test: every corpus example and systematic mutations of it, checked by
 * `gen-operator validate`'s engine and by the real apiserver (server-side dry-run create with
 * strict field validation). Any disagreement not listed with its reason in known-differences.json
 * fails the test. The agreement per CRD is written to agreement.md.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ControlPlane, installCrds, startControlPlane } from '@gen-operator/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { load } from '../../packages/gen-operator/src/load/index.js';
import { buildModels } from '../../packages/gen-operator/src/model/index.js';
import { Catalog, checkDocument } from '../../packages/gen-operator/src/validate/index.js';
import { type Disagreement, disagreementLines, dryRunCreate, mapLimit, percent, type ServerVerdict } from './apiserver.js';
import { CORPUS, type Crd, type CrdVersion, crdFor, type Json, loadCrds, loadExamples } from './corpus.js';
import { mutate, probe } from './mutations.js';

const here = import.meta.dirname;
const known: Record<string, string> = JSON.parse(readFileSync(join(here, 'known-differences.json'), 'utf8'));

interface Case {
  id: string;
  category: string;
  crd: Crd;
  version: CrdVersion;
  doc: Json;
}

let plane: ControlPlane;
const crds = loadCrds();

beforeAll(async () => {
  plane = await startControlPlane();
  // Conversion webhooks (tekton) have no server here; validation is per version, so None is equivalent.
  const dir = mkdtempSync(join(tmpdir(), 'validate-crds-'));
  const files = crds.map((c, i) => {
    const raw = structuredClone(c.raw);
    (raw.spec as Json).conversion = { strategy: 'None' };
    const file = join(dir, `${i}.yaml`);
    writeFileSync(file, stringify(raw));
    return file;
  });
  await installCrds(plane, files, 120_000);
}, 600_000);

afterAll(async () => {
  await plane?.stop();
});

function buildCases(): { cases: Case[]; skipped: string[] } {
  const cases: Case[] = [];
  const skipped: string[] = [];
  const probed = new Set<string>();
  for (const example of loadExamples()) {
    const target = crdFor(crds, example.doc);
    if (!target?.version.served) {
      skipped.push(`${example.id}: ${target ? 'version not served' : 'no CRD'}`);
      continue;
    }
    cases.push({ id: `${example.id} | original`, category: 'original', ...target, doc: example.doc });
    const key = `${target.crd.name}/${target.version.name}`;
    const probes = probed.has(key) ? [] : probe(example.doc, target.version.schema);
    probed.add(key);
    for (const m of [...mutate(example.doc, target.version.schema), ...probes])
      cases.push({ id: `${example.id} | ${m.label}`, category: m.category, ...target, doc: m.doc });
  }
  return { cases, skipped };
}

it('agrees with the apiserver on every example and mutation', async () => {
  const { documents } = await load([join(CORPUS, 'crds')]);
  const catalog = new Catalog(buildModels(documents).resources);
  expect(catalog.size).toBe(crds.length);
  const { cases, skipped } = buildCases();

  const namespaces = new Set(
    cases.map((c) => (c.doc.metadata as Json | undefined)?.namespace).filter((n): n is string => typeof n === 'string'),
  );
  for (const ns of namespaces)
    await plane
      .request('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } })
      .catch(() => undefined);

  // The command's own per-document step (lookup by apiVersion/kind, compiled schema, findings);
  // it prunes and defaults in place, so it gets a copy.
  const ours = cases.map((c, index) => {
    const verdict = checkDocument(
      { file: c.id, index, value: structuredClone(c.doc), text: '', locate: () => ({ file: c.id, line: 1, col: 1 }) },
      catalog,
    );
    return { valid: verdict.valid, issues: verdict.findings.filter((f) => f.severity === 'error') };
  });
  const theirs: ServerVerdict[] = await mapLimit(cases, 6, (c) => dryRunCreate(plane, c.crd, c.version.name, c.doc));

  const perCrd = new Map<string, { total: number; agree: number }>();
  const perCategory = new Map<string, { total: number; agree: number }>();
  const disagreements: Disagreement[] = [];
  cases.forEach((c, i) => {
    const o = ours[i]!;
    const t = theirs[i]!;
    const agree = o.valid === t.valid;
    for (const [map, key] of [
      [perCrd, c.crd.name],
      [perCategory, c.category],
    ] as const) {
      const row = map.get(key) ?? { total: 0, agree: 0 };
      row.total++;
      if (agree) row.agree++;
      map.set(key, row);
    }
    if (!agree)
      disagreements.push({
        id: c.id,
        ours: o.valid ? 'valid' : `invalid: ${o.issues.map((x) => `${x.path}: ${x.message}`).join('; ')}`,
        apiserver: t.valid ? 'valid' : `invalid: ${t.message}`,
        ...(known[c.id] ? { known: known[c.id] } : {}),
      });
  });

  const total = cases.length;
  const agreed = total - disagreements.length;
  const lines = [
    '# Agreement of `gen-operator validate` with kube-apiserver (generated by test/validate/differential.e2e.test.ts)',
    '',
    `Documents: ${total} (${cases.filter((c) => c.category === 'original').length} corpus examples, the rest single mutations); agreement ${agreed}/${total} = ${percent(agreed, total)}.`,
    `Apiserver verdicts: ${theirs.filter((t) => t.valid).length} valid, ${theirs.filter((t) => !t.valid).length} invalid. Examples not tested: ${skipped.length}${skipped.length ? ` (${skipped.join('; ')})` : ''}.`,
    '',
    '| category | documents | agreement |',
    '|---|---:|---:|',
    ...[...perCategory].sort().map(([k, v]) => `| ${k} | ${v.total} | ${percent(v.agree, v.total)} |`),
    '',
    '| CRD | documents | agreement |',
    '|---|---:|---:|',
    ...[...perCrd].sort().map(([k, v]) => `| ${k} | ${v.total} | ${percent(v.agree, v.total)} |`),
    '',
    ...disagreementLines(disagreements),
  ];
  writeFileSync(join(here, 'agreement.md'), lines.join('\n'));
  // The set with the apiserver's verdicts, for bench/validate (kubeconform's error count).
  const cache = join(here, '../../node_modules/.cache/gen-operator');
  mkdirSync(cache, { recursive: true });
  writeFileSync(
    join(cache, 'differential.json'),
    JSON.stringify(
      cases.map((c, i) => ({
        id: c.id,
        category: c.category,
        crd: c.crd.name,
        version: c.version.name,
        valid: theirs[i]!.valid,
        doc: c.doc,
      })),
    ),
  );

  expect(disagreements.filter((d) => !d.known)).toEqual([]);
}, 900_000);
