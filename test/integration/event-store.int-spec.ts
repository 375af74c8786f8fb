import { decide, DEFAULT_CASE_RULES, type CaseEvent } from '@app/domain';
import { proposeCommand } from '@app/domain/testing/case-fixtures';
import { CaseStore, createDataSource, EventVersionConflictError, type EventProjection, type StoredTransition } from '@app/persistence';
import { runMigrations } from '@app/persistence/migrate';
import type { DataSource } from 'typeorm';
import { createTestDatabase, queryRows, type TestDatabase } from '../support/database';
import { CASE_PROJECTIONS } from '../../apps/worker/src/case-projections';

/**
 * What the event table itself guarantees, whatever writes to it: one event per (case, version),
 * with one winner among racing writers, and no change to a stored event, even by SQL.
 */
describe('event store (real PostgreSQL)', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let store: CaseStore;

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = createDataSource(db.url);
    await dataSource.initialize();
    store = new CaseStore(dataSource, CASE_PROJECTIONS);
    await store.record({ caseId: 'case-a', fromVersion: 0, events: proposal('case-a', 'req-a') });
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  /** The CaseProposed event of a new case, as the decider makes it. */
  function proposal(caseId: string, requestId: string): CaseEvent[] {
    return decide({ ...proposeCommand({ caseId, rules: DEFAULT_CASE_RULES }), requestId }, null);
  }

  it('keeps exactly one winner when racing writers take the same version', async () => {
    const results = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => store.record({ caseId: 'case-race', fromVersion: 0, events: proposal('case-race', `racer-${i}`) })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected').every((r) => r.reason instanceof EventVersionConflictError)).toBe(true);
    expect(await queryRows(db.url, `SELECT count(*)::int AS n FROM secondment.domain_event WHERE case_id = 'case-race'`)).toEqual([{ n: 1 }]);
    expect(await queryRows(db.url, `SELECT version FROM secondment.case_summary WHERE case_id = 'case-race'`)).toEqual([{ version: 1 }]);
  });

  it.each([
    ['UPDATE', `UPDATE secondment.domain_event SET type = 'Edited' WHERE case_id = 'case-a'`],
    ['DELETE', `DELETE FROM secondment.domain_event WHERE case_id = 'case-a'`],
    ['TRUNCATE', `TRUNCATE secondment.domain_event`],
  ])('refuses %s: events are immutable, even to SQL', async (_op, sql) => {
    await expect(queryRows(db.url, sql)).rejects.toThrow(/domain events are immutable/);
    expect((await store.events('case-a')).map((e) => e.type)).toEqual(['CaseProposed']);
  });

  it('refuses versions below 1 and empty types at the database', async () => {
    const insert = (version: number, type: string) =>
      queryRows(db.url, `INSERT INTO secondment.domain_event (case_id, version, type, payload, actor, occurred_at) VALUES ('case-d', $1, $2, '{}', '{}', now())`, [version, type]);
    await expect(insert(0, 'CaseProposed')).rejects.toThrow(/check/i);
    await expect(insert(1, '')).rejects.toThrow(/check/i);
  });

  /**
   * The store's consumers are projections registered with it: each runs in the transaction that
   * stores the events, after them, in the order given; what one writes stands or falls with them.
   */
  describe('projections registered with it', () => {
    it('runs a new projection after the registered ones, in the same transaction, once per stored transition', async () => {
      const seen: { transition: StoredTransition; summaryRows: unknown[]; inTransaction: boolean }[] = [];
      const watcher: EventProjection = {
        name: 'watcher',
        project: async (transition, tx) => {
          // The read models were written before it, in the transaction it is given.
          const summaryRows = await tx.query<unknown[]>(`SELECT version FROM secondment.case_summary WHERE case_id = $1`, [transition.caseId]);
          seen.push({ transition, summaryRows, inTransaction: tx.queryRunner?.isTransactionActive === true });
        },
      };
      const watched = new CaseStore(dataSource, [...CASE_PROJECTIONS, watcher]);
      await watched.record({ caseId: 'case-watched', fromVersion: 0, events: proposal('case-watched', 'req-watched') });
      await watched.record({ caseId: 'case-watched', fromVersion: 0, events: proposal('case-watched', 'req-watched') }); // a retry: stored already, nothing runs

      expect(seen).toHaveLength(1);
      expect(seen[0].inTransaction).toBe(true);
      expect(seen[0].summaryRows).toEqual([{ version: 1 }]);
      expect(seen[0].transition).toMatchObject({ caseId: 'case-watched', fromVersion: 0, before: null, after: { caseId: 'case-watched', version: 1, stage: 'department_review' } });
      expect(seen[0].transition.events.map((e) => e.type)).toEqual(['CaseProposed']);
    });

    it('rolls the events and every projection back when one projection fails', async () => {
      const failing: EventProjection = { name: 'failing', project: () => Promise.reject(new Error('projection failed')) };
      const failed = new CaseStore(dataSource, [...CASE_PROJECTIONS, failing]);
      await expect(failed.record({ caseId: 'case-failed', fromVersion: 0, events: proposal('case-failed', 'req-failed') })).rejects.toThrow('projection failed');

      expect(await queryRows(db.url, `SELECT count(*)::int AS n FROM secondment.domain_event WHERE case_id = 'case-failed'`)).toEqual([{ n: 0 }]);
      expect(await queryRows(db.url, `SELECT count(*)::int AS n FROM secondment.case_summary WHERE case_id = 'case-failed'`)).toEqual([{ n: 0 }]);
      expect(await queryRows(db.url, `SELECT count(*)::int AS n FROM secondment.notification WHERE case_id = 'case-failed'`)).toEqual([{ n: 0 }]);
    });
  });
});

describe('migrations (real PostgreSQL)', () => {
  it('migrate an empty database once, even when several processes start together', async () => {
    const empty = await createTestDatabase({ migrated: false });
    try {
      const runs = await Promise.all([runMigrations(empty.url), runMigrations(empty.url), runMigrations(empty.url)]);
      expect(runs.flat()).toEqual(['EventStore1764086400000', 'CaseReadModels1764172800000', 'Access1764259200000', 'Notifications1764345600000', 'Registry1764432000000', 'Eligibility1764518400000', 'ReadSideIndexes1764604800000', 'InboxAwaits1764691200000', 'LoginFailureAddress1764777600000', 'StateEligibilityOverrides1764867600000']);
      expect(await runMigrations(empty.url)).toEqual([]);
      const tables = await queryRows(empty.url, `SELECT table_name FROM information_schema.tables WHERE table_schema = 'secondment' ORDER BY 1`);
      expect(tables.map((t) => t.table_name)).toEqual([
        'case_reservation',
        'case_summary',
        'delegation',
        'delivery',
        'document',
        'document_upload',
        'domain_event',
        'expertise_field',
        'idempotency_record',
        'job_position',
        'login_failure',
        'notification',
        'notification_route',
        'official',
        'official_move',
        'official_protection',
        'org_unit',
        'personal_data_read',
        'province',
        'province_rules',
        'staffing_quota',
        'typeorm_migrations',
        'user_account',
        'user_session',
        'webhook_subscription',
      ]);
    } finally {
      await empty.drop();
    }
  });
});
