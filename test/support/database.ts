import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { testEnv } from './test-env';

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

async function admin<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: testEnv('postgresAdminUrl') });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A fresh database for one spec file: a copy of the migrated template, so specs cannot see each other's rows. */
export async function createTestDatabase(options: { migrated?: boolean } = {}): Promise<TestDatabase> {
  const name = `spec_${randomBytes(6).toString('hex')}`;
  await admin(async (client) => {
    const template = options.migrated === false ? 'template0' : testEnv('templateDatabase');
    await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)} TEMPLATE ${client.escapeIdentifier(template)}`);
  });
  const url = new URL(testEnv('postgresAdminUrl'));
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: () => admin(async (client) => {
      await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`);
    }),
  };
}

export async function queryRows<T = Record<string, unknown>>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

/** How many events and cases the database holds: a refused request must leave both unchanged. */
export async function eventAndCaseCounts(url: string): Promise<{ events: number; cases: number }> {
  const [row] = await queryRows<{ events: number; cases: number }>(
    url,
    `SELECT (SELECT count(*)::int FROM secondment.domain_event) AS events, (SELECT count(*)::int FROM secondment.case_summary) AS cases`,
  );
  return row;
}
