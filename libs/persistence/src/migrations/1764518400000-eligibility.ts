import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Rules that span cases, held by PostgreSQL itself: a reservation per case, at most one open per
 * official (a partial unique index), counted per sending department under a row lock. The
 * protection of pregnant officials and parents of young children, readable only to decide, and a
 * log of every read of it.
 */
export class Eligibility1764518400000 implements MigrationInterface {
  name = 'Eligibility1764518400000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE secondment.case_reservation (
        case_id         text        PRIMARY KEY,
        official_id     text        NOT NULL REFERENCES secondment.official (id),
        sending_unit_id text        NOT NULL REFERENCES secondment.org_unit (id),
        form            text        NOT NULL,
        reserved_by     text        NOT NULL,
        reserved_at     timestamptz NOT NULL DEFAULT clock_timestamp(),
        -- Set when the case's proposal is stored; a reservation never confirmed lapses after a while.
        confirmed_at    timestamptz,
        released_at     timestamptz
      )`);
    await db.query(`CREATE UNIQUE INDEX case_reservation_one_open_case ON secondment.case_reservation (official_id) WHERE released_at IS NULL`);
    await db.query(`CREATE INDEX case_reservation_unit_idx ON secondment.case_reservation (sending_unit_id) WHERE released_at IS NULL`);
    // The cases already open hold their official (the earliest, should one official have several).
    await db.query(`
      INSERT INTO secondment.case_reservation (case_id, official_id, sending_unit_id, form, reserved_by, reserved_at, confirmed_at)
      SELECT DISTINCT ON (s.official_id) s.case_id, s.official_id, s.sending_unit_id, s.form, s.proposer_id, s.proposed_at, s.proposed_at
        FROM secondment.case_summary s JOIN secondment.official o ON o.id = s.official_id
       WHERE s.closed_at IS NULL
       ORDER BY s.official_id, s.proposed_at, s.case_id`);

    await db.query(`
      CREATE TABLE secondment.official_protection (
        official_id     text        PRIMARY KEY REFERENCES secondment.official (id),
        kind            text        NOT NULL CHECK (kind IN ('pregnancy', 'child_under_36_months')),
        protected_until date        NOT NULL,
        recorded_by     text        NOT NULL REFERENCES secondment.user_account (id),
        recorded_at     timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    // Append-only: who read whose protection, when, and why.
    await db.query(`
      CREATE TABLE secondment.personal_data_read (
        id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        -- The official whose data was read; a health document not yet attached to a case names only itself.
        official_id text,
        document_id text,
        read_by     text        NOT NULL,
        purpose     text        NOT NULL CHECK (purpose <> ''),
        read_at     timestamptz NOT NULL DEFAULT clock_timestamp(),
        CHECK (official_id IS NOT NULL OR document_id IS NOT NULL)
      )`);
    await db.query(`CREATE INDEX personal_data_read_official_idx ON secondment.personal_data_read (official_id, read_at)`);
    await db.query(`
      CREATE TRIGGER personal_data_read_immutable_rows BEFORE UPDATE OR DELETE ON secondment.personal_data_read
      FOR EACH ROW EXECUTE FUNCTION secondment.refuse_event_change()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE secondment.personal_data_read`);
    await db.query(`DROP TABLE secondment.official_protection`);
    await db.query(`DROP TABLE secondment.case_reservation`);
  }
}
