import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Loading cdktf and the provider bindings is most of the cost (1–2 s, far more on a busy
    // runner). One worker without isolation loads them once for all files; the tests share
    // no mutable state (every synth builds its own App).
    isolate: false,
    maxWorkers: 1,
    // Generous: a loaded 2-core runner can take tens of seconds to load the bindings.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
