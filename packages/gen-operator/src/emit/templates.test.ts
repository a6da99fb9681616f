import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Code, render, type TemplateValue } from './templates.js';

const templates = fileURLToPath(new URL('../../../../templates', import.meta.url));
const CONTEXTS = ['ident', 'string', 'template', 'comment', 'yaml', 'markdown', 'markdown-code', 'shell', 'code'];

describe('templates', () => {
  it('every placeholder names a known context', () => {
    const files = readdirSync(templates, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.tmpl'));
    expect(files.length).toBeGreaterThan(10);
    // A GitHub Actions expression passes through untouched.
    expect(render('github/workflows/ci.yaml', {})).toContain('key: ${{ runner.os }}-${{ steps.control-plane.outputs.key }}');
    for (const file of files) {
      for (const [whole] of readFileSync(join(templates, file), 'utf8').matchAll(/(?<!\$)\{\{[^}]*\}\}/g)) {
        expect(CONTEXTS, `${file}: ${whole}`).toContain(/^\{\{([\w-]+):\w+\}\}$/.exec(whole)?.[1]);
      }
    }
  });

  const none = new Code('');
  const kind: Record<string, TemplateValue> = {
    runtimeImports: new Code('type ChangeArgs, on'),
    ...{ childArgs: none, applyChildren: none, deleteNote: none, childrenHelper: none, childHandlers: none, admissionHandlers: none },
    kind: 'Demo',
    Type: 'Demo',
    stem: 'demo',
    createName: 'createDemo',
    updateName: 'updateDemo',
    deleteName: 'deleteDemo',
    resultNote: 'The returned value is stored at status.createDemo.',
  };

  it('a value is escaped for its place', () => {
    const sub = ['$', '{b}'].join('');
    const out = render('src/handlers/kind.ts', { ...kind, kind: `a\`${sub}*/` });
    expect(out).toContain(`/** A new a\`${sub}*\\/ appeared.`);
    expect(out).toContain(`\`a\\\`\\${sub}*/ $\{name} created\``);
  });

  it('a name that is not an identifier, or a string where code goes, is a bug: it throws', () => {
    expect(() => render('src/handlers/kind.ts', { ...kind, Type: 'De-mo' })).toThrow(/internal/);
    expect(() => render('src/main.ts', { handlerImports: "import './x.js';" })).toThrow(/takes built code/);
    expect(render('src/main.ts', { handlerImports: new Code("import './x.js';") })).toContain("import './x.js';");
    expect(() => render('src/main.ts', {})).toThrow(/was not given/);
  });
});
