import { describe, expectTypeOf, it } from 'vitest';
import { expectPublicApi } from '../../../test/support/public-api.js';
import { createOperator, type Operator, on, type RunOptions, run } from '../src/index.js';

// Reading the whole program (client-node's types included) takes seconds on a loaded machine.
describe('the public API of @gen-operator/runtime', { timeout: 120_000 }, () => {
  it('exports the names in public-api.txt', async () => {
    await expectPublicApi(new URL('../src/index.ts', import.meta.url));
  });

  it('keeps the signatures of the entry points', () => {
    expectTypeOf(run).toEqualTypeOf<(options?: RunOptions) => Promise<void>>();
    expectTypeOf(createOperator).toEqualTypeOf<() => Operator>();
    expectTypeOf(on).toEqualTypeOf<Operator['on']>();
  });
});
