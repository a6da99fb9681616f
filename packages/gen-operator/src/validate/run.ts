/**
 * `gen-operator validate <paths…> [--crd <path>…] [--output human|json|junit|github|sarif] [--strict]`
 * Exit codes: 0 every resource and CRD is valid; 1 something is invalid (or, with --strict, has a
 * warning); 2 usage or I/O error (unknown output format, missing or unreadable file).
 */
import { load, type SourceDocument } from '../load/index.js';
import { buildModels } from '../model/index.js';
import { Catalog } from './catalog.js';
import { checkDocument, type Finding, isCrd } from './findings.js';
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
  /** Where usage and I/O problems go in human output (default process.stderr). */
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

export async function runValidate(options: ValidateOptions): Promise<number> {
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  const output = (options.output ?? 'human') as OutputFormat;
  if (!OUTPUT_FORMATS.includes(output)) {
    stderr.write(`error: unknown output format "${options.output}"\n  fix: use one of ${OUTPUT_FORMATS.join(', ')}\n`);
    return EXIT_USAGE;
  }
  if (options.paths.length === 0 && (options.crds ?? []).length === 0) {
    stderr.write('error: no files to validate\n  fix: gen-operator validate <files or folders…> [--crd <CRD file or folder>]\n');
    return EXIT_USAGE;
  }
  const [main, extra] = await Promise.all([load(options.paths), load(options.crds ?? [])]);
  // Diagnostics keep their lazily computed positions: only findings that are printed pay for them.
  const inputFindings: Finding[] = [...main.diagnostics, ...extra.diagnostics];
  const ioError = inputFindings.some((f) => f.code === 'input');

  const crdDocuments: SourceDocument[] = [...extra.documents.filter(isCrd), ...main.documents.filter(isCrd)];
  const models = buildModels(crdDocuments);
  // CRDs given with --crd are references: their errors matter (a broken CRD cannot check anything),
  // their warnings are for whoever maintains them, unless they are also among the paths.
  const referenceOnly = new Set(extra.files.filter((f) => !main.files.includes(f)));
  inputFindings.push(...models.diagnostics.filter((d) => d.severity === 'error' || !referenceOnly.has(d.file)));
  const catalog = new Catalog(models.resources);
  const verdicts = main.documents.filter((d) => !isCrd(d)).map((d) => checkDocument(d, catalog));

  const report: Report = { inputFindings, verdicts, crds: models.resources.length };
  stdout.write(formatReport(report, output, { paint: paintFor(stdout), ...(options.version ? { version: options.version } : {}) }));
  if (ioError) return EXIT_USAGE;
  const findings = allFindings(report);
  const failed =
    findings.some((f) => f.severity === 'error') || (options.strict === true && findings.some((f) => f.severity === 'warning'));
  return failed ? EXIT_INVALID : EXIT_VALID;
}
