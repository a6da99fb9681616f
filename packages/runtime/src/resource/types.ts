/** The shapes of Kubernetes objects and resource definitions, as generated code sees them. */
import type { KubeConfig } from '@kubernetes/client-node';

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  /**
   * null as `kubectl create --dry-run=client -o yaml` and kubebuilder samples write it (a zero time);
   * the apiserver takes it as unset. kubectl omits every other empty field of ObjectMeta.
   */
  creationTimestamp?: string | null;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  finalizers?: string[];
  ownerReferences?: OwnerReference[];
  managedFields?: unknown[];
}

export interface KubernetesObject {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
}

export interface PrinterColumn {
  name: string;
  type: string;
  jsonPath: string;
  description?: string;
  format?: string;
  priority?: number;
}

/** An openAPIV3Schema node, as written in the CRD. */
export type JsonSchemaProps = Record<string, unknown>;

export interface ResourceSpec {
  group: string;
  version: string;
  kind: string;
  plural: string;
  singular: string;
  shortNames?: readonly string[];
  categories?: readonly string[];
  namespaced: boolean;
  subresources?: { status?: boolean; scale?: { specReplicasPath: string; statusReplicasPath: string; labelSelectorPath?: string } };
  printerColumns?: readonly PrinterColumn[];
  /** Drives withDefaults() and validate(). */
  schema?: JsonSchemaProps;
}

/** One schema violation; `path` is like `spec.replicas`. */
export interface SchemaIssue {
  path: string;
  message: string;
  rule: string;
}

export type ValidationResult<T> = { valid: true; value: T; issues: [] } | { valid: false; issues: SchemaIssue[] };

export type PatchType = 'merge' | 'json' | 'apply';

export interface ListOptions {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continue?: string;
}

export interface ObjectList<T> {
  items: T[];
  metadata: { resourceVersion?: string; continue?: string };
}

export interface PatchOptions {
  /** Which patch the body is: a JSON merge patch, a JSON patch (RFC 6902) or a server-side apply configuration. */
  type: PatchType;
  namespace?: string;
  fieldManager?: string;
  /** Server-side apply only: take over fields owned by other managers. */
  force?: boolean;
}

/** A typed client for one resource, over the runtime's own API layer. */
export interface ResourceClient<T extends KubernetesObject> {
  get(name: string, namespace?: string): Promise<T>;
  list(options?: ListOptions): Promise<ObjectList<T>>;
  create(obj: T): Promise<T>;
  replace(obj: T): Promise<T>;
  patch(name: string, patch: unknown, options: PatchOptions): Promise<T>;
  patchStatus(name: string, patch: unknown, options: PatchOptions): Promise<T>;
  delete(name: string, namespace?: string): Promise<void>;
}

export interface ResourceDefinition<T extends KubernetesObject> extends Readonly<ResourceSpec> {
  /** `group/version`, e.g. `devoops.io/v1`. */
  readonly apiVersion: string;
  /** A typed client: get, list, create, replace, patch (merge | json | apply), patchStatus, delete. */
  api(config: KubeConfig): ResourceClient<T>;
  /** A copy of `obj` with the schema's defaults applied in the apiserver's order. */
  withDefaults(obj: T): T;
  /** The apiserver's structural checks (no CEL). */
  validate(obj: unknown): ValidationResult<T>;
  /** Phantom member that carries T for inference; never set at run time. */
  readonly __type?: T;
}
