/**
 * Turns one cycle's outcome into as few writes as the resource allows. A status-subresource patch
 * cannot carry metadata or spec, and a main-resource patch cannot carry status, so: status
 * (results, the user's patch.status, our state) goes in one merge patch to /status; metadata and
 * spec (the user's labels/annotations/spec, a finalizer change, state kept in annotations) in one
 * merge patch to the object. Without a status subresource both go in the one main write.
 * Finalizer changes carry the resourceVersion as a precondition (the list is replaced whole); on a
 * 409 the object is read again and the change recomputed.
 */
import type { ApiClient } from '../api/client.js';
import { ApiError } from '../api/errors.js';
import { objectPath, type ResourceRef } from '../api/paths.js';
import type { KubernetesObject } from '../resource/types.js';
import { type Fragment, isEmptyFragment, mergeFragments } from './patch.js';

export interface WriteParts {
  /** Content of `status`. */
  status?: Fragment;
  /** `metadata` and `spec` (and anything else outside status). */
  main?: Fragment;
  finalizer?: 'add' | 'remove';
}

export class ObjectWriter {
  constructor(
    private readonly api: ApiClient,
    private readonly ref: ResourceRef,
    private readonly statusSubresource: boolean,
    private readonly finalizer: string,
  ) {}

  /** Returns the object after the writes, the same object when nothing was written, or undefined if it is gone. */
  async write(current: KubernetesObject, parts: WriteParts): Promise<KubernetesObject | undefined> {
    let status = parts.status ?? {};
    let main = parts.main ?? {};
    if (!this.statusSubresource && !isEmptyFragment(status)) {
      main = mergeFragments(main, { status });
      status = {};
    }
    let latest: KubernetesObject | undefined = current;
    try {
      if (!isEmptyFragment(status)) latest = (await this.api.patch(this.path(current, 'status'), 'merge', { status })) as KubernetesObject;
      if (parts.finalizer) latest = await this.patchFinalizers(latest, main, parts.finalizer);
      else if (!isEmptyFragment(main)) latest = (await this.api.patch(this.path(current), 'merge', main)) as KubernetesObject;
    } catch (error) {
      // Only a NotFound Status means the object is gone (a bare 404 is a route the apiserver has not loaded yet).
      if (error instanceof ApiError && error.status === 404 && error.reason === 'NotFound') return undefined;
      throw error;
    }
    return latest;
  }

  private async patchFinalizers(
    current: KubernetesObject,
    main: Fragment,
    change: 'add' | 'remove',
  ): Promise<KubernetesObject | undefined> {
    let latest = current;
    for (let attempt = 0; ; attempt++) {
      const finalizers = latest.metadata?.finalizers ?? [];
      const has = finalizers.includes(this.finalizer);
      if ((change === 'add') === has && isEmptyFragment(main)) return latest;
      const next = change === 'add' ? (has ? finalizers : [...finalizers, this.finalizer]) : finalizers.filter((f) => f !== this.finalizer);
      const patch = mergeFragments(main, { metadata: { resourceVersion: latest.metadata?.resourceVersion, finalizers: next } });
      try {
        return (await this.api.patch(this.path(latest), 'merge', patch)) as KubernetesObject;
      } catch (error) {
        if (!(error instanceof ApiError && error.status === 409) || attempt >= 5) throw error;
        latest = (await this.api.get(this.path(latest))) as KubernetesObject;
      }
    }
  }

  private path(obj: KubernetesObject, subresource?: string): string {
    return objectPath(this.ref, obj.metadata?.name ?? '', obj.metadata?.namespace, subresource);
  }
}
