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
  let state: CaseState | null = input.resume?.state ?? null;
  const handled: Record<string, number> = { ...(input.resume?.handled ?? {}) };
  let storedVersion = state?.version ?? 0;
  let writes: Promise<void> = Promise.resolve();
  let published = '';

  const proposalRequestId = input.proposal?.requestId ?? input.resume?.proposalRequestId ?? null;
  const view = (): CaseView => ({ state: state!, proposalRequestId, storedVersion, timers: pendingTimers(state) });
  const now = () => new Date().toISOString();

  function publishSearchAttributes(): void {
    if (!state) return;
    const termEnd = state.termEnd;
    const key = `${state.stage}|${state.receivingUnit.id}|${termEnd ?? ''}`;
    if (key === published) return;
    const pairs: SearchAttributeUpdatePair[] = [
      { key: CaseStage, value: state.stage },
      { key: CaseForm, value: state.form },
      { key: SendingUnit, value: state.sendingUnit.id },
      { key: ReceivingUnit, value: state.receivingUnit.id },
    ];
    pairs.push(termEnd ? { key: TermEndsAt, value: new Date(startOfLocalDay(termEnd)) } : { key: TermEndsAt, value: null });
    upsertSearchAttributes(pairs);
    published = key;
  }

  /** Decides and applies synchronously; the returned promise settles once the events are stored. */
  function apply(command: CaseCommand): Promise<void> {
    const events = decide(command, state);
    const fromVersion = state?.version ?? 0;
    state = fold(events, state);
    if (command.requestId) handled[command.requestId] = state!.version;
    publishSearchAttributes();
    const caseId = input.caseId;
    const stored = writes.then(async () => {
      try {
        const result = await recordEvents({ caseId, fromVersion, events });
        storedVersion = result.version;
      } catch (error) {
        // Never fail the case for a write it could not make: a plain error fails the workflow task,
        // which Temporal retries (and shows) until the cause is fixed; the decision stays in history.
        throw new Error(`events ${fromVersion + 1}..${fromVersion + events.length} of case ${caseId} could not be stored: ${String(error)}`, { cause: error });
      }
    });
    writes = stored;
    return stored;
  }

  const waitStored = (version: number) => condition(() => storedVersion >= version);

  setHandler(caseStateQuery, view);

  setHandler(
    awaitStoredUpdate,
    async ({ version }) => {
      await waitStored(version);
      return view();
    },
    {
      validator: ({ version }) => {
        if (!Number.isInteger(version) || version < 0) throw ApplicationFailure.create({ type: CASE_REFUSAL, message: 'version must be a whole number', nonRetryable: true });
      },
    },
  );

  for (const type of HUMAN_COMMANDS) {
    const commandOf = (request: ActionRequest): CaseCommand =>
      ({ ...(request.payload), type, actor: request.actor, requestId: request.requestId, at: now() }) as CaseCommand;
    setHandler(
      caseUpdates[type],
      async (request: ActionRequest) => {
        const earlier = handled[request.requestId];
        if (earlier !== undefined) {
          await waitStored(earlier);
          return view();
        }
        try {
          // Judged again in the handler: an update that raced this one may have changed the state.
          await apply(commandOf(request));
        } catch (error) {
          refusal(error);
        }
        return view();
      },
      {
        validator: (request: ActionRequest) => {
          if (typeof request?.requestId !== 'string' || request.requestId === '')
            throw ApplicationFailure.create({ type: CASE_REFUSAL, message: 'requestId is required', details: [{ kind: 'invalid', rule: 'required', field: 'requestId', message: 'requestId is required' }], nonRetryable: true });
          if (handled[request.requestId] !== undefined) return; // a repeat: accepted, with no second effect
          try {
            decide(commandOf(request), state);
          } catch (error) {
            refusal(error);
          }
        },
      } as never,
    );
  }

  if (!state) {
    if (!input.proposal) throw ApplicationFailure.create({ type: CASE_REFUSAL, message: 'a new case needs its proposal', nonRetryable: true });
    try {
      void apply({ ...input.proposal, type: 'propose', caseId: input.caseId, at: workflowInfo().startTime.toISOString() });
    } catch (error) {
      refusal(error);
    }
  } else {
    publishSearchAttributes();
  }

  for (;;) {
    const current = state!;
    if (current.stage === 'closed') break;
    const seen = current.version;
    const timer = nextTimer(current);
    if (timer && timer.at <= Date.now()) {
      void apply({ type: 'fireTimer', key: timer.key, actor: SYSTEM_ACTOR, at: now() });
      continue;
    }
    const changed = () => state!.version !== seen || workflowInfo().continueAsNewSuggested;
    if (timer) await condition(changed, timer.at - Date.now());
    else await condition(changed);

    if (workflowInfo().continueAsNewSuggested) {
      await writes;
      await condition(allHandlersFinished);
      await continueAsNew<typeof caseWorkflow>({ caseId: input.caseId, resume: { state: state!, handled, proposalRequestId } });
    }
  }

  await writes;
  await condition(allHandlersFinished);
  const final = state!;
  return { caseId: final.caseId, outcome: final.outcome, version: final.version, closedAt: final.closedAt };
}
