/**
 * gen-operator as a library: the same steps as the CLI, returning results instead of printing.
 * `generate()` turns CRDs into a project (diagnostics, the write plan, stale files with `check`);
 * `generateDocs()` writes their reference pages (Markdown per kind, one HTML page);
 * `validate()` checks custom resources against their CRDs (verdicts and findings). generate() throws
 * UsageError or TargetError for what the CLI reports as a usage error (exit 2).
 */
export {
  type Diagnostic,
  formatDiagnostic,
  HINT_LABEL,
  type Paint,
  plain,
  printable,
  type Style,
} from './diagnostics.js';
export { type DocsOptions, type DocsResult, generateDocs } from './docs.js';
export { type GenerateOptions, type GenerateResult, generate, UsageError } from './generate.js';
export {
  type DocumentVerdict,
  type Finding,
  formatReport,
  OUTPUT_FORMATS,
  type OutputFormat,
  type Report,
  type Severity,
  type ValidateOptions,
  type ValidateResult,
  validate,
} from './validate/index.js';
export { type Action, type Plan, type PlannedFile, TargetError } from './write/index.js';
