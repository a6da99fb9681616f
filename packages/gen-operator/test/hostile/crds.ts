import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/** A JSON schema node, loosely: hostile variants write any keyword. */
export interface Schema {
  [keyword: string]: unknown;
  properties: Record<string, Record<string, unknown>>;
  required?: string[];
}

export interface Version {
  name: string;
  served: boolean;
  storage: boolean;
  deprecated?: boolean;
  deprecationWarning?: string;
  additionalPrinterColumns?: Record<string, unknown>[];
  subresources: Record<string, unknown>;
  schema: { openAPIV3Schema: { type: string; description?: string; properties: { spec: Schema; status: unknown } } };
}

export interface Crd {
  apiVersion: string;
  kind: string;
  metadata: { name: string; annotations?: Record<string, string> };
  spec: {
    group: string;
    scope: string;
    names: { kind: string; plural: string; singular?: string; listKind?: string; shortNames?: string[]; categories?: string[] };
    versions: Version[];
  };
}

/** A small valid CRD, as a plain object, for hostile variants to change one field of. */
export function baseCrd(options: { kind?: string; plural?: string; group?: string } = {}): Crd {
  const kind = options.kind ?? 'Widget';
  const plural = options.plural ?? 'widgets';
  const group = options.group ?? 'example.com';
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${plural}.${group}` },
    spec: {
      group,
      scope: 'Namespaced',
      names: { kind, plural },
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          subresources: { status: {} },
          schema: {
            openAPIV3Schema: {
              type: 'object',
              properties: {
                spec: { type: 'object', properties: { size: { type: 'integer' } } },
                status: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
              },
            },
          },
        },
      ],
    },
  };
}

/** The schema of spec (of the only version), to add hostile fields to. */
export const specOf = (crd: Crd): Schema => crd.spec.versions[0]!.schema.openAPIV3Schema.properties.spec;

/**
 * A CRD file as JSON in flow style, which is YAML too; line separators and NUL escaped so that the
 * input itself reads back as written (the hostile text reaches the generator intact).
 */
export function crdText(...crds: Crd[]): string {
  return crds
    .map((c) => JSON.stringify(c, null, 2).replace(/[\u2028\u2029\u0085]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`))
    .join('\n---\n');
}

export async function writeInput(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, text);
}

/** Text that, pasted as code anywhere in a TypeScript file, declares the identifier `__pwned`. */
const STATEMENT = 'globalThis.__pwned = 1;';

/** Each way out of a string, comment or template literal, with a statement behind it. */
export const PAYLOADS: Record<string, string> = {
  'comment end': `*/ ${STATEMENT} /*`,
  'single quote': `'; ${STATEMENT} '`,
  'double quote': `"; ${STATEMENT} "`,
  backtick: `\`; ${STATEMENT} \``,
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the substitution is the payload
  'template substitution': '${globalThis.__pwned = 1}',
  'backslash and quote': `\\'; ${STATEMENT} //`,
  newline: `\n${STATEMENT}\n`,
  'carriage return': `\r${STATEMENT}\r`,
  'U+2028/U+2029': `\u2028${STATEMENT}\u2029`,
  NUL: `\u0000${STATEMENT}\u0000`,
  'YAML document': `\n---\napiVersion: v1\nkind: ClusterRole\n# ${STATEMENT}`,
};

/** The marker the statement declares; it may appear in strings and comments, never as an identifier. */
export const MARKER = '__pwned';
