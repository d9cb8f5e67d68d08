// One lint config for the whole monorepo. Not type-aware on purpose: `tsc` already
// type-checks every package, and type-aware lint would double the cost of `turbo run lint`.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/.stack/**', 'infra/cdktf.out/**', '**/.gen/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    // Pure packages: the feed contract and the indicator math must not do IO; nor the EMF
    // contract and line format, which infra imports.
    files: [
      'packages/schema/src/**/*.ts',
      'packages/indicators/src/**/*.ts',
      'packages/service/src/emf/**/*.ts',
    ],
    ignores: ['**/*.test.ts', '**/bench/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*', 'fs', 'net', 'http', 'https', 'child_process', 'kafkajs', '@opensearch-project/*', 'fastify', 'pino'], message: 'pure package: no IO imports' },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'process', 'fetch', 'setTimeout', 'setInterval'],
    },
  },
);
