import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Integration and browser tests wait on the real stack with bounded polling of their own.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
