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

/** `src/handlers/<kind>.ts`: create, update and delete stubs typed to the kind. */
export function handlerFile(info: KindInfo): ProjectFile {
  return {
    path: `src/handlers/${info.stem}.ts`,
    content: render('src/handlers/kind.ts', names(info)),
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
 * `test/e2e.test.ts`: the built operator on a real kube-apiserver handles each kind's example. A kind
 * without a valid example is only listed (the apiserver would refuse to create it).
 */
export function e2eFile(kinds: readonly KindInfo[], crdFiles: readonly string[]): ProjectFile {
  const resourceImports = kinds
    .map((k) => {
      const name = k.type === k.projectType ? tsIdentifier(k.type) : `${tsIdentifier(k.type)} as ${tsIdentifier(k.projectType)}`;
      return `import { ${name} } from ${tsString(`../src/resources/${k.stem}.js`)};`;
    })
    .join('\n');
  const cases = kinds
    .map((k) => {
      if (!k.exampleValid) return listCase(k);
      const name = String((k.example.metadata as { name: string }).name);
      const scope = k.model.scope === 'Namespaced' ? `'default'` : 'undefined';
      const body = tsLiteral({
        ...k.example,
        metadata: { ...(k.example.metadata as object), ...(k.model.scope === 'Namespaced' ? { namespace: 'default' } : {}) },
      });
      return `
it('the operator handles a new ${tsStringText(k.model.kind)}', async () => {
  const client = ${tsIdentifier(k.projectType)}.api(plane.kubeConfig);
  await client.create(${body});
  // The create handler's result lands in status (or, without a status schema, at least the finalizer is set).
  await expect
    .poll(async () => {
      const current = await client.get(${tsString(name)}, ${scope});
      return current.metadata?.finalizers?.length ?? 0;
    }, { timeout: 60_000, interval: 250 })
    .toBeGreaterThan(0);
});`;
    })
    .join('\n');
  return {
    path: 'test/e2e.test.ts',
    content: render('test/e2e.test.ts', {
      resourceImports: new Code(resourceImports),
      crdFiles: new Code(tsLiteral(crdFiles)),
      cases: new Code(cases),
    }),
    owner: 'user',
  };
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
