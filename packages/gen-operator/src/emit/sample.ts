import { printable } from '../diagnostics.js';
import { compileVersion, isObject, type ResourceModel } from '../model/index.js';
import { type Issue, searchSample } from './sample-search.js';
import { sampleValue } from './sample-values.js';
import { setField } from '@gen-operator/runtime';

/** The sample of a kind for examples/<kind>.yaml and the generated tests. */
export interface Sample {
  example: Record<string, unknown>;
  /** The schema engine found nothing: the apiserver takes the example as it is. */
  valid: boolean;
  /** What is still wrong with the example when it is not valid, as `path: message`, each one line without control characters. */
  problems: string[];
  /** Rules of the kind the engine cannot evaluate (not supported yet): the example is not known to pass them. */
  unchecked: string[];
}

const samples = new WeakMap<ResourceModel, Sample>();

/**
 * A small object of the preferred version that passes the schema and its CEL rules, checked with the
 * same engine as `gen-operator validate`; when none is found, the closest one and what is wrong with it.
 */
export function buildSample(model: ResourceModel): Sample {
  let sample = samples.get(model);
  if (!sample) {
    const version = model.versions.find((v) => v.name === model.preferredVersion)!;
    const schema = compileVersion(model, version);
    const check = (document: Record<string, unknown>): Issue[] => schema.check(document).issues;
    const found = searchSample(draft(model), version.schema, check);
    const unchecked = schema.check(found.document).skipped.filter((s) => s.reason === 'unsupported');
    sample = {
      example: found.document,
      valid: found.issues.length === 0,
      // Messages quote the CRD's rules: control characters and line breaks become visible escapes,
      // so they end neither the example's YAML comment nor a terminal line.
      problems: found.issues.map((i) => printable(`${i.path || '(object)'}: ${i.message}`)),
      unchecked: [...new Set(unchecked.map((s) => printable(s.rule)))],
    };
    samples.set(model, sample);
  }
  return sample;
}

export function sampleObject(model: ResourceModel): Record<string, unknown> {
  return buildSample(model).example;
}

/** Every required field (recursively) and the first level of spec's optional scalars. */
function draft(model: ResourceModel): Record<string, unknown> {
  const version = model.versions.find((v) => v.name === model.preferredVersion)!;
  const props = isObject(version.schema.properties) ? version.schema.properties : {};
  const body: Record<string, unknown> = {
    apiVersion: `${model.group}/${version.name}`,
    kind: model.kind,
    metadata: { name: `example-${model.singular}`.slice(0, 63) },
  };
  for (const [key, schema] of Object.entries(props)) {
    if (['apiVersion', 'kind', 'metadata', 'status'].includes(key) || !isObject(schema)) continue;
    const required = Array.isArray(version.schema.required) && version.schema.required.includes(key);
    if (required || key === 'spec') setField(body, key, sampleValue(schema, key, { fillOptional: true }));
  }
  return body;
}
