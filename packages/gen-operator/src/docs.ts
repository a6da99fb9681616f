import { resolve } from 'node:path';
import type { Diagnostic } from './diagnostics.js';
import { emitDocs } from './emit/docs/index.js';
import type { ResourceModel } from './model/index.js';
import { readCrds } from './read-crds.js';
import { applyPlan, type Plan, type PlannedFile, planWrite, staleFiles } from './write/index.js';

export interface DocsOptions {
  /** CRD files and folders. */
  paths: readonly string[];
  /** Output folder; default `docs/api` in the working directory. */
  out?: string;
  dryRun?: boolean;
  /** Write nothing; list the generated pages that are stale against the CRDs (`stale`). */
  check?: boolean;
  /** Base for relative paths; default process.cwd(). */
  cwd?: string;
}

export interface DocsResult {
  diagnostics: Diagnostic[];
  resources: ResourceModel[];
  /** Absent when the input had errors (nothing is written then). */
  plan?: Plan;
  written: boolean;
  /** With `check`: the pages a run would create or change. */
  stale?: PlannedFile[];
}

export const DEFAULT_DOCS_OUT = 'docs/api';

/** Warnings about what an operator of the CRD would meet, not about what its docs say. */
const OPERATOR_ONLY = new Set(['no-status']);

const KIND_PAGE = /^[^/]+\/[^/]+\.md$/;

/** index.html holds every kind: the 85 CRDs of the test corpus (23 MB of YAML) make 4.9 MB. */
const MAX_PAGE_BYTES = 64 * 1024 * 1024;

/**
 * load → model → emit/docs → write: Markdown pages and one HTML page for the CRDs at `paths`.
 * The output folder may hold other files: only pages that still carry the generated header are
 * rewritten, and removed when their kind is gone. Writes nothing when any input has an error, on a dry run or a check.
 */
export async function generateDocs(options: DocsOptions): Promise<DocsResult> {
  const cwd = options.cwd ?? process.cwd();
  const read = await readCrds(options.paths, cwd);
  const { paths, resources, ok } = read;
  const diagnostics = read.diagnostics.filter((d) => !OPERATOR_ONLY.has(d.code));
  if (!ok) return { diagnostics, resources, written: false };
  const out = resolve(cwd, options.out ?? DEFAULT_DOCS_OUT);
  const plan = await planWrite(out, emitDocs(resources, paths), {
    shared: true,
    maxExistingBytes: MAX_PAGE_BYTES,
    // The page of a kind gone from the CRDs (`<group>/<kind>.md`), while it keeps our header.
    removeStale: KIND_PAGE,
  });
  if (options.check) return { diagnostics, resources, plan, written: false, stale: await staleFiles(plan) };
  if (!options.dryRun) await applyPlan(plan);
  return { diagnostics, resources, plan, written: !options.dryRun };
}
