import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes for the read side at a province's scale (100,000 cases, most of them closed): the case
 * list's default order, and the open and the closed cases apart, which the pipeline counts.
 */
export class ReadSideIndexes1764604800000 implements MigrationInterface {
  name = 'ReadSideIndexes1764604800000';

  async up(db: QueryRunner): Promise<void> {
    // The list, newest first (and oldest first, read backwards): a page is read off the index, not sorted out of every case.
    await db.query(`CREATE INDEX case_summary_proposed_idx ON secondment.case_summary (proposed_at, case_id)`);
    // The open cases with every column the pipeline groups and counts them by, and the scope's: its
    // grouped read of the open cases is an index-only scan, however many closed cases there are.
    await db.query(`
      CREATE INDEX case_summary_open_idx ON secondment.case_summary (stage, sending_unit_id, receiving_unit_id)
        INCLUDE (official_id, sending_unit_name, receiving_unit_name, stage_deadline, overdue, term_end)
        WHERE closed_at IS NULL`);
    // The closed cases by outcome: the pipeline's closed counts from the index alone.
    await db.query(`CREATE INDEX case_summary_closed_idx ON secondment.case_summary (outcome) WHERE closed_at IS NOT NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX secondment.case_summary_closed_idx`);
    await db.query(`DROP INDEX secondment.case_summary_open_idx`);
    await db.query(`DROP INDEX secondment.case_summary_proposed_idx`);
  }
}
