import { defineConfig } from 'vitest/config';

// The examples' own tests, run by test/examples (one at a time, as a user would run theirs).
export default defineConfig({
  test: { include: ['**/*.test.ts'], testTimeout: 120_000, hookTimeout: 120_000 },
});
