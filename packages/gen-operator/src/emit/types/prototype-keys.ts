import { randomUUID } from 'node:crypto';
import type { TsNode } from './node.js';

/** Names Object.prototype has: json-schema-to-typescript calls `schema.hasOwnProperty(…)` on every node. */
const PROTOTYPE_KEYS: ReadonlySet<string> = new Set(Object.getOwnPropertyNames(Object.prototype));

/**
 * Field names that are Object.prototype's (`hasOwnProperty`, `__proto__`, …) go through
 * json-schema-to-typescript under stand-in names, and come back in the printed source: its linker
 * calls `schema.hasOwnProperty(…)`, which a field of that name turns into a crash. The stand-ins
 * carry a random part, so no field of the CRD can spell one.
 */
export class PrototypeKeys {
  private readonly nonce = randomUUID().replace(/-/g, '');
  private readonly byStandIn = new Map<string, string>();
  private readonly byKey = new Map<string, string>();

  /** The definitions with every such field renamed to a stand-in. */
  hide(definitions: ReadonlyMap<string, TsNode>): Map<string, TsNode> {
    return new Map([...definitions].map(([name, node]) => [name, this.node(node)]));
  }

  /** The printed source with the stand-ins back to the fields' names (identifiers all: no quotes needed). */
  restore(source: string): string {
    if (this.byStandIn.size === 0) return source;
    return source.replace(new RegExp(`__gok${this.nonce}_\\d+__`, 'g'), (standIn) => this.byStandIn.get(standIn) ?? standIn);
  }

  private rename(key: string): string {
    if (!PROTOTYPE_KEYS.has(key)) return key;
    let standIn = this.byKey.get(key);
    if (standIn === undefined) {
      standIn = `__gok${this.nonce}_${this.byKey.size}__`;
      this.byKey.set(key, standIn);
      this.byStandIn.set(standIn, key);
    }
    return standIn;
  }

  private node(node: TsNode): TsNode {
    const out: TsNode = { ...node };
    if (node.properties) {
      out.properties = Object.fromEntries(Object.entries(node.properties).map(([k, v]) => [this.rename(k), this.node(v)]));
    }
    if (node.required) out.required = node.required.map((k) => this.rename(k));
    if (node.items) out.items = this.node(node.items);
    if (node.additionalProperties && typeof node.additionalProperties === 'object')
      out.additionalProperties = this.node(node.additionalProperties);
    if (node.anyOf) out.anyOf = node.anyOf.map((n) => this.node(n));
    return out;
  }
}
