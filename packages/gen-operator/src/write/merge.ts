import type { RequiredImport } from '../project-file.js';

/**
 * Adds the imports a user file lacks, each as a new declaration after the last import; the user's
 * own text is left byte for byte. ts-morph is loaded only when a user file needs looking at.
 */
export async function addMissingImports(
  path: string,
  content: string,
  imports: readonly RequiredImport[],
): Promise<{ content: string; added: string[] }> {
  const { Project, QuoteKind } = await import('ts-morph');
  const project = new Project({
    useInMemoryFileSystem: true,
    skipLoadingLibFiles: true,
    compilerOptions: { noLib: true },
    manipulationSettings: { quoteKind: QuoteKind.Single },
  });
  const source = project.createSourceFile(path, content);
  const declarations = source.getImportDeclarations();
  const added: string[] = [];
  const toAdd: { moduleSpecifier: string; namedImports?: string[]; isTypeOnly?: boolean }[] = [];
  for (const wanted of imports) {
    const same = declarations.filter((d) => d.getModuleSpecifierValue() === wanted.module);
    if (!wanted.named?.length) {
      if (same.length === 0) {
        toAdd.push({ moduleSpecifier: wanted.module });
        added.push(`import '${wanted.module}'`);
      }
      continue;
    }
    const present = new Set(declarations.flatMap((d) => d.getNamedImports().map((n) => n.getAliasNode()?.getText() ?? n.getName())));
    const missing = wanted.named.filter((n) => !present.has(n));
    if (missing.length) {
      toAdd.push({ moduleSpecifier: wanted.module, namedImports: missing, ...(wanted.typeOnly ? { isTypeOnly: true } : {}) });
      added.push(`import { ${missing.join(', ')} } from '${wanted.module}'`);
    }
  }
  if (toAdd.length === 0) return { content, added };
  source.insertImportDeclarations(declarations.length ? (declarations.at(-1)?.getChildIndex() ?? 0) + 1 : 0, toAdd);
  return { content: source.getFullText(), added };
}
