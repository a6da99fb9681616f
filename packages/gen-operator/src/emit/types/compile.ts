import { compile } from 'json-schema-to-typescript';
import { setOwn, type TsNode } from './node.js';

const ROOT = 'GenOperatorTypesRoot';

/**
 * Every definition as an exported interface or type, in definition order. json-schema-to-typescript
 * runs once per file, with Prettier off (it dominates the time) and without tuple expansion.
 */
export async function printDefinitions(definitions: ReadonlyMap<string, TsNode>): Promise<string> {
  const aliases = new Map<string, string>();
  const protectedDefinitions = Object.fromEntries([...definitions].map(([name, node]) => [name, protectKeys(node, aliases)]));
  const schema = { type: 'object', additionalProperties: false, properties: {}, definitions: protectedDefinitions };
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
  let printed = tidy(raw);
  for (const [alias, key] of aliases) printed = printed.replaceAll(alias, key);
  return indent(printed);
}

/**
 * json-schema-to-typescript calls `schema.hasOwnProperty(...)` and assigns by key, so a field named
 * `hasOwnProperty` or `__proto__` breaks it. Such fields go through under a placeholder name (a plain
 * identifier, printed bare) that is put back in the printed source; every Object.prototype member
 * name is an identifier too, so the printed declaration is the same.
 */
const PROTOTYPE_NAMES = new Set(Object.getOwnPropertyNames(Object.prototype));

function protectKeys(node: TsNode, aliases: Map<string, string>): TsNode {
  const aliasOf = (key: string) => {
    if (!PROTOTYPE_NAMES.has(key)) return key;
    const alias = `GenOperatorField${[...PROTOTYPE_NAMES].indexOf(key)}x`;
    aliases.set(alias, key);
    return alias;
  };
  const out: TsNode = { ...node };
  if (node.properties) {
    const properties: Record<string, TsNode> = {};
    for (const key of Object.keys(node.properties)) setOwn(properties, aliasOf(key), protectKeys(node.properties[key]!, aliases));
    out.properties = properties;
  }
  if (node.required) out.required = node.required.map(aliasOf);
  if (node.items) out.items = protectKeys(node.items, aliases);
  if (typeof node.additionalProperties === 'object') out.additionalProperties = protectKeys(node.additionalProperties, aliases);
  if (node.anyOf) out.anyOf = node.anyOf.map((n) => protectKeys(n, aliases));
  return out;
}

/** Drops the placeholder root and json-schema-to-typescript's "referenced by" notes. */
function tidy(source: string): string {
  return source
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
