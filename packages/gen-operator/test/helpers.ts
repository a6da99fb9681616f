import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startProcess, stopProcesses } from '@gen-operator/testing';
import { afterAll } from 'vitest';
import { printDefinitions, Prepass } from '../src/emit/index.js';

export const packageDir = fileURLToPath(new URL('..', import.meta.url));
export const repoDir = fileURLToPath(new URL('../../..', import.meta.url));
/**
 * Scratch space for generated projects, outside the repository; one per test process, so two test
 * runs on one machine (several people, or CI beside a developer) never share a folder.
 */
export const workDir = mkdtempSync(join(tmpdir(), 'gen-operator-tests-'));

export const cliPath = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));

// Every file that uses these helpers: a CLI or tsc still running when its tests end (a timeout) is stopped.
afterAll(() => stopProcesses());

/** Runs the built CLI (npm run build first), as a user would. */
export async function runCli(args: readonly string[], cwd = repoDir): Promise<{ code: number; stdout: string; stderr: string }> {
  const cli = startProcess(process.execPath, [cliPath, ...args], { cwd, env: { ...process.env, NO_COLOR: '1' } });
  const code = await cli.exited;
  return { code: code ?? -1, stdout: cli.stdout, stderr: cli.stderr };
}

/** The TypeScript printed for a schema placed at `spec.field` of a Widget. */
export async function typesFor(field: Record<string, unknown>): Promise<string> {
  const prepass = new Prepass();
  prepass.addRoot(
    'Widget',
    { type: 'object', properties: { spec: { type: 'object', properties: { field } } } },
    'example.com/v1',
    'Widget',
    'Widget',
  );
  return printDefinitions(prepass.definitions);
}

/** The declared type of `field` in WidgetSpec, e.g. `number | string`. */
export async function fieldType(field: Record<string, unknown>): Promise<string> {
  const source = await typesFor(field);
  const spec = source.slice(source.indexOf('export interface WidgetSpec {'));
  const match = /\n {2}field\??: ([^\n]*(?:\n {4}[^\n]*)*(?:\n {2}\}[^\n]*)?)/.exec(spec);
  if (!match) throw new Error(`no field in:\n${source}`);
  return match[1]!.replace(/;/g, '').replace(/\s+/g, ' ').trim();
}

/**
 * Type-checks a folder with the repository's TypeScript; returns tsc's output (empty when clean).
 * `runtime` replaces the runtime's declarations (a fixture of an API the runtime is to have).
 */
export async function typeCheck(
  dir: string,
  include: readonly string[],
  runtime = join(repoDir, 'packages/runtime/dist/index.d.ts'),
): Promise<{ code: number; output: string }> {
  const { writeFile } = await import('node:fs/promises');
  const config = {
    compilerOptions: {
      target: 'ES2023',
      lib: ['ES2023'],
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      strict: true,
      noUncheckedIndexedAccess: true,
      verbatimModuleSyntax: true,
      skipLibCheck: true,
      noEmit: true,
      types: ['node'],
      // The folder lives outside the repository (so no linter sees it): point at the workspace's packages.
      typeRoots: [join(repoDir, 'node_modules/@types')],
      paths: {
        '@gen-operator/runtime': [runtime],
        '@gen-operator/testing': [join(repoDir, 'packages/testing/dist/index.d.ts')],
        vitest: [join(repoDir, 'node_modules/vitest/dist/index.d.ts')],
      },
    },
    include,
  };
  await writeFile(join(dir, 'tsconfig.check.json'), JSON.stringify(config));
  // ES modules, as in a generated project (whose package.json says so).
  await writeFile(join(dir, 'package.json'), JSON.stringify({ type: 'module' }), { flag: 'wx' }).catch(() => undefined);
  const tsc = join(repoDir, 'node_modules/typescript/bin/tsc');
  const check = startProcess(process.execPath, [tsc, '-p', join(dir, 'tsconfig.check.json')], { cwd: dir });
  const code = await check.exited;
  return { code: code ?? -1, output: check.stdout + check.stderr };
}

/**
 * A small namespaced CRD in example.com: spec.size (integer, default 1, or `sizeOf(version)` when
 * given), status.ready; the first version stores.
 */
export function exampleCrd(
  kind: string,
  plural: string,
  versions: readonly string[] = ['v1'],
  sizeOf: (version: string) => string = () => '{ type: integer, default: 1 }',
): string {
  const list = versions
    .map(
      (v, i) => `    - name: ${v}
      served: true
      storage: ${i === 0}
      subresources: { status: {} }
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              properties:
                size: ${sizeOf(v)}
            status:
              type: object
              properties:
                ready: { type: boolean }`,
    )
    .join('\n');
  return `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: ${plural}.example.com
spec:
  group: example.com
  scope: Namespaced
  names: { kind: ${kind}, plural: ${plural}, singular: ${kind.toLowerCase()}, listKind: ${kind}List }
  versions:
${list}
`;
}
