import { describe, expectTypeOf, it } from 'vitest';
import { expectPublicApi } from '../../../test/support/public-api.js';
import {
  type Diagnostic,
  type DocsOptions,
  type DocsResult,
  type GenerateOptions,
  type GenerateResult,
  generate,
  generateDocs,
  type ValidateOptions,
  type ValidateResult,
  validate,
} from '../src/index.js';

// Reading the whole program takes seconds on a loaded machine.
describe('the public API of gen-operator', { timeout: 120_000 }, () => {
  it('exports the names in public-api.txt', async () => {
    await expectPublicApi(new URL('../src/index.ts', import.meta.url));
  });

  it('returns results from generate(), generateDocs() and validate() instead of printing', () => {
    expectTypeOf(generate).parameters.toEqualTypeOf<[GenerateOptions]>();
    expectTypeOf(generate).returns.resolves.toEqualTypeOf<GenerateResult>();
    expectTypeOf<GenerateResult['diagnostics']>().toEqualTypeOf<Diagnostic[]>();
    expectTypeOf(generateDocs).parameters.toEqualTypeOf<[DocsOptions]>();
    expectTypeOf(generateDocs).returns.resolves.toEqualTypeOf<DocsResult>();
    expectTypeOf<DocsResult['diagnostics']>().toEqualTypeOf<Diagnostic[]>();
    // @ts-expect-error: the CRD paths are a list, as on the command line
    void (() => generateDocs({ paths: 'crds' }));
    expectTypeOf(validate).parameters.toEqualTypeOf<[ValidateOptions]>();
    expectTypeOf(validate).returns.resolves.toEqualTypeOf<ValidateResult>();
    expectTypeOf<ValidateResult['valid']>().toEqualTypeOf<boolean>();
  });
});
