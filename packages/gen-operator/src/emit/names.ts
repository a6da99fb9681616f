import type { ResourceModel } from '../model/index.js';
import { asciiKind, safe } from './types/naming.js';

/** File stem for a kind: `HTTPRoute` → `httproute`; ASCII, lowercase (see asciiKind). */
export function fileStem(model: ResourceModel): string {
  return asciiKind(model.kind).toLowerCase();
}

/** Stems of files beside a kind's own: src/resources/index.ts, test/e2e.test.ts. */
const RESERVED_STEMS = new Set(['index', 'e2e']);

/**
 * One file stem per kind, unique without regard to case (macOS and Windows folders ignore it):
 * the same kind in two groups, or `Foo` beside `FOO`, would otherwise write one file twice. The
 * first kind keeps the plain stem; later ones get their group, then a number.
 */
export function planStems(models: readonly ResourceModel[]): Map<ResourceModel, string> {
  const used = new Set(RESERVED_STEMS);
  const stems = new Map<ResourceModel, string>();
  for (const model of models) {
    const plain = fileStem(model);
    const candidates = [plain, `${plain}-${model.group.replace(/\./g, '-')}`];
    let stem = candidates.find((c) => !used.has(c));
    for (let i = 2; stem === undefined; i++) if (!used.has(`${plain}-${i}`)) stem = `${plain}-${i}`;
    used.add(stem);
    stems.set(model, stem);
  }
  return stems;
}

/** `demo-operator` from the first CRD's kind, or the group when there are several: a DNS label (Namespace, ServiceAccount). */
export function projectName(models: readonly ResourceModel[]): string {
  const base = models.length === 1 ? asciiKind(models[0]!.kind) : (models[0]!.group.split('.')[0] ?? 'custom');
  const label = base
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '-')
    .slice(0, 63 - '-operator'.length)
    .replace(/^-+|-+$/g, '');
  return `${label || 'custom'}-operator`;
}

/** The handler function name for a cause: createDemo. */
export function handlerName(cause: 'create' | 'update' | 'delete', model: ResourceModel): string {
  return `${cause}${safe(model.kind)}`;
}

/** The function that applies a kind's children (--children): applyDemoChildren. */
export function childrenHelperName(model: ResourceModel): string {
  return `apply${safe(model.kind)}Children`;
}
