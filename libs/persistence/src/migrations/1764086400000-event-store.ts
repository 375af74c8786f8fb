import { MigrationInterface, QueryRunner } from 'typeorm';

export class EventStore1764086400000 implements MigrationInterface {
  name = 'EventStore1764086400000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE secondment.domain_event (
        position    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        case_id     text        NOT NULL,
        version     integer     NOT NULL CHECK (version >= 1),
        type        text        NOT NULL CHECK (type <> ''),
        payload     jsonb       NOT NULL,
        actor       jsonb       NOT NULL,
        occurred_at timestamptz NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        request_id  text,
        CONSTRAINT domain_event_case_version_key UNIQUE (case_id, version)
      )`);
    await db.query(`CREATE INDEX domain_event_type_idx ON secondment.domain_event (type, position)`);
    await db.query(`
      CREATE FUNCTION secondment.refuse_event_change() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'domain events are immutable: % on %.% is refused; record a new event instead',
          TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME
          USING ERRCODE = 'restrict_violation';
      END
      $$`);
    await db.query(`
      CREATE TRIGGER domain_event_immutable_rows BEFORE UPDATE OR DELETE ON secondment.domain_event
      FOR EACH ROW EXECUTE FUNCTION secondment.refuse_event_change()`);
    await db.query(`
      CREATE TRIGGER domain_event_immutable_table BEFORE TRUNCATE ON secondment.domain_event
      FOR EACH STATEMENT EXECUTE FUNCTION secondment.refuse_event_change()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE secondment.domain_event`);
    await db.query(`DROP FUNCTION secondment.refuse_event_change()`);
  }
}
