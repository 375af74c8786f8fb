import { randomBytes } from 'node:crypto';
import { assertSearchAttributes, closeConnection, connectClient, devServerSearchAttributeArgs, MissingSearchAttributesError } from '@app/temporal-client';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { startWorker, uniqueTaskQueue, useTestEnvironment } from '../support/apps';
import { createTestDatabase } from '../support/database';
import { testEnv } from '../support/test-env';

/** Against any cluster but the dev server (which registers them at launch) the search attributes are checked at start. */
describe('search attributes at worker start-up (real Temporal dev server)', () => {
  let connection: Connection;

  beforeAll(async () => {
    connection = await Connection.connect({ address: testEnv('temporalAddress') });
  });

  afterAll(async () => {
    await connection?.close();
  });

  it('finds every search attribute registered on the dev server the project starts', async () => {
    await expect(assertSearchAttributes(connection, 'default')).resolves.toBeUndefined();
    expect(devServerSearchAttributeArgs()).toEqual([
      '--search-attribute', 'CaseStage=Keyword',
      '--search-attribute', 'CaseForm=Keyword',
      '--search-attribute', 'SendingUnit=Keyword',
      '--search-attribute', 'ReceivingUnit=Keyword',
      '--search-attribute', 'TermEndsAt=Datetime',
    ]);
  });

  it('refuses to start a worker on a namespace without them, saying how to add each', async () => {
    const namespace = `bare-${randomBytes(3).toString('hex')}`;
    await connection.workflowService.registerNamespace({ namespace, workflowExecutionRetentionPeriod: msToTs('1 day') });
    const client = await connectClient({ address: testEnv('temporalAddress'), namespace, taskQueue: 'x' });
    // A namespace takes a moment to be usable after registration.
    const deadline = Date.now() + 20_000;
    let error: unknown;
    while (Date.now() < deadline) {
      try {
        await assertSearchAttributes(client, namespace);
        error = undefined;
        break;
      } catch (caught) {
        error = caught;
        if (caught instanceof MissingSearchAttributesError) break;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
    await closeConnection(client);
    expect(error).toBeInstanceOf(MissingSearchAttributesError);
    const missing = error as MissingSearchAttributesError;
    expect(missing.problems).toEqual([
      'CaseStage (Keyword) is missing',
      'CaseForm (Keyword) is missing',
      'SendingUnit (Keyword) is missing',
      'ReceivingUnit (Keyword) is missing',
      'TermEndsAt (Datetime) is missing',
    ]);
    expect(missing.fixCommands[0]).toBe(`temporal operator search-attribute create --namespace ${namespace} --name CaseStage --type Keyword`);

    const db = await createTestDatabase();
    try {
      useTestEnvironment({ databaseUrl: db.url, taskQueue: uniqueTaskQueue('bare') });
      process.env.TEMPORAL_NAMESPACE = namespace;
      await expect(startWorker()).rejects.toBeInstanceOf(MissingSearchAttributesError);
    } finally {
      process.env.TEMPORAL_NAMESPACE = 'default';
      await db.drop();
    }
  });
});
