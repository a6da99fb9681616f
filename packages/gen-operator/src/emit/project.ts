import { basename, extname } from 'node:path';
import type { Diagnostic } from '../diagnostics.js';
import { GENERATED_MARK, header } from '../header.js';
import {
  type ChildKind,
  childSpelling,
  conversionDiagnostic,
  Reporter,
  type ResourceModel,
  versionConversion,
  type WebhookKind,
} from '../model/index.js';
import type { ProjectFile } from '../project-file.js';
import { shellWord, yamlDocuments } from './escape.js';
import { planStems, projectName } from './names.js';
import { emitResource, emitResourceIndex, type IndexEntry } from './resources.js';
import { buildSample } from './sample.js';
import { type ConvertingKind, converterFile, converterModule, converterTestFile } from './scaffold/conversion.js';
import { exampleFile, rbacFile } from './scaffold/deploy.js';
import { e2eFile, handlerFile, handlerTestFile, type KindInfo, mainFile } from './scaffold/handlers.js';
import { type Dependencies, packageJsonFile } from './scaffold/package-json.js';
import { staticFiles } from './scaffold/static.js';
import { conversionCrdFile, deploymentValues, webhooksFile, webhooksReadme } from './scaffold/webhooks.js';

export interface EmitOptions {
  /** The project's name (package name, Deployment, ServiceAccount); derived from the CRDs when absent. */
  name?: string;
  dependencies: Dependencies;
  /** How the inputs were named on the command line, for headers and the README. */
  inputs: readonly string[];
  /** Receives a warning for each kind without a valid sample, and for each cluster-scoped kind that gets no children. */
  diagnostics?: Diagnostic[];
  /** Built-in kinds each namespaced kind's handlers apply as children (--children). */
  children?: readonly ChildKind[];
  /** Admission webhooks deployed with the project (--webhooks). */
  webhooks?: readonly WebhookKind[];
}

/** Names test/e2e.test.ts declares beside the kinds' types it imports. */
const E2E_NAMES = new Set([
  'ApiError',
  'ControlPlane',
  'TestProcess',
  'identityFromManifests',
  'installCrds',
  'startControlPlane',
  'startProcess',
  'stopProcesses',
  'afterAll',
  'beforeAll',
  'expect',
  'it',
  'onTestFailed',
  'plane',
  'operator',
  'showOperatorLogOnFailure',
  'statusOf',
  'exists',
]);

/** Every file of the operator project for these CRDs, generated and user-owned alike; each path once. */
export async function emitProject(models: readonly ResourceModel[], options: EmitOptions): Promise<ProjectFile[]> {
  const name = options.name ?? projectName(models);
  const crdCopies = copyCrds(models);
  const stems = planStems(models);
  const files: ProjectFile[] = [];
  const entries: { model: ResourceModel; entry: IndexEntry; versionTypes: Map<string, string> }[] = [];
  for (const model of models) {
    const stem = stems.get(model)!;
    const { file, exports, versionTypes } = await emitResource(model, [crdCopies.byModel.get(model)!], stem);
    files.push(file);
    entries.push({ model, entry: { stem, exports }, versionTypes });
  }
  const sources = [...crdCopies.files.map((f) => f.path)];
  const index = emitResourceIndex(
    entries.map((e) => e.entry),
    sources,
    E2E_NAMES,
  );
  files.push(index.file);
  files.push(...crdCopies.files);
  const children = options.children ?? [];
  const problems = new Map<ResourceModel, string[]>();
  const kinds: KindInfo[] = entries.map(({ model, entry }) => {
    const sample = buildSample(model);
    const example = `examples/${entry.stem}.yaml`;
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
    problems.set(model, sample.problems);
    const namespaced = model.scope === 'Namespaced';
    if (children.length > 0 && !namespaced) options.diagnostics?.push(clusterScopedWarning(model));
    return {
      model,
      stem: entry.stem,
      type: entry.exports[0]!,
      projectType: index.names.get(entry)![0]!,
      example: sample.example,
      exampleValid: sample.valid,
      children: namespaced ? children : [],
      webhooks: options.webhooks ?? [],
    };
  });
  for (const kind of kinds) {
    files.push(handlerFile(kind), handlerTestFile(kind), exampleFile(kind.stem, kind.example, problems.get(kind.model)));
  }
  const converting = convertingKinds(kinds, entries, options.diagnostics);
  const webhooks = options.webhooks ?? [];
  const served = webhooks.length > 0 || converting.length > 0;
  const deployFiles: ProjectFile[] = [];
  if (served) deployFiles.push(webhooksFile(name, models, webhooks, sources));
  for (const kind of converting) {
    files.push(converterFile(kind), converterTestFile(kind));
    deployFiles.push(conversionCrdFile(name, kind.model, kind.stem, [crdCopies.byModel.get(kind.model)!]));
  }
  files.push(...deployFiles);
  files.push(
    mainFile(kinds, converting.map(converterModule)),
    e2eFile(kinds, sources, name, E2E_NAMES),
    rbacFile(name, kinds, sources),
    packageJsonFile(name, options.dependencies, { yaml: converting.length > 0 }),
  );
  const deployResources = deployFiles.map((f) => f.path.slice('deploy/'.length));
  files.push(
    ...staticFiles({
      name,
      image: `${name}:latest`,
      kinds: kinds.map((k) => k.model.kind).join(', '),
      command: ['gen-operator', ...options.inputs].map(shellWord).join(' '),
      ...deploymentValues(name, served, deployResources),
      webhooksSection: webhooksReadme(name, webhooks, converting),
    }).map((file) => (file.path === 'deploy/kustomization.yaml' ? withResources(file, deployResources) : file)),
  );
  files.push(markerFile(name, models, options));
  assertPlannedOnce(files);
  return files;
}

/**
 * The kinds whose served versions differ, with the type name of each version; a note for each kind
 * whose versions share one schema (nothing to convert), a warning when the hub has no type.
 */
function convertingKinds(
  kinds: readonly KindInfo[],
  entries: readonly { model: ResourceModel; versionTypes: Map<string, string> }[],
  diagnostics: Diagnostic[] | undefined,
): ConvertingKind[] {
  const out: ConvertingKind[] = [];
  for (const kind of kinds) {
    const conversion = versionConversion(kind.model);
    const diagnostic = conversionDiagnostic(kind.model, conversion);
    if (diagnostic) diagnostics?.push(diagnostic);
    if (conversion.kind !== 'webhook') continue;
    const types = entries.find((e) => e.model === kind.model)!.versionTypes;
    const { hub, spokes, differences } = conversion;
    out.push({ model: kind.model, stem: kind.stem, hub, spokes, differences, types, exampleValid: kind.exampleValid });
  }
  return out;
}

/**
 * deploy/kustomization.yaml is the user's: a later run that adds webhook or conversion files to
 * deploy/ notes in its plan that they are to be listed there.
 */
function withResources(file: ProjectFile, resources: readonly string[]): ProjectFile {
  return {
    ...file,
    expects: resources.map((resource) => ({
      text: `- ${resource}`,
      present: true,
      note: `add "- ${resource}" to resources, so that kubectl apply -k deploy/ applies it`,
    })),
  };
}

/** A warning about a kind's sample, located at the preferred version's schema. */
function sampleWarning(model: ResourceModel, code: string, message: string, hint: string): Diagnostic {
  const report = new Reporter(model.source);
  const index = model.versions.findIndex((v) => v.name === model.preferredVersion);
  report.warning(code, ['spec', 'versions', index, 'schema', 'openAPIV3Schema'], message, hint);
  return report.diagnostics[0]!;
}

/**
 * A cluster-scoped object cannot own namespaced ones through the runtime (children take their
 * parent's namespace), and every built-in kind is namespaced: its handlers get no children.
 */
function clusterScopedWarning(model: ResourceModel): Diagnostic {
  const report = new Reporter(model.source);
  report.warning(
    'children-cluster-scoped',
    ['spec', 'scope'],
    `${model.kind} is cluster-scoped, and children take their parent's namespace: its handlers do not apply the --children`,
    'apply namespaced objects from a namespaced kind, or create them with an explicit namespace in a handler of your own',
  );
  return report.diagnostics[0]!;
}

/** Two files for one path would be a silent overwrite: every name above is planned to avoid it, so one is a bug. */
export function assertPlannedOnce(files: readonly ProjectFile[]): void {
  const seen = new Map<string, string>();
  for (const file of files) {
    // Folders on macOS and Windows ignore case (and normalise Unicode on macOS).
    const key = file.path.normalize('NFC').toLowerCase();
    const other = seen.get(key);
    if (other !== undefined) throw new Error(`internal: two generated files for one path: ${other} and ${file.path}`);
    seen.set(key, file.path);
  }
}

/**
 * `gen-operator.json` marks the folder as a gen-operator project, so later runs may write into it,
 * and keeps the settings later runs reuse (`children`).
 */
function markerFile(name: string, models: readonly ResourceModel[], options: EmitOptions): ProjectFile {
  const children = (options.children ?? []).map(childSpelling);
  const marker = {
    generatedBy: GENERATED_MARK,
    name,
    crds: models.map((m) => m.name),
    inputs: options.inputs,
    // Kept for later runs, which read them when --children or --webhooks is not given.
    ...(children.length > 0 ? { children } : {}),
    ...(options.webhooks?.length ? { webhooks: options.webhooks } : {}),
  };
  return { path: 'gen-operator.json', content: `${JSON.stringify(marker, null, 2)}\n`, owner: 'generated' };
}

/**
 * `crds/<file>.yaml`: each input file that holds a CRD, with a header. A YAML file is copied as
 * written; a JSON file is written as YAML (a comment cannot go into JSON, and JSON is not always
 * YAML: duplicate keys, keys over 1024 characters). File names keep only characters that are safe
 * in every file system and tool; names are unique without regard to case.
 */
function copyCrds(models: readonly ResourceModel[]): { files: ProjectFile[]; byModel: Map<ResourceModel, string> } {
  const byFile = new Map<string, ProjectFile>();
  const byModel = new Map<ResourceModel, string>();
  const used = new Set<string>();
  for (const model of models) {
    const { file, text } = model.source;
    let copy = byFile.get(file);
    if (!copy) {
      const stem =
        basename(file, extname(file))
          .replace(/[^A-Za-z0-9._-]/g, '-')
          .replace(/^[.-]+/, '') || 'crd';
      let path = `crds/${stem}.yaml`;
      for (let i = 2; used.has(path.toLowerCase()); i++) path = `crds/${stem}-${i}.yaml`;
      used.add(path.toLowerCase());
      const body = file.endsWith('.json')
        ? yamlDocuments([JSON.parse(text)])
        : text.replace(/^\ufeff/, '').replace(/^#[^\n]*Generated by gen-operator[^\n]*\n/, '');
      copy = { path, content: header('#', [file]) + body, owner: 'generated' };
      byFile.set(file, copy);
    }
    byModel.set(model, copy.path);
  }
  return { files: [...byFile.values()], byModel };
}
