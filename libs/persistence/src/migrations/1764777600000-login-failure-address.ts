import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Failed sign-ins also remember the address they came from, so guessing one password across many
 * names from one place is slowed as well as guessing many passwords for one name. Older rows have
 * no address and count for their name only.
 */
export class LoginFailureAddress1764777600000 implements MigrationInterface {
  name = 'LoginFailureAddress1764777600000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE secondment.login_failure ADD COLUMN address text`);
    await db.query(`CREATE INDEX login_failure_address_idx ON secondment.login_failure (address, failed_at) WHERE address IS NOT NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX secondment.login_failure_address_idx`);
    await db.query(`ALTER TABLE secondment.login_failure DROP COLUMN address`);
  }
}
