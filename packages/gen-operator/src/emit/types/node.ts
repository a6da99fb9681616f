import type { JsonSchema } from '../../model/index.js';

/** A schema node in the subset json-schema-to-typescript reads, produced by the Kubernetes pre-pass. */
export interface TsNode {
  type?: string | string[];
  properties?: Record<string, TsNode>;
  required?: string[];
  items?: TsNode;
  additionalProperties?: boolean | TsNode;
  enum?: unknown[];
  anyOf?: TsNode[];
  tsType?: string;
  description?: string;
}

/** What a keyword transform can ask of the pre-pass. */
export interface Pass {
  /** Converts a child node at a path below the current one. */
  convert(node: JsonSchema, path: readonly string[]): TsNode;
}

export const isSchema = (value: unknown): value is JsonSchema => typeof value === 'object' && value !== null && !Array.isArray(value);
