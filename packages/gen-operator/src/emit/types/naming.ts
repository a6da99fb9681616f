/** Names that generated code imports or relies on; a generated type never takes them. */
const TAKEN = new Set([
  'KubernetesObject',
  'ObjectMeta',
  'defineResource',
  'JsonSchemaProps',
  'Record',
  'Array',
  'Object',
  'Date',
  'Error',
  'Map',
  'Set',
  'Promise',
  'String',
  'Number',
  'Boolean',
  'Symbol',
  'Function',
]);

/** `DemoSpecTemplate` from ('Demo', ['spec', 'template']). */
export function pathName(prefix: string, path: readonly string[]): string {
  return prefix + path.map(pascal).join('');
}

export function pascal(word: string): string {
  const parts = word.split(/[^A-Za-z0-9]+/).filter(Boolean);
  return parts.map((p) => p[0]!.toUpperCase() + p.slice(1)).join('');
}

/** Hands out unique type names in the order asked, so the same input always gets the same names. */
export class NameTable {
  private readonly used = new Set<string>(TAKEN);

  claim(requested: string): string {
    const wanted = safe(requested);
    let name = wanted;
    for (let i = 2; this.used.has(name); i++) name = `${wanted}${i}`;
    this.used.add(name);
    return name;
  }
}

/**
 * The identifier json-schema-to-typescript would make of a definition key (it capitalises a letter
 * after a digit: V1beta1 → V1Beta1); names are given in that form so references and declarations agree.
 */
export function safe(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9_$]/g, '');
  return (cleaned.charAt(0).toUpperCase() + cleaned.slice(1)).replace(
    /([\d$]+)([a-z])/g,
    (_, digits: string, letter: string) => digits + letter.toUpperCase(),
  );
}
