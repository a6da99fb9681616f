// CRD versions → JSON schema files for kubeconform, with the transforms kubeconform documents for its
// CRD converter (so kubeconform is measured as its users run it): `additionalProperties: false` on
// every object that lists properties (below the root), and `format: int-or-string` → string|integer.
// Like that converter it walks every map in the schema, literal defaults and property maps included.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

function transform(node, isRoot) {
  if (Array.isArray(node)) return node.map((v) => transform(v, false));
  if (node === null || typeof node !== 'object') return node;
  if (node.format === 'int-or-string') return { oneOf: [{ type: 'string' }, { type: 'integer' }] };
  const out = {};
  for (const [k, v] of Object.entries(node)) out[k] = transform(v, false);
  if ('properties' in out && !('additionalProperties' in out) && !isRoot) out.additionalProperties = false;
  return out;
}

/** Writes <dir>/<group>/<kind>_<version>.json for every version of every CRD; returns the count. */
export function writeSchemas(crds, dir) {
  let n = 0;
  for (const crd of crds) {
    const { group, names, versions } = crd.spec;
    mkdirSync(join(dir, group), { recursive: true });
    for (const v of versions) {
      const schema = v.schema?.openAPIV3Schema ?? {};
      writeFileSync(join(dir, group, `${names.kind.toLowerCase()}_${v.name}.json`), JSON.stringify(transform(schema, true)));
      n++;
    }
  }
  return n;
}

export const SCHEMA_LOCATION = (dir) => `${dir}/{{ .Group }}/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json`;
