import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';

/** The objects in a multi-document YAML file, empty documents left out; a syntax error names the file and line. */
export function readManifests(file: string): Record<string, unknown>[] {
  const objects: Record<string, unknown>[] = [];
  for (const document of parseAllDocuments(readFileSync(file, 'utf8'))) {
    if ('errors' in document && document.errors.length) {
      const error = document.errors[0];
      const line = error?.linePos?.[0].line;
      throw new Error(`${file}${line ? `:${line}` : ''}: ${error?.message}`);
    }
    const object = document.toJS() as unknown;
    if (typeof object === 'object' && object !== null && !Array.isArray(object)) objects.push(object as Record<string, unknown>);
  }
  return objects;
}
