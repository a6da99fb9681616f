/**
 * The admission webhooks a project is deployed with (`--webhooks validate,mutate`, or `webhooks` in
 * gen-operator.json). Only these words are accepted, and each is replaced by this table's own text.
 */
import { type ChildEntry, shown } from './children.js';

export const WEBHOOK_KINDS = ['validate', 'mutate'] as const;
export type WebhookKind = (typeof WEBHOOK_KINDS)[number];

/** The kinds of the entries, in the table's order; blank entries are skipped (`--webhooks ''` clears the list). */
export function parseWebhooks(entries: readonly ChildEntry[]): { kinds: WebhookKind[]; problems: string[] } {
  const found = new Set<WebhookKind>();
  const problems: string[] = [];
  for (const { value, where } of entries) {
    if (problems.length >= 10) break;
    if (typeof value !== 'string') {
      problems.push(`${where}: not a word; write "validate" or "mutate"`);
      continue;
    }
    const entry = value.trim();
    if (entry === '') continue;
    const kind = WEBHOOK_KINDS.find((k) => k === entry.toLowerCase());
    if (kind) found.add(kind);
    else problems.push(`${where}: ${shown(entry)} is not a webhook gen-operator writes; write validate, mutate or both (validate,mutate)`);
  }
  return { kinds: WEBHOOK_KINDS.filter((k) => found.has(k)), problems };
}
