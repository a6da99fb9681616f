import type { SourceDocument } from '../load/index.js';

/** A schema node as written in the CRD (openAPIV3Schema or below). */
export type JsonSchema = Record<string, unknown>;

export interface PrinterColumnModel {
  name: string;
  type: string;
  jsonPath: string;
  description?: string;
  format?: string;
  priority?: number;
}

export interface ScaleModel {
  specReplicasPath: string;
  statusReplicasPath: string;
  labelSelectorPath?: string;
}

export interface VersionModel {
  name: string;
  served: boolean;
  storage: boolean;
  deprecated: boolean;
  deprecationWarning?: string;
  schema: JsonSchema;
  subresources: { status: boolean; scale?: ScaleModel };
  printerColumns: PrinterColumnModel[];
}

/** One CustomResourceDefinition, normalised: what every emitter and the validator read. */
export interface ResourceModel {
  /** `metadata.name`, i.e. `<plural>.<group>`. */
  name: string;
  group: string;
  kind: string;
  listKind: string;
  plural: string;
  singular: string;
  shortNames: string[];
  categories: string[];
  scope: 'Namespaced' | 'Cluster';
  /** In the order written in the CRD. */
  versions: VersionModel[];
  storageVersion: string;
  /** The version the unsuffixed names point at: the storage version if served, else the highest-priority served one. */
  preferredVersion: string;
  source: SourceDocument;
}
