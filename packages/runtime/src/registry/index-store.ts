/**
 * The memory behind an `on.index()` handle: per key, the value each object gave for it. Only what
 * the index function returned is kept, never bodies. An object's entries are replaced whole on each
 * of its events, so a key it no longer gives disappears with it.
 */
import type { Index } from './types.js';

export class IndexStore<K extends string, V> implements Index<K, V> {
  /** key → uid → value */
  private readonly byKey = new Map<K, Map<string, V>>();
  /** uid → the keys it gave, to remove them without a scan. */
  private readonly byObject = new Map<string, K[]>();
  /** get() answers a frozen list per key, rebuilt only after that key changed. */
  private readonly lists = new Map<K, readonly V[]>();

  get(key: K): readonly V[] {
    let list = this.lists.get(key);
    if (list === undefined) {
      const values = this.byKey.get(key);
      if (!values) return EMPTY as readonly V[];
      list = Object.freeze([...values.values()]);
      this.lists.set(key, list);
    }
    return list;
  }

  has(key: K): boolean {
    return this.byKey.has(key);
  }

  keys(): IterableIterator<K> {
    return this.byKey.keys();
  }

  *entries(): IterableIterator<[K, readonly V[]]> {
    for (const key of this.byKey.keys()) yield [key, this.get(key)];
  }

  get size(): number {
    return this.byKey.size;
  }

  /** Objects with entries (for tests and metrics). */
  get objects(): number {
    return this.byObject.size;
  }

  /** Sets the object's entries to exactly `entries` (none removes it). */
  replace(uid: string, entries: ReadonlyMap<K, V>): void {
    this.remove(uid);
    if (entries.size === 0) return;
    for (const [key, value] of entries) {
      let values = this.byKey.get(key);
      if (!values) {
        values = new Map();
        this.byKey.set(key, values);
      }
      values.set(uid, value);
      this.lists.delete(key);
    }
    this.byObject.set(uid, [...entries.keys()]);
  }

  remove(uid: string): void {
    const keys = this.byObject.get(uid);
    if (!keys) return;
    this.byObject.delete(uid);
    for (const key of keys) {
      const values = this.byKey.get(key)!;
      values.delete(uid);
      if (values.size === 0) this.byKey.delete(key);
      this.lists.delete(key);
    }
  }

  clear(): void {
    this.byKey.clear();
    this.byObject.clear();
    this.lists.clear();
  }
}

const EMPTY: readonly unknown[] = Object.freeze([]);
