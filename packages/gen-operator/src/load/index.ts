import type { Diagnostic } from '../diagnostics.js';
import type { SourceDocument } from './document.js';
import { expandPaths, problemDiagnostic, readInputFile } from './files.js';
import { parseFile } from './parse.js';

export type { SourceDocument } from './document.js';
export { expandPaths, problemDiagnostic, readInputFile } from './files.js';
export { parseFile } from './parse.js';

export interface LoadResult {
  documents: SourceDocument[];
  diagnostics: Diagnostic[];
  files: string[];
}

/** Reads files and folders of YAML/JSON into documents that remember where each field was written. */
export async function load(paths: readonly string[]): Promise<LoadResult> {
  const { files, problems } = await expandPaths(paths);
  const diagnostics: Diagnostic[] = problems.map(problemDiagnostic);
  const documents: SourceDocument[] = [];
  for (const file of files) {
    const read = readInputFile(file);
    if ('diagnostic' in read) {
      diagnostics.push(read.diagnostic);
      continue;
    }
    const parsed = parseFile(file, read.text);
    documents.push(...parsed.documents);
    diagnostics.push(...parsed.diagnostics);
  }
  return { documents, diagnostics, files };
}
