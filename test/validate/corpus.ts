/** The corpus CRDs and examples as plain data for the differential test and the bench. */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseAllDocuments } from 'yaml';

/** test/corpus: real CRDs and examples, each file's source, commit and licence in its MANIFEST.md. */
export const CORPUS = join(import.meta.dirname, '..', 'corpus');

export type Json = Record<string, unknown>;

export interface CrdVersion {
  name: string;
  served: boolean;
  schema: Json;
  statusSubresource: boolean;
  scale?: { specReplicasPath: string; statusReplicasPath: string; labelSelectorPath?: string };
}

export interface Crd {
  file: string;
  name: string;
  group: string;
  kind: string;
  plural: string;
  namespaced: boolean;
  versions: CrdVersion[];
  raw: Json;
}

export interface Example {
  /** `examples/<project>/<file>#<index>` */
  id: string;
  doc: Json;
}

const yamlFiles = (dir: string) =>
  (readdirSync(dir, { recursive: true }) as string[])
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => join(dir, f));

function documents(file: string): unknown[] {
  return parseAllDocuments(readFileSync(file, 'utf8')).map((d) => d.toJS({ maxAliasCount: -1 }));
}

export function loadCrds(): Crd[] {
  const crds: Crd[] = [];
  for (const file of yamlFiles(join(CORPUS, 'crds')))
    for (const raw of documents(file) as Json[]) {
      if (raw?.kind !== 'CustomResourceDefinition') continue;
      const spec = raw.spec as Json;
      const names = spec.names as Json;
      crds.push({
        file: relative(CORPUS, file),
        name: (raw.metadata as Json).name as string,
        group: spec.group as string,
        kind: names.kind as string,
        plural: names.plural as string,
        namespaced: spec.scope === 'Namespaced',
        versions: (spec.versions as Json[]).map((v) => ({
          name: v.name as string,
          served: v.served === true,
          schema: ((v.schema as Json | undefined)?.openAPIV3Schema ?? {}) as Json,
          statusSubresource: (v.subresources as Json | undefined)?.status !== undefined,
          scale: (v.subresources as Json | undefined)?.scale as CrdVersion['scale'],
        })),
        raw,
      });
    }
  return crds;
}

export function loadExamples(): Example[] {
  const out: Example[] = [];
  for (const file of yamlFiles(join(CORPUS, 'examples')))
    documents(file).forEach((doc, i) => {
      if (doc && typeof doc === 'object') out.push({ id: `${relative(CORPUS, file)}#${i}`, doc: doc as Json });
    });
  return out;
}

/** The CRD and version an object's apiVersion and kind point at. */
export function crdFor(crds: readonly Crd[], doc: Json): { crd: Crd; version: CrdVersion } | undefined {
  const [group, version] = String(doc.apiVersion ?? '').split('/');
  const crd = crds.find((c) => c.group === group && c.kind === doc.kind);
  const v = crd?.versions.find((x) => x.name === version);
  return crd && v ? { crd, version: v } : undefined;
}
