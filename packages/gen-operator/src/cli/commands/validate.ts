import { readFileSync } from 'node:fs';
import type { Argv } from 'yargs';
import { HINT_LABEL, printable } from '../../diagnostics.js';
// The only import of the validate stage in the CLI: `gen-operator validate` is a thin entry.
import { formatReport, OUTPUT_FORMATS, type OutputFormat, type ValidateOptions, validate } from '../../validate/index.js';
import type { CommandArgs, GlobalArgs } from '../args.js';
import { EXIT, type ExitCode } from '../exit.js';
import { painter } from '../output.js';

// --crd takes one value per flag (`--crd a --crd b`, as kubectl takes -f): a greedy array would
// swallow the paths that follow it (`--crd crds/ doc.yaml`).
export function validateOptions<T>(y: Argv<T>) {
  return y
    .positional('paths', {
      type: 'string',
      array: true,
      demandOption: true,
      describe: 'custom resources (and their CRDs): files or folders',
    })
    .option('crd', {
      type: 'string',
      array: true,
      nargs: 1,
      requiresArg: true,
      describe: 'a CRD file or folder to validate against; repeat the flag for more',
    })
    .option('output', { choices: OUTPUT_FORMATS, describe: 'report format (default: human)' })
    .option('strict', { type: 'boolean', default: false, describe: 'warnings fail the run too' });
}

export type ValidateArgs = CommandArgs<typeof validateOptions<GlobalArgs>>;

export function runValidateCommand(args: ValidateArgs): Promise<ExitCode> {
  const version = (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  const output = args.output ?? (args.json ? 'json' : undefined);
  return runValidate({ paths: args.paths, crds: args.crd ?? [], strict: args.strict, version, ...(output ? { output } : {}) });
}

export interface ValidateCommandOptions extends ValidateOptions {
  output?: OutputFormat | string;
  /** Where the report goes (default process.stdout). */
  stdout?: { write(text: string): unknown; isTTY?: boolean };
  /** Where usage problems go (default process.stderr). */
  stderr?: { write(text: string): unknown };
  /** Reported in SARIF's tool version. */
  version?: string;
}

function usage(stderr: NonNullable<ValidateCommandOptions['stderr']>, message: string, fix: string): ExitCode {
  stderr.write(`error: ${printable(message)}\n  ${HINT_LABEL}: ${fix}\n`);
  return EXIT.usage;
}

/**
 * `gen-operator validate <paths…> [--crd <path>…] [--output human|json|junit|github|sarif] [--strict]`:
 * prints the report and maps it to an exit code: 0 every resource and CRD is valid; 1 something is
 * invalid (or, with --strict, has a warning); 2 usage or I/O error (unknown output format, missing or
 * unreadable file).
 */
export async function runValidate(options: ValidateCommandOptions): Promise<ExitCode> {
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  const output = (options.output ?? 'human') as OutputFormat;
  if (!OUTPUT_FORMATS.includes(output))
    return usage(stderr, `unknown output format "${options.output}"`, `use one of ${OUTPUT_FORMATS.join(', ')}`);
  if (options.paths.length === 0 && (options.crds ?? []).length === 0)
    return usage(stderr, 'no files to validate', 'gen-operator validate <files or folders…> [--crd <CRD file or folder>]');
  const result = await validate(options);
  stdout.write(formatReport(result.report, output, { paint: painter(stdout), ...(options.version ? { version: options.version } : {}) }));
  if (result.unreadable) return EXIT.usage;
  return result.valid ? EXIT.ok : EXIT.invalid;
}
