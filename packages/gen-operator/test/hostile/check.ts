import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import ts from 'typescript';
import { parseFile } from '../../src/load/index.js';
import type { PlannedFile } from '../../src/write/index.js';
import { typeCheck } from '../helpers.js';
import { MARKER } from './crds.js';

/** Syntax errors and every identifier named MARKER, i.e. code that did not come from a template. */
export function injectedCode(path: string, content: string): string[] {
  const source = ts.createSourceFile(path, content, ts.ScriptTarget.ES2023, true, ts.ScriptKind.TS);
  const problems = (source as unknown as { parseDiagnostics: ts.Diagnostic[] }).parseDiagnostics.map(
    (d) => `${path}: syntax: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`,
  );
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && node.text === MARKER) {
      const { line } = source.getLineAndCharacterOfPosition(node.getStart());
      problems.push(`${path}:${line + 1}: code ${JSON.stringify(node.parent.getText())}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return problems;
}

/**
 * The value of each `JSON.parse(…)` argument in a file, as the program would see it: the schemas of a
 * resource file, to compare with the CRD's. An argument that is not one plain literal is reported as such.
 */
export function parsedLiterals(path: string, content: string): unknown[] {
  const source = ts.createSourceFile(path, content, ts.ScriptTarget.ES2023, true, ts.ScriptKind.TS);
  const values: unknown[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && node.expression.getText() === 'JSON.parse') {
      const [argument] = node.arguments;
      const literal = argument && (ts.isNoSubstitutionTemplateLiteral(argument) || ts.isStringLiteral(argument));
      values.push(literal ? JSON.parse(argument.text) : `not a literal: ${argument?.getText()}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return values;
}

/** What each YAML file of a project must hold: its documents' kinds, in order. */
export function yamlKinds(path: string, content: string): string[] {
  const { documents, diagnostics } = parseFile(path, content);
  if (diagnostics.length) throw new Error(`${path} does not parse: ${diagnostics.map((d) => d.message).join('; ')}`);
  return documents.map((d) => String((d.value as { kind?: unknown })?.kind));
}

export const FIXED_YAML: Record<string, string[]> = {
  'deploy/rbac.yaml': ['ServiceAccount', 'ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding'],
  'deploy/deployment.yaml': ['Deployment'],
  'deploy/namespace.yaml': ['Namespace'],
  'deploy/kustomization.yaml': ['Kustomization'],
  '.github/workflows/ci.yaml': ['undefined'],
};

/** Writes a planned project to disk (for the type-check); returns the folder. */
export async function writeProject(dir: string, files: readonly PlannedFile[]): Promise<string> {
  await rm(dir, { recursive: true, force: true });
  for (const file of files) {
    if (file.content === undefined) continue;
    await mkdir(dirname(join(dir, file.path)), { recursive: true });
    await writeFile(join(dir, file.path), file.content);
  }
  return dir;
}

/** One tsc run over the src and test folders of every project below `root` (one per case costs minutes). */
export async function typeCheckAll(root: string, projects: readonly string[]): Promise<string> {
  const include = projects.flatMap((p) => [`${p}/src`, `${p}/test`]);
  const result = await typeCheck(root, include);
  return result.output;
}
