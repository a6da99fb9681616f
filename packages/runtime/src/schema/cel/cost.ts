/**
 * CEL's runtime cost limits as the apiserver applies them to x-kubernetes-validations
 * (k8s.io/apiserver/pkg/apis/cel/config.go): one rule may cost at most PER_CALL_LIMIT, and all the
 * rules run on one object share RUNTIME_COST_BUDGET. @bufbuild/cel has no cost tracking, so the
 * cost is metered here from outside the evaluator:
 *
 * - every function or operator call costs 1, plus 1 for each operand (cel-go charges the access of
 *   each variable or field it reads), plus a tenth of the size of its string, bytes, list and map
 *   operands (cel-go's size-proportional traversal costs);
 * - every element a comprehension (all, exists, map, filter, …) iterates over a list or map of the
 *   document costs 3 (the loop condition, the accumulator and the variable), charged when the
 *   iteration starts.
 *
 * cel-go's accounting is finer (a constant operand costs nothing, a field path costs per step), so
 * the figure differs from the apiserver's by a small factor; what holds is the bound: an expression
 * stops (with the apiserver's message) after a number of steps proportional to the limit, whatever
 * the document.
 */
import type { CelEnv } from '@bufbuild/cel';

/** Actual cost limit of one evaluation (PerCallLimit). */
export const PER_CALL_LIMIT = 1_000_000;
/** Cost budget for all the rules evaluated on one object (RuntimeCELCostBudget). */
export const RUNTIME_COST_BUDGET = 10_000_000;

/** cel-go's error when an evaluation passes its cost limit; the apiserver matches on this text. */
export const COST_LIMIT_ERROR = 'operation cancelled: actual cost limit exceeded';

class CostLimitExceeded extends Error {
  constructor() {
    super(COST_LIMIT_ERROR);
  }
}

interface Meter {
  cost: number;
  limit: number;
}

/** The evaluation being metered; evaluation is synchronous, so one at a time. */
let current: Meter | undefined;

export function charge(cost: number): void {
  if (!current) return;
  current.cost += cost;
  if (current.cost > current.limit) throw new CostLimitExceeded();
}

function sizeOf(v: unknown): number {
  if (typeof v === 'string' || v instanceof Uint8Array) return v.length;
  if (typeof v === 'object' && v !== null && 'size' in v && typeof (v as { size: unknown }).size === 'number')
    return (v as { size: number }).size;
  return 0;
}

function callCost(target: unknown, args: readonly unknown[]): number {
  let size = sizeOf(target);
  for (const a of args) size += sizeOf(a);
  return 1 + args.length + (target === undefined ? 0 : 1) + Math.ceil(size / 10);
}

interface FuncGroup {
  name: string;
  call(id: number, target: unknown, args: unknown[]): unknown;
}
interface Resolver extends Iterable<unknown> {
  find(name: string): FuncGroup | undefined;
}

/** The same environment with every function call charged to the current meter. */
export function meteredEnv(env: CelEnv): CelEnv {
  const inner = env.funcs as unknown as Resolver;
  const groups = new Map<string, FuncGroup | undefined>();
  const funcs: Resolver = {
    find(name) {
      if (!groups.has(name)) {
        const group = inner.find(name);
        groups.set(
          name,
          group && {
            name: group.name,
            call(id, target, args) {
              charge(callCost(target, args));
              return group.call(id, target, args);
            },
          },
        );
      }
      return groups.get(name);
    },
    [Symbol.iterator]: () => inner[Symbol.iterator](),
  };
  return { namespace: env.namespace, registry: env.registry, variables: env.variables, funcs } as unknown as CelEnv;
}

const ITERATION_COST = 3;

/** A list of the document whose iteration by a comprehension is charged. */
export function meteredList<T>(items: T[]): T[] {
  const values = items.values.bind(items);
  Object.defineProperty(items, 'values', {
    value: () => {
      charge(ITERATION_COST * items.length);
      return values();
    },
    enumerable: false,
  });
  return items;
}

/** A map of the document (CEL map or object) whose key iteration by a comprehension is charged. */
export class MeteredMap<K, V> extends Map<K, V> {
  override keys(): MapIterator<K> {
    charge(ITERATION_COST * this.size);
    return super.keys();
  }
}

export type Metered<T> = { value: T; cost: number } | { exceeded: true; cost: number };

/** Runs one evaluation under a cost limit; reports the cost, or that the limit was passed. */
export function metered<T>(limit: number, run: () => T): Metered<T> {
  const outer = current;
  const meter: Meter = { cost: 0, limit };
  current = meter;
  try {
    const value = run();
    // The evaluator turns exceptions into CEL errors; the meter knows whether it was the limit.
    return meter.cost > limit ? { exceeded: true, cost: meter.cost } : { value, cost: meter.cost };
  } catch (err) {
    if (err instanceof CostLimitExceeded) return { exceeded: true, cost: meter.cost };
    throw err;
  } finally {
    current = outer;
  }
}
