import { compile } from 'json-schema-to-typescript';
import type { TsNode } from './node.js';
import { PrototypeKeys } from './prototype-keys.js';

const ROOT = 'GenOperatorTypesRoot';

/**
 * Every definition as an exported interface or type, in definition order. json-schema-to-typescript
 * runs once per file, with Prettier off (it dominates the time) and without tuple expansion.
 */
export async function printDefinitions(definitions: ReadonlyMap<string, TsNode>): Promise<string> {
  const keys = new PrototypeKeys();
  const schema = { type: 'object', additionalProperties: false, properties: {}, definitions: Object.fromEntries(keys.hide(definitions)) };
  const raw = await compile(schema as never, ROOT, {
    bannerComment: '',
    additionalProperties: false,
    format: false,
    unreachableDefinitions: true,
    ignoreMinAndMaxItems: true,
    declareExternallyReferenced: true,
    strictIndexSignatures: false,
    unknownAny: true,
    $refOptions: { resolve: { external: false, file: false, http: false } } as never,
  });
  return indent(tidy(keys.restore(raw)));
}

/**
 * Drops the placeholder root and json-schema-to-typescript's "referenced by" notes. It writes field
 * names and enum values with JSON.stringify, which leaves U+2028/U+2029 raw: legal in a string
 * literal, but a line break to older tools; they can only stand in strings and comments, where the
 * escape reads the same.
 */
function tidy(source: string): string {
  return source
    .replace(/[\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`)
    .replace(new RegExp(`export interface ${ROOT} \\{\\s*\\}\\n?`), '')
    .replace(/^ \*\s*\n \* This interface was referenced by `\w+`'s JSON-Schema\n \* via the `definition` "\w+"\.\n/gm, '')
    .replace(/^\/\*\*\n \* This interface was referenced by `\w+`'s JSON-Schema\n \* via the `definition` "\w+"\.\n \*\/\n/gm, '')
    .replace(/^ \* This interface was referenced by `\w+`'s JSON-Schema\n \* via the `definition` "\w+"\.\n/gm, '');
}

/** Two-space indentation by brace depth; cheaper than a formatter and stable across versions. */
export function indent(source: string): string {
  let depth = 0;
  const out: string[] = [];
  for (const raw of source.split('\n')) {
    const line = raw.trim();
    if (line === '') {
      out.push('');
      continue;
    }
    if (depth === 0 && (line.startsWith('/**') || line.startsWith('export')) && out.at(-1) === '}') out.push('');
    const closes = /^[}\])]/.test(line) ? 1 : 0;
    const prefix = '  '.repeat(Math.max(0, depth - closes));
    const comment = line.startsWith('*') || line.startsWith('/*') || line.startsWith('//');
    if (!comment) depth = Math.max(0, depth + count(line, '{') + count(line, '[') - count(line, '}') - count(line, ']'));
    // Members end with a semicolon; json-schema-to-typescript leaves them bare when Prettier is off.
    const member = !comment && depth > 0 && !/[{([,|&]$/.test(line);
    out.push(line.startsWith('*') ? `${prefix} ${line}` : prefix + line + (member ? ';' : ''));
  }
  return `${out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()}\n`;
}

function count(line: string, ch: string): number {
  let n = 0;
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === ch) n++;
  }
  return n;
}
