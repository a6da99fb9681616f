import type { ResourceModel } from '../model/index.js';

/** File stem for a kind: `HTTPRoute` → `httproute`. */
export function fileStem(model: ResourceModel): string {
  return model.kind.toLowerCase();
}

/** `demo-operator` from the first CRD's kind, or the group when there are several. */
export function projectName(models: readonly ResourceModel[]): string {
  const base = models.length === 1 ? models[0]!.kind : (models[0]!.group.split('.')[0] ?? 'custom');
  return `${base
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '-')}-operator`;
}

/** The handler function name for a cause: createDemo. */
export function handlerName(cause: 'create' | 'update' | 'delete', model: ResourceModel): string {
  return `${cause}${model.kind[0]!.toUpperCase()}${model.kind.slice(1)}`;
}
