import { relative } from 'node:path';
import type { Argv } from 'yargs';
import { hasErrors, jsonSafe, printable } from '../../diagnostics.js';
import { DEFAULT_DOCS_OUT, generateDocs } from '../../docs.js';
import { type CommandArgs, crdPaths, type GlobalArgs } from '../args.js';
import { EXIT, type ExitCode } from '../exit.js';
import { printDiagnostics, printPlan } from '../output.js';

export function docsOptions<T>(y: Argv<T>) {
  return y
    .positional('paths', crdPaths)
    .option('out', {
      alias: 'o',
      type: 'string',
      describe: `output folder (default: ./${DEFAULT_DOCS_OUT}); its other files are left alone`,
    })
    .option('dry-run', { type: 'boolean', default: false, describe: 'print the plan (create / update / keep per page) and write nothing' })
    .option('check', {
      type: 'boolean',
      default: false,
      describe: 'write nothing; exit 1 and name the pages that are stale against the CRDs, 0 when all are up to date',
    });
}

export type DocsArgs = CommandArgs<typeof docsOptions<GlobalArgs>>;

/** Exit code: 0 written, 1 the input has errors (nothing written) or, with --check, pages are stale. */
export async function runDocs(args: DocsArgs): Promise<ExitCode> {
  const result = await generateDocs({ paths: args.paths, ...(args.out ? { out: args.out } : {}), dryRun: args.dryRun, check: args.check });
  const failed = hasErrors(result.diagnostics);
  const stale = result.stale?.map((f) => f.path);
  if (args.json) {
    const plan = result.plan?.files.map(({ path, action, note }) => ({ path, action, ...(note ? { note } : {}) }));
    const ok = !failed && !stale?.length;
    process.stdout.write(
      `${jsonSafe(JSON.stringify({ ok, out: result.plan?.out, written: result.written, diagnostics: result.diagnostics, plan, ...(stale ? { stale } : {}) }, null, 2))}\n`,
    );
    return ok ? EXIT.ok : EXIT.invalid;
  }
  if (!args.quiet || failed)
    printDiagnostics(args.quiet ? result.diagnostics.filter((d) => d.severity === 'error') : result.diagnostics, process.stderr);
  if (failed || !result.plan) return EXIT.invalid;
  const folder = relative(process.cwd(), result.plan.out) || '.';
  if (stale) {
    for (const path of stale) process.stdout.write(`stale  ${printable(path)}\n`);
    if (stale.length > 0)
      process.stderr.write(
        `${printable(folder)}: ${stale.length} page${stale.length === 1 ? ' is' : 's are'} stale; run gen-operator docs ${args.paths.map(printable).join(' ')} --out ${printable(folder)} to update\n`,
      );
    else if (!args.quiet) process.stdout.write(`${printable(folder)}: the pages are up to date\n`);
    return stale.length > 0 ? EXIT.invalid : EXIT.ok;
  }
  if (!args.quiet) {
    printPlan(result.plan, args.dryRun, process.stdout);
    if (!args.dryRun) process.stdout.write(`open ${printable(relative(process.cwd(), `${result.plan.out}/index.html`))} in a browser\n`);
  }
  return EXIT.ok;
}
