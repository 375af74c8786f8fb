import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { createLogger } from '@app/logging';
import { Client } from 'pg';
import { EmbeddedPostgres } from '../../infra/postgres';
import { freePort } from '../support/ports';
import { testEnv } from '../support/test-env';

const asRoot = process.getuid?.() === 0;

/**
 * The embedded PostgreSQL manager on its own: first start creates the cluster, a restart keeps the
 * data, and (as root) a data folder the postgres user cannot enter moves to the shared folder
 * instead of failing or loosening the permissions of the folders above it.
 */
describe('embedded PostgreSQL', () => {
  let scratch: string;
  let savedShared: string | undefined;

  beforeEach(async () => {
    scratch = await mkdtemp(join(testEnv('tmpDir'), 'pg-'));
    savedShared = process.env.SECONDMENT_SHARED_DIR;
    process.env.SECONDMENT_SHARED_DIR = join(scratch, 'shared');
  });

  afterEach(async () => {
    if (savedShared === undefined) delete process.env.SECONDMENT_SHARED_DIR;
    else process.env.SECONDMENT_SHARED_DIR = savedShared;
    await rm(scratch, { recursive: true, force: true });
  });

  async function count(url: string): Promise<number> {
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query<{ n: number }>('SELECT count(*)::int AS n FROM kept')).rows[0].n;
    } finally {
      await client.end();
    }
  }

  it('keeps its data across a stop and a start, where the postgres user can reach it', async () => {
    await chmod(scratch, 0o755);
    const options = { dataDir: join(scratch, 'data', 'postgres'), port: await freePort(), database: 'kept', password: randomBytes(8).toString('hex'), durable: true, log: createLogger('pg-spec', { level: 'fatal' }) };
    const first = new EmbeddedPostgres(options);
    await first.start();
    expect(first.clusterDir).toBe(options.dataDir);
    const client = new Client({ connectionString: first.url });
    await client.connect();
    await client.query(`CREATE TABLE kept (note text); INSERT INTO kept VALUES ('Phường Tân Lập'), ('Xã Cư Bao')`);
    await client.end();
    await first.stop();
    expect(first.pid).toBeUndefined();

    const second = new EmbeddedPostgres(options);
    await second.start();
    try {
      expect(await count(second.url)).toBe(2);
    } finally {
      await second.stop();
    }
  });

  it('refuses to log in with a wrong password: the cluster is not open to anyone on the machine', async () => {
    await chmod(scratch, 0o755);
    const pg = new EmbeddedPostgres({ dataDir: join(scratch, 'pw', 'postgres'), port: await freePort(), database: 'x', password: 'right-password', log: createLogger('pg-spec', { level: 'fatal' }) });
    await pg.start();
    try {
      const wrong = new Client({ connectionString: pg.url.replace('right-password', 'wrong') });
      await expect(wrong.connect()).rejects.toThrow(/password authentication failed/);
    } finally {
      await pg.stop();
    }
  });

  it('runs on a data folder under a folder only its owner may enter (as root: moved to the shared folder, never chmod-ed open)', async () => {
    const locked = join(scratch, 'locked');
    await mkdir(locked, { mode: 0o700 });
    await chmod(scratch, 0o755);
    const wanted = join(locked, 'postgres');
    const pg = new EmbeddedPostgres({ dataDir: wanted, port: await freePort(), database: 'x', password: 'p'.repeat(12), log: createLogger('pg-spec', { level: 'fatal' }) });
    await pg.start();
    try {
      if (asRoot) {
        // PostgreSQL runs as the postgres user, who cannot enter `locked`.
        expect(pg.clusterDir).toMatch(new RegExp(`^${join(scratch, 'shared', 'clusters')}/[0-9a-f]{16}$`));
        expect((await readFile(`${wanted}.location`, 'utf8')).trim()).toBe(pg.clusterDir);
      } else {
        // PostgreSQL runs as this user, who owns `locked`.
        expect(pg.clusterDir).toBe(wanted);
      }
      expect(existsSync(join(pg.clusterDir!, 'PG_VERSION'))).toBe(true);
      expect((await stat(locked)).mode & 0o777).toBe(0o700);
    } finally {
      await pg.stop();
    }
  });
});
