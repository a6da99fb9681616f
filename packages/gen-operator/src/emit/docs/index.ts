/**
 * emit/docs: reference documentation for CRDs. ResourceModels become a docs model (`model.ts`,
 * `fields.ts`), which two emitters turn into files: Markdown pages (`markdown.ts`) and one
 * self-contained HTML page (`html.ts`). Every file is `generated`; nothing here reads YAML or writes.
 */
import type { ResourceModel } from '../../model/index.js';
import type { ProjectFile } from '../../project-file.js';
import { htmlFile } from './html.js';
import { markdownFiles } from './markdown.js';
import { docsModel } from './model.js';

export { type DocsField, type FieldFact, fieldFacts, schemaFields, typeName } from './fields.js';
export { type PageData, pageData } from './html.js';
export { type DocsKind, type DocsVersion, docsModel, MAX_DIFFERENCES, type VersionDifference, versionDifferences } from './model.js';

/** `index.md`, a page per kind (`<group>/<kind>.md`) and `index.html`; `inputs` are named in the headers. */
export function emitDocs(models: readonly ResourceModel[], inputs: readonly string[]): ProjectFile[] {
  const kinds = docsModel(models);
  return [...markdownFiles(kinds, inputs), htmlFile(kinds, inputs)];
}
