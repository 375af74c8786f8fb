import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { TemporalConfig } from '@app/config';
import type { Logger } from '@app/logging';
import { closeConnection, connectClient } from '@app/temporal-client';
import { pipeLines, stopChild, trackChild } from '@app/infra/child-process';
import { Client, type Connection, type WorkflowHandle } from '@temporalio/client';
import { benchNoopWorkflow, benchWaitingWorkflow, noopUpdate } from './baseline.workflow';
import { mapConcurrently } from './stats';

export const BASELINE_TASK_QUEUE = 'bench-baseline';

/**
 * The baseline: its worker in a child process (as the product's worker runs apart from the API, and
 * so that it does not share an event loop with the load the bench generates), and a client in the
 * bench process that plays the API's part: it starts workflows and sends updates, as the API does.
 */
export class Baseline {
  private constructor(
    private readonly worker: ChildProcess,
    private readonly connection: Connection,
    private readonly client: Client,
    private readonly log: Logger,
  ) {}

  static async start(config: TemporalConfig, log: Logger): Promise<Baseline> {
    const worker = fork(join(__dirname, 'baseline-worker.main.js'), [], {
      env: { ...process.env, TEMPORAL_ADDRESS: config.address, TEMPORAL_NAMESPACE: config.namespace, TEMPORAL_TASK_QUEUE: BASELINE_TASK_QUEUE },
      execArgv: ['--enable-source-maps'],
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      // Its own process group: Ctrl-C reaches the bench, which stops it in order.
      detached: true,
    });
    trackChild(worker, 'SIGTERM');
    worker.stdout?.pipe(process.stdout);
    pipeLines(worker.stderr, log, 'warn');
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the baseline worker was not ready within 120 s')), 120_000);
      worker.once('message', () => {
        clearTimeout(timer);
        resolve();
      });
      worker.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`the baseline worker exited while starting (code ${code})`));
      });
    });
    const connection = await connectClient(config);
    return new Baseline(worker, connection, new Client({ connection, namespace: config.namespace }), log);
  }

  /**
   * Starts `count` waiting workflows (not timed), each to take one timed update. Each first takes
   * one untimed update, so it is running on the worker, as a prepared case is (its proposal stored),
   * and a timed update never waits behind the backlog of first workflow tasks.
   */
  async waitingWorkflows(count: number, concurrency: number): Promise<WorkflowHandle[]> {
    const ids = Array.from({ length: count }, () => `bench-wait-${randomUUID()}`);
    return mapConcurrently(ids, concurrency, async (workflowId) => {
      const handle = await this.client.workflow.start(benchWaitingWorkflow, { workflowId, taskQueue: BASELINE_TASK_QUEUE });
      await this.noopUpdate(handle);
      return handle;
    });
  }

  /** One no-op update, answered once the workflow has run its handler (as an approval answers once stored). */
  async noopUpdate(handle: WorkflowHandle): Promise<void> {
    await handle.executeUpdate(noopUpdate, { args: [1], updateId: randomUUID() });
  }

  /** One no-op workflow start (the server has accepted it). */
  async startNoop(): Promise<void> {
    await this.client.workflow.start(benchNoopWorkflow, { workflowId: `bench-noop-${randomUUID()}`, taskQueue: BASELINE_TASK_QUEUE });
  }

  async stop(): Promise<void> {
    await closeConnection(this.connection).catch(() => undefined);
    await stopChild(this.worker, 'SIGTERM', 15_000, this.log);
  }
}
