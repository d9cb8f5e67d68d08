import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Loading cdktf and the provider bindings takes seconds on a cold 2-core runner.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
