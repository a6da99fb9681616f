/**
 * ObjectMeta as the apiserver treats it for custom resources: `metadata` is not pruned by the CRD
 * schema but decoded as ObjectMeta (unknown keys are strict-decoding errors), and on create its
 * name, generateName, namespace, labels, annotations and finalizers follow the API machinery rules.
 */
import type { SchemaIssue } from './types.js';
import { isObject } from './json.js';

const META_FIELDS = new Set([
  'name',
  'generateName',
  'namespace',
  'selfLink',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'labels',
  'annotations',
  'ownerReferences',
  'finalizers',
  'managedFields',
]);

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const MAX_ANNOTATIONS_BYTES = 256 * 1024;
/** The apiserver cuts generateName to this before appending five random characters. */
const MAX_GENERATE_NAME = 58;

type Json = Record<string, unknown>;

/** Keys of `metadata` that ObjectMeta does not have: strict field validation reports them. */
export function unknownMetadataFields(meta: Json, path: string): string[] {
  return Object.keys(meta)
    .filter((k) => !META_FIELDS.has(k))
    .map((k) => `${path}.${k}`);
}

export function dns1123Subdomain(value: string): string | undefined {
  if (value.length > 253) return 'must be no more than 253 characters';
  if (!DNS1123_SUBDOMAIN.test(value))
    return "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
  return undefined;
}

export function qualifiedName(value: string): string | undefined {
  const parts = value.split('/');
  let name = value;
  if (parts.length === 2) {
    const [prefix, n] = parts as [string, string];
    if (prefix.length === 0) return 'prefix part must be non-empty';
    const bad = dns1123Subdomain(prefix);
    if (bad) return `prefix part ${bad}`;
    name = n;
  } else if (parts.length > 2) {
    return "a qualified name must consist of alphanumeric characters, '-', '_' or '.', with an optional DNS subdomain prefix and '/'";
  }
  if (name.length === 0) return 'name part must be non-empty';
  if (name.length > 63) return 'name part must be no more than 63 characters';
  if (!QUALIFIED_NAME.test(name))
    return "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
  return undefined;
}

function stringMap(value: unknown, path: string, issues: SchemaIssue[]): Json | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) {
    issues.push({ path, message: 'must be a map of strings', rule: 'metadata' });
    return undefined;
  }
  for (const [k, v] of Object.entries(value))
    if (typeof v !== 'string')
      issues.push({ path: `${path}[${k}]`, message: `must be a string, not ${JSON.stringify(v)}`, rule: 'metadata' });
  return value;
}

function typed(meta: Json, key: string, kind: 'string' | 'integer' | 'array', path: string, issues: SchemaIssue[]): void {
  const v = meta[key];
  if (v === undefined || v === null) return;
  const ok = kind === 'string' ? typeof v === 'string' : kind === 'integer' ? Number.isInteger(v) : Array.isArray(v);
  if (!ok) issues.push({ path: `${path}.${key}`, message: `must be of type ${kind}`, rule: 'metadata' });
}

export interface MetadataOptions {
  /** A top-level object being created (name rules apply); false for embedded resources. */
  root: boolean;
  namespaced?: boolean;
}

/** The apiserver's ObjectMeta checks on create. */
export function checkMetadata(meta: unknown, path: string, issues: SchemaIssue[], options: MetadataOptions): void {
  if (meta === undefined || meta === null) {
    if (options.root)
      issues.push({ path: `${path}.name`, message: 'Required value: name or generateName is required', rule: 'metadata.name' });
    return;
  }
  if (!isObject(meta)) {
    issues.push({ path, message: 'must be an object', rule: 'metadata' });
    return;
  }
  for (const key of ['name', 'generateName', 'namespace', 'uid', 'resourceVersion', 'selfLink', 'creationTimestamp', 'deletionTimestamp'])
    typed(meta, key, 'string', path, issues);
  for (const key of ['generation', 'deletionGracePeriodSeconds']) typed(meta, key, 'integer', path, issues);
  for (const key of ['finalizers', 'ownerReferences', 'managedFields']) typed(meta, key, 'array', path, issues);
  const name = typeof meta.name === 'string' ? meta.name : '';
  const generateName = typeof meta.generateName === 'string' ? meta.generateName : '';
  if (options.root) {
    if (!name && !generateName)
      issues.push({ path: `${path}.name`, message: 'Required value: name or generateName is required', rule: 'metadata.name' });
    let badGenerateName = false;
    if (generateName) {
      // The apiserver checks generateName as a prefix: a trailing dash is masked first.
      const masked = generateName.length > 1 && generateName.endsWith('-') ? `${generateName.slice(0, -2)}a` : generateName;
      const bad = dns1123Subdomain(masked);
      badGenerateName = bad !== undefined;
      if (bad)
        issues.push({
          path: `${path}.generateName`,
          message: `Invalid value: ${JSON.stringify(generateName)}: ${bad}`,
          rule: 'metadata.generateName',
        });
    }
    const effective = name || (badGenerateName ? '' : `${generateName.slice(0, MAX_GENERATE_NAME)}x7k2q`);
    const badName = effective ? dns1123Subdomain(effective) : undefined;
    if (badName)
      issues.push({ path: `${path}.name`, message: `Invalid value: ${JSON.stringify(effective)}: ${badName}`, rule: 'metadata.name' });
    if (options.namespaced && typeof meta.namespace === 'string' && meta.namespace !== '') {
      if (meta.namespace.length > 63 || !DNS1123_LABEL.test(meta.namespace))
        issues.push({
          path: `${path}.namespace`,
          message: `Invalid value: ${JSON.stringify(meta.namespace)}: must be a lowercase RFC 1123 label`,
          rule: 'metadata.namespace',
        });
    }
  }
  const labels = stringMap(meta.labels, `${path}.labels`, issues);
  for (const [k, v] of Object.entries(labels ?? {})) {
    const bad = qualifiedName(k);
    if (bad) issues.push({ path: `${path}.labels`, message: `Invalid value: ${JSON.stringify(k)}: ${bad}`, rule: 'metadata.labels' });
    if (typeof v === 'string' && (v.length > 63 || !LABEL_VALUE.test(v)))
      issues.push({
        path: `${path}.labels`,
        message: `Invalid value: ${JSON.stringify(v)}: a valid label must be 63 characters or less, alphanumeric, '-', '_' or '.', starting and ending with an alphanumeric character`,
        rule: 'metadata.labels',
      });
  }
  const annotations = stringMap(meta.annotations, `${path}.annotations`, issues);
  let size = 0;
  for (const [k, v] of Object.entries(annotations ?? {})) {
    const bad = qualifiedName(k.toLowerCase());
    if (bad)
      issues.push({ path: `${path}.annotations`, message: `Invalid value: ${JSON.stringify(k)}: ${bad}`, rule: 'metadata.annotations' });
    size += k.length + (typeof v === 'string' ? Buffer.byteLength(v) : 0);
  }
  if (size > MAX_ANNOTATIONS_BYTES)
    issues.push({
      path: `${path}.annotations`,
      message: `Too long: must have at most ${MAX_ANNOTATIONS_BYTES} bytes`,
      rule: 'metadata.annotations',
    });
  if (Array.isArray(meta.finalizers))
    meta.finalizers.forEach((f, i) => {
      const bad = typeof f === 'string' ? qualifiedName(f) : 'must be a string';
      if (bad)
        issues.push({
          path: `${path}.finalizers[${i}]`,
          message: `Invalid value: ${JSON.stringify(f)}: ${bad}`,
          rule: 'metadata.finalizers',
        });
    });
  if (Array.isArray(meta.ownerReferences))
    meta.ownerReferences.forEach((o, i) => {
      for (const key of ['apiVersion', 'kind', 'name', 'uid'])
        if (!isObject(o) || typeof o[key] !== 'string' || o[key] === '')
          issues.push({ path: `${path}.ownerReferences[${i}].${key}`, message: 'Required value', rule: 'metadata.ownerReferences' });
    });
}
