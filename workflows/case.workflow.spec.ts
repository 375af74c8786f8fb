import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { temporal } from '@temporalio/proto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import {
  addDays,
  addMonths,
  addWorkingDays,
  DEFAULT_CASE_RULES,
  endOfLocalDay,
  localDateOf,
  stageDeadline,
  startOfLocalDay,
  termEndDate,
  TIMED_STAGES,
  type Actor,
  type CaseEvent,
  type CaseRules,
  type CommandPayloads,
  type HumanCommandType,
  type LocalDate,
  type TimedStage,
} from '@app/domain';
import { ACTORS, DECISION_ATTACHMENTS, HEALTH_CERTIFICATE, proposalFields } from '@app/domain/testing/case-fixtures';
import { CaseClient, CaseRefusedError } from '@app/temporal-client/case-client';
import { registerSearchAttributes } from '@app/temporal-client/search-attributes';
import { testEnv } from '../test/support/test-env';
import { uniqueTaskQueue } from '../test/support/apps';
import { CASE_REFUSAL, caseStateQuery, caseWorkflowId, type CaseActivities, type CaseView, type RecordEventsInput } from './case.contracts';
import { caseWorkflow } from './case.workflow';

/**
 * The case workflow under the time-skipping test server: a 36-month term runs in seconds. Updates
 * do not skip time there, so each spec skips explicitly with `env.sleep`. The event store is an
 * in-memory fake of the activity with the real store's contract (idempotent by case and version).
 */
class MemoryEventStore implements CaseActivities {
  readonly streams = new Map<string, CaseEvent[]>();
  attempts = 0;

  recordEvents({ caseId, fromVersion, events }: RecordEventsInput) {
    this.attempts += 1;
    const stream = this.streams.get(caseId) ?? [];
    this.streams.set(caseId, stream);
    const toVersion = fromVersion + events.length;
    if (stream.length >= toVersion) {
      if (!isDeepStrictEqual(stream.slice(fromVersion, toVersion), events)) return Promise.reject(new Error(`conflict at ${fromVersion + 1}`));
      return Promise.resolve({ version: toVersion, inserted: false });
    }
    if (stream.length !== fromVersion) return Promise.reject(new Error(`gap: stored ${stream.length}, writing from ${fromVersion + 1}`));
    stream.push(...events);
    return Promise.resolve({ version: toVersion, inserted: true });
  }

  events(caseId: string): CaseEvent[] {
    return this.streams.get(caseId) ?? [];
  }

  ofType(caseId: string, type: CaseEvent['type']): CaseEvent[] {
    return this.events(caseId).filter((e) => e.type === type);
  }
}

const DAY = 24 * 60 * 60 * 1000;
const HISTORY_FIXTURES = join(__dirname, '..', 'test', 'fixtures', 'histories');

describe('caseWorkflow', () => {
  let env: TestWorkflowEnvironment;

  beforeAll(async () => {
    env = await TestWorkflowEnvironment.createTimeSkipping({
      server: { executable: { type: 'existing-path', path: testEnv('testServerPath') } },
    });
    await registerSearchAttributes(env.connection, 'default');
  });

  afterAll(async () => {
    await env?.teardown();
  });

  let caseSeq = 0;

  interface Harness {
    store: MemoryEventStore;
    taskQueue: string;
    cases: CaseClient;
    caseId: string;
    today(): Promise<LocalDate>;
    /** Skips simulated time to the given instant (no-op if already past). */
    skipTo(instant: number): Promise<void>;
    act<T extends HumanCommandType>(type: T, actor: Actor, payload: CommandPayloads[T], requestId?: string): Promise<CaseView>;
    propose(overrides?: Partial<Parameters<CaseClient['propose']>[1]>, rules?: CaseRules): Promise<CaseView>;
    result(): Promise<unknown>;
  }

  async function withCase(body: (h: Harness) => Promise<void>, store = new MemoryEventStore()): Promise<void> {
    const taskQueue = uniqueTaskQueue('case');
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: { codePath: testEnv('workflowBundlePath') },
      // The store's methods live on its prototype, which the worker does not look through.
      activities: { recordEvents: (input: RecordEventsInput) => store.recordEvents(input) },
    });
    const cases = new CaseClient(env.client, taskQueue);
    caseSeq += 1;
    const caseId = `bp-${taskQueue}-${caseSeq}`;
    let requests = 0;
    const harness: Harness = {
      store,
      taskQueue,
      cases,
      caseId,
      today: async () => localDateOf(await env.currentTimeMs()),
      skipTo: async (instant) => {
        const now = await env.currentTimeMs();
        if (instant > now) await env.sleep(instant - now);
      },
      act: (type, actor, payload, requestId) => {
        requests += 1;
        return cases.act(caseId, type, { requestId: requestId ?? `${caseId}-r${requests}`, actor, payload });
      },
      propose: async (overrides = {}, rules = DEFAULT_CASE_RULES) => {
        const today = await harness.today();
        return cases.propose(
          caseId,
          { requestId: `${caseId}-propose`, ...proposalFields(addDays(today, 14)), ...overrides },
          rules,
        );
      },
      result: () => env.client.workflow.getHandle(caseWorkflowId(caseId)).result(),
    };
    try {
      await worker.runUntil(body(harness));
      if (process.env.RECORD_HISTORIES === '1') await recordHistory(caseId);
    } finally {
      // A case a failed spec leaves open would hold its timers on a queue nobody polls, and the
      // test server skips time only when every workflow is idle: end it, so later specs still skip.
      await env.client.workflow
        .getHandle(caseWorkflowId(caseId))
        .terminate('spec finished')
        .catch(() => undefined);
    }
  }

  /**
   * `npm run fixtures:histories` keeps the history of every spec's case (finished, or stopped where
   * the spec ends), for the replay spec: running workflows must stay replayable by the code that follows.
   */
  async function recordHistory(caseId: string): Promise<void> {
    const handle = env.client.workflow.getHandle(caseWorkflowId(caseId));
    const name = (expect.getState().currentTestName ?? caseId).replace(/^caseWorkflow /, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 80);
    await mkdir(HISTORY_FIXTURES, { recursive: true });
    const history = temporal.api.history.v1.History.toObject((await handle.fetchHistory()) as temporal.api.history.v1.History, { longs: String, enums: String, bytes: String });
    await writeFile(join(HISTORY_FIXTURES, `${name}.json`), `${JSON.stringify(history)}\n`);
  }

  /** A decision signed today, effective in a week. */
  function decisionFields(today: LocalDate, decision: Partial<CommandPayloads['issueDecision']> = {}): CommandPayloads['issueDecision'] {
    return {
      decisionNumber: '2345/QĐ-UBND',
      decisionDate: today,
      signer: { name: 'Hồ Kỳ Minh', title: 'Phó Chủ tịch Thường trực UBND tỉnh' },
      effectiveDate: addDays(today, 7),
      attachments: [...DECISION_ATTACHMENTS],
      ...decision,
    };
  }

  /** Proposal through to an issued decision; returns the decision's effective date. */
  async function approveAndDecide(h: Harness, decision: Partial<CommandPayloads['issueDecision']> = {}): Promise<CaseView> {
    await h.act('approve', ACTORS.head, { comment: 'Đồng ý' });
    await h.act('approve', ACTORS.homeAffairs, {});
    const today = await h.today();
    const view = await h.act('recordPartyOpinion', ACTORS.party, { documentNumber: '512-CV/TU', documentDate: today, opinion: 'agree' });
    if (view.state.stage !== 'awaiting_decision') return view;
    return h.act('issueDecision', ACTORS.homeAffairs, decisionFields(today, decision));
  }

  /**
   * From a term under way to the return: past the reminders to the last day, the end decided on
   * time, the term completed at its end and the return recorded the next day.
   */
  async function serveToReturn(h: Harness): Promise<CaseView> {
    const termEnd = (await h.cases.read(h.caseId)).state.termEnd!;
    await h.skipTo(startOfLocalDay(termEnd) + 60_000);
    const ending = await h.act('decideEnd', ACTORS.head, { decisionNumber: '88/QĐ-STC', decisionDate: await h.today() });
    expect(ending.state).toMatchObject({ stage: 'ending', endDecision: { kind: 'end', lastDay: termEnd } });
    await h.skipTo(endOfLocalDay(termEnd) + 60_000);
    expect(h.store.ofType(h.caseId, 'TermCompleted')).toHaveLength(1);
    const returned = await h.act('confirmReturn', ACTORS.hr, { returnedOn: addDays(termEnd, 1), placement: { position: 'Chuyên viên', unitName: 'Phòng Quản lý ngân sách' } });
    expect(returned.state).toMatchObject({ stage: 'closed', outcome: 'returned', returnedOn: addDays(termEnd, 1) });
    expect(await h.result()).toEqual({ caseId: h.caseId, outcome: 'returned', version: returned.state.version, closedAt: returned.state.closedAt });
    return returned;
  }

  function remindersOf(h: Harness): { termEnd: string; daysBefore: number }[] {
    return h.store.ofType(h.caseId, 'TermEndReminderDue').map((e) => {
      const { termEnd, daysBefore } = e.data as { termEnd: string; daysBefore: number };
      return { termEnd, daysBefore };
    });
  }

  /** Through arrival and the start of the term; returns the case after TermStarted. */
  async function startTerm(h: Harness, decision: Partial<CommandPayloads['issueDecision']> = {}): Promise<CaseView> {
    const decided = await approveAndDecide(h, decision);
    await h.act('confirmArrival', ACTORS.communeLeader, { arrivedOn: await h.today() });
    await h.skipTo(startOfLocalDay(decided.state.decision!.effectiveDate) + 60_000);
    const view = await h.cases.read(h.caseId);
    expect(view.state.stage).toBe('serving');
    return view;
  }

  /** Timer events carry the workflow time they fired at: the due instant, or a few milliseconds after it. */
  function expectFiredAt(events: CaseEvent[], due: number[]): void {
    expect(events).toHaveLength(due.length);
    events.forEach((e, i) => {
      expect(Date.parse(e.at)).toBeGreaterThanOrEqual(due[i]);
      expect(Date.parse(e.at)).toBeLessThan(due[i] + 60_000);
    });
  }

  function firedAt(events: CaseEvent[]): string[] {
    return events.map((e) => localDateOf(e.at));
  }

  it('walks a secondment through its 36 months: each reminder and evaluation once, on its date, and the return', async () => {
    await withCase(async (h) => {
      const proposed = await h.propose();
      expect(proposed.state.stage).toBe('department_review');
      expect(proposed.storedVersion).toBe(1);

      const serving = await startTerm(h);
      const { effectiveDate, termEnd } = serving.state.decision!;
      expect(termEnd).toBe(termEndDate(effectiveDate, { months: 36, days: 0 }));

      // Skip to the day before the term ends: three reminders and two yearly evaluations on the way.
      await h.skipTo(startOfLocalDay(termEnd!) + 60_000);
      const reminders = h.store.ofType(h.caseId, 'TermEndReminderDue');
      expect(reminders.map((e) => (e.data as { daysBefore: number }).daysBefore)).toEqual([90, 30, 7]);
      expect(firedAt(reminders)).toEqual([addDays(termEnd!, -90), addDays(termEnd!, -30), addDays(termEnd!, -7)]);
      reminders.forEach((e) => expect(Date.parse(e.at)).toBeGreaterThanOrEqual(startOfLocalDay(localDateOf(e.at))));
      const evaluations = h.store.ofType(h.caseId, 'EvaluationDue');
      expect(firedAt(evaluations)).toEqual([addMonths(effectiveDate, 12), addMonths(effectiveDate, 24)]);
      expect((await h.cases.read(h.caseId)).state.stage).toBe('ending');

      await h.act('recordEvaluation', ACTORS.communeLeader, { period: '2027', rating: 'excellent' });
      await h.act('submitReport', ACTORS.official, { kind: 'final', period: '2025–2028', summary: 'Hoàn thành nhiệm vụ' });
      const ended = await h.act('decideEnd', ACTORS.head, { decisionNumber: '88/QĐ-STC', decisionDate: await h.today() });
      expect(ended.state.endDecision?.lastDay).toBe(termEnd);

      await h.skipTo(endOfLocalDay(termEnd!) + 60_000);
      expect(h.store.ofType(h.caseId, 'TermCompleted')).toHaveLength(1);
      expect(h.store.ofType(h.caseId, 'TermEndOverdue')).toHaveLength(0);
      const returned = await h.act('confirmReturn', ACTORS.hr, { returnedOn: addDays(termEnd!, 1), placement: { position: 'Chuyên viên', unitName: 'Phòng Quản lý ngân sách' } });
      expect(returned.state.stage).toBe('closed');
      expect(await h.result()).toEqual({ caseId: h.caseId, outcome: 'returned', version: returned.state.version, closedAt: returned.state.closedAt });

      const types = h.store.events(h.caseId).map((e) => e.type);
      expect(types).toEqual([
        'CaseProposed',
        'StageApproved',
        'StageApproved',
        'PartyOpinionRecorded',
        'DecisionIssued',
        'ArrivalConfirmed',
        'TermStarted',
        'EvaluationDue',
        'EvaluationDue',
        'TermEndReminderDue',
        'TermEndReminderDue',
        'TermEndReminderDue',
        'EvaluationRecorded',
        'ReportSubmitted',
        'EndDecided',
        'TermCompleted',
        'ReturnConfirmed',
        'CaseClosed',
      ]);
    });
  });

  it('escalates a stage whose deadline passes, when it passes and again 5 working days later, once each', async () => {
    await withCase(async (h) => {
      const proposed = await h.propose();
      const opened = localDateOf(proposed.state.stageOpenedAt);
      const { calendar, deadlines } = DEFAULT_CASE_RULES;
      const deadline = addWorkingDays(opened, deadlines.department_review.workingDays, calendar);
      const again = addWorkingDays(deadline, 5, calendar);
      await h.skipTo(endOfLocalDay(again) + 10 * DAY);
      const escalations = h.store.ofType(h.caseId, 'StageDeadlinePassed');
      expect(escalations.map((e) => (e.data as { level: number }).level)).toEqual([1, 2]);
      expectFiredAt(escalations, [endOfLocalDay(deadline), endOfLocalDay(again)]);
      expect((await h.cases.read(h.caseId)).state.escalationLevel).toBe(2);

      // Approving opens the next stage with a fresh deadline.
      const approved = await h.act('approve', ACTORS.head, {});
      expect(approved.state.escalationLevel).toBe(0);
      expect(approved.timers[0].key).toMatch(/^deadline:home_affairs_appraisal:/);
    });
  });

  it('fires the overdue event once when nobody decides the end, then completes when the end is decided late', async () => {
    await withCase(async (h) => {
      await h.propose({ form: 'reinforcement', term: { months: 2, days: 0 } });
      // Reinforcements skip the Party committee under the default rules.
      await h.act('approve', ACTORS.head, {});
      const approved = await h.act('approve', ACTORS.homeAffairs, {});
      expect(approved.state.stage).toBe('awaiting_decision');
      const today = await h.today();
      const decided = await h.act('issueDecision', ACTORS.homeAffairs, {
        decisionNumber: '77/QĐ-SNV',
        decisionDate: today,
        signer: { name: 'Giám đốc Sở Nội vụ', title: 'Giám đốc' },
        effectiveDate: addDays(today, 1),
        attachments: [...DECISION_ATTACHMENTS],
      });
      const termEnd = decided.state.termEnd!;
      await h.act('confirmArrival', ACTORS.communeLeader, { arrivedOn: today });
      await h.skipTo(endOfLocalDay(termEnd) + 20 * DAY);
      const overdue = h.store.ofType(h.caseId, 'TermEndOverdue');
      expect(overdue).toHaveLength(1);
      expectFiredAt(overdue, [endOfLocalDay(termEnd)]);
      // A 2-month term: the 90-day reminder would predate the decision, so only 30 and 7 are sent.
      expect(h.store.ofType(h.caseId, 'TermEndReminderDue').map((e) => (e.data as { daysBefore: number }).daysBefore)).toEqual([30, 7]);

      await h.act('decideEnd', ACTORS.homeAffairs, { decisionNumber: '90/QĐ-SNV', decisionDate: await h.today() });
      await h.skipTo((await env.currentTimeMs()) + 60_000);
      expect(h.store.ofType(h.caseId, 'TermCompleted')).toHaveLength(1);
      expect(h.store.ofType(h.caseId, 'TermEndOverdue')).toHaveLength(1);
    });
  });

  it('an extension moves the reminders to the new end; the old ones not yet sent never fire', async () => {
    await withCase(async (h) => {
      await h.propose({ term: { months: 24, days: 0 } });
      const serving = await startTerm(h);
      const firstEnd = serving.state.termEnd!;
      // Into the window: after the 90-day reminder, before the 30-day one.
      await h.skipTo(startOfLocalDay(addDays(firstEnd, -60)));
      const extended = await h.act('extend', ACTORS.head, { decisionNumber: '120/QĐ-UBND', decisionDate: await h.today(), by: { months: 12, days: 0 }, reason: 'Phường còn thiếu người' });
      const newEnd = extended.state.termEnd!;
      expect(newEnd).toBe(termEndDate(addDays(firstEnd, 1), { months: 12, days: 0 }));
      expect(extended.state.stage).toBe('serving');

      await h.skipTo(startOfLocalDay(newEnd) + 60_000);
      const reminders = h.store.ofType(h.caseId, 'TermEndReminderDue').map((e) => (e.data as { termEnd: string; daysBefore: number }));
      expect(reminders).toEqual([
        { termEnd: firstEnd, daysBefore: 90, timerKey: `reminder:${firstEnd}:90` },
        { termEnd: newEnd, daysBefore: 90, timerKey: `reminder:${newEnd}:90` },
        { termEnd: newEnd, daysBefore: 30, timerKey: `reminder:${newEnd}:30` },
        { termEnd: newEnd, daysBefore: 7, timerKey: `reminder:${newEnd}:7` },
      ]);
      expect(h.store.ofType(h.caseId, 'TermEndOverdue')).toHaveLength(0);

      // Beyond 36 months in total is refused (no legal basis cited), and nothing is recorded.
      const before = h.store.events(h.caseId).length;
      await expect(h.act('extend', ACTORS.head, { decisionNumber: '121/QĐ-UBND', decisionDate: await h.today(), by: { months: 1, days: 0 }, reason: 'x' })).rejects.toMatchObject({
        refusal: { kind: 'rule', rule: 'secondment_term_cap' },
      });
      expect(h.store.events(h.caseId)).toHaveLength(before);
    });
  });

  it('an early recall ends the term on the recall date and cancels the rest of the schedule', async () => {
    await withCase(async (h) => {
      await h.propose();
      const serving = await startTerm(h);
      await h.skipTo(startOfLocalDay(addDays(serving.state.decision!.effectiveDate, 100)));
      const today = await h.today();
      const lastDay = addDays(today, 10);
      const recalled = await h.act('recallEarly', ACTORS.homeAffairs, { decisionNumber: '15/QĐ-UBND', decisionDate: today, lastDay, reason: 'Sở cần người cho nhiệm vụ mới' });
      expect(recalled.state.stage).toBe('ending');
      expect(recalled.state.termEnd).toBe(lastDay);

      await h.skipTo(endOfLocalDay(lastDay) + 60_000);
      await expect(h.act('confirmReturn', ACTORS.hr, { returnedOn: addDays(lastDay, 1), placement: { position: 'Chuyên viên', unitName: 'Phòng Ngân sách' } })).resolves.toMatchObject({
        state: { stage: 'closed', outcome: 'returned' },
      });
      const reminders = h.store.ofType(h.caseId, 'TermEndReminderDue').map((e) => (e.data as { termEnd: string; daysBefore: number }));
      expect(reminders).toEqual([{ termEnd: lastDay, daysBefore: 7, timerKey: `reminder:${lastDay}:7` }]);
      expect(h.store.ofType(h.caseId, 'EvaluationDue')).toHaveLength(0);
      expect(h.store.ofType(h.caseId, 'TermCompleted')).toHaveLength(1);
    });
  });

  describe('ends before posting', () => {
    it.each([
      ['department review', 0],
      ['Home Affairs appraisal', 1],
      ['awaiting the decision', 3],
    ])('rejection at %s closes the case with the reason', async (_stage, approvals) => {
      await withCase(async (h) => {
        await h.propose();
        const steps: (() => Promise<CaseView>)[] = [
          () => h.act('approve', ACTORS.head, {}),
          () => h.act('approve', ACTORS.homeAffairs, {}),
          async () => h.act('recordPartyOpinion', ACTORS.party, { documentNumber: '1-CV/TU', documentDate: await h.today(), opinion: 'agree' }),
        ];
        for (const step of steps.slice(0, Math.min(approvals, 3))) await step();
        const rejector = approvals === 0 ? ACTORS.head : ACTORS.homeAffairs;
        const view = await h.act('reject', rejector, { reason: 'Không đủ điều kiện' });
        expect(view.state).toMatchObject({ stage: 'closed', outcome: 'rejected' });
        expect(await h.result()).toMatchObject({ outcome: 'rejected' });
        expect(h.store.ofType(h.caseId, 'CaseRejected')[0].data).toMatchObject({ reason: 'Không đủ điều kiện' });
      });
    });

    it("the Party committee's disagreement rejects the case", async () => {
      await withCase(async (h) => {
        await h.propose();
        await h.act('approve', ACTORS.head, {});
        await h.act('approve', ACTORS.homeAffairs, {});
        const view = await h.act('recordPartyOpinion', ACTORS.party, { documentNumber: '2-CV/TU', documentDate: await h.today(), opinion: 'disagree', comment: 'Chưa phù hợp quy hoạch' });
        expect(view.state.outcome).toBe('rejected');
        expect(await h.result()).toMatchObject({ outcome: 'rejected' });
      });
    });

    it('withdrawal closes the case; return for changes and resubmission start the review again', async () => {
      await withCase(async (h) => {
        await h.propose();
        const returned = await h.act('returnForChanges', ACTORS.head, { reason: 'Bổ sung vị trí việc làm' });
        expect(returned.state.stage).toBe('proposed');
        expect(returned.timers).toEqual([]);
        const resubmitted = await h.act('resubmit', ACTORS.hr, { changes: { position: 'Kế toán viên' } });
        expect(resubmitted.state).toMatchObject({ stage: 'department_review', position: 'Kế toán viên' });
        const withdrawn = await h.act('withdraw', ACTORS.hr, { reason: 'Công chức được phân công nhiệm vụ khác' });
        expect(withdrawn.state).toMatchObject({ stage: 'closed', outcome: 'withdrawn' });
        expect(await h.result()).toMatchObject({ outcome: 'withdrawn' });
      });
    });

    it('a transfer has no term and ends when the commune confirms arrival', async () => {
      await withCase(async (h) => {
        await h.propose({ form: 'transfer' });
        const decided = await approveAndDecide(h);
        expect(decided.state.termEnd).toBeNull();
        const view = await h.act('confirmArrival', ACTORS.communeLeader, { arrivedOn: await h.today() });
        expect(view.state).toMatchObject({ stage: 'closed', outcome: 'transferred' });
        expect(await h.result()).toMatchObject({ outcome: 'transferred' });
        expect(h.store.ofType(h.caseId, 'TermEndReminderDue')).toHaveLength(0);
      });
    });
  });

  describe('updates', () => {
    it('a refused update leaves no trace in the history and changes nothing', async () => {
      await withCase(async (h) => {
        await h.propose();
        // The head of another department, then the proposer approving their own case.
        await expect(h.act('approve', ACTORS.otherHead, {})).rejects.toMatchObject({ refusal: { kind: 'forbidden' } });
        await expect(h.act('issueDecision', ACTORS.homeAffairs, {} as never)).rejects.toMatchObject({ refusal: { kind: 'wrong_stage', stage: 'department_review' } });
        const history = await env.client.workflow.getHandle(caseWorkflowId(h.caseId)).fetchHistory();
        const accepted = (history.events ?? []).map((e) => e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name).filter(Boolean);
        // Only the start's own acknowledgement: neither refused action left an update in the history.
        expect(accepted).toEqual(['awaitStored']);
        expect(h.store.events(h.caseId)).toHaveLength(1);
      });
    });

    it('refuses an invalid start by itself (its caller judges a proposal first; the workflow does not rely on it): the case fails with the refusal and stores nothing', async () => {
      await withCase(async (h) => {
        await expect(h.propose({ position: '  ' })).rejects.toMatchObject({ name: 'CaseRefusedError', refusal: { kind: 'invalid', field: 'position' } });
        await expect(h.result()).rejects.toMatchObject({ cause: { type: CASE_REFUSAL, details: [{ kind: 'invalid', field: 'position' }] } });
        expect(h.store.events(h.caseId)).toHaveLength(0);
      });
    });

    it('the same request twice has one effect', async () => {
      await withCase(async (h) => {
        await h.propose();
        const first = await h.act('approve', ACTORS.head, { comment: 'OK' }, 'req-approve-1');
        const again = await h.act('approve', ACTORS.head, { comment: 'OK' }, 'req-approve-1');
        expect(again.state.version).toBe(first.state.version);
        expect(h.store.ofType(h.caseId, 'StageApproved')).toHaveLength(1);
        // And the start: proposing again with the same request joins the case; another request is refused.
        await expect(h.propose()).resolves.toMatchObject({ state: { caseId: h.caseId } });
        await expect(h.propose({ requestId: 'another' })).rejects.toBeInstanceOf(CaseRefusedError);
        expect(h.store.ofType(h.caseId, 'CaseProposed')).toHaveLength(1);
      });
    });

    it('two racing decisions on one stage: exactly one wins, the other is refused', async () => {
      await withCase(async (h) => {
        await h.propose();
        // None of these closes the case: the time-skipping server leaves an update that arrives after
        // its workflow completed unanswered (the dev server answers it; see the integration spec).
        const results = await Promise.allSettled([
          h.act('approve', ACTORS.head, {}, 'approve-1'),
          h.act('approve', ACTORS.head, { comment: 'again' }, 'approve-2'),
          h.act('returnForChanges', ACTORS.head, { reason: 'Sửa' }),
        ]);
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        // The losers are judged against the winner's state: the stage moved on (or the case closed), so
        // they are out of stage, or no longer the head's to decide.
        for (const r of results) {
          if (r.status === 'fulfilled') continue;
          expect(r.reason).toBeInstanceOf(CaseRefusedError);
          expect(['wrong_stage', 'forbidden']).toContain((r.reason as CaseRefusedError).refusal.kind);
        }
        expect(h.store.events(h.caseId)).toHaveLength(2);
      });
    });

    it('keeps the rules the case started with, and follows the configured stages', async () => {
      await withCase(async (h) => {
        const rules: CaseRules = { ...DEFAULT_CASE_RULES, version: 7, approvalStages: { ...DEFAULT_CASE_RULES.approvalStages, secondment: ['home_affairs_appraisal'] } };
        const proposed = await h.propose({}, rules);
        expect(proposed.state.stage).toBe('home_affairs_appraisal');
        expect(proposed.state.rules.version).toBe(7);
        const approved = await h.act('approve', ACTORS.homeAffairs, {});
        expect(approved.state.stage).toBe('awaiting_decision');
      });
    });

    it('a run continued as new resumes from its carried state: timers, repeats and actions go on', async () => {
      await withCase(async (h) => {
        await h.propose();
        const first = await h.act('approve', ACTORS.head, {}, 'approve-once');
        // What continueAsNew carries, given to a fresh run of the same case (the old run is ended first).
        const handle = env.client.workflow.getHandle(caseWorkflowId(h.caseId));
        await handle.terminate('replaced by its continuation');
        const continued = await env.client.workflow.start(caseWorkflow, {
          workflowId: caseWorkflowId(h.caseId),
          taskQueue: h.taskQueue,
          args: [{ caseId: h.caseId, resume: { state: first.state, handled: { 'approve-once': first.state.version }, proposalRequestId: `${h.caseId}-propose` } }],
          workflowIdReusePolicy: 'ALLOW_DUPLICATE',
        });
        const view = await continued.query(caseStateQuery);
        expect(view).toMatchObject({ storedVersion: first.state.version, state: { stage: 'home_affairs_appraisal', version: first.state.version } });
        // The repeat is still recognised; a new action is stored after the carried versions.
        await expect(h.act('approve', ACTORS.head, {}, 'approve-once')).resolves.toMatchObject({ state: { version: first.state.version } });
        await h.act('approve', ACTORS.homeAffairs, {});
        // The new stage's deadline timer still runs in the continued run.
        await h.skipTo(Date.parse((await h.cases.read(h.caseId)).state.stageOpenedAt) + 40 * DAY);
        expect(h.store.ofType(h.caseId, 'StageDeadlinePassed').map((e) => (e.data as { stage: string }).stage)).toContain('party_committee_approval');
        // The store refuses gaps, so every version from 1 up is there once.
        expect(h.store.events(h.caseId)).toHaveLength((await h.cases.read(h.caseId)).state.version);
      });
    });

    it('retries a failed write until it is stored, without a duplicate or a gap', async () => {
      const flaky = new MemoryEventStore();
      const real = flaky.recordEvents.bind(flaky);
      let failures = 0;
      flaky.recordEvents = (input) => {
        // The first attempt of each write commits and then "crashes" before answering.
        const result = real(input);
        if (failures < 3) {
          failures += 1;
          return result.then(() => Promise.reject(new Error('connection reset after commit')));
        }
        return result;
      };
      await withCase(async (h) => {
        await h.propose();
        await h.act('approve', ACTORS.head, {});
        const view = await h.act('approve', ACTORS.homeAffairs, {});
        expect(view.storedVersion).toBe(3);
        expect(h.store.events(h.caseId).map((e) => e.type)).toEqual(['CaseProposed', 'StageApproved', 'StageApproved']);
        expect(flaky.attempts).toBeGreaterThanOrEqual(6);
      }, flaky);
    });
  });

  /**
   * Every form on its whole way and every way a case can go, one case each, so the recorded
   * histories (and the replay spec's coverage check over them) hold every form, outcome and stage.
   */
  describe('forms and paths', () => {
    it('a rotation serves its 36 months and returns; its decision needs a recent health certificate', async () => {
      await withCase(async (h) => {
        const proposed = await h.propose({ form: 'rotation' });
        expect(proposed.state).toMatchObject({ form: 'rotation', term: { months: 36, days: 0 }, stage: 'department_review' });
        await h.act('approve', ACTORS.head, {});
        await h.act('approve', ACTORS.homeAffairs, {});
        const today = await h.today();
        await h.act('recordPartyOpinion', ACTORS.party, { documentNumber: '7-CV/TU', documentDate: today, opinion: 'agree' });
        const before = h.store.events(h.caseId).length;
        await expect(h.act('issueDecision', ACTORS.homeAffairs, decisionFields(today))).rejects.toMatchObject({ refusal: { kind: 'rule', rule: 'rotation_health_certificate' } });
        expect(h.store.events(h.caseId)).toHaveLength(before);
        const decided = await h.act('issueDecision', ACTORS.homeAffairs, decisionFields(today, { attachments: [...DECISION_ATTACHMENTS, { ...HEALTH_CERTIFICATE, issuedOn: addDays(today, -30) }] }));
        const { effectiveDate, termEnd } = decided.state.decision!;
        expect(termEnd).toBe(termEndDate(effectiveDate, { months: 36, days: 0 }));
        await h.act('confirmArrival', ACTORS.communeLeader, { arrivedOn: today, assignedWork: 'Phó Chủ tịch UBND phường' });
        await h.skipTo(startOfLocalDay(effectiveDate) + 60_000);
        expect((await h.cases.read(h.caseId)).state.stage).toBe('serving');

        await serveToReturn(h);
        expect(remindersOf(h)).toEqual([90, 30, 7].map((daysBefore) => ({ termEnd, daysBefore })));
        expect(firedAt(h.store.ofType(h.caseId, 'EvaluationDue'))).toEqual([addMonths(effectiveDate, 12), addMonths(effectiveDate, 24)]);
        expect(h.store.ofType(h.caseId, 'TermEndOverdue')).toHaveLength(0);
      });
    });

    it('a reinforcement skips the Party committee, serves its months with reports and returns', async () => {
      await withCase(async (h) => {
        await h.propose({ form: 'reinforcement', term: { months: 4, days: 0 } });
        await h.act('approve', ACTORS.head, {});
        const approved = await h.act('approve', ACTORS.homeAffairs, {});
        expect(approved.state.stage).toBe('awaiting_decision');
        expect(approved.state.approvals.map((a) => a.stage)).toEqual(['department_review', 'home_affairs_appraisal']);
        const decided = await h.act('issueDecision', ACTORS.homeAffairs, decisionFields(await h.today()));
        const { effectiveDate, termEnd } = decided.state.decision!;
        expect(termEnd).toBe(termEndDate(effectiveDate, { months: 4, days: 0 }));
        await h.act('confirmArrival', ACTORS.communeLeader, { arrivedOn: await h.today() });
        await h.skipTo(startOfLocalDay(effectiveDate) + 45 * DAY);
        await h.act('submitReport', ACTORS.official, { kind: 'periodic', period: 'Tháng 1–2', summary: 'Rà soát hồ sơ ngân sách phường' });
        await h.act('recordEvaluation', ACTORS.communeLeader, { period: 'Giữa kỳ', rating: 'good' });

        const returned = await serveToReturn(h);
        expect(returned.state).toMatchObject({ reports: 1, evaluations: [{ period: 'Giữa kỳ', rating: 'good' }] });
        expect(remindersOf(h)).toEqual([90, 30, 7].map((daysBefore) => ({ termEnd, daysBefore })));
        // A term shorter than the evaluation interval has no yearly evaluation.
        expect(h.store.ofType(h.caseId, 'EvaluationDue')).toHaveLength(0);
        expect(h.store.ofType(h.caseId, 'PartyOpinionRecorded')).toHaveLength(0);
      });
    });

    it('every timed stage escalates when its deadline passes, and the next stage starts afresh', async () => {
      await withCase(async (h) => {
        const steps: Record<TimedStage, () => Promise<CaseView>> = {
          department_review: () => h.act('approve', ACTORS.head, {}),
          home_affairs_appraisal: () => h.act('approve', ACTORS.homeAffairs, {}),
          party_committee_approval: async () => h.act('recordPartyOpinion', ACTORS.party, { documentNumber: '3-CV/TU', documentDate: await h.today(), opinion: 'agree' }),
          awaiting_decision: async () => h.act('issueDecision', ACTORS.homeAffairs, decisionFields(await h.today())),
        };
        let view = await h.propose();
        const deadlines: number[] = [];
        for (const stage of TIMED_STAGES) {
          expect(view.state).toMatchObject({ stage, escalationLevel: 0 });
          const deadline = endOfLocalDay(stageDeadline(view.state)!);
          deadlines.push(deadline);
          await h.skipTo(deadline + 60_000);
          expect((await h.cases.read(h.caseId)).state.escalationLevel).toBe(1);
          view = await steps[stage]();
        }
        expect(view.state.stage).toBe('decision_issued');
        const escalations = h.store.ofType(h.caseId, 'StageDeadlinePassed');
        expect(escalations.map((e) => [(e.data as { stage: string }).stage, (e.data as { level: number }).level])).toEqual(TIMED_STAGES.map((stage) => [stage, 1]));
        expectFiredAt(escalations, deadlines);
        // A decided case waits on the commune with no deadline of its own.
        expect(view.timers.filter((t) => t.key.startsWith('deadline:'))).toEqual([]);
      });
    });

    it.each([
      ['decision_issued', 'transfer'],
      ['posted', 'secondment'],
    ] as const)('a decision revoked at %s closes the %s as revoked, before any term', async (stage, form) => {
      await withCase(async (h) => {
        await h.propose({ form });
        const decided = await approveAndDecide(h);
        if (stage === 'posted') await h.act('confirmArrival', ACTORS.communeLeader, { arrivedOn: await h.today() });
        expect((await h.cases.read(h.caseId)).state.stage).toBe(stage);
        const revoked = await h.act('revokeDecision', ACTORS.homeAffairs, { documentNumber: '2400/QĐ-UBND', documentDate: await h.today(), reason: 'Thay đổi phương án nhân sự' });
        expect(revoked.state).toMatchObject({ stage: 'closed', outcome: 'revoked' });
        expect(revoked.timers).toEqual([]);
        expect(await h.result()).toMatchObject({ outcome: 'revoked' });
        expect(h.store.ofType(h.caseId, 'DecisionRevoked')[0].data).toMatchObject({ revokesDecisionNumber: decided.state.decision!.number, revokesVersion: decided.state.decision!.issuedInVersion });
        expect(h.store.ofType(h.caseId, 'TermStarted')).toHaveLength(0);
      });
    });

    it('a corrected effective date moves the start and end of the term', async () => {
      await withCase(async (h) => {
        await h.propose();
        const decided = await approveAndDecide(h);
        const today = await h.today();
        const firstStart = decided.state.decision!.effectiveDate;
        const corrected = await h.act('correctDecision', ACTORS.homeAffairs, {
          documentNumber: '2401/QĐ-UBND',
          documentDate: today,
          reason: 'Đính chính ngày có hiệu lực',
          changes: { effectiveDate: addDays(firstStart, 7), signer: { name: 'Trần Văn Nam', title: 'Chủ tịch UBND tỉnh' } },
        });
        const start = addDays(firstStart, 7);
        expect(corrected.state).toMatchObject({ stage: 'decision_issued', termEnd: termEndDate(start, { months: 36, days: 0 }), decision: { effectiveDate: start, corrections: 1 } });
        await h.act('confirmArrival', ACTORS.communeLeader, { arrivedOn: today });
        // The first effective date passes with no term started.
        await h.skipTo(startOfLocalDay(firstStart) + 60_000);
        expect((await h.cases.read(h.caseId)).state.stage).toBe('posted');
        await h.skipTo(startOfLocalDay(start) + 60_000);
        expect((await h.cases.read(h.caseId)).state.stage).toBe('serving');
        expect(h.store.ofType(h.caseId, 'TermStarted').map((e) => e.data)).toEqual([{ effectiveDate: start, termEnd: termEndDate(start, { months: 36, days: 0 }) }]);
      });
    });

    it('a term corrected shorter during the term brings its end into view, and the case returns at the new end', async () => {
      await withCase(async (h) => {
        await h.propose();
        const serving = await startTerm(h);
        const { effectiveDate } = serving.state.decision!;
        await h.skipTo(startOfLocalDay(addDays(effectiveDate, 100)));
        const corrected = await h.act('correctDecision', ACTORS.head, { documentNumber: '9/QĐ-STC', documentDate: await h.today(), reason: 'Đính chính thời hạn', changes: { term: { months: 5, days: 0 } } });
        const termEnd = termEndDate(effectiveDate, { months: 5, days: 0 });
        // Within 90 days of the new end: the end-or-extend window opens at once.
        expect(corrected.state).toMatchObject({ stage: 'ending', termEnd, decision: { term: { months: 5, days: 0 }, corrections: 1 } });

        await serveToReturn(h);
        // The 90-day reminder would predate the correction: only 30 and 7 are sent, for the new end.
        expect(remindersOf(h)).toEqual([30, 7].map((daysBefore) => ({ termEnd, daysBefore })));
        expect(h.store.ofType(h.caseId, 'EvaluationDue')).toHaveLength(0);
      });
    });

    it('a rotation left overdue is extended: the overdue clears and the new end has its reminders', async () => {
      await withCase(async (h) => {
        await h.propose({ form: 'rotation' });
        const serving = await startTerm(h, { attachments: [...DECISION_ATTACHMENTS, { ...HEALTH_CERTIFICATE, issuedOn: await h.today() }] });
        const { effectiveDate, termEnd: firstEnd } = serving.state.decision!;
        await h.skipTo(endOfLocalDay(firstEnd!) + 3 * DAY);
        expect((await h.cases.read(h.caseId)).state).toMatchObject({ stage: 'ending', overdue: true });
        const extended = await h.act('extend', ACTORS.homeAffairs, { decisionNumber: '130/QĐ-UBND', decisionDate: await h.today(), by: { months: 12, days: 0 }, reason: 'Kéo dài luân chuyển' });
        const termEnd = termEndDate(addDays(firstEnd!, 1), { months: 12, days: 0 });
        expect(extended.state).toMatchObject({ stage: 'serving', overdue: false, termEnd });

        await serveToReturn(h);
        expect(remindersOf(h)).toEqual([...[90, 30, 7].map((daysBefore) => ({ termEnd: firstEnd!, daysBefore })), ...[90, 30, 7].map((daysBefore) => ({ termEnd, daysBefore }))]);
        expect(h.store.ofType(h.caseId, 'TermEndOverdue').map((e) => (e.data as { termEnd: string }).termEnd)).toEqual([firstEnd]);
        // The third year's evaluation falls due once the extension takes the term past it.
        expect(h.store.ofType(h.caseId, 'EvaluationDue').map((e) => (e.data as { dueOn: string }).dueOn)).toEqual([12, 24, 36].map((months) => addMonths(effectiveDate, months)));
      });
    });

    it('Home Affairs returns a proposal for changes and the proposer withdraws it while it is with them', async () => {
      await withCase(async (h) => {
        await h.propose();
        await h.act('approve', ACTORS.head, {});
        const returned = await h.act('returnForChanges', ACTORS.homeAffairs, { reason: 'Thiếu văn bản thống nhất' });
        expect(returned.state).toMatchObject({ stage: 'proposed' });
        expect(returned.timers).toEqual([]);
        const withdrawn = await h.act('withdraw', ACTORS.hr, { reason: 'Phường đã tuyển được người' });
        expect(withdrawn.state).toMatchObject({ stage: 'closed', outcome: 'withdrawn' });
        expect(await h.result()).toMatchObject({ outcome: 'withdrawn' });
        expect(h.store.ofType(h.caseId, 'ReturnedForChanges')[0].data).toMatchObject({ stage: 'home_affairs_appraisal' });
        expect(h.store.ofType(h.caseId, 'CaseWithdrawn')[0].data).toMatchObject({ stage: 'proposed' });
      });
    });

    it('a reinforcement withdrawn after its decision, before the commune receives the official', async () => {
      await withCase(async (h) => {
        await h.propose({ form: 'reinforcement', term: { months: 3, days: 0 } });
        await h.act('approve', ACTORS.head, {});
        await h.act('approve', ACTORS.homeAffairs, {});
        await h.act('issueDecision', ACTORS.homeAffairs, decisionFields(await h.today()));
        const withdrawn = await h.act('withdraw', ACTORS.homeAffairs, { reason: 'Công chức xin thôi việc' });
        expect(withdrawn.state).toMatchObject({ stage: 'closed', outcome: 'withdrawn' });
        expect(await h.result()).toMatchObject({ outcome: 'withdrawn' });
        expect(h.store.ofType(h.caseId, 'CaseWithdrawn')[0].data).toMatchObject({ stage: 'decision_issued' });
      });
    });

    it('rules with no approval stage for a form send its proposal straight to the decision', async () => {
      await withCase(async (h) => {
        const rules: CaseRules = { ...DEFAULT_CASE_RULES, version: 9, approvalStages: { ...DEFAULT_CASE_RULES.approvalStages, reinforcement: [] } };
        const proposed = await h.propose({ form: 'reinforcement', term: { months: 1, days: 0 } }, rules);
        expect(proposed.state.stage).toBe('awaiting_decision');
        const decided = await h.act('issueDecision', ACTORS.homeAffairs, decisionFields(await h.today()));
        const posted = await h.act('confirmArrival', ACTORS.communeLeader, { arrivedOn: await h.today() });
        expect(posted.state).toMatchObject({ stage: 'posted', approvals: [] });
        await h.skipTo(startOfLocalDay(decided.state.decision!.effectiveDate) + 60_000);
        expect((await h.cases.read(h.caseId)).state.stage).toBe('serving');
      });
    });
  });
});
