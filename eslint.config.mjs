// @ts-check
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

/** Every Node built-in, by both spellings (`fs` here, `node:fs` by the `node:*` pattern beside it), refused with `message`. */
function builtinsWith(message) {
  return builtinModules.map((name) => ({ name, message }));
}

const FRAMEWORK_AND_DATABASE = ['@nestjs/*', 'typeorm', 'typeorm/*', 'pg', 'pg-*'];
/** The `@app/*` libraries a pure one may use: the domain (and nothing that does I/O). */
const NOT_THE_DOMAIN = ['@app/*', '!@app/domain', '!@app/domain/*'];

/** What workflow code must never import: it runs in Temporal's deterministic sandbox and is replayed. */
export const notInWorkflows = {
  paths: builtinsWith('Workflow code is replayed: no Node built-ins. Do I/O in an activity.'),
  patterns: [
    { group: ['node:*'], message: 'Workflow code is replayed: no Node built-ins. Do I/O in an activity.' },
    { group: FRAMEWORK_AND_DATABASE, message: 'No framework or database code in workflows: use an activity.' },
    { group: ['@temporalio/client', '@temporalio/worker', '@temporalio/activity', '@temporalio/testing'], message: 'Workflows use @temporalio/workflow (and @temporalio/common) only.' },
    {
      group: ['@app/persistence', '@app/persistence/*', '@app/config', '@app/config/*', '@app/logging', '@app/logging/*', '@app/temporal', '@app/temporal/*', '@app/temporal-client', '@app/temporal-client/*', '@app/temporal-worker', '@app/temporal-worker/*', '@app/spreadsheets', '@app/spreadsheets/*', '@app/infra', '@app/infra/*'],
      message: 'Workflows depend on pure code only (contracts, the domain).',
    },
  ],
};

/** The domain (libs/domain): pure rules, unit-tested without a database, run in workflows too. */
export const notInTheDomain = {
  paths: builtinsWith('The domain is pure: no Node built-ins (no I/O, no clock or randomness of its own).'),
  patterns: [
    { group: ['node:*'], message: 'The domain is pure: no Node built-ins (no I/O, no clock or randomness of its own).' },
    { group: FRAMEWORK_AND_DATABASE, message: 'The domain is pure: no Nest, TypeORM or pg. The apps and libs/persistence bring those.' },
    { group: NOT_THE_DOMAIN, message: 'The domain imports no other @app library (everything else builds on it).' },
  ],
};

/** The action routes (libs/api-routes): the URL segment of each case action, shared by the API and the web UI; pure. */
export const notInTheApiRoutes = {
  paths: builtinsWith('libs/api-routes is pure: no Node built-ins. The API and the web UI both load it.'),
  patterns: [
    { group: ['node:*'], message: 'libs/api-routes is pure: no Node built-ins. The API and the web UI both load it.' },
    { group: FRAMEWORK_AND_DATABASE, message: 'libs/api-routes is pure: no Nest, TypeORM or pg. The web UI loads it too.' },
    { group: NOT_THE_DOMAIN, message: 'libs/api-routes builds on the domain only (the web UI loads it).' },
  ],
};

/** The staffing library (libs/registry): gap arithmetic, ranking, import decoding and diff, without I/O. */
export const notInTheRegistry = {
  paths: builtinsWith('libs/registry is pure: no Node built-ins. Reading files and the database is the caller’s.'),
  patterns: [
    { group: ['node:*'], message: 'libs/registry is pure: no Node built-ins. Reading files and the database is the caller’s.' },
    { group: FRAMEWORK_AND_DATABASE, message: 'libs/registry is pure: no Nest, TypeORM or pg. Its SQL stays in libs/persistence.' },
    { group: NOT_THE_DOMAIN, message: 'libs/registry builds on the domain only (no persistence, Temporal, config, logging or I/O library).' },
  ],
};

/** The one CSV/XLSX reader and writer (libs/spreadsheets): exceljs and csv-* yes, a framework or a database no. */
export const notInSpreadsheets = {
  patterns: [
    { group: FRAMEWORK_AND_DATABASE, message: 'libs/spreadsheets reads and writes sheets: no Nest, TypeORM or pg.' },
    { group: ['@app/persistence', '@app/persistence/*', '@app/temporal', '@app/temporal/*', '@app/temporal-client', '@app/temporal-client/*', '@app/temporal-worker', '@app/temporal-worker/*'], message: 'libs/spreadsheets knows no database and no Temporal.' },
  ],
};

/** The API (apps/api): the Temporal client only; the worker, its SDK and the migrations stay out of its process. */
export const notInTheApi = {
  patterns: [
    { regex: String.raw`(^|/)apps/worker(/|$)|^(\.\./)+worker(/|$)`, message: 'The API does not import the worker (apps/worker): start workflows and send signals through @app/temporal-client.' },
    { group: ['@temporalio/worker', '@temporalio/worker/*', '@app/temporal-worker', '@app/temporal-worker/*'], message: 'The API loads no worker SDK (nor webpack): use @app/temporal-client.' },
    { regex: String.raw`^@app/persistence/migrations(/|$)|(^|/)persistence/src/migrations(/|$)`, message: 'The API does not import the migrations: they are frozen history, run by `npm run migrate` and the stack.' },
  ],
};

/** The web UI (apps/web): its own code, Preact, and the pure shared modules; the API's shapes come from generated/api.d.ts. */
export const notInTheWeb = {
  patterns: [
    {
      regex: String.raw`^(?!(preact|@app/domain|@app/api-routes)(/.*)?$|\.{1,2}/).*`,
      message: 'The web UI imports its own code, preact, and the pure @app/domain and @app/api-routes only (no Nest, persistence, Node built-ins). The API’s shapes are in generated/api.d.ts.',
    },
    { regex: String.raw`^(\.\./)+(libs|apps|workflows|infra)(/|$)|^(\.\./){2,}(api|worker)/src(/|$)`, message: 'The web UI reaches shared code by its alias (@app/domain, @app/api-routes), not by a path out of apps/web.' },
  ],
};

/**
 * Which files each fence holds: the product code of each part (the workflows' test doubles in
 * test/bench run in the sandbox too). Specs beside the code are not fenced: a spec may reach across
 * a boundary to test what stands on it (a registry spec reads a CSV with @app/spreadsheets).
 */
const SPECS = ['**/*.spec.ts', '**/*.spec.tsx'];
export const BOUNDARIES = [
  { files: ['workflows/**/*.ts', 'test/bench/**/*.workflow.ts'], ignores: SPECS, rules: { 'no-restricted-imports': ['error', notInWorkflows] } },
  { files: ['libs/domain/**/*.ts'], ignores: SPECS, rules: { 'no-restricted-imports': ['error', notInTheDomain] } },
  { files: ['libs/registry/**/*.ts'], ignores: SPECS, rules: { 'no-restricted-imports': ['error', notInTheRegistry] } },
  { files: ['libs/api-routes/**/*.ts'], ignores: SPECS, rules: { 'no-restricted-imports': ['error', notInTheApiRoutes] } },
  { files: ['libs/spreadsheets/**/*.ts'], ignores: SPECS, rules: { 'no-restricted-imports': ['error', notInSpreadsheets] } },
  { files: ['apps/api/**/*.ts'], ignores: SPECS, rules: { 'no-restricted-imports': ['error', notInTheApi] } },
  { files: ['apps/web/**/*.ts', 'apps/web/**/*.tsx'], ignores: SPECS, rules: { 'no-restricted-imports': ['error', notInTheWeb] } },
];

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
  ...BOUNDARIES,
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
