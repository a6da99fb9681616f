/**
 * The watch echoes of the operator's own child writes. A create handler that applies three children
 * would otherwise re-trigger its parent three times (once per ADDED event); an event whose
 * resourceVersion is the one our apply just returned, or the DELETED event of a child we pruned, is
 * exactly what we wrote, so on.child has nothing to react to.
 *
 * Only kinds some on.child handler watches are recorded. An entry lives until its echo (or any later
 * event of the same child) arrives: at most one per child, and none for a child that is gone.
 */
import type { KubernetesObject } from '../resource/types.js';

const DELETED = '';

export class ChildEchoes {
  private readonly expected = new Map<string, string>();

  constructor(private readonly watched: ReadonlySet<string>) {}

  /** Records our write of a child of kind `resourceKey`: its next event with this version is ours. */
  wrote(resourceKey: string, written: KubernetesObject): void {
    const { uid, resourceVersion } = written.metadata ?? {};
    if (!this.watched.has(resourceKey) || !uid || !resourceVersion) return;
    this.expected.set(uid, resourceVersion);
  }

  /** Records our deletion of a child: its DELETED event is ours. */
  deleted(resourceKey: string, uid: string): void {
    if (this.watched.has(resourceKey)) this.expected.set(uid, DELETED);
  }

  /** Whether the event only echoes our own write; any event of the child ends the expectation. */
  settles(event: { type: string | undefined; object: KubernetesObject }): boolean {
    const { uid, resourceVersion } = event.object.metadata ?? {};
    if (!uid) return false;
    const expected = this.expected.get(uid);
    if (expected === undefined) return false;
    const ours = event.type === 'DELETED' ? expected === DELETED : expected !== DELETED && expected === resourceVersion;
    if (ours || event.type === 'DELETED' || !this.pending(expected, resourceVersion)) this.expected.delete(uid);
    return ours;
  }

  /** Entries held (for tests). */
  get size(): number {
    return this.expected.size;
  }

  /** An event older than our write (a numeric resourceVersion below it) leaves the expectation in place. */
  private pending(expected: string, seen: string | undefined): boolean {
    if (expected === DELETED || seen === undefined || !/^\d+$/.test(expected) || !/^\d+$/.test(seen)) return false;
    return BigInt(seen) < BigInt(expected);
  }
}
