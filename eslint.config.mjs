// @ts-check
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

/** What workflow code must never import: it runs in Temporal's deterministic sandbox and is replayed. */
const notInWorkflows = {
  paths: builtinModules.map((name) => ({ name, message: 'Workflow code is replayed: no Node built-ins. Do I/O in an activity.' })),
  patterns: [
    { group: ['node:*'], message: 'Workflow code is replayed: no Node built-ins. Do I/O in an activity.' },
    { group: ['@nestjs/*', 'typeorm', 'typeorm/*', 'pg', 'pg-*'], message: 'No framework or database code in workflows: use an activity.' },
    { group: ['@temporalio/client', '@temporalio/worker', '@temporalio/activity', '@temporalio/testing'], message: 'Workflows use @temporalio/workflow (and @temporalio/common) only.' },
    { group: ['@app/persistence', '@app/persistence/*', '@app/config', '@app/config/*', '@app/logging', '@app/logging/*', '@app/temporal', '@app/temporal/*', '@app/infra', '@app/infra/*'], message: 'Workflows depend on pure code only (contracts, the domain).' },
  ],
};

export default defineConfig(
  { ignores: ['dist/**', 'node_modules/**', '.data/**', 'coverage/**', 'eslint.config.mjs', 'jest.config.js', 'jest.faults.config.js', 'apps/web/vite.config.mts', 'apps/web/src/generated/**'] },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  {
    files: ['workflows/**/*.ts', 'test/bench/**/*.workflow.ts'],
    ignores: ['workflows/**/*.spec.ts'],
    rules: { 'no-restricted-imports': ['error', notInWorkflows] },
  },
  {
    // Specs read loosely typed HTTP bodies and mock-free real responses.
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', '**/*.web-spec.ts', 'test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
);
