import { relative, resolve } from 'node:path';
import { type Diagnostic, hasErrors, sortDiagnostics } from './diagnostics.js';
import { load } from './load/index.js';
import { buildModels, type ResourceModel } from './model/index.js';

export interface ReadCrds {
  /** The paths as given, relative to `cwd` (what headers and diagnostics name). */
  paths: string[];
  resources: ResourceModel[];
  /** Sorted; an error (or no CRD at all, `no-crd`) means nothing may be written. */
  diagnostics: Diagnostic[];
  ok: boolean;
}

/**
 * load → model for the commands that start from CRDs (generate, docs): files named relative to
 * `cwd`, every problem of every document at once, and `no-crd` when the input holds none.
 */
export async function readCrds(
  given: readonly string[],
  cwd: string,
  check: (models: readonly ResourceModel[]) => Diagnostic[] = () => [],
): Promise<ReadCrds> {
  const paths = given.map((p) => relative(cwd, resolve(cwd, p)) || '.');
  const loaded = await load(paths.map((p) => resolve(cwd, p)));
  const relativeTo = (file: string) => relative(cwd, file) || file;
  for (const d of loaded.documents) d.file = relativeTo(d.file);
  const model = buildModels(loaded.documents);
  const diagnostics = sortDiagnostics([
    ...loaded.diagnostics.map((d) => ({ ...d, file: relativeTo(d.file) })),
    ...model.diagnostics,
    ...check(model.resources),
  ]);
  if (model.resources.length === 0 && !hasErrors(diagnostics)) {
    diagnostics.push({
      severity: 'error',
      code: 'no-crd',
      file: paths[0] ?? '.',
      line: 1,
      col: 1,
      path: '',
      message: 'no CustomResourceDefinition found in the input',
      hint: 'pass the CRD YAML files (or folders) to read',
    });
  }
  return { paths, resources: model.resources, diagnostics, ok: !hasErrors(diagnostics) };
}
