import { statusCanHold } from '@gen-operator/runtime';
import { CHILD_KINDS, type ChildKind, childSpelling, type ResourceModel, type WebhookKind } from '../../model/index.js';
import type { ExpectedText, ProjectFile } from '../../project-file.js';
import { commentText, tsIdentifier, tsLiteral, tsString, tsStringText } from '../escape.js';
import { childrenHelperName, handlerName } from '../names.js';
import { Code, render } from '../templates.js';
import { type ChildrenHelper, childHandlersCode, childNames, childrenHelperCode, importSpecifier } from './children.js';

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
  /** The built-in kinds its handlers apply as children (--children); none for a cluster-scoped kind. */
  children: readonly ChildKind[];
  /** The admission webhooks deploy/ registers for it (--webhooks): each gets a handler stub. */
  webhooks: readonly WebhookKind[];
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

/**
 * `src/handlers/<kind>.ts`: create, update and delete stubs typed to the kind; with children, a
 * helper that applies them, called by create and update, and an on.child handler per kind.
 */
export function handlerFile(info: KindInfo): ProjectFile {
  const createName = handlerName('create', info.model);
  const resultNote = resultKept(info)
    ? `The returned value is stored at status.${createName}.`
    : `The returned value would be stored at status.${createName}, but the status schema prunes that field: declare it, or add x-kubernetes-preserve-unknown-fields: true to status.`;
  const helper = childrenHelper(info);
  const local = childNames(CHILD_KINDS, new Set([info.type, helper.name, 'ChangeArgs', 'on']));
  const children = info.children;
  const has = children.length > 0;
  const values = {
    ...names(info),
    resultNote,
    runtimeImports: new Code(['type ChangeArgs', ...children.map((c) => importSpecifier(c, local.get(c)!)), 'on'].join(', ')),
    childArgs: new Code(has ? ', body, children' : ''),
    applyChildren: new Code(has ? `\n  await ${tsIdentifier(helper.name)}(body, children);` : ''),
    deleteNote: new Code(has ? '\n * Its children go with it: the garbage collector deletes what it owns.' : ''),
    childrenHelper: new Code(has ? childrenHelperCode(helper, children, local) : ''),
    childHandlers: new Code(has ? childHandlersCode(helper, children, local) : ''),
    admissionHandlers: new Code(admissionCode(info)),
  };
  return {
    path: `src/handlers/${info.stem}.ts`,
    content: render('src/handlers/kind.ts', values),
    owner: 'user',
    expects: [...expectedChildren(info, local), ...expectedAdmission(info)],
  };
}

/**
 * An on.validate / on.mutate stub per admission webhook of --webhooks: deploy/ sends the apiserver's
 * reviews of the kind to them. They admit as they are; the comments show how to refuse and change.
 */
function admissionCode(info: KindInfo): string {
  const type = tsIdentifier(info.type);
  const kind = commentText(info.model.kind);
  const stubs: Record<WebhookKind, string> = {
    validate: `
// Asked before a ${kind} is created or changed (deploy/webhooks.yaml). Refuse with the message
// kubectl shows: ({ object }) => { if (…) throw new AdmissionError('why', 422); }, and warn with
// ({ warnings }) => warnings.push('…'). Until you write it, it admits everything.
on.validate(${type}, () => {});`,
    mutate: `
// Asked before a ${kind} is stored (deploy/webhooks.yaml). Change the object in place and the
// apiserver stores the change: ({ object }) => { object.metadata = { ...object.metadata, labels: {…} }; }.
// Until you write it, it changes nothing.
on.mutate(${type}, () => {});`,
  };
  return info.webhooks.map((webhook) => stubs[webhook]).join('');
}

/** A kept handlers file gets a note in the plan for each --webhooks handler it lacks. */
function expectedAdmission(info: KindInfo): ExpectedText[] {
  return info.webhooks.map((webhook) => ({
    text: `on.${webhook}(${info.type},`,
    present: true,
    note: `add on.${webhook}(${info.type}, …) for the ${webhook} webhook deploy/webhooks.yaml registers (a project generated afresh with --webhooks shows it); until then the operator admits unchanged, with a warning`,
  }));
}

function childrenHelper(info: KindInfo): ChildrenHelper {
  const schema = info.model.versions.find((v) => v.name === info.model.preferredVersion)?.schema;
  const properties = schema?.properties as Record<string, unknown> | undefined;
  return {
    name: childrenHelperName(info.model),
    type: info.type,
    kindComment: commentText(info.model.kind),
    spec: properties && Object.hasOwn(properties, 'spec') ? 'parent.spec ?? {}' : '{}',
    list: info.children.map(childSpelling).join(','),
  };
}

/**
 * What a kept handler file should show for the current list, so that a re-run with another list
 * says what to change by hand (the file is the user's and is never rewritten): a kind added to the
 * list needs its children.apply() and on.child(); a kind taken off it is no longer granted by
 * deploy/rbac.yaml. Every built-in kind is looked for, by the name it is imported as.
 */
function expectedChildren(info: KindInfo, local: ReadonlyMap<ChildKind, string>): ExpectedText[] {
  if (info.model.scope !== 'Namespaced') return [];
  return CHILD_KINDS.map((child) => {
    const name = local.get(child)!;
    const listed = info.children.includes(child);
    return {
      text: `children.apply(${name},`,
      present: listed,
      note: listed
        ? `add by hand: children.apply(${name}, …) from the create and update handlers, and on.child(${info.type}, ${name}, …) (a project generated afresh with these --children shows the code)`
        : `applies ${childSpelling(child)}, which deploy/rbac.yaml does not grant (it is not in --children): grant it in a file of your own, or remove its children.apply() and on.child()`,
    };
  });
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
  const has = info.children.length > 0;
  const applied = info.children.map((c) => c.kind);
  const values = {
    ...names(info),
    example,
    exampleCheck,
    runtimeImports: new Code(has ? 'type ChangeArgs, changeArgs' : 'changeArgs'),
    recorder: new Code(has ? recorderCode(type) : ''),
    createTitle: has ? 'create applies the children and returns a message for status' : 'create returns a message for status',
    createSetup: new Code(has ? '    const { applied, children } = recordChildren();\n' : ''),
    createOverrides: new Code(has ? ', { children }' : ''),
    createCheck: new Code(has ? `\n    expect(applied).toEqual(${tsLiteral(applied)});` : ''),
    updateOverrides: new Code(has ? ', children: recordChildren().children' : ''),
  };
  return { path: `test/${info.stem}.test.ts`, content: render('test/kind.test.ts', values), owner: 'user' };
}

/** A stand-in for the children of a handler's object in unit tests: it records the kinds applied. */
function recorderCode(type: string): string {
  return `
/** Stands in for the cluster: records the kind of each child the handlers apply. */
function recordChildren() {
  const applied: string[] = [];
  const children = {
    apply: async (resource: { kind: string }, object: object) => {
      applied.push(resource.kind);
      return object;
    },
  } as unknown as ChangeArgs<${type}>['children'];
  return { applied, children };
}
`;
}

/** `src/main.ts`: lifecycle handlers and run(); later runs add the import of a new kind's handlers (and converters). */
export function mainFile(kinds: readonly KindInfo[], converters: readonly string[] = []): ProjectFile {
  const modules = [...kinds.map((k) => `./handlers/${k.stem}.js`), ...converters];
  const imports = modules.map((module) => `import ${tsString(module)};`).join('\n');
  return {
    path: 'src/main.ts',
    content: render('src/main.ts', { handlerImports: new Code(imports) }),
    owner: 'user',
    imports: modules.map((module) => ({ module })),
  };
}

/**
 * `test/e2e.test.ts`: the built operator, as the ServiceAccount of deploy/rbac.yaml (namespace
 * `namespace`), on a real kube-apiserver: each kind's example is created, handled and deleted. A kind
 * without a valid example is only listed (the apiserver would refuse to create it).
 */
export function e2eFile(
  kinds: readonly KindInfo[],
  crdFiles: readonly string[],
  namespace: string,
  reserved: ReadonlySet<string>,
): ProjectFile {
  const resourceImports = kinds
    .map((k) => {
      const name = k.type === k.projectType ? tsIdentifier(k.type) : `${tsIdentifier(k.type)} as ${tsIdentifier(k.projectType)}`;
      return `import { ${name} } from ${tsString(`../src/resources/${k.stem}.js`)};`;
    })
    .join('\n');
  // The children's resources, by names no kind of the project and nothing of the file takes.
  const children = [...new Set(kinds.filter((k) => k.exampleValid).flatMap((k) => k.children))];
  const local = childNames(children, new Set([...reserved, ...kinds.map((k) => k.projectType)]));
  const runtimeImports = ['ApiError', ...children.map((c) => importSpecifier(c, local.get(c)!))].join(', ');
  const cases = kinds.map((k) => (k.exampleValid ? lifecycleCase(k, local) : listCase(k))).join('\n');
  return {
    path: 'test/e2e.test.ts',
    content: render('test/e2e.test.ts', {
      runtimeImports: new Code(runtimeImports),
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
function lifecycleCase(k: KindInfo, local: ReadonlyMap<ChildKind, string>): string {
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
${handled}${childrenChecks(k, name, local)}
  // The finalizer, set before any handler ran, holds the object until the delete handler has run.
  expect((await client.get(${tsString(name)}, ${scope})).metadata?.finalizers?.length).toBeGreaterThan(0);
  await client.delete(${tsString(name)}, ${scope});
  await expect.poll(() => operator.output(), wait).toContain(${tsString(`${kind} ${name} deleted`)});
  await expect.poll(() => exists(() => client.get(${tsString(name)}, ${scope})), wait).toBe(false);
});`;
}

/**
 * Each child exists with the object as its controller owner, under the operator's own rights; the
 * first one, deleted, comes back (on.child applies it again).
 */
function childrenChecks(k: KindInfo, name: string, local: ReadonlyMap<ChildKind, string>): string {
  const [first] = k.children;
  if (!first) return '';
  const scope = tsString('default');
  const lines = [
    '',
    `  // Its children (--children), applied by the create handler with the ${commentText(k.model.kind)} as their controller owner.`,
    `  const owner = (await client.get(${tsString(name)}, ${scope})).metadata?.uid;`,
    `  const ownerReference = { kind: ${tsString(k.model.kind)}, name: ${tsString(name)}, uid: owner, controller: true, blockOwnerDeletion: true };`,
  ];
  const client = (c: ChildKind) => `${local.get(c)!.charAt(0).toLowerCase()}${local.get(c)!.slice(1)}Client`;
  for (const c of k.children) {
    const api = tsIdentifier(client(c));
    lines.push(
      `  const ${api} = ${tsIdentifier(local.get(c)!)}.api(plane.kubeConfig);`,
      `  await expect.poll(async () => (await ${api}.get(${tsString(name)}, ${scope}).catch(() => undefined))?.metadata?.ownerReferences, wait).toEqual([`,
      '    expect.objectContaining(ownerReference),',
      '  ]);',
    );
  }
  const api = tsIdentifier(client(first));
  lines.push(
    `  // Deleted by someone else, the ${commentText(first.kind)} comes back: on.child applies the children again.`,
    `  const before = (await ${api}.get(${tsString(name)}, ${scope})).metadata?.uid;`,
    `  await ${api}.delete(${tsString(name)}, ${scope});`,
    `  await expect.poll(async () => (await ${api}.get(${tsString(name)}, ${scope}).catch(() => undefined))?.metadata?.uid, wait).toSatisfy(`,
    '    (uid) => uid !== undefined && uid !== before,',
    '  );',
  );
  return lines.join('\n');
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
