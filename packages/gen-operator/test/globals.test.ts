import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GLOBALS, kindName } from '../src/emit/types/naming.js';
import { exampleCrd as crd, runCli, typeCheck, workDir } from './helpers.js';

// Kinds named like a global (crossplane has `Function`): the exported type and value take the
// suffix `Resource`, so nothing in the generated project shadows the global.
describe('a kind named like a JavaScript, TypeScript or Node global', () => {
  it.each([
    ['Function', 'FunctionResource'],
    ['Map', 'MapResource'],
    ['JSON', 'JSONResource'],
    ['Record', 'RecordResource'],
    ['Promise', 'PromiseResource'],
    ['Buffer', 'BufferResource'],
    ['Demo', 'Demo'],
    ['Mapping', 'Mapping'],
  ])('%s is exported as %s', (kind, name) => {
    expect(kindName(kind)).toBe(name);
  });

  it('generates a project that declares no global name and type-checks with the globals in use', { timeout: 120_000 }, async () => {
    const dir = join(workDir, 'globals');
    const out = join(dir, 'project');
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    // One version (Function) and two versions (Map, with an alias for the preferred one).
    await writeFile(join(dir, 'function.yaml'), crd('Function', 'functions', ['v1']));
    await writeFile(join(dir, 'map.yaml'), crd('Map', 'maps', ['v1', 'v1beta1']));
    const run = await runCli([dir, '--out', out, '--quiet']);
    expect(run.code, run.stderr).toBe(0);

    const declared: string[] = [];
    for (const file of await readdir(join(out, 'src'), { recursive: true })) {
      if (!file.endsWith('.ts')) continue;
      const text = await readFile(join(out, 'src', file), 'utf8');
      for (const m of text.matchAll(/\b(?:interface|type|const|class|function)\s+([A-Za-z_$][\w$]*)/g)) declared.push(m[1]!);
      for (const m of text.matchAll(/import\s*\{([^}]*)\}/g))
        declared.push(...m[1]!.split(',').map((s) => s.replace(/^\s*type\s+/, '').trim()));
    }
    expect(declared.filter((name) => GLOBALS.has(name))).toEqual([]);
    expect(declared).toEqual(expect.arrayContaining(['FunctionResource', 'MapResource', 'MapV1', 'MapV1Beta1', 'FunctionSpec']));

    // The handlers use the globals the kinds are named after; with shadowing this would not compile.
    const handler = join(out, 'src/handlers/function.ts');
    await writeFile(
      handler,
      `${await readFile(handler, 'utf8')}
export const seen = new Map<string, number>([['a', 1]]);
export const text: string = JSON.stringify({ size: seen.size });
export const isFunction = (value: unknown): value is Function => typeof value === 'function';
`,
    );
    const checked = await typeCheck(out, ['src']);
    expect(checked.output).toBe('');
    expect(checked.code).toBe(0);
  });
});
