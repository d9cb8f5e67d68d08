import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Integration tests talk to the real local Kafka; their waits are bounded inside the tests.
    testTimeout: 90_000,
    hookTimeout: 60_000,
    // One file at a time: 2 cores are shared by the whole team, and the broker is shared too.
    fileParallelism: false,
  },
});
