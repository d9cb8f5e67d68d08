import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Integration tests wait on a real broker and node with bounded polling of their own.
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
