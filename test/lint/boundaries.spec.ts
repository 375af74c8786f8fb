import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

/**
 * The import boundaries `npm run lint` holds (eslint.config.mjs, `no-restricted-imports` per part):
 * each fires on a deliberate violation and lets an allowed import pass.
 *
 * The rule each case meets is the one the real config gives its path (ESLint's
 * calculateConfigForFile: the same files globs, the same options as CI), then applied to the case's
 * code alone (TypeScript syntax, no type information: the files need not exist). ESLint loads its
 * ESM config with a dynamic import, which Jest's module sandbox does not run: the linting happens in
 * a plain Node child process.
 */
const ROOT = join(__dirname, '..', '..');

interface Case {
  filePath: string;
  code: string;
}

interface Finding {
  ruleId: string | null;
  message: string;
}

const LINT = String.raw`
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
let input = '';
for await (const chunk of process.stdin) input += chunk;
const cases = JSON.parse(input);
const real = new ESLint({ cwd: process.cwd() });
const findings = [];
for (const { filePath, code } of cases) {
  const rule = (await real.calculateConfigForFile(filePath))?.rules?.['no-restricted-imports'];
  const alone = new ESLint({
    cwd: process.cwd(),
    overrideConfigFile: true,
    overrideConfig: [{ files: ['**/*.ts', '**/*.tsx'], languageOptions: { parser: tseslint.parser }, rules: rule ? { 'no-restricted-imports': rule } : {} }],
  });
  const [result] = await alone.lintText(code, { filePath });
  findings.push(result.messages.map((m) => ({ ruleId: m.ruleId, message: m.message })));
}
process.stdout.write(JSON.stringify(findings));
`;

async function lintAll(cases: Case[]): Promise<Finding[][]> {
  const run = promisify(execFile)(process.execPath, ['--input-type=module', '-e', LINT], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 });
  run.child.stdin?.end(JSON.stringify(cases));
  const { stdout } = await run;
  return JSON.parse(stdout) as Finding[][];
}

/** A part of the code, a file in it, the imports it must refuse and those it must let pass. */
interface Fence {
  part: string;
  file: string;
  refused: string[];
  allowed: string[];
}

const FENCES: Fence[] = [
  {
    part: 'the domain (libs/domain)',
    file: 'libs/domain/src/boundary-probe.ts',
    refused: ['@nestjs/common', 'typeorm', 'pg', 'pg-pool', 'node:crypto', 'fs', 'path', '@app/persistence', '@app/persistence/data-source', '@app/config', '@app/temporal-client', '@app/registry', '@app/spreadsheets'],
    allowed: ['./calendar', '@app/domain', '@app/domain/calendar'],
  },
  {
    part: 'the staffing library (libs/registry)',
    file: 'libs/registry/src/boundary-probe.ts',
    refused: ['@nestjs/common', 'typeorm', 'typeorm/browser', 'pg', 'pg-cursor', 'node:fs', 'buffer', '@app/persistence', '@app/logging', '@app/temporal-worker', '@app/spreadsheets'],
    allowed: ['./gap', '@app/domain', '@app/domain/calendar'],
  },
  {
    part: 'the action routes (libs/api-routes)',
    file: 'libs/api-routes/src/boundary-probe.ts',
    refused: ['@nestjs/common', 'typeorm', 'pg', 'node:path', 'url', '@app/persistence', '@app/temporal-client', '@app/registry'],
    allowed: ['@app/domain', '@app/domain/commands', './index'],
  },
  {
    part: 'the spreadsheets library (libs/spreadsheets)',
    file: 'libs/spreadsheets/src/boundary-probe.ts',
    refused: ['@nestjs/common', 'typeorm', 'pg', '@app/persistence', '@app/temporal-client'],
    allowed: ['exceljs', 'csv-parse/sync', 'csv-stringify/sync', 'node:stream', '@app/domain'],
  },
  {
    part: 'the API (apps/api)',
    file: 'apps/api/src/cases/boundary-probe.ts',
    refused: [
      '../../../worker/src/worker.module',
      '../../../../apps/worker/src/temporal-worker.runner',
      '@temporalio/worker',
      '@app/temporal-worker',
      '@app/temporal-worker/workflow-bundle',
      '@app/persistence/migrations/1764086400000-event-store',
      '../../../../libs/persistence/src/migrations/1764086400000-event-store',
    ],
    allowed: ['@app/persistence', '@app/temporal-client', '@temporalio/client', '@nestjs/common', 'node:crypto', '../common/refusals'],
  },
  {
    part: 'the web UI (apps/web)',
    file: 'apps/web/src/screens/boundary-probe.tsx',
    refused: ['@app/persistence', '@app/config', '@app/temporal-client', '@nestjs/common', 'typeorm', 'node:fs', 'fs', 'exceljs', '../../../../libs/persistence/src/index', '../../../api/src/bootstrap'],
    allowed: ['preact', 'preact/hooks', '@app/domain/labels', '@app/domain', '@app/api-routes', '../types', './case-types', '../api'],
  },
  {
    part: 'workflows',
    file: 'workflows/boundary-probe.ts',
    refused: ['node:fs', 'crypto', '@nestjs/common', '@temporalio/worker', '@app/persistence', '@app/temporal-client', '@app/temporal-worker', '@app/spreadsheets'],
    allowed: ['@temporalio/workflow', '@app/domain', './case.contracts'],
  },
];

function importOf(source: string, typeOnly = false): string {
  return typeOnly ? `import type { X } from '${source}';\nexport type Y = X;\n` : `import * as x from '${source}';\nexport const y = x;\n`;
}

describe('the import boundaries the linter holds (eslint.config.mjs)', () => {
  const cases: { fence: Fence; source: string; typeOnly: boolean; refused: boolean }[] = FENCES.flatMap((fence) => [
    ...fence.refused.map((source) => ({ fence, source, typeOnly: false, refused: true })),
    // A type-only import is an import too: the boundary is about what a part knows, not only what it loads.
    { fence, source: fence.refused[0], typeOnly: true, refused: true },
    ...fence.allowed.map((source) => ({ fence, source, typeOnly: false, refused: false })),
  ]);
  let findings: Finding[][];

  beforeAll(async () => {
    findings = await lintAll(cases.map(({ fence, source, typeOnly }) => ({ filePath: fence.file, code: importOf(source, typeOnly) })));
  }, 60_000);

  it.each(FENCES.map((fence) => [fence.part, fence] as const))('%s refuses each forbidden import and lets the allowed ones pass', (_part, fence) => {
    const seen = cases.flatMap((c, i) => (c.fence === fence ? [{ source: c.typeOnly ? `type ${c.source}` : c.source, refused: c.refused, found: findings[i] }] : []));
    const wrong = seen.filter(({ refused, found }) => (refused ? !(found.length > 0 && found.every((f) => f.ruleId === 'no-restricted-imports')) : found.length > 0));
    expect(wrong).toEqual([]);
  });

  it('says why: each refusal carries its part’s message', () => {
    const messageOf = (file: string, source: string) => findings[cases.findIndex((c) => c.fence.file === file && c.source === source && !c.typeOnly)][0]?.message;
    expect(messageOf('libs/domain/src/boundary-probe.ts', 'node:crypto')).toMatch(/domain is pure/);
    expect(messageOf('libs/registry/src/boundary-probe.ts', '@app/persistence')).toMatch(/builds on the domain only/);
    expect(messageOf('libs/api-routes/src/boundary-probe.ts', 'node:path')).toMatch(/api-routes is pure/);
    expect(messageOf('apps/api/src/cases/boundary-probe.ts', '@temporalio/worker')).toMatch(/no worker SDK/);
    expect(messageOf('apps/api/src/cases/boundary-probe.ts', '../../../worker/src/worker.module')).toMatch(/does not import the worker/);
    expect(messageOf('apps/api/src/cases/boundary-probe.ts', '@app/persistence/migrations/1764086400000-event-store')).toMatch(/migrations/);
    expect(messageOf('apps/web/src/screens/boundary-probe.tsx', '@app/persistence')).toMatch(/web UI imports its own code/);
    expect(messageOf('workflows/boundary-probe.ts', 'node:fs')).toMatch(/replayed/);
  });

  it('fences only its own part’s product code: what the API may not import, the worker may; a spec may reach across', async () => {
    const code = "import * as sdk from '@temporalio/worker';\nimport * as worker from '@app/temporal-worker';\nexport const both = [sdk, worker];\n";
    const [worker, apiSpec, registrySpec] = await lintAll([
      { filePath: 'apps/worker/src/boundary-probe.ts', code },
      { filePath: 'apps/api/src/boundary-probe.spec.ts', code },
      { filePath: 'libs/registry/src/boundary-probe.spec.ts', code: importOf('@app/spreadsheets') },
    ]);
    expect({ worker, apiSpec, registrySpec }).toEqual({ worker: [], apiSpec: [], registrySpec: [] });
  }, 60_000);
});
