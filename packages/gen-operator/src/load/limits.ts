/**
 * The bounds on what gen-operator reads, and the Kubernetes limit each one mirrors.
 */

/**
 * kube-apiserver's `--max-request-body-bytes` default (3 MiB, twice etcd's 1.5 MiB request limit):
 * the largest object it decodes. A document (or an item of a `kind: List`) whose JSON is larger is
 * refused, as the apiserver answers it with 413 Request Entity Too Large.
 */
export const MAX_OBJECT_BYTES = 3 * 1024 * 1024;

/**
 * No Kubernetes limit applies to a file of many documents; 32 MiB holds ten objects of the
 * apiserver's largest size and keeps the memory one file can cost bounded. Larger files are not read.
 */
export const MAX_FILE_BYTES = 32 * 1024 * 1024;

/**
 * The apiserver's decoders stop at 10 000 levels of nesting (Go's encoding/json `maxNestingDepth`,
 * go-yaml's `max_flow_level` / `max_indents`). Every stage of gen-operator walks documents and
 * schemas recursively, on a stack that holds about 2 000 levels, so it reads fewer: 512 nested maps
 * and lists, more than ten times what the deepest CRD we know of needs (38).
 */
export const APISERVER_MAX_DEPTH = 10_000;
export const MAX_DEPTH = 512;

/**
 * Objects (documents and items of a `kind: List`) in one file. kubectl sends each as its own request,
 * so Kubernetes sets no number; each one costs a check and a report entry, and a 9 MB file can hold
 * a million tiny ones (gigabytes of findings), so files with more are refused whole.
 */
export const MAX_OBJECTS_PER_FILE = 10_000;
