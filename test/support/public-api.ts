/**
 * A package's public API as text: every name its entry exports, value or type, with what it is, one
 * a line and sorted. Compared with a committed file, a change of the API surface is a visible diff.
 */
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { expect } from 'vitest';

const KINDS: [ts.SymbolFlags, string][] = [
  [ts.SymbolFlags.Class, 'class'],
  [ts.SymbolFlags.Function, 'function'],
  [ts.SymbolFlags.Enum, 'enum'],
  [ts.SymbolFlags.Interface, 'interface'],
  [ts.SymbolFlags.TypeAlias, 'type'],
  [ts.SymbolFlags.Namespace, 'namespace'],
];

function kindOf(symbol: ts.Symbol): string {
  const kinds = KINDS.filter(([flag]) => symbol.flags & flag).map(([, kind]) => kind);
  if (symbol.flags & ts.SymbolFlags.Variable) {
    const declaration = symbol.valueDeclaration;
    const constant = declaration && ts.getCombinedNodeFlags(declaration) & ts.NodeFlags.Const;
    kinds.push(constant ? 'const' : 'let');
  }
  return kinds.join(' + ') || 'unknown';
}

/** `name: kind` for each export of the module at `entry` (a .ts file). */
export function publicApi(entry: string): string {
  const program = ts.createProgram([entry], {
    target: ts.ScriptTarget.ES2023,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true,
    skipLibCheck: true,
    noEmit: true,
    types: ['node'],
  });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(entry);
  const module = source && checker.getSymbolAtLocation(source);
  if (!module) throw new Error(`${entry}: not a module`);
  const lines = checker.getExportsOfModule(module).map((symbol) => {
    const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
    return `${symbol.name}: ${kindOf(target)}`;
  });
  return `${lines.sort().join('\n')}\n`;
}

/** Compares the API of the entry at `entry` with public-api.txt next to the calling test file. */
export async function expectPublicApi(entry: URL): Promise<void> {
  await expect(publicApi(fileURLToPath(entry))).toMatchFileSnapshot('public-api.txt');
}
