import { join } from 'node:path';
import { createLogger } from '@app/logging';
import { projectRoot } from '@app/config/project-root';
import { provisionSchemathesis } from '../../infra/provision';
import { type ApiStack, signIn, startApiStack } from '../support/api-client';
import { runSchemathesis, type FuzzResult } from '../fuzz/schemathesis';

/**
 * Fuzzing from the OpenAPI document: schemathesis reads /api/docs-json from the real API (with the
 * real worker, PostgreSQL and Temporal behind it), sends generated requests to every operation, valid
 * and invalid, and checks that none answers 5xx and that every answer is documented (status, media
 * type, schema). It runs as a Home Affairs officer (the whole province), as an HR officer (one
 * department: the 403s), and with no session (the 401s), on the spec's own database, so what it
 * creates touches no other spec.
 *
 * Bounded for CI: FUZZ_MAX_EXAMPLES (per operation and phase, 4 by default), and only the Home
 * Affairs pass runs the examples and coverage phases (the coverage phase alone takes over a minute
 * a pass), with a fixed seed. `npm run fuzz` runs every phase in every pass, with more examples and
 * a random seed (FUZZ_PHASES, FUZZ_MAX_EXAMPLES, FUZZ_SEED). FUZZ_API_URL fuzzes an API already running instead (it changes
 * that API's data: a throwaway stack with the demo accounts).
 */
const MAX_EXAMPLES = Number(process.env.FUZZ_MAX_EXAMPLES?.trim() || 4);
/** A fixed seed by default, so CI fails on the same inputs each run and a red run replays; `random` (as `npm run fuzz` sets) draws anew. */
const SEED_SETTING = process.env.FUZZ_SEED?.trim() || '20261126';
const SEED = SEED_SETTING === 'random' ? undefined : Number(SEED_SETTING);
const PHASES = process.env.FUZZ_PHASES?.trim() ? process.env.FUZZ_PHASES.split(',').map((phase) => phase.trim()) : undefined;
const REPORT_DIR = join(projectRoot(), '.test-results', 'fuzz');
/** Each pass's bound: generous, as the number of examples sets the time, not the clock. */
const PASS_TIMEOUT_MS = Math.max(10, MAX_EXAMPLES) * 2 * 60_000;

interface Pass {
  label: string;
  /** The demo account it runs as; absent: no session. */
  username?: string;
  /** Ending the session would turn the rest of the pass into 401s: the anonymous pass fuzzes those routes. */
  excludePathRegex?: string;
  /** Its phases in CI (FUZZ_PHASES replaces them); all of them when absent. */
  ciPhases?: string[];
}

const PASSES: Pass[] = [
  { label: 'home-affairs', username: 'snv.thamdinh', excludePathRegex: '^/api/v1/auth/logout' },
  { label: 'hr-officer', username: 'hr.taichinh', excludePathRegex: '^/api/v1/auth/logout', ciPhases: ['fuzzing', 'stateful'] },
  { label: 'anonymous', ciPhases: ['fuzzing'] },
];

describe('API fuzzing from the OpenAPI document (schemathesis, real API, worker, PostgreSQL and Temporal)', () => {
  let stack: ApiStack | undefined;
  let apiUrl: string;
  let tokens: Record<string, string>;
  let binary: string;
  const results: FuzzResult[] = [];

  beforeAll(async () => {
    const external = process.env.FUZZ_API_URL?.trim();
    if (external) {
      apiUrl = external.replace(/\/+$/, '');
    } else {
      stack = await startApiStack('api-fuzz');
      apiUrl = stack.api.url;
    }
    const usernames = PASSES.flatMap((pass) => (pass.username ? [pass.username] : []));
    ({ tokens } = await signIn(apiUrl, usernames));
    // Installed once per machine (a venv in the cache); later runs find it.
    binary = (await provisionSchemathesis(createLogger('provision', { level: 'warn' }))).path!;
  }, 15 * 60_000);

  afterAll(async () => {
    if (results.length > 0) {
      const total = results.reduce((sum, r) => sum + r.examples, 0);
      process.stdout.write(
        `\nAPI fuzzing: ${total} test cases (${MAX_EXAMPLES} per operation and phase) in ${results.length} passes: ` +
          results.map((r) => `${r.label} ${r.examples} cases on ${r.operations} operations in ${r.seconds} s${Object.keys(r.failuresByCheck).length ? `, failures ${JSON.stringify(r.failuresByCheck)}` : ''}`).join('; ') +
          `\n`,
      );
    }
    await stack?.close();
  });

  it.each(PASSES)('$label: no 5xx and every answer as documented', async (pass) => {
    const result = await runSchemathesis({
      binary,
      apiUrl,
      label: pass.label,
      token: pass.username ? tokens[pass.username] : undefined,
      maxExamples: MAX_EXAMPLES,
      phases: PHASES ?? pass.ciPhases,
      seed: SEED,
      excludePathRegex: pass.excludePathRegex,
      reportDir: REPORT_DIR,
    });
    results.push(result);
    // schemathesis' own report (each failure with its curl command) is the message of a failure.
    if (result.exitCode !== 0) throw new Error(`schemathesis (${pass.label}) exited ${result.exitCode}:\n${result.output}`);
    expect(result.failuresByCheck).toEqual({});
    expect(result.operations).toBeGreaterThan(30);
    expect(result.examples).toBeGreaterThanOrEqual(result.operations);
  }, PASS_TIMEOUT_MS);
});
