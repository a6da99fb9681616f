import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { GENERATED_MARK } from '../header.js';
import { MARKER, type Plan, type PlannedFile } from './plan.js';

/**
 * The generated files a run would create or change: the ones stale against the CRDs. User files
 * never count, nor does a generated file the user took over (its header removed: the plan keeps it).
 * Provenance does not count either: which paths a run was given shows only in each header's
 * "from …" and in the marker's `inputs`, and a project's CI names its CRDs (`crds`) otherwise than
 * the command that created the project did (`../crds/demo.yaml`).
 */
export async function staleFiles(plan: Plan): Promise<PlannedFile[]> {
  const stale: PlannedFile[] = [];
  for (const file of plan.files) {
    if (file.owner !== 'generated' || file.action === 'keep') continue;
    if (file.action === 'update' && file.content !== undefined) {
      const existing = await readFile(join(plan.out, file.path), 'utf8');
      if (withoutProvenance(file.path, existing) === withoutProvenance(file.path, file.content)) continue;
    }
    stale.push(file);
  }
  return stale;
}

function withoutProvenance(path: string, content: string): string {
  if (path === MARKER) {
    try {
      const { inputs: _inputs, ...rest } = JSON.parse(content) as Record<string, unknown>;
      return JSON.stringify(rest);
    } catch {
      return content; // not JSON any more: a change like any other
    }
  }
  const lines = content.split('\n');
  const at = lines.slice(0, 3).findIndex((line) => line.includes(GENERATED_MARK));
  if (at >= 0) lines[at] = GENERATED_MARK; // the header line, whatever it says the file came from
  return lines.join('\n');
}
