import { statusCanHold } from '@gen-operator/runtime';
import type { ResourceModel } from '../../model/index.js';
import type { ProjectFile } from '../../project-file.js';
import { commentText, tsIdentifier, tsLiteral, tsString, tsStringText } from '../escape.js';
import { handlerName } from '../names.js';
import { Code, render } from '../templates.js';

export interface KindInfo {
  model: ResourceModel;
  /** File stem of the kind's resource, handler, test and example files (unique in the project). */
  stem: string;
  /** The exported name of the preferred version's type and definition. */
  type: string;
  /** The same name as re-exported by src/resources/index.ts (different when two kinds export one name). */
  projectType: string;
  example: Record<string, unknown>;
  /** The example passes the schema and its rules (else examples/<kind>.yaml is commented out). */
  exampleValid: boolean;
}

function names(info: KindInfo) {
  return {
    kind: info.model.kind,
    Type: info.type,
    stem: info.stem,
    createName: handlerName('create', info.model),
    updateName: handlerName('update', info.model),
    deleteName: handlerName('delete', info.model),
  };
}

/**
 * Whether the create handler's result is stored, decided from the schema the way the runtime decides
 * it: at status.<handler id> when the status keeps that field, else nowhere (the runtime warns).
 */
function resultKept(info: KindInfo): boolean {
  const schema = info.model.versions.find((v) => v.name === info.model.preferredVersion)?.schema;
  return schema !== undefined && statusCanHold(schema, handlerName('create', info.model));
}

/** `src/handlers/<kind>.ts`: create, update and delete stubs typed to the kind. */
export function handlerFile(info: KindInfo): ProjectFile {
  const createName = handlerName('create', info.model);
  const resultNote = resultKept(info)
    ? `The returned value is stored at status.${createName}.`
    : `The returned value would be stored at status.${createName}, but the status schema prunes that field: declare it, or add x-kubernetes-preserve-unknown-fields: true to status.`;
  return {
    path: `src/handlers/${info.stem}.ts`,
    content: render('src/handlers/kind.ts', { ...names(info), resultNote }),
    owner: 'user',
  };
}

/** `test/<kind>.test.ts`: unit tests of the stubs with the example object. */
export function handlerTestFile(info: KindInfo): ProjectFile {
  const example = new Code(tsLiteral(info.example, '  '));
  const type = tsIdentifier(info.type);
  const exampleCheck = new Code(
    info.exampleValid
      ? `  it('the example is valid against the CRD schema', () => {
    expect(${type}.validate(example).issues).toEqual([]);
  });`
      : `  // No valid example was found (see examples/${commentText(info.stem)}.yaml): once it is complete, check it here with
  // expect(${type}.validate(example).issues).toEqual([]);`,
  );
  return {
    path: `test/${info.stem}.test.ts`,
    content: render('test/kind.test.ts', { ...names(info), example, exampleCheck }),
    owner: 'user',
  };
}

/** `src/main.ts`: lifecycle handlers and run(); later runs add the import of a new kind's handlers. */
export function mainFile(kinds: readonly KindInfo[]): ProjectFile {
  const imports = kinds.map((k) => `import ${tsString(`./handlers/${k.stem}.js`)};`).join('\n');
  return {
    path: 'src/main.ts',
    content: render('src/main.ts', { handlerImports: new Code(imports) }),
    owner: 'user',
    imports: kinds.map((k) => ({ module: `./handlers/${k.stem}.js` })),
  };
}

/**
 * `test/e2e.test.ts`: the built operator, as the ServiceAccount of deploy/rbac.yaml (namespace
 * `namespace`), on a real kube-apiserver: each kind's example is created, handled and deleted. A kind
 * without a valid example is only listed (the apiserver would refuse to create it).
 */
export function e2eFile(kinds: readonly KindInfo[], crdFiles: readonly string[], namespace: string): ProjectFile {
  const resourceImports = kinds
    .map((k) => {
      const name = k.type === k.projectType ? tsIdentifier(k.type) : `${tsIdentifier(k.type)} as ${tsIdentifier(k.projectType)}`;
      return `import { ${name} } from ${tsString(`../src/resources/${k.stem}.js`)};`;
    })
    .join('\n');
  const cases = kinds.map((k) => (k.exampleValid ? lifecycleCase(k) : listCase(k))).join('\n');
  return {
    path: 'test/e2e.test.ts',
    content: render('test/e2e.test.ts', {
      resourceImports: new Code(resourceImports),
      crdFiles: new Code(tsLiteral(crdFiles)),
      namespace,
      cases: new Code(cases),
    }),
    owner: 'user',
  };
}

/**
 * Create → the create handler's result → delete → the delete handler → gone. Where the result is not
 * stored (resultKept), the handler's log line shows it ran.
 */
function lifecycleCase(k: KindInfo): string {
  const { kind, createName } = names(k);
  const name = String((k.example.metadata as { name: string }).name);
  const namespaced = k.model.scope === 'Namespaced';
  const scope = namespaced ? `'default'` : 'undefined';
  const body = tsLiteral({
    ...k.example,
    metadata: { ...(k.example.metadata as object), ...(namespaced ? { namespace: 'default' } : {}) },
  });
  const handled = resultKept(k)
    ? `  // The create handler's result is kept at status.${commentText(createName)}.
  await expect.poll(async () => statusOf(await client.get(${tsString(name)}, ${scope})).${tsIdentifier(createName)}, wait).toEqual({
    message: ${tsString(`created ${name}`)},
  });`
    : `  // The status schema has no room for status.${commentText(createName)} (it prunes unknown fields), so the runtime
  // does not store the create handler's result (it warns); the handler's log line shows it ran.
  await expect.poll(() => operator.output(), wait).toContain(${tsString(`${kind} ${name} created`)});
  expect(statusOf(await client.get(${tsString(name)}, ${scope}))).not.toHaveProperty(${tsString(createName)});`;
  return `
it('the operator handles a new ${tsStringText(kind)} and its deletion', async () => {
  showOperatorLogOnFailure();
  const wait = { timeout: 60_000, interval: 250 };
  const client = ${tsIdentifier(k.projectType)}.api(plane.kubeConfig);
  await client.create(${body});
${handled}
  // The finalizer, set before any handler ran, holds the object until the delete handler has run.
  expect((await client.get(${tsString(name)}, ${scope})).metadata?.finalizers?.length).toBeGreaterThan(0);
  await client.delete(${tsString(name)}, ${scope});
  await expect.poll(() => operator.output(), wait).toContain(${tsString(`${kind} ${name} deleted`)});
  await expect.poll(() => exists(() => client.get(${tsString(name)}, ${scope})), wait).toBe(false);
});`;
}

function listCase(k: KindInfo): string {
  const scope = k.model.scope === 'Namespaced' ? `{ namespace: 'default' }` : '';
  return `
// No valid ${commentText(k.model.kind)} was found to create (see examples/${commentText(k.stem)}.yaml): the kind is only listed.
it('the apiserver serves ${tsStringText(k.model.kind)}', async () => {
  const client = ${tsIdentifier(k.projectType)}.api(plane.kubeConfig);
  expect((await client.list(${scope})).items).toEqual([]);
});`;
}
