import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Diagnostic } from './diagnostics.js';
import { emitProject } from './emit/index.js';
import { projectName } from './emit/names.js';
import { type ChildEntry, type ChildKind, checkGeneratable, parseChildren, type ResourceModel } from './model/index.js';
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
  let entries: ChildEntry[];
  if (option) entries = option.map((value) => ({ value, where: '--children' }));
  else {
    const kept = (await readMarker(out))?.children;
    if (kept === undefined) return [];
    const where = join(out, MARKER);
    if (!Array.isArray(kept))
      throw new UsageError(
        `${where}: children must be a list of kinds, e.g. ["v1/ConfigMap", "apps/v1/Deployment"]; fix it, or give --children`,
      );
    entries = kept.map((value, i) => ({ value, where: `${where}: children[${i}]` }));
  }
  const { kinds, problems } = parseChildren(entries);
  if (problems.length > 0) throw new UsageError(problems.join('; '));
  return kinds;
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
