/**
 * Version conversion of a kind whose served versions differ (model/conversion.ts): a converter
 * stub per other served version, hub and spoke, as the user's file, and a generated-once unit test
 * that each version survives the trip to the hub and back on every example.
 */
import type { ResourceModel } from '../../model/index.js';
import type { ProjectFile } from '../../project-file.js';
import { commentText, docComment, tsIdentifier, tsString, tsStringText } from '../escape.js';
import { Code, render } from '../templates.js';

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
  const exampleCheck = kind.exampleValid
    ? `
  it('examples/ holds a ${tsStringText(kind.model.kind)}', () => {
    expect(found.length).toBeGreaterThan(0);
  });
`
    : `
  // examples/${commentText(kind.stem)}.yaml is commented out (no valid object was found); once it is complete,
  // the test below checks it.
`;
  const content = render('test/kind.conversion.test.ts', {
    stem: kind.stem,
    kind: kind.model.kind,
    hub: kind.hub,
    hubType,
    typeImports: new Code([hubType, ...spokeTypes].sort().join(', ')),
    spokeTypes: new Code(spokeTypes.join(', ')),
    exampleCheck: new Code(exampleCheck),
  });
  return { path: `test/${kind.stem}.conversion.test.ts`, content, owner: 'user' };
}
