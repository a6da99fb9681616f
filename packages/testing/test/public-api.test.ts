import { describe, expectTypeOf, it } from 'vitest';
import { expectPublicApi } from '../../../test/support/public-api.js';
import {
  type ControlPlane,
  type ControlPlaneOptions,
  createIdentity,
  type Identity,
  type IdentityOptions,
  installCrds,
  startControlPlane,
} from '../src/index.js';

// Reading the whole program takes seconds on a loaded machine.
describe('the public API of @gen-operator/testing', { timeout: 120_000 }, () => {
  it('exports the names in public-api.txt', async () => {
    await expectPublicApi(new URL('../src/index.ts', import.meta.url));
  });

  it('keeps the signatures of the entry points', () => {
    expectTypeOf(startControlPlane).toEqualTypeOf<(options?: ControlPlaneOptions) => Promise<ControlPlane>>();
    expectTypeOf(installCrds).toEqualTypeOf<(plane: ControlPlane, files: string[], timeoutMs?: number) => Promise<string[]>>();
    expectTypeOf(createIdentity).toEqualTypeOf<(plane: ControlPlane, options: IdentityOptions) => Promise<Identity>>();
  });
});
