/** The sub-handlers one attempt of a handler registers, as handlers of their own (ids `parent/child`). */
import type { ChangeHandler } from '../registry/registry.js';
import type { SubhandlerSink } from './args.js';

export interface SubhandlerCollector {
  register: SubhandlerSink;
  /** In the order they were registered. */
  readonly children: ChangeHandler[];
}

export function collectSubhandlers(parent: ChangeHandler): SubhandlerCollector {
  const children: ChangeHandler[] = [];
  const register: SubhandlerSink = (id, fn, options = {}) => {
    // Ids key progress records across attempts, so they must be stable and distinct.
    if (typeof id !== 'string' || id === '') throw new TypeError(`Handler '${parent.id}': subhandler() needs a non-empty id.`);
    if (typeof fn !== 'function') throw new TypeError(`Handler '${parent.id}': subhandler('${id}') needs a function.`);
    const full = `${parent.id}/${id}`;
    if (children.some((child) => child.id === full)) {
      throw new TypeError(`Handler '${parent.id}': sub-handler id '${id}' is registered twice; give each one its own id.`);
    }
    children.push({ id: full, kind: parent.kind, fn, options: { ...options }, field: parent.field });
  };
  return { register, children };
}
