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

// A test file that starts a control plane is named *.e2e.test.ts and gets minutes: start-up is ~3 s,
// a loaded two-core machine can take much longer. Every other test file is a unit test and gets
// seconds. test/lint/test-names.test.ts fails when a file starts a control plane under another name.
const E2E = '**/*.e2e.test.ts';
const unit = { testTimeout: 10_000, hookTimeout: 10_000 };
const cluster = { testTimeout: 180_000, hookTimeout: 180_000 };

/** Two projects per folder: `<name>` (unit tests) and `<name>-e2e` (on a control plane). */
const suite = (name: string, folder: string) => [
  { resolve: { alias }, test: { name, include: [`${folder}/**/*.test.ts`], exclude: ['**/node_modules/**', E2E], ...unit } },
  { resolve: { alias }, test: { name: `${name}-e2e`, include: [`${folder}/${E2E}`], exclude: ['**/node_modules/**'], ...cluster } },
];

export default defineConfig({
  resolve: { alias },
  test: {
    pool: 'forks',
    reporters: ['default', here('./test/setup/summary-reporter.ts')],
    maxWorkers: 2,
    globalSetup: [here('./test/setup/control-plane-binaries.ts'), here('./test/setup/leftover-processes.ts')],
    projects: [
      ...suite('testing', 'packages/testing'),
      ...suite('runtime', 'packages/runtime'),
      ...suite('gen-operator', 'packages/gen-operator'),
      ...suite('repo', 'test'),
    ],
  },
});
