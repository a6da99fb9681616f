import type { Diagnostic } from '../diagnostics.js';
import type { SourceDocument } from '../load/index.js';
import { buildModel } from './build.js';
import { Reporter } from './report.js';
import type { ResourceModel } from './types.js';

export { CHILD_KINDS, type ChildEntry, type ChildKind, childSpelling, type ParsedChildren, parseChildren } from './children.js';
export { checkGeneratable } from './checks/rbac-scope.js';
export { conversionDiagnostic, schemaDifferences, type VersionConversion, versionConversion } from './conversion.js';
export { parseWebhooks, WEBHOOK_KINDS, type WebhookKind } from './webhooks.js';
export { compileVersion } from './compiled.js';
export { compareVersions } from './priority.js';
export { isObject, Reporter } from './report.js';
export type { JsonSchema, PrinterColumnModel, ResourceModel, ScaleModel, VersionModel } from './types.js';

export interface ModelResult {
  resources: ResourceModel[];
  /** Every problem in every document, errors and warnings, in input order (sortDiagnostics() for display). */
  diagnostics: Diagnostic[];
}

/** One ResourceModel per valid CRD document; all problems of all documents at once. */
export function buildModels(documents: readonly SourceDocument[]): ModelResult {
  const resources: ResourceModel[] = [];
  const diagnostics: Diagnostic[] = [];
  const byName = new Map<string, ResourceModel>();
  const byKind = new Map<string, ResourceModel>();
  for (const document of documents) {
    const { model, report } = buildModel(document);
    diagnostics.push(...report.diagnostics);
    if (!model) continue;
    const again = new Reporter(document);
    const sameName = byName.get(model.name);
    const sameKind = byKind.get(`${model.group}/${model.kind}`);
    if (sameName) {
      const at = sameName.source.locate(['metadata', 'name']);
      again.error(
        'duplicate-crd',
        ['metadata', 'name'],
        `CRD "${model.name}" is defined twice (also at ${at.file}:${at.line}:${at.col})`,
        'pass each CRD once',
      );
    } else if (sameKind) {
      again.error(
        'duplicate-kind',
        ['spec', 'names', 'kind'],
        `kind ${model.kind} in group ${model.group} is defined twice (also by ${sameKind.name})`,
        'give each CRD its own kind',
      );
    }
    diagnostics.push(...again.diagnostics);
    if (again.failed) continue;
    byName.set(model.name, model);
    byKind.set(`${model.group}/${model.kind}`, model);
    resources.push(model);
  }
  return { resources, diagnostics };
}
