import { createDataSource, EventStoreRepository, EventVersionConflictError, type NewDomainEvent } from '@app/persistence';
import { runMigrations } from '@app/persistence/migrate';
import type { DataSource } from 'typeorm';
import { createTestDatabase, queryRows, type TestDatabase } from '../support/database';

describe('event store (real PostgreSQL)', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let sut: EventStoreRepository;

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = createDataSource(db.url);
    await dataSource.initialize();
    sut = new EventStoreRepository(dataSource);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  const event = (caseId: string, version: number, overrides: Partial<NewDomainEvent> = {}): NewDomainEvent => ({
    caseId,
    version,
    type: 'NominationProposed',
    payload: { officialId: 'o-1', note: 'Biệt phái về xã Cư Bao' },
    actor: { id: 'u-1', role: 'department_hr' },
    occurredAt: new Date('2026-11-25T08:00:00.000Z'),
    requestId: `req-${caseId}-${version}`,
    ...overrides,
  });

  it('appends events and reads a case back in version order', async () => {
    await sut.append(event('case-a', 1));
    await sut.append(event('case-a', 2, { type: 'DepartmentApproved' }));
    const stored = await sut.readCase('case-a');
    expect(stored.map((e) => [e.version, e.type])).toEqual([
      [1, 'NominationProposed'],
      [2, 'DepartmentApproved'],
    ]);
    expect(stored[0].payload).toEqual({ officialId: 'o-1', note: 'Biệt phái về xã Cư Bao' });
    expect(stored[0].recordedAt).toBeInstanceOf(Date);
  });

  it('treats a retried append of the same event as done: same row back, nothing new written', async () => {
    const first = await sut.append(event('case-b', 1));
    const retried = await sut.append(event('case-b', 1));
    expect(retried).toEqual(first);
    expect(await queryRows(db.url, `SELECT count(*)::int AS n FROM secondment.domain_event WHERE case_id = 'case-b'`)).toEqual([{ n: 1 }]);
  });

  it('refuses a different event at a version already taken', async () => {
    await sut.append(event('case-c', 1));
    await expect(sut.append(event('case-c', 1, { type: 'Withdrawn', requestId: 'other' }))).rejects.toBeInstanceOf(EventVersionConflictError);
    const stored = await sut.readCase('case-c');
    expect(stored.map((e) => e.type)).toEqual(['NominationProposed']);
  });

  it('keeps exactly one winner when racing appends target the same version', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) => sut.append(event('case-race', 1, { requestId: `racer-${i}` }))),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected').every((r) => r.reason instanceof EventVersionConflictError)).toBe(true);
    expect(await queryRows(db.url, `SELECT count(*)::int AS n FROM secondment.domain_event WHERE case_id = 'case-race'`)).toEqual([{ n: 1 }]);
  });

  it.each([
    ['UPDATE', `UPDATE secondment.domain_event SET type = 'Edited' WHERE case_id = 'case-a'`],
    ['DELETE', `DELETE FROM secondment.domain_event WHERE case_id = 'case-a'`],
    ['TRUNCATE', `TRUNCATE secondment.domain_event`],
  ])('refuses %s: events are immutable, even to SQL', async (_op, sql) => {
    await expect(queryRows(db.url, sql)).rejects.toThrow(/domain events are immutable/);
    expect((await sut.readCase('case-a')).map((e) => e.type)).toEqual(['NominationProposed', 'DepartmentApproved']);
  });

  it('refuses versions below 1 and empty types at the database', async () => {
    await expect(sut.append(event('case-d', 0))).rejects.toThrow(/check/i);
    await expect(sut.append(event('case-d', 1, { type: '' }))).rejects.toThrow(/check/i);
  });
});

describe('migrations (real PostgreSQL)', () => {
  it('migrate an empty database once, even when several processes start together', async () => {
    const empty = await createTestDatabase({ migrated: false });
    try {
      const runs = await Promise.all([runMigrations(empty.url), runMigrations(empty.url), runMigrations(empty.url)]);
      expect(runs.flat()).toEqual(['EventStore1764086400000', 'CaseReadModels1764172800000', 'Access1764259200000']);
      expect(await runMigrations(empty.url)).toEqual([]);
      const tables = await queryRows(empty.url, `SELECT table_name FROM information_schema.tables WHERE table_schema = 'secondment' ORDER BY 1`);
      expect(tables.map((t) => t.table_name)).toEqual([
        'case_summary',
        'delegation',
        'document',
        'document_upload',
        'domain_event',
        'idempotency_record',
        'login_failure',
        'official',
        'official_move',
        'org_unit',
        'province_rules',
        'typeorm_migrations',
        'user_account',
        'user_session',
      ]);
    } finally {
      await empty.drop();
    }
  });
});
