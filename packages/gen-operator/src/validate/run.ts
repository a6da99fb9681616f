/**
 * `validate()`: custom resources (and their CRDs) checked the way the apiserver would, as data.
 * Printing, colours and exit codes belong to the CLI (cli/commands/validate.ts).
 */
import type { Diagnostic } from '../diagnostics.js';
import { buildModels } from '../model/index.js';
import { Catalog } from './catalog.js';
import { checkDocument, type DocumentVerdict, type Finding } from './findings.js';
import { documentsOf, readInputs } from './read.js';
import { allFindings, type Report } from './report.js';

export interface ValidateOptions {
  /** Files and folders holding custom resources, and possibly their CRDs. */
  paths: readonly string[];
  /** Further files and folders holding CRDs (their other documents are ignored). */
  crds?: readonly string[];
  /** Warnings fail the run too. */
  strict?: boolean;
}

export interface ValidateResult {
  /** The verdicts and findings, ready for formatReport(). */
  report: Report;
  /** Every finding: the input's first, then each document's, each group in source order. */
  findings: Finding[];
  /** A path could not be read (missing, unreadable, not a file the command takes): a usage problem. */
  unreadable: boolean;
  /** No error among the findings (with `strict`, no warning either). */
  valid: boolean;
}

export async function validate(options: ValidateOptions): Promise<ValidateResult> {
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
  const findings = allFindings(report);
  const failed =
    findings.some((f) => f.severity === 'error') || (options.strict === true && findings.some((f) => f.severity === 'warning'));
  return { report, findings, unreadable: inputFindings.some((f) => f.code === 'input'), valid: !failed };
}
