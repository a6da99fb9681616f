import { relative } from 'node:path';
import type { Argv } from 'yargs';
import { hasErrors, jsonSafe, printable } from '../../diagnostics.js';
import { generate } from '../../generate.js';
import { type CommandArgs, crdPaths, type GlobalArgs } from '../args.js';
import { EXIT, type ExitCode } from '../exit.js';
import { printDiagnostics, printPlan } from '../output.js';

export function generateOptions<T>(y: Argv<T>) {
  return y
    .positional('paths', crdPaths)
    .option('out', { alias: 'o', type: 'string', describe: 'project folder (default: ./<kind>-operator)' })
    .option('runtime', {
      choices: ['file', 'version'] as const,
      describe:
        'depend on @gen-operator/runtime by a file: path into this checkout, or by version range (default: file when the checkout has it)',
    })
    .option('dry-run', { type: 'boolean', default: false, describe: 'print the plan (create / update / keep per file) and write nothing' })
    .option('check', {
      type: 'boolean',
      default: false,
      describe: 'write nothing; exit 1 and name the generated files that are stale against the CRDs, 0 when all are up to date',
    })
    .option('children', {
      type: 'string',
      array: true,
      nargs: 1,
      requiresArg: true,
      describe:
        'built-in kinds each kind owns, comma-separated [group/]version/Kind (v1/ConfigMap,apps/v1/Deployment): its handlers apply one of each, and deploy/rbac.yaml grants them; kept in gen-operator.json for later runs ("" clears it)',
    })
    .option('webhooks', {
      type: 'string',
      array: true,
      nargs: 1,
      requiresArg: true,
      describe:
        'admission webhooks to deploy, comma-separated validate,mutate: deploy/webhooks.yaml gets a Service, the webhook configurations (one webhook per kind and served version) and a cert-manager Certificate; kept in gen-operator.json ("" clears it)',
    })
    .option('force', { type: 'boolean', default: false, describe: 'write into a non-empty folder that is not a gen-operator project' })
    .option('strict', { type: 'boolean', default: false, describe: 'treat warnings as errors (exit 1)' });
}

export type GenerateArgs = CommandArgs<typeof generateOptions<GlobalArgs>>;

/** Exit code: 0 done, 1 the input has errors (nothing written) or, with --check, generated files are stale. */
export async function runGenerate(args: GenerateArgs): Promise<ExitCode> {
  const result = await generate({
    paths: args.paths,
    ...(args.out ? { out: args.out } : {}),
    ...(args.runtime ? { runtime: args.runtime } : {}),
    ...(args.children ? { children: args.children.flatMap((list) => list.split(',')) } : {}),
    ...(args.webhooks ? { webhooks: args.webhooks.flatMap((list) => list.split(',')) } : {}),
    dryRun: args.dryRun,
    check: args.check,
    force: args.force,
  });
  const failed = hasErrors(result.diagnostics) || (args.strict && result.diagnostics.some((d) => d.severity === 'warning'));
  const stale = result.stale?.map((f) => f.path);
  if (args.json) {
    const plan = result.plan?.files.map(({ path, action, owner, note }) => ({ path, action, owner, ...(note ? { note } : {}) }));
    const ok = !failed && !stale?.length;
    process.stdout.write(
      `${jsonSafe(JSON.stringify({ ok, out: result.plan?.out, written: result.written && !failed, diagnostics: result.diagnostics, plan, ...(stale ? { stale } : {}) }, null, 2))}\n`,
    );
    return ok ? EXIT.ok : EXIT.invalid;
  }
  if (!args.quiet || failed)
    printDiagnostics(args.quiet ? result.diagnostics.filter((d) => d.severity === 'error') : result.diagnostics, process.stderr);
  if (failed || !result.plan) {
    if (!hasErrors(result.diagnostics) && args.strict) process.stderr.write('--strict: warnings count as errors; nothing written\n');
    return EXIT.invalid;
  }
  if (stale) return reportStale(stale, args, result.plan.out);
  if (!args.quiet) {
    printPlan(result.plan, args.dryRun, process.stdout);
    if (!args.dryRun)
      process.stdout.write(`next: cd ${printable(relative(process.cwd(), result.plan.out) || '.')} && npm install && npm test\n`);
  }
  return EXIT.ok;
}

/** --check: each stale file on a line of its own (stdout), and how to bring them up to date. */
function reportStale(stale: readonly string[], args: GenerateArgs, out: string): ExitCode {
  const folder = relative(process.cwd(), out) || '.';
  if (stale.length === 0) {
    if (!args.quiet) process.stdout.write(`${folder}: the generated files are up to date with ${args.paths.join(' ')}\n`);
    return EXIT.ok;
  }
  for (const path of stale) process.stdout.write(`stale  ${path}\n`);
  process.stderr.write(
    `${folder}: ${stale.length} generated file${stale.length === 1 ? ' is' : 's are'} stale; run gen-operator ${args.paths.join(' ')} --out ${folder} to update, then commit\n`,
  );
  return EXIT.invalid;
}
