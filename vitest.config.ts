import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

// Tests run against each package's source; child processes (operators, CLIs) run the built dist,
// which `npm test` builds first.
const alias = {
  '@gen-operator/testing': here('./packages/testing/src/index.ts'),
  '@gen-operator/runtime': here('./packages/runtime/src/index.ts'),
  'gen-operator': here('./packages/gen-operator/src/index.ts'),
};

const unit = { testTimeout: 10_000 };
// Tests on a real control plane: start-up is ~3 s, a cold two-core machine can take much longer.
const cluster = { testTimeout: 180_000, hookTimeout: 180_000 };

export default defineConfig({
  resolve: { alias },
  test: {
    pool: 'forks',
    reporters: ['default', here('./test/setup/summary-reporter.ts')],
    maxWorkers: 2,
    globalSetup: [here('./test/setup/control-plane-binaries.ts'), here('./test/setup/leftover-processes.ts')],
    projects: [
      {
        resolve: { alias },
        test: { name: 'testing', include: ['packages/testing/**/*.test.ts'], exclude: ['**/node_modules/**'], ...cluster },
      },
      {
        resolve: { alias },
        test: { name: 'runtime', include: ['packages/runtime/**/*.test.ts'], exclude: ['**/node_modules/**'], ...cluster },
      },
      {
        resolve: { alias },
        test: { name: 'gen-operator', include: ['packages/gen-operator/**/*.test.ts'], exclude: ['**/node_modules/**'], ...cluster },
      },
      {
        resolve: { alias },
        test: { name: 'e2e', include: ['test/**/*.test.ts'], exclude: ['**/node_modules/**'], ...cluster },
      },
    ],
    ...unit,
  },
});
