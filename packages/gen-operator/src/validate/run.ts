/**
 * `gen-operator validate <paths…> [--crd <path>…] [--output human|json|junit|github|sarif] [--strict]`
 * Exit codes: 0 every resource and CRD is valid; 1 something is invalid (or, with --strict, has a
 * warning); 2 usage or I/O error (unknown output format, missing or unreadable file).
 */
import { type Diagnostic, printable } from '../diagnostics.js';
import { buildModels } from '../model/index.js';
import { Catalog } from './catalog.js';
import { checkDocument, type DocumentVerdict, type Finding } from './findings.js';
import { documentsOf, readInputs } from './read.js';
import { allFindings, formatReport, OUTPUT_FORMATS, type OutputFormat, type Report } from './report.js';

export interface ValidateOptions {
  /** Files and folders holding custom resources, and possibly their CRDs. */
  paths: readonly string[];
  /** Further files and folders holding CRDs (their other documents are ignored). */
  crds?: readonly string[];
  output?: OutputFormat | string;
  /** Warnings fail the run too. */
  strict?: boolean;
  /** Where the report goes (default process.stdout). */
  stdout?: { write(text: string): unknown; isTTY?: boolean };
  /** Where usage problems go (default process.stderr). */
  stderr?: { write(text: string): unknown };
  /** Reported in SARIF's tool version. */
  version?: string;
}

export const EXIT_VALID = 0;
export const EXIT_INVALID = 1;
export const EXIT_USAGE = 2;

function paintFor(stream: ValidateOptions['stdout']) {
  const on = stream?.isTTY === true && !process.env.NO_COLOR && process.env.TERM !== 'dumb';
  const codes = { red: [31, 39], yellow: [33, 39], dim: [2, 22], green: [32, 39] } as const;
  return (style: keyof typeof codes, text: string) => (on ? `\u001b[${codes[style][0]}m${text}\u001b[${codes[style][1]}m` : text);
}

function usage(stderr: NonNullable<ValidateOptions['stderr']>, message: string, fix: string): number {
  stderr.write(`error: ${printable(message)}\n  fix: ${fix}\n`);
  return EXIT_USAGE;
}

export async function runValidate(options: ValidateOptions): Promise<number> {
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  const output = (options.output ?? 'human') as OutputFormat;
  if (!OUTPUT_FORMATS.includes(output))
    return usage(stderr, `unknown output format "${options.output}"`, `use one of ${OUTPUT_FORMATS.join(', ')}`);
  if (options.paths.length === 0 && (options.crds ?? []).length === 0)
    return usage(stderr, 'no files to validate', 'gen-operator validate <files or folders…> [--crd <CRD file or folder>]');

  const main = await readInputs(options.paths);
  const reference = await readInputs(options.crds ?? []);
  // Diagnostics keep their lazily computed positions: only findings that are printed pay for them.
  const inputFindings: Finding[] = [...main.diagnostics, ...reference.diagnostics];
  const models = buildModels([...reference.crds, ...main.crds]);
  // CRDs given with --crd are references: their errors matter (a broken CRD cannot check anything),
  // their warnings are for whoever maintains them, unless they are also among the paths.
  const referenceOnly = new Set(reference.crds.filter((d) => !main.crds.includes(d)).map((d) => d.file));
  inputFindings.push(...models.diagnostics.filter((d) => d.severity === 'error' || !referenceOnly.has(d.file)));
  const catalog = new Catalog(models.resources);

  const verdicts: DocumentVerdict[] = [];
  const late: Diagnostic[] = [];
  for (const file of main.files) for (const document of documentsOf(file, late)) verdicts.push(checkDocument(document, catalog));
  inputFindings.push(...late);

  const report: Report = { inputFindings, verdicts, crds: models.resources.length };
  stdout.write(formatReport(report, output, { paint: paintFor(stdout), ...(options.version ? { version: options.version } : {}) }));
  if (inputFindings.some((f) => f.code === 'input')) return EXIT_USAGE;
  const findings = allFindings(report);
  const failed =
    findings.some((f) => f.severity === 'error') || (options.strict === true && findings.some((f) => f.severity === 'warning'));
  return failed ? EXIT_INVALID : EXIT_VALID;
}
