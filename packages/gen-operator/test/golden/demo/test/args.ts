import type { ChangeArgs, KubernetesObject, Logger } from '@gen-operator/runtime';

const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/** The arguments a handler gets for `body`, as on its first attempt; override what a test needs. */
export function changeArgs<T extends KubernetesObject>(body: T, overrides: Partial<ChangeArgs<T>> = {}): ChangeArgs<T> {
  const fields = body as { spec?: unknown; status?: unknown };
  const meta = body.metadata ?? {};
  return {
    body,
    meta,
    spec: (fields.spec ?? {}) as ChangeArgs<T>['spec'],
    status: (fields.status ?? {}) as ChangeArgs<T>['status'],
    name: meta.name ?? '',
    namespace: meta.namespace,
    uid: meta.uid ?? '',
    labels: meta.labels ?? {},
    annotations: meta.annotations ?? {},
    patch: {},
    logger: quiet,
    memo: {},
    signal: new AbortController().signal,
    reason: 'create',
    old: undefined,
    new: body,
    diff: [],
    retry: 0,
    started: new Date(),
    runtime: 0,
    ...overrides,
  };
}
