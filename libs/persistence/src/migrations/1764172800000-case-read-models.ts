import { MigrationInterface, QueryRunner } from 'typeorm';

/** The case list, the per-official history of moves, and the province's lifecycle rules. */
export class CaseReadModels1764172800000 implements MigrationInterface {
  name = 'CaseReadModels1764172800000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE secondment.case_summary (
        case_id             text        PRIMARY KEY,
        version             integer     NOT NULL CHECK (version >= 1),
        form                text        NOT NULL,
        stage               text        NOT NULL,
        outcome             text,
        official_id         text        NOT NULL,
        official_name       text        NOT NULL,
        sending_unit_id     text        NOT NULL,
        sending_unit_name   text        NOT NULL,
        receiving_unit_id   text        NOT NULL,
        receiving_unit_name text        NOT NULL,
        position            text        NOT NULL,
        proposer_id         text        NOT NULL,
        proposer_name       text        NOT NULL,
        proposed_at         timestamptz NOT NULL,
        stage_opened_at     timestamptz NOT NULL,
        stage_deadline      date,
        escalation_level    integer     NOT NULL DEFAULT 0,
        decision_number     text,
        decision_date       date,
        effective_date      date,
        term_end            date,
        overdue             boolean     NOT NULL DEFAULT false,
        next_timer_at       timestamptz,
        closed_at           timestamptz,
        state               jsonb       NOT NULL
      )`);
    await db.query(`CREATE INDEX case_summary_stage_idx ON secondment.case_summary (stage, stage_deadline)`);
    await db.query(`CREATE INDEX case_summary_sending_idx ON secondment.case_summary (sending_unit_id, stage)`);
    await db.query(`CREATE INDEX case_summary_receiving_idx ON secondment.case_summary (receiving_unit_id, stage)`);
    await db.query(`CREATE INDEX case_summary_term_end_idx ON secondment.case_summary (term_end) WHERE term_end IS NOT NULL`);
    await db.query(`CREATE INDEX case_summary_official_idx ON secondment.case_summary (official_id)`);

    await db.query(`
      CREATE TABLE secondment.official_move (
        official_id     text        NOT NULL,
        case_id         text        NOT NULL,
        official_name   text        NOT NULL,
        form            text        NOT NULL,
        from_unit_id    text        NOT NULL,
        from_unit_name  text        NOT NULL,
        to_unit_id      text        NOT NULL,
        to_unit_name    text        NOT NULL,
        position        text        NOT NULL,
        stage           text        NOT NULL,
        outcome         text,
        decision_number text,
        started_on      date,
        term_end        date,
        returned_on     date,
        proposed_at     timestamptz NOT NULL,
        PRIMARY KEY (official_id, case_id)
      )`);

    await db.query(`
      CREATE TABLE secondment.province_rules (
        version    integer     GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        rules      jsonb       NOT NULL,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        created_by text        NOT NULL,
        note       text
      )`);
    await db.query(`
      CREATE TRIGGER province_rules_immutable_rows BEFORE UPDATE OR DELETE ON secondment.province_rules
      FOR EACH ROW EXECUTE FUNCTION secondment.refuse_event_change()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE secondment.province_rules`);
    await db.query(`DROP TABLE secondment.official_move`);
    await db.query(`DROP TABLE secondment.case_summary`);
  }
}
