import type { PathSegment } from '../../diagnostics.js';
import { isObject, type Reporter } from '../report.js';
import { isDns1035 } from './names.js';

const COLUMN_TYPES = ['integer', 'number', 'string', 'boolean', 'date'];
const COLUMN_FORMATS = ['int32', 'int64', 'float', 'double', 'byte', 'date', 'date-time', 'password'];

/** Versions, storage flags, printer columns, subresources and conversion. */
export function checkVersions(report: Reporter, crd: Record<string, unknown>): void {
  const spec = isObject(crd.spec) ? crd.spec : {};
  if (spec.preserveUnknownFields === true) {
    report.error(
      'preserve-unknown-fields',
      ['spec', 'preserveUnknownFields'],
      'spec.preserveUnknownFields must be false in apiextensions.k8s.io/v1',
      'remove it; put x-kubernetes-preserve-unknown-fields: true on the schema nodes that need it',
    );
  }
  const versions = spec.versions;
  if (!Array.isArray(versions) || versions.length === 0) {
    report.error(
      'no-versions',
      ['spec', 'versions'],
      'spec.versions must list at least one version',
      'add a version: - name: v1, served: true, storage: true, schema: { openAPIV3Schema: ... }',
    );
    return;
  }
  const seen = new Map<string, number>();
  const storage: number[] = [];
  versions.forEach((v, i) => {
    const at: PathSegment[] = ['spec', 'versions', i];
    if (!isObject(v)) return;
    const name = v.name;
    if (typeof name !== 'string' || name === '') {
      report.error('required', [...at, 'name'], `spec.versions[${i}].name is required`, 'name the version, e.g. v1 or v1alpha1');
    } else {
      if (!isDns1035(name))
        report.error(
          'invalid-version',
          [...at, 'name'],
          `version name "${name}" is not a lowercase RFC 1035 label`,
          'use a name such as v1, v1beta1 or v2alpha1',
        );
      if (seen.has(name))
        report.error(
          'duplicate-version',
          [...at, 'name'],
          `version "${name}" is listed twice (also spec.versions[${seen.get(name)}])`,
          'remove or rename one of them',
        );
      seen.set(name, i);
    }
    if (v.storage === true) storage.push(i);
    if (v.served === undefined)
      report.error('required', [...at], `spec.versions[${i}].served is required`, 'add served: true (or false to stop serving it)');
    if (v.storage === undefined)
      report.error(
        'required',
        [...at],
        `spec.versions[${i}].storage is required`,
        'add storage: true on exactly one version, storage: false on the others',
      );
    if (v.deprecationWarning !== undefined && v.deprecated !== true) {
      report.error(
        'deprecation-warning',
        [...at, 'deprecationWarning'],
        'deprecationWarning may only be set when deprecated is true',
        'add deprecated: true, or remove deprecationWarning',
      );
    }
    const schema = isObject(v.schema) ? v.schema.openAPIV3Schema : undefined;
    if (schema === undefined || schema === null) {
      report.error(
        'no-schema',
        isObject(v.schema) ? [...at, 'schema'] : at,
        `version "${String(name)}" has no schema.openAPIV3Schema; apiextensions.k8s.io/v1 requires one`,
        'add schema: { openAPIV3Schema: { type: object, properties: { spec: {...}, status: {...} } } }',
      );
    }
    checkColumns(report, v.additionalPrinterColumns, [...at, 'additionalPrinterColumns']);
    checkScale(report, isObject(v.subresources) ? v.subresources.scale : undefined, [...at, 'subresources', 'scale']);
  });
  if (storage.length === 0) {
    report.error(
      'storage-version',
      ['spec', 'versions'],
      'no version has storage: true; exactly one must',
      `set storage: true on the version objects are stored in (usually ${String((versions.at(-1) as Record<string, unknown>)?.name ?? 'v1')})`,
    );
  } else if (storage.length > 1) {
    for (const i of storage.slice(1)) {
      report.error(
        'storage-version',
        ['spec', 'versions', i, 'storage'],
        `more than one version has storage: true (spec.versions[${storage[0]}] too)`,
        'keep storage: true on exactly one version',
      );
    }
  }
  if (!versions.some((v) => isObject(v) && v.served === true)) {
    report.warning(
      'no-served-version',
      ['spec', 'versions'],
      'no version is served, so no client can use this resource and no types are generated',
      'set served: true on at least one version',
    );
  }
  const conversion = isObject(spec.conversion) ? spec.conversion : undefined;
  if (conversion?.strategy !== undefined && conversion.strategy !== 'None' && conversion.strategy !== 'Webhook') {
    report.error(
      'conversion',
      ['spec', 'conversion', 'strategy'],
      `conversion strategy "${String(conversion.strategy)}" is not None or Webhook`,
      'use None (the default) or Webhook',
    );
  }
  if (conversion?.strategy === 'Webhook' && !isObject(conversion.webhook)) {
    report.error(
      'conversion',
      ['spec', 'conversion'],
      'conversion strategy Webhook needs conversion.webhook (clientConfig, conversionReviewVersions)',
      'add the webhook, or use strategy None',
    );
  }
}

function checkColumns(report: Reporter, columns: unknown, at: PathSegment[]) {
  if (!Array.isArray(columns)) return;
  const names = new Set<string>();
  columns.forEach((c, i) => {
    if (!isObject(c)) return;
    const here = [...at, i];
    if (typeof c.name !== 'string' || !c.name)
      report.error('printer-column', here, 'a printer column needs a name', 'add name: e.g. "Ready"');
    else if (names.has(c.name))
      report.warning(
        'printer-column',
        [...here, 'name'],
        `printer column "${c.name}" is listed twice; kubectl shows both`,
        'give each column its own name',
      );
    else names.add(c.name);
    if (typeof c.type !== 'string')
      report.error('printer-column', here, 'a printer column needs a type', `add type: one of ${COLUMN_TYPES.join(', ')}`);
    else if (!COLUMN_TYPES.includes(c.type))
      report.error(
        'printer-column',
        [...here, 'type'],
        `printer column type "${c.type}" is not one of ${COLUMN_TYPES.join(', ')}`,
        'use date for timestamps, string for the rest',
      );
    if (c.format !== undefined && !COLUMN_FORMATS.includes(String(c.format))) {
      report.error(
        'printer-column',
        [...here, 'format'],
        `printer column format "${String(c.format)}" is not one of ${COLUMN_FORMATS.join(', ')}`,
        'remove it or pick one of those',
      );
    }
    if (typeof c.jsonPath !== 'string' || !c.jsonPath)
      report.error('printer-column', here, 'a printer column needs a jsonPath', 'add jsonPath: e.g. .status.phase');
    else if (!c.jsonPath.startsWith('.'))
      report.error(
        'printer-column',
        [...here, 'jsonPath'],
        `jsonPath "${c.jsonPath}" must start with "."`,
        `write ".${c.jsonPath.replace(/^\$?\.?/, '')}"`,
      );
    if (typeof c.priority === 'number' && c.priority < 0)
      report.error(
        'printer-column',
        [...here, 'priority'],
        'priority must not be negative',
        'use 0 (shown by default) or a higher number (shown with -o wide)',
      );
  });
}

function checkScale(report: Reporter, scale: unknown, at: PathSegment[]) {
  if (!isObject(scale)) return;
  const path = (key: string, prefixes: string[], required: boolean) => {
    const value = scale[key];
    if (value === undefined) {
      if (required) report.error('scale', at, `subresources.scale.${key} is required`, `add it, e.g. ${prefixes[0]}replicas`);
      return;
    }
    if (typeof value === 'string' && !prefixes.some((p) => value.startsWith(p))) {
      report.error(
        'scale',
        [...at, key],
        `subresources.scale.${key} "${value}" must start with ${prefixes.join(' or ')}`,
        `e.g. ${prefixes[0]}replicas`,
      );
    }
  };
  path('specReplicasPath', ['.spec.'], true);
  path('statusReplicasPath', ['.status.'], true);
  path('labelSelectorPath', ['.spec.', '.status.'], false);
}
