/**
 * One child, one write: the adopted object as a server-side apply configuration, PATCHed under the
 * operator's field manager. Fields the configuration leaves out that this manager set before are
 * removed by the apiserver; fields other managers own are kept, and a value that would overwrite
 * theirs is a conflict (unless `force`).
 */
import type { ApiClient } from '../api/client.js';
import { ApiError } from '../api/errors.js';
import { objectPath, withQuery } from '../api/paths.js';
import type { ChildApplyOptions, ChildObject } from '../registry/types.js';
import type { KubernetesObject, ResourceDefinition } from '../resource/types.js';
import { adopt } from './adopt.js';

/** The field manager of child writes unless RunOptions.fieldManager says otherwise (the typed client's apply uses it too). */
export const DEFAULT_FIELD_MANAGER = 'gen-operator';

/** Another field manager owns fields this apply would change; `force: true` takes them over. */
export class ChildConflictError extends Error {
  /** The field managers that own the conflicting fields. */
  readonly managers: string[];
  /** The conflicting fields, e.g. `.data.greeting`. */
  readonly fields: string[];
  constructor(what: string, managers: string[], fields: string[], cause: ApiError) {
    const owners = managers.length ? listed(managers.map((m) => `'${m}'`)) : 'another field manager';
    const owned = fields.length ? `${listed(fields)} ${fields.length === 1 ? 'is' : 'are'}` : 'fields are';
    super(
      `${what}: ${owned} owned by ${owners}. Stop the other writer, leave those fields out, or apply with { force: true } to take them over.`,
      {
        cause,
      },
    );
    this.name = 'ChildConflictError';
    this.managers = managers;
    this.fields = fields;
  }
}

export interface ApplyContext {
  api: ApiClient;
  parent: KubernetesObject;
  prefix: string;
  fieldManager: string;
}

/** The full apply configuration: apiVersion and kind from the resource, adopted by the parent. */
export function childConfiguration<C extends KubernetesObject>(
  resource: ResourceDefinition<C>,
  object: ChildObject<C>,
  context: Pick<ApplyContext, 'parent' | 'prefix'>,
  options: ChildApplyOptions = {},
): C {
  const typed = { ...object, apiVersion: resource.apiVersion, kind: resource.kind } as unknown as C;
  return adopt(typed, context.parent, { labels: options.labels === true, namespaced: resource.namespaced, prefix: context.prefix });
}

export async function applyChild<C extends KubernetesObject>(
  context: ApplyContext,
  resource: ResourceDefinition<C>,
  object: ChildObject<C>,
  options: ChildApplyOptions = {},
): Promise<C> {
  const configuration = childConfiguration(resource, object, context, options);
  const { name, namespace } = configuration.metadata ?? {};
  const path = withQuery(objectPath(resource, name!, namespace), {
    fieldManager: context.fieldManager,
    force: options.force === true ? true : undefined,
  });
  try {
    return (await context.api.patch(path, 'apply', configuration)) as C;
  } catch (error) {
    if (error instanceof ApiError && error.status === 409) {
      const { managers, fields } = conflictsOf(error.body);
      throw new ChildConflictError(`Applying ${resource.kind} ${namespace ? `${namespace}/` : ''}${name}`, managers, fields, error);
    }
    throw error;
  }
}

/** The first few items, then how many more: a conflict over a thousand fields stays a readable message. */
function listed(items: string[], shown = 5): string {
  const head = items.slice(0, shown).join(', ');
  return items.length > shown ? `${head} and ${items.length - shown} more` : head;
}

/** Managers and fields from a 409's causes: `conflict with "kubectl" using v1` at `.data.greeting`. */
export function conflictsOf(body: unknown): { managers: string[]; fields: string[] } {
  const causes = (body as { details?: { causes?: { message?: unknown; field?: unknown }[] } } | undefined)?.details?.causes ?? [];
  const managers = new Set<string>();
  const fields: string[] = [];
  for (const cause of causes) {
    const manager = typeof cause.message === 'string' ? /conflict with "([^"]*)"/.exec(cause.message)?.[1] : undefined;
    if (manager !== undefined) managers.add(manager);
    if (typeof cause.field === 'string') fields.push(cause.field);
  }
  return { managers: [...managers], fields };
}
