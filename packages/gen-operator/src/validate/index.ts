/** `gen-operator validate`: custom resources and CRDs checked with the apiserver's semantics. */
export { Catalog, type CatalogEntry, type Lookup } from './catalog.js';
export { checkDocument, type DocumentVerdict, type Finding, type Severity } from './findings.js';
export { formatReport, OUTPUT_FORMATS, type OutputFormat, type Report } from './report.js';
export { type ValidateOptions, type ValidateResult, validate } from './run.js';
