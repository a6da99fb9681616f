/**
 * The docs model: what the reference pages say about each kind, built from the ResourceModel once
 * and read by both emitters (Markdown, HTML), so the two always agree.
 */
import { compareVersions, type PrinterColumnModel, type ResourceModel } from '../../model/index.js';
import { planStems } from '../names.js';
import { type DocsField, type FieldFact, fieldFacts, schemaFields } from './fields.js';

export interface DocsVersion {
  name: string;
  served: boolean;
  storage: boolean;
  deprecated: boolean;
  deprecationWarning?: string;
  /** The root schema's description. */
  description?: string;
  subresources: { status: boolean; scale: boolean };
  printerColumns: PrinterColumnModel[];
  /** Facts of the object as a whole: rules on the root (`self.metadata.name`…), its other constraints. */
  objectFacts: FieldFact[];
  /** The fields, flat, parents first; empty for a version that is not served. */
  fields: DocsField[];
  /** An earlier listed version with the very same schema, whose fields these are. */
  sameAs?: string;
}

/** A field whose type, requiredness or constraints are not the same in every served version. */
export interface VersionDifference {
  path: string;
  /** Per served version, in the page's order: its type (`string, required`), or undefined when the version lacks the field. */
  cells: (string | undefined)[];
}

export interface DocsKind {
  kind: string;
  group: string;
  /** `<plural>.<group>`. */
  name: string;
  plural: string;
  singular: string;
  listKind: string;
  shortNames: string[];
  categories: string[];
  scope: 'Namespaced' | 'Cluster';
  /** Page path below the output folder: `<group>/<stem>.md`. */
  page: string;
  /** The CRD's file, relative to where the run started. */
  source: string;
  preferredVersion: string;
  storageVersion: string;
  /** Served versions first, by Kubernetes priority (v1 before v1beta1 before v1alpha1), then the others. */
  versions: DocsVersion[];
  /** Fields that differ between served versions; empty when there is one, or all agree. */
  differences: VersionDifference[];
}

/** The differences table stops here; the per-version tables below it hold everything. */
export const MAX_DIFFERENCES = 200;

/** One DocsKind per CRD, sorted by group, then kind. */
export function docsModel(models: readonly ResourceModel[]): DocsKind[] {
  const sorted = [...models].sort((a, b) => a.group.localeCompare(b.group) || a.kind.localeCompare(b.kind));
  const pages = new Map<ResourceModel, string>();
  for (const group of new Set(sorted.map((m) => m.group))) {
    // Stems are unique per folder without regard to case, as in the generated project.
    for (const [model, stem] of planStems(sorted.filter((m) => m.group === group))) pages.set(model, `${group}/${stem}.md`);
  }
  return sorted.map((model) => docsKind(model, pages.get(model)!));
}

function docsKind(model: ResourceModel, page: string): DocsKind {
  const ordered = [...model.versions].sort((a, b) => Number(b.served) - Number(a.served) || compareVersions(a.name, b.name));
  const bySchema = new Map<string, string>();
  const versions = ordered.map((v): DocsVersion => {
    const key = JSON.stringify(v.schema);
    const sameAs = v.served ? bySchema.get(key) : undefined;
    if (v.served && !sameAs) bySchema.set(key, v.name);
    const description = typeof v.schema.description === 'string' ? v.schema.description.trim() : '';
    return {
      name: v.name,
      served: v.served,
      storage: v.storage,
      deprecated: v.deprecated,
      ...(v.deprecationWarning ? { deprecationWarning: v.deprecationWarning } : {}),
      ...(description ? { description } : {}),
      subresources: { status: v.subresources.status, scale: v.subresources.scale !== undefined },
      printerColumns: v.printerColumns,
      objectFacts: v.served ? fieldFacts(v.schema) : [],
      fields: v.served ? schemaFields(v.schema) : [],
      ...(sameAs ? { sameAs } : {}),
    };
  });
  return {
    kind: model.kind,
    group: model.group,
    name: model.name,
    plural: model.plural,
    singular: model.singular,
    listKind: model.listKind,
    shortNames: model.shortNames,
    categories: model.categories,
    scope: model.scope,
    page,
    source: model.source.file,
    preferredVersion: model.preferredVersion,
    storageVersion: model.storageVersion,
    versions,
    differences: versionDifferences(versions.filter((v) => v.served)),
  };
}

/** Side by side: each field that some served version lacks, or types or constrains otherwise. */
export function versionDifferences(served: readonly DocsVersion[]): VersionDifference[] {
  if (served.length < 2 || served.every((v) => v.sameAs !== undefined || v === served[0])) return [];
  const signatures = served.map((v) => new Map(v.fields.map((f) => [f.path, signature(f)])));
  const paths = [...new Set(served.flatMap((v) => v.fields.map((f) => f.path)))];
  const rows: VersionDifference[] = [];
  for (const path of paths) {
    const cells = signatures.map((s) => s.get(path));
    if (cells.every((c) => c === cells[0])) continue;
    const first = cells.find((c) => c !== undefined)!;
    const line = (c: string) => c.slice(0, c.indexOf('\n'));
    rows.push({
      path,
      cells: cells.map((c) => c && (c !== first && line(c) === line(first) ? `${line(c)}; constraints differ` : line(c))),
    });
  }
  return rows;
}

/** The type line (`string, required`), then the facts: equal signatures mean nothing to tell apart. */
function signature(field: DocsField): string {
  return [`${field.type}${field.required ? ', required' : ''}`, JSON.stringify(field.facts)].join('\n');
}
