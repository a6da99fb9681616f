import { spawnSync } from 'node:child_process';
import { rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

function cruise(cwd: string, target: string) {
  return spawnSync(
    process.execPath,
    [join(root, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs'), '--config', join(root, '.dependency-cruiser.cjs'), target],
    {
      cwd,
      encoding: 'utf8',
    },
  );
}

const fixtures = join(import.meta.dirname, 'fixtures');

// Each case runs dependency-cruiser over the packages: several seconds, more under load.
describe('the layer rules (npm run lint)', { timeout: 60_000 }, () => {
  // The fixture imports client-node; the rule matches the resolved package, so give it node_modules.
  beforeAll(() => symlinkSync(join(root, 'node_modules'), join(fixtures, 'node_modules')));
  afterAll(() => rmSync(join(fixtures, 'node_modules'), { force: true }));

  it('pass on the packages as they are', () => {
    const result = cruise(root, 'packages');
    expect(result.stdout + result.stderr).toMatch(/no dependency violations found/);
    expect(result.status).toBe(0);
  });

  it('fail on an import from a lower layer to a higher one, and on client-node outside api/', () => {
    const result = cruise(fixtures, 'packages');
    expect(result.status).not.toBe(0);
    expect(result.stdout).toMatch(
      /no-api-to-higher: packages\/runtime\/src\/api\/wrong-direction\.ts → packages\/runtime\/src\/processing\/handle\.ts/,
    );
    expect(result.stdout).toMatch(/client-node-only-in-api: packages\/runtime\/src\/watching\/direct-client\.ts → /);
  });
});
