import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { temporal } from '@temporalio/proto';
import { Worker, type ReplayResult } from '@temporalio/worker';
import { CASE_FORMS, HUMAN_COMMANDS, OUTCOMES, STAGES, TIMED_STAGES, type CaseForm, type Outcome } from '@app/domain';
import { bundleWorkflows } from '@app/temporal-worker/workflow-bundle';
import { testEnv } from '../test/support/test-env';
import type { CaseOutcome, CaseView } from './case.contracts';
import { CaseForm as CaseFormAttribute, CaseStage as CaseStageAttribute } from './search-attributes';

const HISTORY_FIXTURES = join(__dirname, '..', 'test', 'fixtures', 'histories');
const CHANGED_WORKFLOWS = join(__dirname, '..', 'test', 'fixtures', 'changed-workflows');

/** How each form's whole normal way ends: a transfer is permanent, the others come back. */
const NORMAL_END: Record<CaseForm, Outcome> = {
  secondment: 'returned',
  reinforcement: 'returned',
  rotation: 'returned',
  transfer: 'transferred',
};

/** A recorded history as stored (the JSON of `History.toObject`, bytes as base64) and what it shows of its case. */
interface Recorded {
  file: string;
  history: temporal.api.history.v1.History;
  form: string | undefined;
  /** Every stage the workflow published (its CaseStage search attribute). */
  stages: string[];
  /** The human actions the workflow accepted and carried out. */
  actions: string[];
  /** The timers the case had fired, as its last answered action saw them. */
  firedTimers: string[];
  /** Absent when the spec stopped the case before it closed. */
  outcome: Outcome | null | undefined;
}

interface Payload {
  data?: string;
}
interface StoredEvent {
  upsertWorkflowSearchAttributesEventAttributes?: { searchAttributes?: { indexedFields?: Record<string, Payload> } };
  workflowExecutionUpdateAcceptedEventAttributes?: { acceptedRequest?: { meta?: { updateId?: string }; input?: { name?: string } } };
  workflowExecutionUpdateCompletedEventAttributes?: { meta?: { updateId?: string }; outcome?: { success?: { payloads?: Payload[] } } };
  workflowExecutionCompletedEventAttributes?: { result?: { payloads?: Payload[] } };
}

function decode<T>(payload: Payload | undefined): T | undefined {
  return payload?.data === undefined ? undefined : (JSON.parse(Buffer.from(payload.data, 'base64').toString('utf8')) as T);
}

async function readRecorded(): Promise<Recorded[]> {
  const files = (await readdir(HISTORY_FIXTURES)).filter((file) => file.endsWith('.json')).sort();
  return Promise.all(
    files.map(async (file) => {
      const stored = JSON.parse(await readFile(join(HISTORY_FIXTURES, file), 'utf8')) as { events?: StoredEvent[] };
      const events = stored.events ?? [];
      const published = events.map((e) => e.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields ?? {});
      const acceptedNames = new Map(
        events.flatMap((e) => {
          const request = e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest;
          return request?.meta?.updateId && request.input?.name ? [[request.meta.updateId, request.input.name] as const] : [];
        }),
      );
      const answered = events.flatMap((e) => {
        const completed = e.workflowExecutionUpdateCompletedEventAttributes;
        return completed?.outcome?.success ? [{ name: acceptedNames.get(completed.meta?.updateId ?? ''), view: decode<CaseView>(completed.outcome.success.payloads?.[0]) }] : [];
      });
      const completion = events.find((e) => e.workflowExecutionCompletedEventAttributes)?.workflowExecutionCompletedEventAttributes;
      return {
        file,
        history: temporal.api.history.v1.History.fromObject(stored),
        form: published.map((fields) => decode<string>(fields[CaseFormAttribute.name])).find((form) => form !== undefined),
        stages: published.map((fields) => decode<string>(fields[CaseStageAttribute.name])).filter((stage): stage is string => stage !== undefined),
        actions: answered.map((a) => a.name).filter((name): name is string => name !== undefined),
        firedTimers: answered.at(-1)?.view?.state.firedTimers ?? [],
        outcome: completion ? decode<CaseOutcome>(completion.result?.payloads?.[0])?.outcome : undefined,
      };
    }),
  );
}

async function replay(recorded: Recorded[], workflowBundle: { codePath: string } | { code: string }): Promise<Map<string, ReplayResult['error']>> {
  const errors = new Map<string, ReplayResult['error']>();
  for await (const result of Worker.runReplayHistories({ workflowBundle }, recorded.map(({ file, history }) => ({ workflowId: file, history })))) {
    errors.set(result.workflowId, result.error);
  }
  return errors;
}

/** What a list lacks of what it must hold, for a failure that names it. */
function missing<T>(required: readonly T[], present: Iterable<T>): T[] {
  const seen = new Set(present);
  return required.filter((item) => !seen.has(item));
}

/**
 * Recorded histories of cases (test/fixtures/histories, written by `npm run fixtures:histories`)
 * replayed against the current workflow code. A change that would break a running case fails here:
 * guard it with `patched()` or ship it under a new Build ID. The set must hold every form, outcome,
 * stage and action the domain knows, so a new one without a recorded case fails too.
 */
describe('caseWorkflow replay', () => {
  let recorded: Recorded[];

  beforeAll(async () => {
    recorded = await readRecorded();
  });

  it('replays every recorded history with no nondeterminism', async () => {
    expect(recorded.length).toBeGreaterThanOrEqual(10);
    const errors = await replay(recorded, { codePath: testEnv('workflowBundlePath') });
    expect(errors.size).toBe(recorded.length);
    const failures = recorded.flatMap(({ file }) => {
      const error = errors.get(file);
      return error ? [{ file, error: `${error.name}: ${error.message}` }] : [];
    });
    expect(failures).toEqual([]);
  });

  describe('covers', () => {
    it('every form on its whole normal way, to the end that form has', () => {
      const walked = CASE_FORMS.filter((form) => recorded.some((r) => r.form === form && r.outcome === NORMAL_END[form]));
      expect(missing(CASE_FORMS, walked)).toEqual([]);
    });

    it('every outcome a case can close with', () => {
      expect(missing(OUTCOMES, recorded.map((r) => r.outcome))).toEqual([]);
    });

    it('every stage of the lifecycle', () => {
      // A stage a single decision passes through is never published: the return is confirmed and the
      // case closed together, so `returned` is reached by the cases that close with that outcome.
      const reached = [...recorded.flatMap((r) => r.stages), ...recorded.map((r) => r.outcome).filter((o): o is Outcome => (STAGES as readonly string[]).includes(o ?? ''))];
      expect(missing(STAGES, reached)).toEqual([]);
    });

    it('every human action, carried out', () => {
      expect(missing(HUMAN_COMMANDS, recorded.flatMap((r) => r.actions))).toEqual([]);
    });

    it('an escalation at every stage with a deadline, and every timer of a term', () => {
      const fired = recorded.flatMap((r) => r.firedTimers);
      const escalated = TIMED_STAGES.filter((stage) => fired.some((key) => key.startsWith(`deadline:${stage}:`)));
      expect(missing(TIMED_STAGES, escalated)).toEqual([]);
      const termTimers = ['reminder', 'evaluation', 'overdue'];
      expect(missing(termTimers, fired.map((key) => key.split(':')[0]))).toEqual([]);
    });
  });

  /** The replay check must bite: the same histories against changed workflow code fail. */
  describe('fails for a changed workflow', () => {
    it('a workflow that does something new first fails on every history', async () => {
      const errors = await replay(recorded, await bundleWorkflows(join(CHANGED_WORKFLOWS, 'pauses-before-starting.workflow.ts')));
      expect(errors.size).toBe(recorded.length);
      for (const [file, error] of errors) expect({ file, error: error?.name }).toEqual({ file, error: 'DeterminismViolationError' });
    });

    it('a workflow changed only after the case closes fails on exactly the histories that ran to the close', async () => {
      const errors = await replay(recorded, await bundleWorkflows(join(CHANGED_WORKFLOWS, 'pauses-before-returning.workflow.ts')));
      const closed = recorded.filter((r) => r.outcome !== undefined).map((r) => r.file);
      expect(closed.length).toBeGreaterThan(0);
      expect(closed.length).toBeLessThan(recorded.length);
      expect(errors.size).toBe(recorded.length);
      const failed = recorded.flatMap(({ file }) => {
        const error = errors.get(file);
        return error ? [{ file, error: error.name }] : [];
      });
      expect(failed).toEqual(closed.map((file) => ({ file, error: 'DeterminismViolationError' })));
    });
  });
});
