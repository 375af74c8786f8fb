import { MigrationInterface, QueryRunner } from 'typeorm';

/** The fields of expertise communes lack most after the merger (DOMAIN.md); a province edits the rows. */
const FIELDS: [id: string, vi: string, en: string][] = [
  ['dat-dai', 'Quản lý đất đai', 'Land administration'],
  ['xay-dung', 'Xây dựng', 'Construction'],
  ['tai-chinh-ke-toan', 'Tài chính – kế toán', 'Finance and accounting'],
  ['cong-nghe-thong-tin', 'Công nghệ thông tin', 'Information technology'],
  ['tu-phap', 'Tư pháp – hộ tịch', 'Justice and civil registry'],
  ['giao-thong', 'Giao thông', 'Transport'],
  ['giao-duc', 'Giáo dục', 'Education'],
  ['y-te', 'Y tế', 'Health'],
  ['nong-nghiep', 'Nông nghiệp – môi trường', 'Agriculture and environment'],
  ['van-phong', 'Văn phòng – thống kê', 'Office and statistics'],
  ['van-hoa-xa-hoi', 'Văn hóa – xã hội', 'Culture and social affairs'],
];

/**
 * The staffing registry: the province, its units with their categories (department, agency,
 * commune, ward, special zone) and the remote/difficult-area flag, fields of expertise, job
 * positions, officials with the facts the eligibility rules need, and each unit's staffing quota
 * per field. A unit's headcount is counted from its officials, never stored twice.
 */
export class Registry1764432000000 implements MigrationInterface {
  name = 'Registry1764432000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE secondment.province (
        id         text        PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9-]{0,63}$'),
        name       text        NOT NULL CHECK (name <> ''),
        created_at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);

    await db.query(`
      CREATE TABLE secondment.expertise_field (
        id       text    PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9-]{0,63}$'),
        name_vi  text    NOT NULL CHECK (name_vi <> ''),
        name_en  text    NOT NULL CHECK (name_en <> ''),
        position integer NOT NULL DEFAULT 0
      )`);
    for (const [i, [id, vi, en]] of FIELDS.entries()) {
      await db.query(`INSERT INTO secondment.expertise_field (id, name_vi, name_en, position) VALUES ($1, $2, $3, $4)`, [id, vi, en, (i + 1) * 10]);
    }

    // The domain's two kinds (who sends, who receives) refined into the categories the law names.
    await db.query(`
      ALTER TABLE secondment.org_unit
        ADD COLUMN category       text,
        ADD COLUMN difficult_area boolean     NOT NULL DEFAULT false,
        ADD COLUMN updated_at     timestamptz NOT NULL DEFAULT clock_timestamp()`);
    await db.query(`UPDATE secondment.org_unit SET category = kind`);
    await db.query(`
      ALTER TABLE secondment.org_unit
        ALTER COLUMN category SET NOT NULL,
        ADD CONSTRAINT org_unit_category_check CHECK (
          (kind = 'department' AND category IN ('department', 'agency')) OR (kind = 'commune' AND category IN ('commune', 'ward', 'special_zone')))`);

    await db.query(`
      ALTER TABLE secondment.official
        ADD COLUMN field_id           text        REFERENCES secondment.expertise_field (id),
        ADD COLUMN rank               text,
        ADD COLUMN employment         text        NOT NULL DEFAULT 'civil_servant' CHECK (employment IN ('civil_servant', 'public_employee')),
        ADD COLUMN is_leader          boolean     NOT NULL DEFAULT false,
        ADD COLUMN in_leadership_plan boolean     NOT NULL DEFAULT false,
        ADD COLUMN birth_date         date,
        ADD COLUMN gender             text        CHECK (gender IN ('female', 'male')),
        ADD COLUMN updated_at         timestamptz NOT NULL DEFAULT clock_timestamp(),
        ADD CONSTRAINT official_plan_needs_leader CHECK (NOT in_leadership_plan OR is_leader)`);
    await db.query(`CREATE INDEX official_unit_field_idx ON secondment.official (unit_id, field_id)`);

    await db.query(`
      CREATE TABLE secondment.job_position (
        id       text PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9-]{0,99}$'),
        unit_id  text NOT NULL REFERENCES secondment.org_unit (id),
        field_id text REFERENCES secondment.expertise_field (id),
        name     text NOT NULL CHECK (name <> ''),
        UNIQUE (unit_id, name)
      )`);

    await db.query(`
      CREATE TABLE secondment.staffing_quota (
        unit_id    text        NOT NULL REFERENCES secondment.org_unit (id),
        field_id   text        NOT NULL REFERENCES secondment.expertise_field (id),
        quota      integer     NOT NULL CHECK (quota >= 0),
        updated_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        PRIMARY KEY (unit_id, field_id)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE secondment.staffing_quota`);
    await db.query(`DROP TABLE secondment.job_position`);
    await db.query(`DROP INDEX secondment.official_unit_field_idx`);
    await db.query(`
      ALTER TABLE secondment.official
        DROP CONSTRAINT official_plan_needs_leader,
        DROP COLUMN updated_at, DROP COLUMN gender, DROP COLUMN birth_date, DROP COLUMN in_leadership_plan,
        DROP COLUMN is_leader, DROP COLUMN employment, DROP COLUMN rank, DROP COLUMN field_id`);
    await db.query(`ALTER TABLE secondment.org_unit DROP CONSTRAINT org_unit_category_check, DROP COLUMN updated_at, DROP COLUMN difficult_area, DROP COLUMN category`);
    await db.query(`DROP TABLE secondment.expertise_field`);
    await db.query(`DROP TABLE secondment.province`);
  }
}
