/** The label that marks a child with its parent's uid, and the prefix it shares with the finalizer. */

/** Prefix of the finalizer, annotations and labels an operator writes, unless RunOptions.prefix says otherwise. */
export const DEFAULT_PREFIX = 'gen-operator.dev';

/** `<prefix>/parent`: its value is the parent's uid, so a parent's children are one label selector away. */
export function parentLabel(prefix: string = DEFAULT_PREFIX): string {
  return `${prefix}/parent`;
}

/** The server-side selector of one parent's children. A uid is already a valid label value. */
export function childrenSelector(prefix: string, parentUid: string): string {
  return `${parentLabel(prefix)}=${parentUid}`;
}
