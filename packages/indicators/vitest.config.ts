import { defineConfig } from 'vitest/config';

// Property and cross-check tests do real work; a busy CI machine must not turn them into timeouts.
export default defineConfig({ test: { testTimeout: 120_000 } });
