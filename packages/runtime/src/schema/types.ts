/** One finding: where (a field path such as `spec.replicas` or `spec.items[0]`), what, and which rule. */
export interface SchemaIssue {
  path: string;
  message: string;
  rule: string;
}

/**
 * A rule not evaluated: a transition rule (`oldSelf`) is not run on create, as the apiserver does
 * not; an unsupported rule uses something this engine lacks, so its verdict is unknown.
 */
export interface SkippedRule extends SchemaIssue {
  reason: 'transition' | 'unsupported';
}

export type ValidationResult<T> = { valid: true; value: T; issues: [] } | { valid: false; issues: SchemaIssue[] };

/** The parts of a CRD version besides its schema that change what the apiserver checks on create. */
export interface SchemaContext {
  /** The resource lives in a namespace (its metadata.namespace must then be a DNS label). */
  namespaced?: boolean;
  /** The CRD has a status subresource: on create the apiserver drops `status` after decoding, before validation. */
  statusSubresource?: boolean;
  /** The CRD's scale subresource: the field at specReplicasPath must be a non-negative integer. */
  scale?: { specReplicasPath: string; statusReplicasPath: string; labelSelectorPath?: string };
}

export interface CheckOptions {
  /** Evaluate `x-kubernetes-validations` (default true). */
  cel?: boolean;
  /** Report fields the apiserver would prune, as strict field validation does (default true). */
  unknownFields?: boolean;
  /** Check the object's metadata as the apiserver does on create (default true). */
  metadata?: boolean;
  /** Prune and default the document itself instead of a copy (for callers that drop it afterwards). */
  inPlace?: boolean;
}

export interface CheckResult {
  valid: boolean;
  /** The object after pruning nulls and unknown fields and applying defaults: what the apiserver would store. */
  value: unknown;
  issues: SchemaIssue[];
  /** Rules that cannot be checked without an old object (`oldSelf`), or that use functions this engine lacks. */
  skipped: SkippedRule[];
}
