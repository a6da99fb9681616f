import { readFile } from 'node:fs/promises';
import { type Diagnostic, inputError } from '../diagnostics.js';
import type { SourceDocument } from './document.js';
import { expandPaths } from './files.js';
import { parseFile } from './parse.js';

export type { SourceDocument } from './document.js';
export { parseFile } from './parse.js';

export interface LoadResult {
  documents: SourceDocument[];
  diagnostics: Diagnostic[];
  files: string[];
}

/** Reads files and folders of YAML/JSON into documents that remember where each field was written. */
export async function load(paths: readonly string[]): Promise<LoadResult> {
  const { files, problems } = await expandPaths(paths);
  const diagnostics: Diagnostic[] = problems.map((p) => inputError(p.file, p.message, p.hint));
  const documents: SourceDocument[] = [];
  for (const file of files) {
    const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
      diagnostics.push(
        inputError(file, `cannot read the file (${error.code ?? error.message})`, 'check that the file exists and is readable'),
      );
      return undefined;
    });
    if (text === undefined) continue;
    const parsed = parseFile(file, text);
    documents.push(...parsed.documents);
    diagnostics.push(...parsed.diagnostics);
  }
  return { documents, diagnostics, files };
}
