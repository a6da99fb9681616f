import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The end-to-end test starts a real kube-apiserver; the first start may build it.
    testTimeout: 180_000,
    hookTimeout: 600_000,
  },
});
