import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleObject } from '../../src/emit/index.js';
import { generate } from '../../src/generate.js';
import { parseFile } from '../../src/load/index.js';
import type { ResourceModel } from '../../src/model/index.js';
import type { PlannedFile } from '../../src/write/index.js';
import { runCli, workDir } from '../helpers.js';
import { FIXED_YAML, injectedCode, parsedLiterals, typeCheckAll, writeProject, yamlKinds } from './check.js';
import { baseCrd, type Crd, crdText, MARKER, PAYLOADS, specOf, writeInput } from './crds.js';
import { ACCEPTED, REFUSED, withNames } from './names.js';

// The generator on CRDs (and file names) built to break out of every place a string lands: each
// project must hold only code from the templates (checked on the syntax tree), its YAML exactly
// the documents meant, and all of them must type-check (one tsc run at the end).
const root = join(workDir, 'hostile');
const projects: string[] = [];
let readmeLines = 0;

let cases = 0;

/** Generates from files (relative path → text) in a folder of their own; checks what can be checked per project. */
async function generateCase(name: string, inputs: Record<string, string>, paths = Object.keys(inputs)) {
  // Numbered: case names that differ only in case must not share a folder on macOS.
  const id = `${++cases}-${name.replace(/\W+/g, '-')}`;
  const cwd = join(root, 'inputs', id);
  for (const [path, text] of Object.entries(inputs)) await writeInput(join(cwd, path), text);
  const out = join(root, 'projects', id);
  const result = await generate({ paths, out, dryRun: true, cwd });
  return { result, out, id };
}

async function expectSafeProject(name: string, inputs: Record<string, string>, paths?: string[]) {
  const { result, out, id } = await generateCase(name, inputs, paths);
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const files = result.plan!.files;
  const contents = new Map(files.map((f) => [f.path, f.content ?? '']));
  expect(contents.size, 'each path planned once').toBe(files.length);
  expect(files.filter((f) => f.action !== 'create')).toEqual([]);
  for (const file of files) checkFile(file, result.resources, inputs);
  expect(lines(contents.get('README.md')!)).toBe(readmeLines);
  const marker = JSON.parse(contents.get('gen-operator.json')!) as { inputs: string[] };
  expect(marker.inputs).toEqual(paths ?? Object.keys(inputs));
  projects.push(`projects/${id}`);
  await writeProject(out, files);
  return { files: contents, resources: result.resources, out };
}

function checkFile(file: PlannedFile, models: readonly ResourceModel[], inputs: Record<string, string>) {
  const content = file.content ?? '';
  if (file.path.endsWith('.ts')) expect(injectedCode(file.path, content)).toEqual([]);
  if (file.path.startsWith('src/resources/') && file.path !== 'src/resources/index.ts') {
    // Each schema the resource file parses is the CRD's, character for character.
    const schemas = models.flatMap((m) => m.versions.filter((v) => v.served).map((v) => json(v.schema)));
    const parsed = parsedLiterals(file.path, content);
    expect(parsed.length).toBeGreaterThan(0);
    for (const schema of parsed) expect(schemas).toContainEqual(schema);
  }
  if (!file.path.endsWith('.yaml')) return;
  const kinds = yamlKinds(file.path, content);
  if (file.path === 'deploy/rbac.yaml') expect(grants(content)).toEqual(expectedGrants(models));
  if (file.path in FIXED_YAML) expect(kinds, file.path).toEqual(FIXED_YAML[file.path]);
  else if (file.path.startsWith('examples/')) {
    // The sample object of one of the kinds, exactly: no string became a boolean, number or null.
    const [doc] = parseFile(file.path, content).documents;
    expect(kinds).toHaveLength(1);
    expect(models.map((m) => json(sampleObject(m)))).toContainEqual(json(doc!.value));
  } else if (file.path.startsWith('crds/')) {
    // The copy holds the same documents as some input, read the way the apiserver reads them.
    const copy = parseFile(file.path, content).documents.map((d) => json(d.value));
    const originals = Object.entries(inputs).map(([path, text]) => parseFile(path, text).documents.map((d) => json(d.value)));
    expect(originals).toContainEqual(copy);
  } else throw new Error(`unexpected YAML file ${file.path}`);
}

/** Every (group, resource, verb) the ClusterRole grants. */
function grants(content: string): string[] {
  const role = parseFile('rbac.yaml', content).documents[1]!.value as {
    rules: { apiGroups: string[]; resources: string[]; verbs: string[] }[];
  };
  return role.rules.flatMap((r) => r.apiGroups.flatMap((g) => r.resources.flatMap((res) => r.verbs.map((v) => `${g}/${res}:${v}`)))).sort();
}

/** What the handlers of these kinds need, and nothing else. */
function expectedGrants(models: readonly ResourceModel[]): string[] {
  const own = models.flatMap((m) => [
    ...['get', 'list', 'watch', 'patch'].map((v) => `${m.group}/${m.plural}:${v}`),
    ...(m.versions.some((v) => v.subresources.status) ? [`${m.group}/${m.plural}/status:patch`] : []),
  ]);
  const events = ['create', 'patch'].map((v) => `events.k8s.io/events:${v}`);
  return [...own, ...events].sort();
}

const json = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown;
const lines = (text: string) => text.split('\n').length;

beforeAll(async () => {
  const { result } = await generateCase('baseline', { 'widget.yaml': crdText(baseCrd()) });
  readmeLines = lines(result.plan!.files.find((f) => f.path === 'README.md')!.content!);
}, 60_000);

// Some hundred projects: none is left behind.
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Each place a CRD string lands, with how to put a payload there. */
const PLACES: Record<string, (crd: Crd, payload: string) => void> = {
  'description and title': (crd, p) => {
    Object.assign(crd.spec.versions[0]!.schema.openAPIV3Schema, { description: p, title: p });
    Object.assign(specOf(crd).properties.size!, { description: p, title: p });
  },
  'deprecation warning': (crd, p) => {
    crd.spec.versions[0]!.deprecated = true;
    crd.spec.versions[0]!.deprecationWarning = p;
  },
  'enum value': (crd, p) => {
    specOf(crd).properties.mode = { type: 'string', enum: [p, 'plain'] };
    specOf(crd).required = ['mode'];
  },
  default: (crd, p) => {
    specOf(crd).properties.mode = { type: 'string', default: p, description: 'a default' };
  },
  example: (crd, p) => {
    specOf(crd).properties.mode = { type: 'object', example: { [p]: p }, 'x-kubernetes-preserve-unknown-fields': true };
    specOf(crd).required = ['mode'];
  },
  'printer column': (crd, p) => {
    crd.spec.versions[0]!.additionalPrinterColumns = [{ name: p, type: 'string', jsonPath: '.spec.size', description: p }];
  },
  'field name': (crd, p) => {
    specOf(crd).properties[p] = { type: 'string', description: p };
    specOf(crd).required = [p];
  },
};

describe.each(Object.entries(PLACES))('a hostile %s', (place, put) => {
  it.each(Object.entries(PAYLOADS))('%s', { timeout: 60_000 }, async (name, payload) => {
    const crd = baseCrd();
    put(crd, payload);
    const { files } = await expectSafeProject(`${place}-${name}`, { 'widget.yaml': crdText(crd) });
    // The payload reached the project (as data): the test would see an escape that failed.
    expect([...files.values()].some((c) => c.includes(MARKER))).toBe(true);
  });
});

describe('input files whose names collide once made safe', () => {
  it('each gets its own copy in crds/', { timeout: 60_000 }, async () => {
    const inputs = {
      'a/widget.yaml': crdText(baseCrd()),
      'b/Widget.yaml': crdText(baseCrd({ kind: 'Gadget', plural: 'gadgets' })),
      'c/wid get.yaml': crdText(baseCrd({ kind: 'Doohickey', plural: 'doohickeys' })),
      'd/wid?get.json': crdText(baseCrd({ kind: 'Gizmo', plural: 'gizmos' })),
    };
    const { files } = await expectSafeProject('colliding-inputs', inputs);
    expect([...files.keys()].filter((p) => p.startsWith('crds/')).sort()).toEqual([
      'crds/Widget-2.yaml',
      'crds/wid-get-2.yaml',
      'crds/wid-get.yaml',
      'crds/widget.yaml',
    ]);
  });
});

describe('field names that are Object.prototype keys', () => {
  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty'])('%s is a field like any other', { timeout: 60_000 }, async (key) => {
    const crd = baseCrd();
    // defineProperty: `properties.__proto__ = …` would set the prototype, and the CRD would not have the field.
    Object.defineProperty(specOf(crd).properties, key, { value: { type: 'string', default: key }, enumerable: true });
    specOf(crd).required = [key];
    const { files } = await expectSafeProject(`prototype-${key}`, { 'widget.yaml': crdText(crd) });
    const example = parseFile('x.yaml', files.get('examples/widget.yaml')!).documents[0]!.value as { spec: object };
    expect(Object.hasOwn(example.spec, key) && (example.spec as Record<string, unknown>)[key]).toBe(key);
    expect(files.get('src/resources/widget.ts')).toMatch(new RegExp(`\\n {2}"?${key}"?: string;`));
  });
});

describe('a hostile input file name', () => {
  // A file name cannot hold NUL or `/`; a `/` becomes a folder, so `*/` is spelt as folder `*` and a file.
  const named = Object.entries(PAYLOADS).filter(([name]) => name !== 'NUL');
  it.each(named)('%s', { timeout: 60_000 }, async (name, payload) => {
    const path = `${payload.replace(/\/+/g, '/x/')}.yaml`.replace(/^\//, '');
    const { files } = await expectSafeProject(`file-${name}`, { [path]: crdText(baseCrd()) });
    expect(files.get('README.md')).toContain(MARKER);
    expect(
      [...files.keys()].every((p) => /^[\w./-]+$/.test(p)),
      'project paths keep to safe characters',
    ).toBe(true);
  });
});

describe('YAML written the way the apiserver reads it', () => {
  const words = ['yes', 'on', 'y', 'n', 'off', 'Y', 'NO', '1_000', '0x10', '0o17', '0777', '1e3', '~', 'null', '.inf', '-.Inf', '.nan', ''];
  it.each(words)('%j stays a string, as a value and as a key', { timeout: 60_000 }, async (word) => {
    const crd = baseCrd();
    specOf(crd).properties.word = { type: 'string', default: word };
    specOf(crd).properties[word || 'empty'] = { type: 'string', enum: [word] };
    specOf(crd).required = [word || 'empty'];
    const { files } = await expectSafeProject(`yaml-${JSON.stringify(word)}`, { 'widget.yaml': crdText(crd) });
    const example = parseFile('x.yaml', files.get('examples/widget.yaml')!).documents[0]!.value as { spec: Record<string, unknown> };
    expect(example.spec.word).toBe(word);
    expect(example.spec[word || 'empty']).toBe(word);
  });

  it('a JSON CRD that is not YAML (tabs, duplicate and long keys, __proto__) is copied so that it still loads', {
    timeout: 60_000,
  }, async () => {
    const crd = baseCrd();
    specOf(crd).properties['k'.repeat(1100)] = { type: 'string' };
    const text = JSON.stringify(crd, null, '\t')
      .replace('"scope": "Namespaced"', '"scope": "Cluster",\n\t\t"scope": "Namespaced"')
      .replace('"size": {', '"__proto__": {"type": "string"},\n"size": {');
    const { files, out } = await expectSafeProject('json-input', { 'widget.json': text });
    const copy = parseFile('crds/widget.yaml', files.get('crds/widget.yaml')!);
    expect(copy.diagnostics).toEqual([]);
    expect(json(copy.documents[0]!.value)).toEqual(json(JSON.parse(text)));
    // The project's own `npm run validate` (gen-operator validate crds examples) takes the copy and the example.
    const validate = await runCli(['validate', 'crds', 'examples'], out);
    expect(validate.code, validate.stdout + validate.stderr).toBe(0);
  });
});

describe('kinds and names the apiserver accepts', () => {
  it.each(ACCEPTED)('%s', { timeout: 120_000 }, async (name, crds) => {
    const { files, resources } = await expectSafeProject(`kinds-${name}`, { 'crds.yaml': crdText(...crds) });
    expect(resources).toHaveLength(crds.length);
    // One handler, test and example per kind: nothing overwrote anything.
    expect([...files.keys()].filter((p) => p.startsWith('src/handlers/'))).toHaveLength(crds.length);
    expect([...files.keys()].filter((p) => p.startsWith('examples/'))).toHaveLength(crds.length);
  });
});

describe('names the apiserver refuses are refused with their position, nothing planned', () => {
  it.each(REFUSED)('%s', { timeout: 60_000 }, async (name, change, code) => {
    const { result } = await generateCase(`refused-${name}`, { 'widget.yaml': crdText(withNames(change)) });
    expect(result.plan).toBeUndefined();
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => d.code)).toContain(code);
    for (const d of errors) expect(d.line, `${d.message} has a position`).toBeGreaterThan(0);
  });

  it('the command exits 1 and says where (file:line:col), writing nothing', { timeout: 60_000 }, async () => {
    const cwd = join(root, 'inputs', 'refused-cli');
    await writeInput(join(cwd, 'widget.yaml'), crdText(withNames({ names: { plural: '*' } })));
    const run = await runCli(['widget.yaml', '--out', 'out'], cwd);
    expect(run.code).toBe(1);
    expect(run.stdout + run.stderr).toMatch(/widget\.yaml:\d+:\d+/);
    expect(run.stdout + run.stderr).toContain('spec.names.plural');
    expect(existsSync(join(cwd, 'out'))).toBe(false);
  });
});

describe('every generated project', () => {
  it('type-checks (one tsc run over all of them)', { timeout: 900_000 }, async () => {
    expect(projects.length).toBeGreaterThan(110);
    expect(await typeCheckAll(root, projects)).toBe('');
  });
});
