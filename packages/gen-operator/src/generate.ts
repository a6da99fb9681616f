import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Diagnostic } from './diagnostics.js';
import { emitProject } from './emit/index.js';
import { projectName } from './emit/names.js';
import {
  type ChildEntry,
  type ChildKind,
  checkGeneratable,
  parseChildren,
  parseWebhooks,
  type ResourceModel,
  type WebhookKind,
} from './model/index.js';
import { readCrds } from './read-crds.js';
import { applyPlan, MARKER, type Plan, type PlannedFile, planWrite, readMarker, staleFiles, TargetError } from './write/index.js';

export interface GenerateOptions {
  /** CRD files and folders. */
  paths: readonly string[];
  /** Project folder; default `./<kind>-operator` in the working directory. */
  out?: string;
  /** How the project depends on @gen-operator/runtime: a `file:` path into this repository, or a version range. */
  runtime?: 'file' | 'version';
  dryRun?: boolean;
  /** Write nothing; list the generated files of the existing project at `out` that are stale (`stale`). */
  check?: boolean;
  force?: boolean;
  /**
   * Built-in kinds each kind's handler applies as its children, `[group/]version/Kind` each
   * (`v1/ConfigMap`, `apps/v1/Deployment`); blank entries are skipped, so `['']` clears the list.
   * Absent: the list kept in the project's gen-operator.json, if any.
   */
  children?: readonly string[];
  /**
   * Admission webhooks to deploy, `validate` and/or `mutate`: a Service, the webhook configurations
   * and a cert-manager Certificate in deploy/. Absent: the list kept in gen-operator.json, if any.
   */
  webhooks?: readonly string[];
  /** Base for relative paths; default process.cwd(). */
  cwd?: string;
}

export interface GenerateResult {
  diagnostics: Diagnostic[];
  resources: ResourceModel[];
  /** Absent when the input had errors (nothing is written then). */
  plan?: Plan;
  written: boolean;
  /** With `check`: the generated files a run would create or change (user files never count). */
  stale?: PlannedFile[];
}

const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** load → model → emit → write. Writes nothing when any input has an error, on a dry run or a check. */
export async function generate(options: GenerateOptions): Promise<GenerateResult> {
  const cwd = options.cwd ?? process.cwd();
  const { paths, resources, diagnostics, ok } = await readCrds(options.paths, cwd, checkGeneratable);
  if (!ok) return { diagnostics, resources, written: false };
  const out = resolve(cwd, options.out ?? projectName(resources));
  const children = await childKinds(out, options.children);
  const webhooks = await webhookKinds(out, options.webhooks);
  if (children.length > 0 && !resources.some((m) => m.scope === 'Namespaced'))
    throw new UsageError(
      `--children: every kind here is cluster-scoped (${resources.map((m) => m.kind).join(', ')}), and children take their parent's namespace; give children to a namespaced kind, or leave --children out`,
    );
  const emitted: Diagnostic[] = [];
  const files = await emitProject(resources, {
    dependencies: dependencies(out, options.runtime),
    inputs: paths,
    diagnostics: emitted,
    children,
    webhooks,
  });
  diagnostics.push(...emitted);
  if (options.check) {
    if (!existsSync(join(out, MARKER)))
      throw new TargetError(
        `--check: ${out} is not a gen-operator project (it has no ${MARKER}); generate it first, or name it with --out`,
      );
    const plan = await planWrite(out, files);
    return { diagnostics, resources, plan, written: false, stale: await staleFiles(plan) };
  }
  const plan = await planWrite(out, files, { force: options.force ?? false });
  if (!options.dryRun) await applyPlan(plan);
  return { diagnostics, resources, plan, written: !options.dryRun };
}

/**
 * The children to scaffold: the option's list when given (it replaces the kept one), else the one
 * kept in the project's gen-operator.json, so that a plain re-run (`npm run generate`) keeps them.
 */
async function childKinds(out: string, option: readonly string[] | undefined): Promise<ChildKind[]> {
  const entries = await listEntries(out, option, 'children', 'a list of kinds, e.g. ["v1/ConfigMap", "apps/v1/Deployment"]');
  const { kinds, problems } = parseChildren(entries);
  if (problems.length > 0) throw new UsageError(problems.join('; '));
  return kinds;
}

/** The admission webhooks to deploy: the option's list, else the one kept in gen-operator.json. */
async function webhookKinds(out: string, option: readonly string[] | undefined): Promise<WebhookKind[]> {
  const { kinds, problems } = parseWebhooks(await listEntries(out, option, 'webhooks', 'a list of webhooks, e.g. ["validate", "mutate"]'));
  if (problems.length > 0) throw new UsageError(problems.join('; '));
  return kinds;
}

/** A list setting's entries and where each came from: `--<key>` when given, else `<key>` of gen-operator.json. */
async function listEntries(out: string, option: readonly string[] | undefined, key: string, shape: string): Promise<ChildEntry[]> {
  if (option) return option.map((value) => ({ value, where: `--${key}` }));
  const kept = (await readMarker(out))?.[key];
  if (kept === undefined) return [];
  const where = join(out, MARKER);
  if (!Array.isArray(kept)) throw new UsageError(`${where}: ${key} must be ${shape}; fix it, or give --${key}`);
  return kept.map((value, i) => ({ value, where: `${where}: ${key}[${i}]` }));
}

/** Which of this repository's packages sit next to the CLI (a checkout), by folder name. */
function localPackage(folder: string, name: string): string | undefined {
  const dir = resolve(packageRoot, '..', folder);
  const pkg = join(dir, 'package.json');
  if (!existsSync(pkg)) return undefined;
  return (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === name ? dir : undefined;
}

function dependencies(out: string, mode: GenerateOptions['runtime']) {
  const version = (JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string }).version;
  const runtime = localPackage('runtime', '@gen-operator/runtime');
  const testing = localPackage('testing', '@gen-operator/testing');
  const useFile = mode === 'file' || (mode === undefined && runtime !== undefined);
  if (useFile && !runtime)
    throw new UsageError(
      '--runtime file needs the @gen-operator/runtime package next to gen-operator (a checkout of the repository); use --runtime version',
    );
  const ref = (dir: string | undefined) => (useFile && dir ? `file:${relative(out, dir) || '.'}` : `^${version}`);
  return { runtime: ref(runtime), testing: ref(testing), cli: ref(useFile ? packageRoot : undefined) };
}

export class UsageError extends Error {}
