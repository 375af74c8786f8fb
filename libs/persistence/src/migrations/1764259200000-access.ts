import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The search key of a name as this migration's time folded it (the domain's `searchKey` then), kept
 * here as it was: a migration is history, and later changes to the live function do not rewrite it.
 * Decomposed (NFD), diacritics dropped, đ → d, lower case, spaces collapsed.
 */
function searchKey(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Who may do what: the units and officials the cases name (the registry issue widens them), user
 * accounts and their sessions, delegations, idempotency records and uploaded documents. Also the
 * case list's folded name column for search.
 */
export class Access1764259200000 implements MigrationInterface {
  name = 'Access1764259200000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE secondment.org_unit (
        id         text        PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9-]{0,99}$'),
        name       text        NOT NULL CHECK (name <> ''),
        kind       text        NOT NULL CHECK (kind IN ('department', 'commune')),
        created_at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await db.query(`
      CREATE TABLE secondment.official (
        id         text        PRIMARY KEY CHECK (id <> ''),
        full_name  text        NOT NULL CHECK (full_name <> ''),
        title      text,
        unit_id    text        NOT NULL REFERENCES secondment.org_unit (id),
        created_at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await db.query(`CREATE INDEX official_unit_idx ON secondment.official (unit_id)`);

    // Local accounts today; an external identity provider later maps (issuer, subject) to the same row.
    await db.query(`
      CREATE TABLE secondment.user_account (
        id               text        PRIMARY KEY,
        username         text        NOT NULL UNIQUE CHECK (username = lower(username) AND username ~ '^[a-z0-9][a-z0-9._-]{1,63}$'),
        display_name     text        NOT NULL CHECK (display_name <> ''),
        role             text        NOT NULL CHECK (role IN ('hr_officer', 'department_head', 'home_affairs_officer', 'party_secretariat', 'commune_leader', 'official', 'auditor')),
        unit_id          text        REFERENCES secondment.org_unit (id),
        person_id        text        REFERENCES secondment.official (id),
        language         text        NOT NULL DEFAULT 'vi' CHECK (language IN ('vi', 'en')),
        password_hash    text,
        identity_issuer  text,
        identity_subject text,
        disabled_at      timestamptz,
        created_at       timestamptz NOT NULL DEFAULT clock_timestamp(),
        UNIQUE (identity_issuer, identity_subject),
        CHECK (role NOT IN ('hr_officer', 'department_head', 'commune_leader') OR unit_id IS NOT NULL),
        CHECK (role <> 'official' OR person_id IS NOT NULL)
      )`);
    await db.query(`
      CREATE TABLE secondment.user_session (
        token_hash   text        PRIMARY KEY,
        user_id      text        NOT NULL REFERENCES secondment.user_account (id),
        created_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
        expires_at   timestamptz NOT NULL,
        revoked_at   timestamptz,
        revoked_why  text
      )`);
    await db.query(`CREATE INDEX user_session_user_idx ON secondment.user_session (user_id) WHERE revoked_at IS NULL`);

    // Failed sign-ins by name (known or not), to slow down password guessing across every API instance.
    await db.query(`
      CREATE TABLE secondment.login_failure (
        username  text        NOT NULL,
        failed_at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await db.query(`CREATE INDEX login_failure_username_idx ON secondment.login_failure (username, failed_at)`);

    await db.query(`
      CREATE TABLE secondment.delegation (
        id           text        PRIMARY KEY,
        delegator_id text        NOT NULL REFERENCES secondment.user_account (id),
        deputy_id    text        NOT NULL REFERENCES secondment.user_account (id),
        starts_on    date        NOT NULL,
        ends_on      date        NOT NULL,
        reason       text        NOT NULL CHECK (reason <> ''),
        created_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
        revoked_at   timestamptz,
        revoked_by   text        REFERENCES secondment.user_account (id),
        CHECK (delegator_id <> deputy_id),
        CHECK (ends_on >= starts_on)
      )`);
    await db.query(`CREATE INDEX delegation_deputy_idx ON secondment.delegation (deputy_id, ends_on) WHERE revoked_at IS NULL`);
    await db.query(`CREATE INDEX delegation_delegator_idx ON secondment.delegation (delegator_id, ends_on)`);

    // A mutating request's first answer, kept per caller and key so that a retry gets it again.
    await db.query(`
      CREATE TABLE secondment.idempotency_record (
        user_id      text        NOT NULL,
        key          text        NOT NULL,
        fingerprint  text        NOT NULL,
        status_code  integer,
        response     jsonb,
        created_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
        completed_at timestamptz,
        PRIMARY KEY (user_id, key)
      )`);

    // Documents are stored once by content (SHA-256); each upload is its own immutable record.
    await db.query(`
      CREATE TABLE secondment.document (
        sha256     text        PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        media_type text        NOT NULL,
        size_bytes integer     NOT NULL CHECK (size_bytes > 0),
        content    bytea       NOT NULL,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await db.query(`
      CREATE TABLE secondment.document_upload (
        id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        sha256      text        NOT NULL REFERENCES secondment.document (sha256),
        file_name   text        NOT NULL,
        kind        text        NOT NULL,
        uploaded_by text        NOT NULL REFERENCES secondment.user_account (id),
        uploaded_at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await db.query(`CREATE INDEX document_upload_sha_idx ON secondment.document_upload (sha256, uploaded_by)`);
    for (const table of ['document', 'document_upload']) {
      await db.query(`
        CREATE TRIGGER ${table}_immutable_rows BEFORE UPDATE OR DELETE ON secondment.${table}
        FOR EACH ROW EXECUTE FUNCTION secondment.refuse_event_change()`);
    }

    await db.query(`ALTER TABLE secondment.case_summary ADD COLUMN official_name_key text NOT NULL DEFAULT ''`);
    const rows = (await db.query(`SELECT case_id, official_name FROM secondment.case_summary`)) as { case_id: string; official_name: string }[];
    for (const row of rows) {
      await db.query(`UPDATE secondment.case_summary SET official_name_key = $2 WHERE case_id = $1`, [row.case_id, searchKey(row.official_name)]);
    }
    await db.query(`ALTER TABLE secondment.case_summary ALTER COLUMN official_name_key DROP DEFAULT`);
    await db.query(`CREATE INDEX case_summary_deadline_idx ON secondment.case_summary (stage_deadline) WHERE closed_at IS NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX secondment.case_summary_deadline_idx`);
    await db.query(`ALTER TABLE secondment.case_summary DROP COLUMN official_name_key`);
    for (const table of ['document_upload', 'document', 'idempotency_record', 'delegation', 'login_failure', 'user_session', 'user_account', 'official', 'org_unit']) {
      await db.query(`DROP TABLE secondment.${table}`);
    }
  }
}
