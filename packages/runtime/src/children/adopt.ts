/**
 * adopt(): makes an object a child of a parent, as kopf's adopt does: a controller owner reference
 * with blockOwnerDeletion, the parent's namespace, a name from the parent unless one is given, the
 * parent's labels if asked, and the `<prefix>/parent` label that lets the operator find it again.
 */
import type { KubernetesObject, OwnerReference } from '../resource/types.js';
import { parentLabel } from './label.js';
import { refersTo } from './owner.js';

export interface AdoptOptions {
  /** The child's name; default its own metadata.name, else the parent's name. */
  name?: string;
  /** Copy the parent's labels onto the child (the child's own labels win). */
  labels?: boolean;
  /**
   * Whether the child's kind is namespaced (default true). A cluster-scoped child of a namespaced
   * parent is refused: the garbage collector would delete it at once.
   */
  namespaced?: boolean;
  /** Prefix of the parent label; default `gen-operator.dev`. */
  prefix?: string;
}

/** A refused adoption: the garbage collector would delete such a child, so it is never written. */
export class AdoptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AdoptionError';
  }
}

function describe(object: KubernetesObject, fallbackKind: string): string {
  const meta = object.metadata ?? {};
  const where = meta.namespace ? `${meta.namespace}/${meta.name ?? '?'}` : (meta.name ?? '?');
  return `${object.kind ?? fallbackKind} ${where}`;
}

/** A copy of `child` adopted by `parent`; throws AdoptionError for a child the garbage collector would delete. */
export function adopt<C extends KubernetesObject>(child: C, parent: KubernetesObject, options: AdoptOptions = {}): C {
  const parentMeta = parent.metadata ?? {};
  const { apiVersion, kind } = parent;
  const { name: parentName, uid } = parentMeta;
  if (!apiVersion || !kind || !parentName || !uid) {
    throw new AdoptionError(
      `adopt(): the parent needs apiVersion, kind, metadata.name and metadata.uid (an object read from the apiserver has them); got ${describe(parent, 'object')}.`,
    );
  }
  const meta = child.metadata ?? {};
  const name = options.name ?? meta.name ?? parentName;
  const childKind = child.kind ?? 'child';
  if (parentMeta.namespace !== undefined) {
    if (options.namespaced === false) {
      throw new AdoptionError(
        `adopt(): ${childKind} ${name} is cluster-scoped and cannot be a child of the namespaced ${kind} ${parentMeta.namespace}/${parentName}: the garbage collector would delete it. Give it a cluster-scoped parent, or do not adopt it.`,
      );
    }
    if (meta.namespace !== undefined && meta.namespace !== parentMeta.namespace) {
      throw new AdoptionError(
        `adopt(): ${childKind} ${name} is in namespace '${meta.namespace}', its parent ${kind} ${parentName} in '${parentMeta.namespace}': owners must be in the child's namespace, or the garbage collector deletes the child. Leave metadata.namespace out (the parent's is used).`,
      );
    }
  }
  const owner: OwnerReference = { apiVersion, kind, name: parentName, uid, controller: true, blockOwnerDeletion: true };
  const others = (meta.ownerReferences ?? []).filter((ref) => ref.uid !== uid);
  const rival = others.find((ref) => ref.controller === true);
  if (rival) {
    throw new AdoptionError(
      `adopt(): ${childKind} ${name} already names ${rival.kind} ${rival.name} as its controller; an object has one controller. Remove that owner reference or set its controller to false.`,
    );
  }
  const labels = {
    ...(options.labels ? parentMeta.labels : {}),
    ...meta.labels,
    [parentLabel(options.prefix)]: uid,
  };
  const namespace = parentMeta.namespace ?? meta.namespace;
  return {
    ...child,
    metadata: {
      ...meta,
      name,
      ...(namespace !== undefined && options.namespaced !== false ? { namespace } : {}),
      labels,
      ownerReferences: [...others, owner],
    },
  };
}

/** Whether `child` names `parent` (by uid) as its controller. */
export function isControlledBy(child: KubernetesObject, parent: { uid: string; group: string; kind: string }): boolean {
  return (child.metadata?.ownerReferences ?? []).some((ref) => ref.controller === true && ref.uid === parent.uid && refersTo(ref, parent));
}
