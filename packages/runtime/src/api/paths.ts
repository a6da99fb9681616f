/** URL paths of resources and their objects. */

export interface ResourceRef {
  group: string;
  version: string;
  plural: string;
  namespaced: boolean;
}

export function collectionPath(ref: ResourceRef, namespace?: string): string {
  const root = ref.group ? `/apis/${ref.group}/${ref.version}` : `/api/${ref.version}`;
  if (ref.namespaced && namespace) return `${root}/namespaces/${encodeURIComponent(namespace)}/${ref.plural}`;
  return `${root}/${ref.plural}`;
}

export function objectPath(ref: ResourceRef, name: string, namespace?: string, subresource?: string): string {
  if (ref.namespaced && !namespace) throw new TypeError(`${ref.plural}.${ref.group} is namespaced: give the namespace of '${name}'.`);
  const path = `${collectionPath(ref, namespace)}/${encodeURIComponent(name)}`;
  return subresource ? `${path}/${subresource}` : path;
}

export function withQuery(path: string, query: Record<string, string | number | boolean | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value));
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

export const PATCH_CONTENT_TYPES = {
  merge: 'application/merge-patch+json',
  json: 'application/json-patch+json',
  // JSON is YAML, so an apply configuration is sent as JSON under the apply content type.
  apply: 'application/apply-patch+yaml',
} as const;
