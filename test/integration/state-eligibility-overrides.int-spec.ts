import { ACTORS, proposeCommand } from '@app/domain/testing/case-fixtures';
import { decide, DEFAULT_CASE_RULES, type CaseState } from '@app/domain';
import { CaseStore, createDataSource } from '@app/persistence';
import { StateEligibilityOverrides1764867600000 } from '@app/persistence/migrations/1764867600000-state-eligibility-overrides';
import type { DataSource } from 'typeorm';
import { CASE_PROJECTIONS } from '../../apps/worker/src/case-projections';
import { createTestDatabase, queryRows, type TestDatabase } from '../support/database';

/**
 * The case state keeps the eligibility overrides of its proposal (the decision's recheck reads them
 * there); states stored before get them from their CaseProposed event by a migration.
 */
describe('eligibility overrides in the case state (real PostgreSQL)', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let store: CaseStore;
  const overrides = [{ rule: 'department_share' as const, reason: 'Xã đặc biệt khó khăn cần gấp' }];

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = createDataSource(db.url);
    await dataSource.initialize();
    store = new CaseStore(dataSource, CASE_PROJECTIONS);
    for (const [caseId, extra] of [['with-overrides', { eligibilityOverrides: overrides }], ['without-overrides', {}]] as const) {
      const events = decide({ ...proposeCommand({ caseId, rules: DEFAULT_CASE_RULES, actor: ACTORS.homeAffairs, ...extra }), requestId: caseId }, null);
      await store.record({ caseId, fromVersion: 0, events });
    }
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  const states = async (): Promise<Record<string, CaseState>> =>
    Object.fromEntries((await queryRows(db.url, `SELECT case_id, state FROM secondment.case_summary ORDER BY case_id`)).map((row) => [row.case_id as string, row.state as CaseState]));

  it('folds the overrides of CaseProposed into the state, and leaves a state without them as it was', async () => {
    const folded = await states();
    expect(folded['with-overrides'].eligibilityOverrides).toEqual(overrides);
    expect(folded['without-overrides']).not.toHaveProperty('eligibilityOverrides');
  });

  it('copies the overrides into states stored before the state kept them, from their CaseProposed event', async () => {
    await dataSource.query(`UPDATE secondment.case_summary SET state = state - 'eligibilityOverrides'`);
    const runner = dataSource.createQueryRunner();
    try {
      await new StateEligibilityOverrides1764867600000().up(runner);
    } finally {
      await runner.release();
    }
    const migrated = await states();
    expect(migrated['with-overrides'].eligibilityOverrides).toEqual(overrides);
    expect(migrated['without-overrides']).not.toHaveProperty('eligibilityOverrides');
  });
});
