import { execFileSync } from 'node:child_process';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { parseFile } from '../load/index.js';
import {
  commentText,
  docComment,
  htmlComment,
  htmlText,
  markdownCell,
  markdownCode,
  markdownCodeCell,
  scriptJson,
  shellWord,
  tsIdentifier,
  tsLiteral,
  tsString,
  tsTemplateText,
  yamlComment,
  yamlDocuments,
  yamlScalar,
} from './escape.js';

// Each escape read back by what reads that place: the TypeScript parser, the YAML loader (go-yaml's
// rules), a POSIX shell. Every string must come back as written, or stay inside its comment.
const NASTY = [
  'plain',
  '',
  "it's",
  'say "hi"',
  'back`tick',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the substitution is the point
  '${x}',
  '$',
  'a\\b',
  '\\',
  "\\'",
  'line\nbreak',
  'cr\rlf\r\n',
  'ls\u2028ps\u2029nel\u0085',
  'nul\u0000bel\u0007esc\u001b',
  'bom\ufeff',
  'lone \ud800 surrogate',
  'emoji 🎉',
  '*/ end /*',
  '-->',
  '#',
  ': colon',
  '- dash',
  'yes',
  'on',
  '~',
  '0x10',
  '1_000',
  '.inf',
  ' padded ',
];

function parse(code: string): ts.SourceFile {
  const source = ts.createSourceFile('x.ts', code, ts.ScriptTarget.ES2023, true, ts.ScriptKind.TS);
  expect((source as unknown as { parseDiagnostics: unknown[] }).parseDiagnostics, code).toEqual([]);
  return source;
}

/** The value of `const x = <expression>;` as the TypeScript parser reads it. */
function literalOf(expression: string): unknown {
  const statement = parse(`const x = ${expression};`).statements[0] as ts.VariableStatement;
  return literalValue(statement.declarationList.declarations[0]!.initializer!);
}

function literalValue(node: ts.Expression): unknown {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isNumericLiteral(node)) return Number(node.text);
  if (ts.isPrefixUnaryExpression(node)) return -Number((node.operand as ts.NumericLiteral).text);
  if (node.kind === ts.SyntaxKind.TrueKeyword) return true;
  if (node.kind === ts.SyntaxKind.FalseKeyword) return false;
  if (node.kind === ts.SyntaxKind.NullKeyword) return null;
  if (ts.isArrayLiteralExpression(node)) return node.elements.map(literalValue);
  if (ts.isObjectLiteralExpression(node)) {
    const out = Object.create(null) as Record<string, unknown>;
    for (const p of node.properties) {
      if (!ts.isPropertyAssignment(p)) throw new Error(`not a property: ${p.getText()}`);
      const name = ts.isComputedPropertyName(p.name)
        ? (p.name.expression as ts.StringLiteral).text
        : (p.name as ts.Identifier | ts.StringLiteral).text;
      out[name] = literalValue(p.initializer);
    }
    return out;
  }
  throw new Error(`not a literal: ${node.getText()}`);
}

describe('TypeScript', () => {
  it.each(NASTY)('string literal %j', (s) => {
    expect(literalOf(tsString(s))).toBe(s);
  });

  it.each(NASTY)('template literal %j', (s) => {
    expect(literalOf(`\`${tsTemplateText(s)}\``)).toBe(s);
  });

  it.each(NASTY)('comments %j: the next statement stays the only one', (s) => {
    for (const code of [`// ${commentText(s)}\nlet y = 1;`, `/* ${commentText(s)} */ let y = 1;`, `${docComment(s)}let y = 1;`]) {
      const source = parse(code);
      expect(
        source.statements.map((st) => st.getText()),
        code,
      ).toEqual(['let y = 1;']);
    }
  });

  it('object literals: any key, __proto__ as an own field', () => {
    const value = JSON.parse('{"__proto__": {"a": 1}, "constructor": "c", "a b": [1, -2, 0.5, true, null], "\\n": "x"}');
    for (const indent of [undefined, '  ']) expect(JSON.stringify(literalOf(tsLiteral(value, indent)))).toBe(JSON.stringify(value));
  });

  it('identifiers are checked, never repaired', () => {
    expect(tsIdentifier('Demo')).toBe('Demo');
    for (const bad of ['my-kind', '1a', 'a b', 'class', "x'", '']) expect(() => tsIdentifier(bad)).toThrow(/internal/);
  });
});

describe('YAML (read as go-yaml reads it)', () => {
  it('documents: every string, as a key and as a value, reads back as written', () => {
    const value = Object.fromEntries(NASTY.filter((s) => !/[\ud800-\udfff]/.test(s) || s.includes('🎉')).map((s) => [s, s]));
    const doc = { list: NASTY.filter((s) => !s.includes('\ud800')), map: value, n: 1, f: 1.5, b: false, z: null };
    const read = parseFile('x.yaml', yamlDocuments([doc, { kind: 'Second' }]));
    expect(read.diagnostics).toEqual([]);
    expect(read.documents.map((d) => d.value)).toEqual([doc, { kind: 'Second' }]);
  });

  it.each(NASTY.filter((s) => !s.includes('\ud800')))('a scalar after a key and a comment: %j', (s) => {
    const read = parseFile('x.yaml', `# ${yamlComment(s)}\nkey: ${yamlScalar(s)}\nnext: 1\n`);
    expect(read.diagnostics).toEqual([]);
    expect(read.documents.map((d) => d.value)).toEqual([{ key: s, next: 1 }]);
  });
});

describe('Markdown and shell', () => {
  it.each(NASTY)('a code span is one span on one line: %j', (s) => {
    const span = markdownCode(s);
    expect(span).not.toMatch(/[\n\r\u2028\u2029]/);
    const fence = /^`+/.exec(span)![0];
    const inner = span.slice(fence.length, -fence.length);
    expect(span.endsWith(fence) && inner.length > 0).toBe(true);
    // No run of backticks inside is as long as the fence, so nothing inside can close the span.
    expect((inner.match(/`+/g) ?? []).filter((run) => run.length === fence.length)).toEqual([]);
  });

  it.each(NASTY.filter((s) => !s.includes('\u0000') && !s.includes('\ud800')))('a shell word reads back as written: %j', (s) => {
    const out = execFileSync('bash', ['-c', `printf %s ${shellWord(s)}`], { encoding: 'utf8' });
    expect(out).toBe(s);
  });
});

describe('HTML and Markdown table cells', () => {
  const HTML_NASTY = [...NASTY, 'a\\|b', '\\\\|', '</script>', '</SCRIPT >', '<!--', '"onload="x', "a'b", '&amp;', '| pipe |'];

  it.each(HTML_NASTY)('JSON for a script block reads back as written and holds no < > &: %j', (s) => {
    const text = scriptJson({ [s]: [s] });
    expect(text).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(text)).toEqual({ [s]: [s] });
  });

  it.each(HTML_NASTY)('HTML text holds no markup and decodes back: %j', (s) => {
    const text = htmlText(s);
    expect(text).not.toMatch(/[<>"']/);
    const decoded = text.replace(/&(lt|gt|quot|#39|amp);/g, (_, e: string) => ({ lt: '<', gt: '>', quot: '"', '#39': "'", amp: '&' })[e]!);
    expect(decoded).toBe(s);
  });

  it.each(HTML_NASTY)('an HTML comment cannot be ended or nested: %j', (s) => {
    expect(htmlComment(s)).not.toMatch(/[<>\n\r]/);
  });

  it.each(HTML_NASTY)('a table cell is one line with every pipe escaped: %j', (s) => {
    for (const cell of [markdownCell(s), markdownCodeCell(s)]) {
      expect(cell).not.toMatch(/[\n\r]/);
      // As GFM's cell scanner reads a row: a backslash and the character after it are one pair.
      for (let i = 0; i < cell.length; i += cell[i] === '\\' ? 2 : 1) expect(cell[i]).not.toBe('|');
    }
  });
});
