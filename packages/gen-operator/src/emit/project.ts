import { basename } from 'node:path';
import type { Diagnostic } from '../diagnostics.js';
import { GENERATED_MARK, header } from '../header.js';
import { Reporter, type ResourceModel } from '../model/index.js';
import type { ProjectFile } from '../project-file.js';
import { fileStem, projectName } from './names.js';
import { emitResource, emitResourceIndex } from './resources.js';
import { buildSample } from './sample.js';
import { exampleFile, rbacFile } from './scaffold/deploy.js';
import { e2eFile, handlerFile, handlerTestFile, type KindInfo, mainFile } from './scaffold/handlers.js';
import { type Dependencies, packageJsonFile } from './scaffold/package-json.js';
import { staticFiles } from './scaffold/static.js';

export interface EmitOptions {
  /** The project's name (package name, Deployment, ServiceAccount); derived from the CRDs when absent. */
  name?: string;
  dependencies: Dependencies;
  /** How the inputs were named on the command line, for headers and the README. */
  inputs: readonly string[];
  /** Receives a warning for each kind without a valid sample. */
  diagnostics?: Diagnostic[];
}

/** Every file of the operator project for these CRDs, generated and user-owned alike. */
export async function emitProject(models: readonly ResourceModel[], options: EmitOptions): Promise<ProjectFile[]> {
  const name = options.name ?? projectName(models);
  const crdCopies = copyCrds(models);
  const files: ProjectFile[] = [];
  const kinds: KindInfo[] = [];
  const problems = new Map<ResourceModel, string[]>();
  const index: { stem: string; exports: string[] }[] = [];
  for (const model of models) {
    const crdFile = crdCopies.byModel.get(model)!;
    const { file, exports } = await emitResource(model, [crdFile]);
    files.push(file);
    const stem = fileStem(model);
    index.push({ stem, exports });
    const sample = buildSample(model);
    const example = `examples/${fileStem(model)}.yaml`;
    if (!sample.valid)
      options.diagnostics?.push(
        sampleWarning(
          model,
          'sample-invalid',
          `no ${model.kind} that passes this schema and its rules was found (${sample.problems.slice(0, 3).join('; ')}): ${example} is written commented out, and the kind is left out of test/e2e.test.ts`,
          'complete the example by hand, uncomment it, check it with `npm run validate`, and add its case to test/e2e.test.ts',
        ),
      );
    else if (sample.unchecked.length > 0)
      options.diagnostics?.push(
        sampleWarning(
          model,
          'sample-unchecked',
          `${example} passes the schema, but these rules use what gen-operator cannot evaluate yet: ${sample.unchecked.slice(0, 3).join('; ')}`,
          'check the example on a cluster: kubectl apply --dry-run=server -f examples/',
        ),
      );
    kinds.push({ model, stem, type: exports[0]!, example: sample.example, exampleValid: sample.valid });
    problems.set(model, sample.problems);
  }
  const sources = [...crdCopies.files.map((f) => f.path)];
  files.push(emitResourceIndex(index, sources));
  files.push(...crdCopies.files);
  for (const kind of kinds) {
    files.push(handlerFile(kind), handlerTestFile(kind), exampleFile(kind.stem, kind.example, problems.get(kind.model)));
  }
  files.push(mainFile(kinds), e2eFile(kinds, sources), rbacFile(name, models, sources), packageJsonFile(name, options.dependencies));
  const kindList = kinds.map((k) => k.model.kind).join(', ');
  files.push(...staticFiles({ name, kinds: kindList, inputs: options.inputs.join(' ') }));
  files.push(markerFile(name, models, options));
  return files;
}

/** A warning about a kind's sample, located at the preferred version's schema. */
function sampleWarning(model: ResourceModel, code: string, message: string, hint: string): Diagnostic {
  const report = new Reporter(model.source);
  const index = model.versions.findIndex((v) => v.name === model.preferredVersion);
  report.warning(code, ['spec', 'versions', index, 'schema', 'openAPIV3Schema'], message, hint);
  return report.diagnostics[0]!;
}

/** `gen-operator.json` marks the folder as a gen-operator project, so later runs may write into it. */
function markerFile(name: string, models: readonly ResourceModel[], options: EmitOptions): ProjectFile {
  const marker = { generatedBy: GENERATED_MARK, name, crds: models.map((m) => m.name), inputs: options.inputs };
  return { path: 'gen-operator.json', content: `${JSON.stringify(marker, null, 2)}\n`, owner: 'generated' };
}

/** `crds/<file>`: each input file that holds a CRD, as written, with a header; names made unique. */
function copyCrds(models: readonly ResourceModel[]): { files: ProjectFile[]; byModel: Map<ResourceModel, string> } {
  const byFile = new Map<string, { text: string; path: string }>();
  const byModel = new Map<ResourceModel, string>();
  const used = new Set<string>();
  for (const model of models) {
    let entry = byFile.get(model.source.file);
    if (!entry) {
      // A JSON file is valid YAML, so every copy is .yaml and can carry the header comment.
      const base = basename(model.source.file).replace(/\.(json|yml)$/, '.yaml');
      let path = `crds/${base}`;
      for (let i = 2; used.has(path); i++) path = `crds/${base.replace(/(\.\w+)$/, `-${i}$1`)}`;
      used.add(path);
      entry = { text: model.source.text, path };
      byFile.set(model.source.file, entry);
    }
    byModel.set(model, entry.path);
  }
  const files = [...byFile.entries()].map(([file, { text, path }]) => {
    const body = text.replace(/^#[^\n]*Generated by gen-operator[^\n]*\n/, '');
    return { path, content: header('#', [file]) + body, owner: 'generated' as const };
  });
  return { files, byModel };
}
