import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  proxyLocalActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { SearchAttributeUpdatePair } from '@temporalio/common';
import {
  DomainError,
  fold,
  decide,
  HUMAN_COMMANDS,
  nextTimer,
  pendingTimers,
  startOfLocalDay,
  SYSTEM_ACTOR,
  type CaseCommand,
  type CaseState,
} from '@app/domain';
import {
  awaitStoredUpdate,
  CASE_REFUSAL,
  caseStateQuery,
  caseUpdates,
  type ActionRequest,
  type CaseActivities,
  type CaseOutcome,
  type CaseView,
  type CaseWorkflowInput,
} from './case.contracts';
import { CaseForm, CaseStage, ReceivingUnit, SendingUnit, TermEndsAt } from './search-attributes';

/**
 * Storing a transition is a local activity: it runs in the worker that took the update, so a human
 * step costs one PostgreSQL transaction and no extra round trip through the server. It retries until
 * PostgreSQL answers; only a version conflict (another writer in the case's stream) stops it.
 */
const { recordEvents } = proxyLocalActivities<CaseActivities>({
  startToCloseTimeout: '15 seconds',
  localRetryThreshold: '10 seconds',
  retry: { initialInterval: '200 milliseconds', backoffCoefficient: 2, maximumInterval: '30 seconds', nonRetryableErrorTypes: ['EventVersionConflictError'] },
});

function refusal(error: unknown): never {
  if (error instanceof DomainError) {
    throw ApplicationFailure.create({ type: CASE_REFUSAL, message: error.message, details: [error.toRefusal()], nonRetryable: true });
  }
  throw error;
}

/** The case as its workflow holds it: the folded state, the requests already handled, and the chain of writes. */
class CaseRun {
  state: CaseState | null;
  readonly handled: Record<string, number>;
  storedVersion: number;
  /** Each transition's write, chained so that versions are stored in order. */
  writes: Promise<void> = Promise.resolve();
  readonly proposalRequestId: string | null;
  private published = '';

  constructor(readonly input: CaseWorkflowInput) {
    this.state = input.resume?.state ?? null;
    this.handled = { ...(input.resume?.handled ?? {}) };
    this.storedVersion = this.state?.version ?? 0;
    this.proposalRequestId = input.proposal?.requestId ?? input.resume?.proposalRequestId ?? null;
  }

  view(): CaseView {
    return { state: this.state!, proposalRequestId: this.proposalRequestId, storedVersion: this.storedVersion, timers: pendingTimers(this.state) };
  }

  waitStored(version: number): Promise<void> {
    return condition(() => this.storedVersion >= version);
  }

  publishSearchAttributes(): void {
    const state = this.state;
    if (!state) return;
    const termEnd = state.termEnd;
    const key = `${state.stage}|${state.receivingUnit.id}|${termEnd ?? ''}`;
    if (key === this.published) return;
    const pairs: SearchAttributeUpdatePair[] = [
      { key: CaseStage, value: state.stage },
      { key: CaseForm, value: state.form },
      { key: SendingUnit, value: state.sendingUnit.id },
      { key: ReceivingUnit, value: state.receivingUnit.id },
    ];
    pairs.push(termEnd ? { key: TermEndsAt, value: new Date(startOfLocalDay(termEnd)) } : { key: TermEndsAt, value: null });
    upsertSearchAttributes(pairs);
    this.published = key;
  }

  /** Decides and applies synchronously; the returned promise settles once the events are stored. */
  apply(command: CaseCommand): Promise<void> {
    const events = decide(command, this.state);
    const fromVersion = this.state?.version ?? 0;
    this.state = fold(events, this.state);
    if (command.requestId) this.handled[command.requestId] = this.state!.version;
    this.publishSearchAttributes();
    const caseId = this.input.caseId;
    const stored = this.writes.then(async () => {
      try {
        const result = await recordEvents({ caseId, fromVersion, events });
        this.storedVersion = result.version;
      } catch (error) {
        // Never fail the case for a write it could not make: a plain error fails the workflow task,
        // which Temporal retries (and shows) until the cause is fixed; the decision stays in history.
        throw new Error(`events ${fromVersion + 1}..${fromVersion + events.length} of case ${caseId} could not be stored: ${String(error)}`, { cause: error });
      }
    });
    this.writes = stored;
    return stored;
  }
}

const now = () => new Date().toISOString();

/** The query, the wait for a stored version, and one update per human action. */
function handleRequests(run: CaseRun): void {
  setHandler(caseStateQuery, () => run.view());

  setHandler(
    awaitStoredUpdate,
    async ({ version }) => {
      await run.waitStored(version);
      return run.view();
    },
    {
      validator: ({ version }) => {
        if (!Number.isInteger(version) || version < 0) throw ApplicationFailure.create({ type: CASE_REFUSAL, message: 'version must be a whole number', nonRetryable: true });
      },
    },
  );

  for (const type of HUMAN_COMMANDS) handleAction(run, type);
}

function handleAction(run: CaseRun, type: (typeof HUMAN_COMMANDS)[number]): void {
  const commandOf = (request: ActionRequest): CaseCommand =>
    ({ ...(request.payload), type, actor: request.actor, requestId: request.requestId, at: now() }) as CaseCommand;
  setHandler(
    caseUpdates[type],
    async (request: ActionRequest) => {
      const earlier = run.handled[request.requestId];
      if (earlier !== undefined) {
        await run.waitStored(earlier);
        return run.view();
      }
      try {
        // Judged again in the handler: an update that raced this one may have changed the state.
        await run.apply(commandOf(request));
      } catch (error) {
        refusal(error);
      }
      return run.view();
    },
    {
      validator: (request: ActionRequest) => {
        if (typeof request?.requestId !== 'string' || request.requestId === '')
          throw ApplicationFailure.create({ type: CASE_REFUSAL, message: 'requestId is required', details: [{ kind: 'invalid', rule: 'required', field: 'requestId', message: 'requestId is required' }], nonRetryable: true });
        if (run.handled[request.requestId] !== undefined) return; // a repeat: accepted, with no second effect
        try {
          decide(commandOf(request), run.state);
        } catch (error) {
          refusal(error);
        }
      },
    } as never,
  );
}

/** A new case decides its proposal (an invalid one fails the workflow with the refusal); a resumed one publishes its attributes. */
function begin(run: CaseRun): void {
  if (run.state) {
    run.publishSearchAttributes();
    return;
  }
  const { input } = run;
  if (!input.proposal) throw ApplicationFailure.create({ type: CASE_REFUSAL, message: 'a new case needs its proposal', nonRetryable: true });
  try {
    void run.apply({ ...input.proposal, type: 'propose', caseId: input.caseId, at: workflowInfo().startTime.toISOString() });
  } catch (error) {
    refusal(error);
  }
}

/** Sleeps until the next timer or a change of state; a due timer is fired as an event. Continues as new when the history grows long. */
async function runUntilClosed(run: CaseRun): Promise<void> {
  for (;;) {
    const current = run.state!;
    if (current.stage === 'closed') return;
    const seen = current.version;
    const timer = nextTimer(current);
    if (timer && timer.at <= Date.now()) {
      void run.apply({ type: 'fireTimer', key: timer.key, actor: SYSTEM_ACTOR, at: now() });
      continue;
    }
    const changed = () => run.state!.version !== seen || workflowInfo().continueAsNewSuggested;
    if (timer) await condition(changed, timer.at - Date.now());
    else await condition(changed);

    if (workflowInfo().continueAsNewSuggested) {
      await run.writes;
      await condition(allHandlersFinished);
      await continueAsNew<typeof caseWorkflow>({ caseId: run.input.caseId, resume: { state: run.state!, handled: run.handled, proposalRequestId: run.proposalRequestId } });
    }
  }
}

/**
 * One secondment, rotation, reinforcement or transfer, from nomination to return.
 *
 * Every decision goes through the pure decider in `@app/domain`: validators run it on the current
 * state (a refused update leaves no trace in history); handlers run it again, apply the events to
 * the state before their first `await` (so a racing update is judged against the new state), then
 * wait until the events are stored in PostgreSQL. Writes are chained, so versions are stored in
 * order. Timers are derived from the state: the loop sleeps until the next one or until the state
 * changes, and a fired timer is itself an event.
 */
export async function caseWorkflow(input: CaseWorkflowInput): Promise<CaseOutcome> {
  const run = new CaseRun(input);
  handleRequests(run);
  begin(run);
  await runUntilClosed(run);
  await run.writes;
  await condition(allHandlersFinished);
  const final = run.state!;
  return { caseId: final.caseId, outcome: final.outcome, version: final.version, closedAt: final.closedAt };
}
