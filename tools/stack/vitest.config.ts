import { defineConfig } from 'vitest/config';

// Integration tests wait on real brokers (group joins, transactions, JVM tool start-up); these are
// safety nets against hangs, not performance assertions.
export default defineConfig({
  test: { testTimeout: 120_000, hookTimeout: 60_000 },
});
