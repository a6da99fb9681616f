/**
 * Version conversion of a kind whose served versions differ (model/conversion.ts): a converter
 * stub per other served version, hub and spoke, as the user's file, and a generated-once unit test
 * that each version survives the trip to the hub and back on every example.
 */
import type { ResourceModel } from '../../model/index.js';
import type { ProjectFile } from '../../project-file.js';
import { commentText, docComment, tsIdentifier, tsString, tsStringText } from '../escape.js';

/** A kind that converts in a webhook, with the generated type name of each served version. */
export interface ConvertingKind {
  model: ResourceModel;
  stem: string;
  hub: string;
  spokes: readonly string[];
  /** Per spoke: the field paths whose schema differs from the hub's (model's schemaDifferences). */
  differences: ReadonlyMap<string, readonly string[]>;
  /** By version name, as src/resources/<stem>.ts exports them. */
  types: ReadonlyMap<string, string>;
  /** The example in examples/ is valid (else it is commented out and the examples test says so). */
  exampleValid: boolean;
}

export const converterModule = (kind: ConvertingKind) => `./conversion/${kind.stem}.js`;

/** `src/conversion/<stem>.ts`: on.conversion(Hub, Spoke, { toHub, fromHub }) per spoke, copying every field. */
export function converterFile(kind: ConvertingKind): ProjectFile {
  const hubType = tsIdentifier(kind.types.get(kind.hub)!);
  const names = [kind.hub, ...kind.spokes].map((v) => tsIdentifier(kind.types.get(v)!));
  const blocks = kind.spokes.map((spoke) => {
    const spokeType = tsIdentifier(kind.types.get(spoke)!);
    const differences = kind.differences.get(spoke) ?? [];
    const listed = differences.map((path) => `//   ${commentText(path)}`).join('\n');
    return `
// ${commentText(spoke)} ⇄ ${commentText(kind.hub)}. Where their schemas differ:
${listed || '//   nowhere: the two schemas are the same, so copying is the whole conversion'}
// Both converters copy every field as it is, which is right for the fields the versions share:
// convert those that differ here (compare ${spokeType} and ${hubType}), then drop the casts.
on.conversion(${hubType}, ${spokeType}, {
  toHub: (object) => ({ ...object }) as unknown as ${hubType},
  fromHub: (object) => ({ ...object }) as unknown as ${spokeType},
});`;
  });
  const content = `${docComment(
    [
      `How ${kind.model.kind} converts between its served versions. The apiserver stores ${kind.hub} (the hub)`,
      "and calls the operator's conversion webhook to turn every other version into it and back (deploy/",
      "sets the CRD's conversion strategy to Webhook). Each converter gets a copy of the object; the runtime",
      'sets apiVersion and kind, and keeps the metadata but labels and annotations. An error thrown here',
      'fails the request with its message, which the client sees.',
      '',
      `This file is yours: gen-operator writes it once. test/${kind.stem}.conversion.test.ts checks that`,
      "every example survives each version's trip to the hub and back.",
    ].join('\n'),
  )}import { on } from '@gen-operator/runtime';
import { ${[...new Set(names)].sort().join(', ')} } from ${tsString(`../resources/${kind.stem}.js`)};
${blocks.join('\n')}
`;
  return { path: `src/conversion/${kind.stem}.ts`, content, owner: 'user' };
}

/** `test/<stem>.conversion.test.ts`: version → hub → version is the identity on every example, and hub → version → hub too. */
export function converterTestFile(kind: ConvertingKind): ProjectFile {
  const hubType = tsIdentifier(kind.types.get(kind.hub)!);
  const spokeTypes = kind.spokes.map((v) => tsIdentifier(kind.types.get(v)!));
  const title = tsStringText(kind.model.kind);
  const found = kind.exampleValid
    ? `
  it('examples/ holds a ${title}', () => {
    expect(found.length).toBeGreaterThan(0);
  });
`
    : `
  // examples/${commentText(kind.stem)}.yaml is commented out (no valid object was found); once it is complete,
  // the test below checks it.
`;
  const content = `import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { convert, type KubernetesObject } from '@gen-operator/runtime';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
// Registers the converters (on.conversion) with the operator that convert() uses.
import ${tsString(`../src/conversion/${kind.stem}.js`)};
import { ${[hubType, ...spokeTypes].sort().join(', ')} } from ${tsString(`../src/resources/${kind.stem}.js`)};

const hub = ${hubType};
const spokes = [${spokeTypes.join(', ')}];

/** Every ${commentText(kind.model.kind)} in examples/, of any served version. */
function examples(): { file: string; object: KubernetesObject }[] {
  const dir = join(import.meta.dirname, '..', 'examples');
  const versions = new Set([hub, ...spokes].map((r) => r.apiVersion));
  return readdirSync(dir)
    .filter((file) => /\\.ya?ml$/.test(file))
    .flatMap((file) =>
      parseAllDocuments(readFileSync(join(dir, file), 'utf8'))
        .map((document) => document.toJS() as KubernetesObject | null)
        .filter((object): object is KubernetesObject => object?.kind === hub.kind && versions.has(object.apiVersion ?? ''))
        .map((object) => ({ file, object })),
    );
}

describe('${title} conversion', () => {
  const found = examples();
${found}
  it('each version → the hub (${tsStringText(kind.hub)}) → back is the identity, on every example', async () => {
    for (const { file, object } of found) {
      const asHub = await convert(object, hub);
      for (const spoke of spokes) {
        const old = object.apiVersion === spoke.apiVersion ? object : await convert(asHub, spoke);
        expect(await convert(await convert(old, hub), spoke), \`\${file}: \${spoke.version} → hub → back\`).toEqual(old);
        expect(await convert(await convert(asHub, spoke), hub), \`\${file}: hub → \${spoke.version} → back\`).toEqual(asHub);
      }
    }
  });
});
`;
  return { path: `test/${kind.stem}.conversion.test.ts`, content, owner: 'user' };
}
