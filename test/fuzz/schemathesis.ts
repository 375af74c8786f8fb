import { spawn } from 'node:child_process';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The checks every fuzzed response must pass: never a 5xx, and every answer as the OpenAPI document
 * says (a documented status, its media type, its schema). schemathesis' other checks judge things
 * this API decides otherwise on purpose (e.g. `negative_data_rejection` wants 4xx for any value the
 * schema does not describe, where a free-text filter rightly answers 200).
 */
export const FUZZ_CHECKS = ['not_a_server_error', 'status_code_conformance', 'content_type_conformance', 'response_schema_conformance'] as const;

export interface FuzzRun {
  /** schemathesis' binary (provisionSchemathesis). */
  binary: string;
  /** The API's origin, e.g. http://127.0.0.1:3000; the document is read from /api/docs-json there. */
  apiUrl: string;
  /** A name for this pass (the role it runs as), used in the report's folder. */
  label: string;
  /** Sent as `Authorization: Bearer …` on every request; absent, every request is anonymous. */
  token?: string;
  /** Test cases per operation and phase. */
  maxExamples: number;
  /** schemathesis' phases to run (examples, coverage, fuzzing, stateful); all of them when absent. */
  phases?: readonly string[];
  seed?: number;
  /** Operations left out, by a regular expression on their path. */
  excludePathRegex?: string;
  /** Where schemathesis writes its JUnit report (one test case per operation). */
  reportDir: string;
  /** Each line of schemathesis' output as it comes, e.g. to show progress. */
  onLine?: (line: string) => void;
}

export interface FuzzResult {
  label: string;
  exitCode: number | null;
  /** schemathesis' own report: its progress, every failure with a curl command to reproduce it, the summary. */
  output: string;
  /** Operations tested (JUnit test cases). */
  operations: number;
  /** Requests sent, as schemathesis' summary counts them ("Test cases: N generated"). */
  examples: number;
  /** Failures by check name, as schemathesis' summary lists them. */
  failuresByCheck: Record<string, number>;
  seconds: number;
}

/** `schemathesis run` against the live document, with the bearer header, the checks, a bound on examples and a JUnit report. */
export async function runSchemathesis(run: FuzzRun): Promise<FuzzResult> {
  const started = Date.now();
  const junit = join(run.reportDir, `${run.label}.junit.xml`);
  await mkdir(run.reportDir, { recursive: true });
  const args = [
    'run',
    `${run.apiUrl}/api/docs-json`,
    '--checks',
    FUZZ_CHECKS.join(','),
    '--max-examples',
    String(run.maxExamples),
    // One worker: Python 3.11's AST constructor is not thread-safe, and Hypothesis parses lambdas'
    // source while drawing, so two workers now and then die of "AST constructor recursion depth mismatch".
    '--workers',
    '1',
    '--request-timeout',
    '30',
    // A failure is worth its shortest example; the time goes to more operations instead of shrinking.
    '--no-shrink',
    '--generation-database',
    'none',
    '--report',
    'junit',
    '--report-junit-path',
    junit,
    '--no-color',
    '--output-truncate',
    'false',
    ...(run.phases ? ['--phases', run.phases.join(',')] : []),
    ...(run.seed === undefined ? [] : ['--seed', String(run.seed)]),
    ...(run.token ? ['--header', `Authorization: Bearer ${run.token}`] : []),
    ...(run.excludePathRegex ? ['--exclude-path-regex', run.excludePathRegex] : []),
  ];
  const { exitCode, output } = await new Promise<{ exitCode: number | null; output: string }>((resolve, reject) => {
    // In the report folder: schemathesis keeps a cache folder (.schemathesis/) where it runs.
    const child = spawn(run.binary, args, { cwd: run.reportDir, env: { ...process.env, NO_COLOR: '1', COLUMNS: '160' }, stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: string[] = [];
    let partial = '';
    const take = (data: Buffer) => {
      const text = data.toString('utf8');
      chunks.push(text);
      if (!run.onLine) return;
      const lines = (partial + text).split('\n');
      partial = lines.pop() ?? '';
      lines.forEach((line) => run.onLine!(line));
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.once('error', reject);
    child.once('close', (code) => resolve({ exitCode: code, output: chunks.join('') }));
  });
  const report = await readFile(junit, 'utf8').catch(() => '');
  return {
    label: run.label,
    exitCode,
    output,
    operations: (report.match(/<testcase\b/g) ?? []).length,
    examples: generatedCases(output),
    failuresByCheck: failuresByCheck(output),
    seconds: Math.round((Date.now() - started) / 1000),
  };
}

/** The summary's "Test cases: 1234 generated, …" line. */
export function generatedCases(output: string): number {
  const match = /Test cases:\s*([\d,]+) generated/.exec(output);
  return match ? Number(match[1].replace(/,/g, '')) : 0;
}

/**
 * The summary's "Failures:" and "Errors:" lines, by kind: "❌ ST108 Response violates schema: 26"
 * and "🚫 Runtime Error: 1" → { "ST108 Response violates schema": 26, "Runtime Error": 1 }.
 */
export function failuresByCheck(output: string): Record<string, number> {
  const failures: Record<string, number> = {};
  const summary = output.slice(output.lastIndexOf(' SUMMARY '));
  const pattern = /^\s*(?:❌|🚫)\s+([^:\n]+?):\s*(\d+)\s*$/gmu;
  for (let match = pattern.exec(summary); match; match = pattern.exec(summary)) failures[match[1]] = Number(match[2]);
  return failures;
}
