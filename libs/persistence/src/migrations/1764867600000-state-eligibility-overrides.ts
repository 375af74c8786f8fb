import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The case state keeps the eligibility overrides its proposal carried (the decision's recheck reads
 * them there, not from the CaseProposed event). States stored before lack them: they are copied in
 * from each case's CaseProposed event, as folding the events again would. Cases without overrides
 * keep a state without the field, as a fold leaves it.
 */
export class StateEligibilityOverrides1764867600000 implements MigrationInterface {
  name = 'StateEligibilityOverrides1764867600000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      UPDATE secondment.case_summary s
         SET state = jsonb_set(s.state, '{eligibilityOverrides}', e.payload->'eligibilityOverrides')
        FROM secondment.domain_event e
       WHERE e.case_id = s.case_id AND e.version = 1 AND e.type = 'CaseProposed'
         AND jsonb_typeof(e.payload->'eligibilityOverrides') = 'array'
         AND NOT s.state ? 'eligibilityOverrides'`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`UPDATE secondment.case_summary SET state = state - 'eligibilityOverrides' WHERE state ? 'eligibilityOverrides'`);
  }
}
