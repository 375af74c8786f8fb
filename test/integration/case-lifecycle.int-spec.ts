import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { DataSource } from 'typeorm';
import { addDays, caseSummaryOf, fold, localDateOf, officialMoveOf, type CaseEvent, type CaseRules } from '@app/domain';
import { ACTORS, DECISION_ATTACHMENTS, OFFICIAL, proposalFields, RECEIVING_UNIT, SENDING_UNIT } from '@app/domain/testing/case-fixtures';
import { CaseStore, createDataSource, ProvinceRulesRepository, rebuildProjections } from '@app/persistence';
import { CaseClient, closeConnection } from '@app/temporal-client';
import { caseWorkflowId, type RecordEventsInput } from '@app/workflows/case.contracts';
import { CaseActivitiesService } from '../../apps/worker/src/activities/case.activities';
import { startWorker, uniqueTaskQueue, useTestEnvironment, type RunningWorker } from '../support/apps';
import { createTestDatabase, queryRows, type TestDatabase } from '../support/database';
import { testEnv } from '../support/test-env';
import { CASE_PROJECTIONS } from '../../apps/worker/src/case-projections';

/**
 * The lifecycle through the real parts: the worker module with its activities, the Temporal dev
 * server, and PostgreSQL. Each transition's events, read-model rows and their rebuild.
 */
describe('case lifecycle on PostgreSQL and the Temporal dev server', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let store: CaseStore;
  let worker: RunningWorker;
  let connection: Connection;
  let cases: CaseClient;
  let rules: CaseRules;
  let taskQueue: string;
  let seq = 0;

  beforeAll(async () => {
    database = await createTestDatabase();
    taskQueue = uniqueTaskQueue('lifecycle');
    useTestEnvironment({ databaseUrl: database.url, taskQueue });
    dataSource = createDataSource(database.url, 4);
    await dataSource.initialize();
    store = new CaseStore(dataSource, CASE_PROJECTIONS);
    rules = await new ProvinceRulesRepository(dataSource).current();
    worker = await startWorker();
    connection = await Connection.connect({ address: testEnv('temporalAddress') });
    cases = new CaseClient(new Client({ connection }), taskQueue);
  });

  afterAll(async () => {
    await worker?.stop();
    if (connection) await closeConnection(connection);
    await dataSource?.destroy();
    await database?.drop();
  });

  function newCaseId(): string {
    seq += 1;
    return `bp-int-${taskQueue}-${seq}`;
  }

  const today = () => localDateOf(Date.now());

  function proposal(caseId: string, client = cases) {
    return client.propose(
      caseId,
      { requestId: `${caseId}:propose`, ...proposalFields(today()), official: { ...OFFICIAL, id: `${OFFICIAL.id}-${caseId}` } },
      rules,
    );
  }

  /** Proposal to posting, with the effective date today so the term starts at once. */
  async function driveToServing(caseId: string, client = cases) {
    await proposal(caseId, client);
    let n = 0;
    const req = () => `${caseId}:r${(n += 1)}`;
    await client.act(caseId, 'approve', { requestId: req(), actor: ACTORS.head, payload: { comment: 'Đồng ý cử' } });
    await client.act(caseId, 'approve', { requestId: req(), actor: ACTORS.homeAffairs, payload: {} });
    await client.act(caseId, 'recordPartyOpinion', { requestId: req(), actor: ACTORS.party, payload: { documentNumber: '512-CV/TU', documentDate: today(), opinion: 'agree' } });
    await client.act(caseId, 'issueDecision', {
      requestId: req(),
      actor: ACTORS.homeAffairs,
      payload: {
        decisionNumber: '2345/QĐ-UBND',
        decisionDate: today(),
        signer: { name: 'Hồ Kỳ Minh', title: 'Phó Chủ tịch Thường trực UBND tỉnh' },
        effectiveDate: today(),
        attachments: [...DECISION_ATTACHMENTS],
      },
    });
    await client.act(caseId, 'confirmArrival', { requestId: req(), actor: ACTORS.communeLeader, payload: { arrivedOn: today() } });
    // The term-start timer is due already: the workflow fires it by itself.
    for (let i = 0; i < 100; i += 1) {
      const view = await client.read(caseId);
      if (view.state.stage === 'serving' && view.storedVersion === view.state.version) return view;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`case ${caseId} did not start its term`);
  }

  it('a case driven through its stages stores exactly the expected events and read-model rows', async () => {
    const caseId = newCaseId();
    const serving = await driveToServing(caseId);
    const recalled = await cases.act(caseId, 'recallEarly', {
      requestId: `${caseId}:recall`,
      actor: ACTORS.homeAffairs,
      payload: { decisionNumber: '15/QĐ-UBND', decisionDate: today(), lastDay: addDays(today(), 10), reason: 'Sở cần người' },
    });
    expect(recalled.storedVersion).toBe(recalled.state.version);

    const rows = await queryRows<{ version: number; type: string; actor: { id: string }; request_id: string | null }>(
      database.url,
      `SELECT version, type, actor, request_id FROM secondment.domain_event WHERE case_id = $1 ORDER BY version`,
      [caseId],
    );
    expect(rows.map((r) => [r.version, r.type, r.actor.id])).toEqual([
      [1, 'CaseProposed', ACTORS.hr.id],
      [2, 'StageApproved', ACTORS.head.id],
      [3, 'StageApproved', ACTORS.homeAffairs.id],
      [4, 'PartyOpinionRecorded', ACTORS.party.id],
      [5, 'DecisionIssued', ACTORS.homeAffairs.id],
      [6, 'ArrivalConfirmed', ACTORS.communeLeader.id],
      [7, 'TermStarted', 'system'],
      [8, 'EarlyRecallDecided', ACTORS.homeAffairs.id],
    ]);
    expect(rows.map((r) => r.request_id)).toEqual([`${caseId}:propose`, `${caseId}:r1`, `${caseId}:r2`, `${caseId}:r3`, `${caseId}:r4`, `${caseId}:r5`, null, `${caseId}:recall`]);

    // The read model is the decider's view of exactly these events, and agrees with the workflow.
    const events = await store.events(caseId);
    const folded = fold(events)!;
    expect(folded).toEqual(recalled.state);
    expect(await store.summary(caseId)).toEqual(caseSummaryOf(folded));
    expect(await store.summary(caseId)).toMatchObject({
      stage: 'ending',
      decisionNumber: '2345/QĐ-UBND',
      effectiveDate: today(),
      termEnd: addDays(today(), 10),
      sendingUnitId: SENDING_UNIT.id,
      receivingUnitId: RECEIVING_UNIT.id,
    });
    expect(await store.moves(folded.official.id)).toEqual([officialMoveOf(folded)]);
    expect(serving.state.decision?.termEnd).not.toBe(folded.termEnd);

    const timeline = await store.timeline(caseId);
    expect(timeline.map((t) => [t.type, t.actor.name, t.documentNumber])).toEqual([
      ['CaseProposed', ACTORS.hr.name, null],
      ['StageApproved', ACTORS.head.name, null],
      ['StageApproved', ACTORS.homeAffairs.name, null],
      ['PartyOpinionRecorded', ACTORS.party.name, '512-CV/TU'],
      ['DecisionIssued', ACTORS.homeAffairs.name, '2345/QĐ-UBND'],
      ['ArrivalConfirmed', ACTORS.communeLeader.name, null],
      ['TermStarted', 'Hệ thống', null],
      ['EarlyRecallDecided', ACTORS.homeAffairs.name, '15/QĐ-UBND'],
    ]);
    expect(timeline[1].reason).toBe('Đồng ý cử');
  });

  it('the workflow keeps the search attributes the fleet is filtered by', async () => {
    const caseId = newCaseId();
    await proposal(caseId);
    const handle = new Client({ connection }).workflow.getHandle(caseWorkflowId(caseId));
    const described = await handle.describe();
    expect(described.searchAttributes).toMatchObject({ CaseStage: ['department_review'], CaseForm: ['secondment'], SendingUnit: [SENDING_UNIT.id], ReceivingUnit: [RECEIVING_UNIT.id] });
  });

  it('a refused action stores nothing', async () => {
    const caseId = newCaseId();
    await proposal(caseId);
    await expect(cases.act(caseId, 'approve', { requestId: `${caseId}:x`, actor: ACTORS.hr, payload: {} })).rejects.toMatchObject({ refusal: { kind: 'forbidden' } });
    await expect(cases.act(caseId, 'confirmArrival', { requestId: `${caseId}:y`, actor: ACTORS.communeLeader, payload: { arrivedOn: today() } })).rejects.toMatchObject({
      refusal: { kind: 'wrong_stage', stage: 'department_review' },
    });
    expect(await queryRows(database.url, `SELECT 1 FROM secondment.domain_event WHERE case_id = $1`, [caseId])).toHaveLength(1);
  });

  it('two actions racing to close a case: exactly one wins, the other is refused', async () => {
    const caseId = newCaseId();
    await proposal(caseId);
    const results = await Promise.allSettled([
      cases.act(caseId, 'reject', { requestId: `${caseId}:reject`, actor: ACTORS.head, payload: { reason: 'Không đủ điều kiện' } }),
      cases.act(caseId, 'withdraw', { requestId: `${caseId}:withdraw`, actor: ACTORS.hr, payload: { reason: 'Đổi người' } }),
      cases.act(caseId, 'approve', { requestId: `${caseId}:approve`, actor: ACTORS.head, payload: {} }),
    ]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r) => r.status === 'rejected').map((r) => (r).reason as unknown);
    // Of the two that close the case, exactly one wins; the approval may come first or be refused.
    expect([results[0].status, results[1].status].filter((status) => status === 'fulfilled')).toHaveLength(1);
    expect(won.length).toBeLessThanOrEqual(2);
    for (const reason of lost) expect(reason).toMatchObject({ name: 'CaseRefusedError', refusal: { kind: expect.stringMatching(/^(wrong_stage|forbidden)$/) } });
    const types = (await store.events(caseId)).map((e) => e.type);
    // Either the case closed at once, or it was approved and then closed by the withdrawal.
    expect([
      ['CaseProposed', 'CaseRejected', 'CaseClosed'],
      ['CaseProposed', 'CaseWithdrawn', 'CaseClosed'],
      ['CaseProposed', 'StageApproved', 'CaseWithdrawn', 'CaseClosed'],
      ['CaseProposed', 'StageApproved'],
    ]).toContainEqual(types);
  });

  it('an action on a closed case is refused as out of stage, and on an unknown case as not found', async () => {
    const caseId = newCaseId();
    await proposal(caseId);
    await cases.act(caseId, 'withdraw', { requestId: `${caseId}:w`, actor: ACTORS.hr, payload: { reason: 'Đổi người' } });
    await expect(cases.act(caseId, 'approve', { requestId: `${caseId}:a`, actor: ACTORS.head, payload: {} })).rejects.toMatchObject({
      name: 'CaseRefusedError',
      refusal: { kind: 'wrong_stage', stage: 'closed' },
    });
    await expect(cases.act(`${caseId}-nobody`, 'approve', { requestId: `${caseId}:b`, actor: ACTORS.head, payload: {} })).rejects.toMatchObject({ name: 'CaseNotFoundError' });
  });

  it('an activity that dies after its commit is retried without a duplicate event or projection', async () => {
    const queue = uniqueTaskQueue('crashy');
    const real = new CaseActivitiesService(store);
    let crashes = 0;
    const native = await NativeConnection.connect({ address: testEnv('temporalAddress') });
    const crashy = await Worker.create({
      connection: native,
      taskQueue: queue,
      workflowBundle: { codePath: testEnv('workflowBundlePath') },
      activities: {
        recordEvents: async (input: RecordEventsInput) => {
          const result = await real.recordEvents(input);
          // Every other write "loses its answer": committed, but the worker never hears.
          if (input.fromVersion % 2 === 0 && crashes < 5) {
            crashes += 1;
            throw new Error('worker killed after commit');
          }
          return result;
        },
      },
    });
    const client = new CaseClient(new Client({ connection }), queue);
    const caseId = newCaseId();
    try {
      await crashy.runUntil(driveToServing(caseId, client));
    } finally {
      await native.close();
    }
    expect(crashes).toBeGreaterThanOrEqual(3);
    const versions = await queryRows<{ version: number }>(database.url, `SELECT version FROM secondment.domain_event WHERE case_id = $1 ORDER BY version`, [caseId]);
    expect(versions.map((v) => v.version)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(await store.summary(caseId)).toMatchObject({ version: 7, stage: 'serving' });
  });

  it('the store is idempotent by (case, version) and refuses a different event at a taken version', async () => {
    const caseId = newCaseId();
    await proposal(caseId);
    const copy = `${caseId}-copy`;
    const [original] = await store.events(caseId);
    const proposed = { ...original, data: { ...original.data, caseId: copy } } as CaseEvent;
    const approve: CaseEvent = { type: 'StageApproved', data: { stage: 'department_review', comment: null, nextStage: 'home_affairs_appraisal' }, actor: ACTORS.head, at: new Date().toISOString(), requestId: 'direct' };
    // Not through the workflow: the store's own guarantee, as a retried activity sees it.
    const first = await store.record({ caseId: copy, fromVersion: 0, events: [proposed] });
    const again = await store.record({ caseId: copy, fromVersion: 0, events: [proposed] });
    expect([first.inserted, again.inserted]).toEqual([true, false]);
    await store.record({ caseId: copy, fromVersion: 1, events: [approve] });
    // The same decision made again later (its workflow task was lost after the write and ran again): stored once, at its first time.
    const later = new Date(Date.parse(approve.at) + 42_000).toISOString();
    expect(await store.record({ caseId: copy, fromVersion: 1, events: [{ ...approve, at: later }] })).toEqual({ version: 2, inserted: false });
    expect((await store.events(copy))[1].at).toBe(approve.at);
    await expect(store.record({ caseId: copy, fromVersion: 1, events: [{ ...approve, requestId: 'other' }] })).rejects.toMatchObject({ name: 'EventVersionConflictError' });
    await expect(store.record({ caseId: copy, fromVersion: 1, events: [{ ...approve, data: { ...approve.data, comment: 'khác' } }] })).rejects.toMatchObject({ name: 'EventVersionConflictError' });
    expect(await queryRows(database.url, `SELECT 1 FROM secondment.domain_event WHERE case_id = $1`, [copy])).toHaveLength(2);
  });

  it('province rules are versioned in PostgreSQL; a case keeps the version it started with', async () => {
    const repository = new ProvinceRulesRepository(dataSource);
    expect((await repository.current()).version).toBe(rules.version);
    const { version: _v, ...current } = await repository.current();
    const quick = await repository.publish({ ...current, approvalStages: { ...current.approvalStages, secondment: ['home_affairs_appraisal'] } }, ACTORS.homeAffairs.id, 'thí điểm');
    expect(quick.version).toBe(rules.version + 1);

    const caseId = newCaseId();
    const started = await cases.propose(caseId, { requestId: `${caseId}:propose`, ...proposalFields(today()), official: { ...OFFICIAL, id: `${OFFICIAL.id}-${caseId}` } }, await repository.current());
    expect(started.state).toMatchObject({ stage: 'home_affairs_appraisal', rules: { version: quick.version } });

    // A later version changes nothing for the running case.
    await repository.publish(current, ACTORS.homeAffairs.id, 'trở lại quy trình đầy đủ');
    const approved = await cases.act(caseId, 'approve', { requestId: `${caseId}:a`, actor: ACTORS.homeAffairs, payload: {} });
    expect(approved.state).toMatchObject({ stage: 'awaiting_decision', rules: { version: quick.version } });

    // Bad rules are refused whole, naming the field; versions are never edited.
    await expect(repository.publish({ ...current, termReminderDaysBefore: [0] }, ACTORS.homeAffairs.id)).rejects.toMatchObject({
      name: 'InvalidRulesError',
      problems: [{ field: 'rules.termReminderDaysBefore', rule: 'must be a list of whole numbers of days ≥ 1' }],
    });
    await expect(dataSource.query(`UPDATE secondment.province_rules SET note = 'x' WHERE version = $1`, [quick.version])).rejects.toThrow(/refused/);
  });

  it('rebuilding the projections from the events gives exactly the live rows', async () => {
    // A few more cases in other states, so the rebuild has variety to get wrong.
    const withdrawn = newCaseId();
    await proposal(withdrawn);
    await cases.act(withdrawn, 'withdraw', { requestId: `${withdrawn}:w`, actor: ACTORS.hr, payload: { reason: 'Đổi người' } });
    const returned = newCaseId();
    await proposal(returned);
    await cases.act(returned, 'returnForChanges', { requestId: `${returned}:rc`, actor: ACTORS.head, payload: { reason: 'Bổ sung hồ sơ' } });

    const live = await store.allReadModelRows();
    expect(live.cases.length).toBeGreaterThanOrEqual(6);
    const report = await rebuildProjections(dataSource, 2);
    expect(report.cases).toBe(live.cases.length);
    expect(await store.allReadModelRows()).toEqual(live);
  });
});
