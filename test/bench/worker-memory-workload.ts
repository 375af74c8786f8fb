import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addDays, DEFAULT_CASE_RULES, localDateOf, type Actor, type CaseRules, type Unit } from '@app/domain';
import type { Logger } from '@app/logging';
import { runMigrations } from '@app/persistence/migrate';
import { projectRoot } from '@app/config/project-root';
import { CaseClient, CaseRefusedError, closeConnection, connectClient } from '@app/temporal-client';
import { bundleWorkflows, PREBUILT_WORKFLOW_BUNDLE } from '@app/temporal-worker';
import type { ProposeRequest } from '@app/workflows/case.contracts';
import { caseWorkflowId } from '@app/workflows/case.contracts';
import { Client, WorkflowNotFoundError, type Connection } from '@temporalio/client';
import { Client as PgClient } from 'pg';
import { benchWaitingWorkflow, noopUpdate } from './baseline.workflow';
import { NOMINATOR } from './fixture';
import { since, type BenchContext, type Side } from './scenario';
import { mapConcurrently } from './stats';
import { MeasuredWorker } from './worker-memory-process';

/** The task queues of the scenario's own workers: the stack's worker and the other scenarios' baseline never see its workflows. */
export const MEMORY_TASK_QUEUE: Record<Side, string> = { product: 'bench-memory', baseline: 'bench-memory-baseline' };

/** Attempts at a start or a query that times out. */
const ATTEMPTS = 5;

/**
 * Runs a call again when the server gives up on it: on a busy machine an update or a query can wait
 * longer than the server lets it. Each call here may be repeated (a start joins the workflow it
 * started, an update is deduplicated by its id, a query has no effect); a refusal is final.
 */
async function retried<T>(call: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await call();
    } catch (error) {
      if (attempt >= ATTEMPTS || error instanceof WorkflowNotFoundError || error instanceof CaseRefusedError) throw error;
    }
  }
}

/**
 * How long a baseline workflow waits on its timer: longer than any block (the product's cases wait on
 * a deadline of working days), so that none ends while it is measured; each block terminates its own.
 */
const BASELINE_LIFETIME = '6 hours';

/**
 * A query every workflow answers without a handler of its own (the SDK's): sent to a workflow the
 * worker does not hold, it makes the worker replay the history and keep the workflow in its cache.
 */
const METADATA_QUERY = '__temporal_workflow_metadata';

/** The baseline's workflow bundle is built once per bench run, in the bench process, so that bundling shows in no worker's memory (the product's is the one `npm run build` wrote). */
const bundles = new Map<string, Promise<string>>();
function bundleCode(workflowsPath: string): Promise<string> {
  let code = bundles.get(workflowsPath);
  if (!code) {
    code = bundleWorkflows(workflowsPath).then((bundle) => bundle.code);
    bundles.set(workflowsPath, code);
  }
  return code;
}

/**
 * The open workflows of one side and the means to start its worker: started once per block (and
 * terminated at its end) from the bench process at the bench's concurrency (BENCH_CONCURRENCY), as
 * are the queries and the terminations, with a worker of the side running while they start and
 * stopped after, so that each worker measured afterwards starts empty.
 */
export abstract class Workload {
  readonly workflowIds: string[] = [];
  /** Workflows started per second while the workload was prepared (each start answered once its first task ran). */
  openedPerSecond = 0;

  protected constructor(
    protected readonly context: BenchContext,
    protected readonly connection: Connection,
    protected readonly client: Client,
    protected readonly dir: string,
    protected readonly log: Logger,
  ) {}

  /** Starts a worker of this side on its task queue, its cache sized `cacheSize` (undefined: the SDK's default), and waits until it polls. */
  abstract startWorker(cacheSize: number | undefined): Promise<MeasuredWorker>;

  /**
   * Gets every workflow of `ids` into the running worker's cache: a query each, which it replays to
   * answer. A query the server gave up on (it waits only so long for a busy worker) is asked again.
   */
  async load(ids: readonly string[]): Promise<void> {
    await mapConcurrently(ids, this.context.sizes.concurrency, (id) => retried(() => this.client.workflow.getHandle(id).query(METADATA_QUERY)));
  }

  /** Terminates the workflows (so that no later scenario finds them open), and removes what the workload made. */
  async close(): Promise<void> {
    await mapConcurrently(this.workflowIds, this.context.sizes.concurrency, (id) =>
      retried(() => this.client.workflow.getHandle(id).terminate('worker-memory scenario: the block is over')).catch((error: unknown) => {
        // Never started (a failed preparation), or terminated by an attempt whose answer was lost.
        if (!(error instanceof WorkflowNotFoundError)) throw error;
      }),
    );
    await closeConnection(this.connection).catch(() => undefined);
    await rm(this.dir, { recursive: true, force: true });
  }

  protected workerEnv(taskQueue: string, cacheSize: number | undefined, extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = {
      ...this.context.env,
      TEMPORAL_ADDRESS: this.context.temporal.address,
      TEMPORAL_NAMESPACE: this.context.temporal.namespace,
      TEMPORAL_TASK_QUEUE: taskQueue,
      ...extra,
    };
    delete env.WORKER_MAX_CACHED_WORKFLOWS;
    if (cacheSize !== undefined) env.WORKER_MAX_CACHED_WORKFLOWS = String(cacheSize);
    return env;
  }

  /**
   * Starts `count` workflows with `start` at the bench's concurrency, a worker of the side running
   * meanwhile (stopped after, so that each worker measured later starts empty), and times them.
   */
  protected async fill(count: number, start: (index: number) => Promise<void>): Promise<void> {
    const starter = await this.startWorker(undefined);
    try {
      const started = performance.now();
      await mapConcurrently(Array.from({ length: count }, (_, i) => i), this.context.sizes.concurrency, start);
      this.openedPerSecond = count / (since(started) / 1000);
    } finally {
      await starter.stop();
    }
  }

  /** Runs a workload's preparation; a failed one is closed (its workflows terminated, its files removed). */
  protected static async prepared<W extends Workload>(workload: W, prepare: () => Promise<void>): Promise<W> {
    try {
      await prepare();
      return workload;
    } catch (error) {
      await workload.close().catch(() => undefined);
      throw error;
    }
  }

  protected static async open(context: BenchContext): Promise<{ connection: Connection; client: Client; dir: string }> {
    const connection = await connectClient(context.temporal);
    return { connection, client: new Client({ connection, namespace: context.temporal.namespace }), dir: await mkdtemp(join(tmpdir(), 'bench-memory-')) };
  }
}

/**
 * The baseline: the raw-Temporal worker (baseline-worker.main.ts) holding trivial waiting workflows
 * (benchWaitingWorkflow, one timer each), each started and given one no-op update, as a case is
 * started and its proposal stored.
 */
export class BaselineWorkload extends Workload {
  private bundlePath = '';

  static async prepare(context: BenchContext, count: number): Promise<BaselineWorkload> {
    const { connection, client, dir } = await Workload.open(context);
    const workload = new BaselineWorkload(context, connection, client, dir, context.log.child('worker-memory.baseline'));
    return Workload.prepared(workload, async () => {
      workload.bundlePath = join(dir, 'baseline-workflows.js');
      await writeFile(workload.bundlePath, await bundleCode(join(projectRoot(), 'test', 'bench', 'baseline.workflow.ts')));
      await workload.fill(count, async () => {
        const workflowId = `bench-memory-${randomUUID()}`;
        const updateId = randomUUID();
        workload.workflowIds.push(workflowId);
        await retried(async () => {
          const handle = await client.workflow.start(benchWaitingWorkflow, {
            workflowId,
            taskQueue: MEMORY_TASK_QUEUE.baseline,
            args: [BASELINE_LIFETIME],
            workflowIdConflictPolicy: 'USE_EXISTING',
          });
          await handle.executeUpdate(noopUpdate, { args: [1], updateId });
        });
      });
    });
  }

  startWorker(cacheSize: number | undefined): Promise<MeasuredWorker> {
    const env = this.workerEnv(MEMORY_TASK_QUEUE.baseline, cacheSize, { BASELINE_WORKFLOW_BUNDLE_PATH: this.bundlePath });
    return MeasuredWorker.start(join(__dirname, 'baseline-worker.main.js'), env, this.log);
  }
}

interface Nominee {
  official: { id: string; name: string; title?: string };
  sendingUnit: Unit;
}

/**
 * The product: its built worker (dist/apps/worker) holding case workflows at department review,
 * each waiting on its deadline timer. The cases are started as the API starts them (CaseClient:
 * the decider judges the proposal first, then the start, answered once the proposal's events are
 * stored), with the proposal built as the API builds it, from the registry: real units and
 * officials (cycled when the cases outnumber them), Home Affairs as the proposer, the province's
 * current rules.
 *
 * The worker writes to a database of its own (created in the stack's PostgreSQL, migrated, dropped
 * at the end of the block): the cases' events, read models and notifications would otherwise fill
 * the stack's database for the scenarios that follow (the read side counts its cases), and nothing
 * in the workflow reads the registry, so the officials' reservations are not taken either.
 */
export class ProductWorkload extends Workload {
  private databaseUrl = '';
  private database = '';

  static async prepare(context: BenchContext, count: number): Promise<ProductWorkload> {
    const { connection, client, dir } = await Workload.open(context);
    const workload = new ProductWorkload(context, connection, client, dir, context.log.child('worker-memory.product'));
    return Workload.prepared(workload, async () => {
      await workload.createDatabase();
      const { actor, rules, nominees, receiving } = await readRegistry(context.databaseUrl, count);
      const cases = new CaseClient(client, MEMORY_TASK_QUEUE.product);
      const plannedStart = addDays(localDateOf(new Date().toISOString()), 30);
      await workload.fill(count, async (i) => {
        const nominee = nominees[i % nominees.length];
        const caseId = `HS-BENCH-${randomBytes(5).toString('hex').toUpperCase()}`;
        workload.workflowIds.push(caseWorkflowId(caseId));
        const request: Omit<ProposeRequest, 'rules'> = {
          requestId: randomUUID(),
          actor,
          form: 'secondment',
          official: nominee.official,
          sendingUnit: nominee.sendingUnit,
          receivingUnit: receiving.find((unit) => unit.id !== nominee.sendingUnit.id)!,
          position: 'Công chức Tài chính – Kế toán',
          plannedStart,
          reason: 'Xã thiếu công chức tài chính – kế toán sau sắp xếp (benchmark)',
        };
        const view = await retried(() => cases.propose(caseId, request, rules));
        if (view.state.stage !== 'department_review') throw new Error(`a case opened at ${view.state.stage}, not at department review`);
      });
    });
  }

  startWorker(cacheSize: number | undefined): Promise<MeasuredWorker> {
    const env = this.workerEnv(MEMORY_TASK_QUEUE.product, cacheSize, {
      DATABASE_URL: this.databaseUrl,
      // The bundle `npm run build` wrote (the bench builds first): no bundling in the measured process.
      WORKFLOW_BUNDLE_PATH: PREBUILT_WORKFLOW_BUNDLE,
      // The digest schedule is a workflow of the task queue: it would take a place in the cache and outlive the block.
      NOTIFY_SCHEDULE: 'false',
    });
    return MeasuredWorker.start(join(projectRoot(), 'dist', 'apps', 'worker', 'src', 'main.js'), env, this.log);
  }

  override async close(): Promise<void> {
    try {
      await super.close();
    } finally {
      if (this.database) await this.adminQuery(`DROP DATABASE IF EXISTS "${this.database}" WITH (FORCE)`);
    }
  }

  private async createDatabase(): Promise<void> {
    const name = `bench_memory_${randomBytes(4).toString('hex')}`;
    await this.adminQuery(`CREATE DATABASE "${name}"`).catch((error: unknown) => {
      throw new Error(`the worker-memory scenario creates a database of its own and could not: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    });
    this.database = name;
    const url = new URL(this.context.databaseUrl);
    url.pathname = `/${name}`;
    this.databaseUrl = url.toString();
    await runMigrations(this.databaseUrl);
  }

  /** A statement on the stack's database that cannot run in a transaction (CREATE / DROP DATABASE). */
  private async adminQuery(sql: string): Promise<void> {
    const db = new PgClient({ connectionString: this.context.databaseUrl });
    await db.connect();
    try {
      await db.query(sql);
    } finally {
      await db.end();
    }
  }
}

/** What a proposal needs from the stack's registry: the nominator as an actor, the current rules, officials with their units. */
async function readRegistry(databaseUrl: string, count: number): Promise<{ actor: Actor; rules: CaseRules; nominees: Nominee[]; receiving: Unit[] }> {
  const db = new PgClient({ connectionString: databaseUrl });
  await db.connect();
  try {
    const account = await db.query<{ id: string; display_name: string; role: Actor['role']; unit_id: string | null; person_id: string | null }>(
      `SELECT id, display_name, role, unit_id, person_id FROM secondment.user_account WHERE username = $1`,
      [NOMINATOR],
    );
    if (account.rows.length === 0) throw new Error(`no account ${NOMINATOR} in the database (the bench needs the demo accounts)`);
    const row = account.rows[0];
    const actor: Actor = { id: row.id, name: row.display_name, role: row.role };
    if (row.unit_id) actor.unitId = row.unit_id;
    if (row.person_id) actor.personId = row.person_id;

    const latest = await db.query<{ version: number; rules: CaseRules }>(`SELECT version, rules FROM secondment.province_rules ORDER BY version DESC LIMIT 1`);
    const rules = latest.rows[0] ? { ...latest.rows[0].rules, version: latest.rows[0].version } : DEFAULT_CASE_RULES;

    const officials = await db.query<{ id: string; name: string; title: string | null; unit_id: string; unit_name: string; kind: Unit['kind'] }>(
      `SELECT o.id, o.full_name AS name, o.title, u.id AS unit_id, u.name AS unit_name, u.kind
         FROM secondment.official o JOIN secondment.org_unit u ON u.id = o.unit_id
        WHERE u.kind IN ('department', 'commune')
        ORDER BY o.id LIMIT $1`,
      [count],
    );
    if (officials.rows.length === 0) throw new Error('no officials in the registry');
    const nominees = officials.rows.map((o) => ({
      official: { id: o.id, name: o.name, ...(o.title ? { title: o.title } : {}) },
      sendingUnit: { id: o.unit_id, name: o.unit_name, kind: o.kind },
    }));
    // Two receiving communes, so that a commune's official is sent to the other one.
    const receiving = await db.query<Unit>(`SELECT id, name, kind FROM secondment.org_unit WHERE kind = 'commune' ORDER BY id LIMIT 2`);
    if (receiving.rows.length < 2) throw new Error('the registry has fewer than two communes');
    return { actor, rules, nominees, receiving: receiving.rows };
  } finally {
    await db.end();
  }
}
