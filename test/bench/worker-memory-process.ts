import { fork, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '@app/logging';
import { hasExited, pipeLines, sleep, stopChild, trackChild } from '@app/infra/child-process';
import type { HeapSample, ProbeAnswer } from './worker-memory-probe';

/** What a worker process holds at one moment, after its heaps were collected and had time to settle. */
export interface MemorySample {
  /** The process's resident set (VmRSS), bytes. */
  rss: number;
  /** Workflows in the worker's cache. */
  cached: number;
  /** The worker's cache size, as the SDK settled it. */
  cacheSize: number;
  /** Live bytes in the main thread's heap (Nest, the SDK's worker, pg). */
  mainHeap: number;
  /** Live bytes in the workflow threads' heaps (the cached workflows' code and state). */
  workflowHeap: number;
}

/** How long the heaps are left after a collection before the resident set is read. */
const SETTLE_MS = 3_000;

/** The resident set of a process, from /proc (Linux only). */
async function residentBytes(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status);
  if (!match) throw new Error(`no VmRSS in /proc/${pid}/status`);
  return Number(match[1]) * 1024;
}

const live = (samples: HeapSample[]): number => samples.reduce((sum, s) => sum + s.used, 0);

/**
 * A worker process of its own (the product's built worker, or the baseline's), so that its resident
 * set is the worker's alone: started with --expose-gc and the probe preloaded (worker-memory-probe),
 * which collects its heaps and reports its cache on request over the fork's IPC channel.
 */
export class MeasuredWorker {
  private constructor(
    private readonly child: ChildProcess,
    private readonly log: Logger,
  ) {}

  static async start(entry: string, env: NodeJS.ProcessEnv, log: Logger): Promise<MeasuredWorker> {
    const child = fork(entry, [], {
      env,
      execArgv: ['--enable-source-maps', '--expose-gc', '--require', join(__dirname, 'worker-memory-probe.js')],
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      // Its own process group: Ctrl-C reaches the bench, which stops it in order.
      detached: true,
    });
    trackChild(child, 'SIGTERM');
    child.stdout?.pipe(process.stdout);
    pipeLines(child.stderr, log, 'warn');
    const worker = new MeasuredWorker(child, log);
    const deadline = Date.now() + 120_000;
    for (;;) {
      if (hasExited(child)) throw new Error(`the worker ${entry} exited while starting (code ${child.exitCode}); see its log lines above`);
      if (Date.now() > deadline) {
        await worker.stop();
        throw new Error(`the worker ${entry} was not polling within 120 s`);
      }
      const answer = await worker.ask('status', 5_000).catch(() => undefined);
      if (answer?.running) return worker;
      await sleep(250);
    }
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** Collects every heap of the worker, lets them settle, collects again, and reads the resident set. */
  async measure(): Promise<MemorySample> {
    await this.ask('measure', 60_000);
    await sleep(SETTLE_MS);
    const answer = await this.ask('measure', 60_000);
    await sleep(500);
    const rss = await residentBytes(this.pid);
    if (answer.cached === null || answer.cacheSize === null) throw new Error('the probe saw no worker created');
    if (answer.workflowThreads.length === 0) throw new Error('no workflow thread answered the probe');
    return { rss, cached: answer.cached, cacheSize: answer.cacheSize, mainHeap: answer.main.used, workflowHeap: live(answer.workflowThreads) };
  }

  private ask(probe: 'status' | 'measure', timeoutMs: number): Promise<ProbeAnswer> {
    return new Promise((resolve, reject) => {
      const onMessage = (message: { probe?: string }): void => {
        if (message?.probe !== 'measured') return;
        done();
        resolve(message as ProbeAnswer);
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`the worker's probe did not answer within ${timeoutMs} ms`));
      }, timeoutMs);
      const done = (): void => {
        clearTimeout(timer);
        this.child.off('message', onMessage);
      };
      this.child.on('message', onMessage);
      this.child.send({ probe });
    });
  }

  /** Stops it as the stack does (SIGTERM: the worker finishes its tasks and evicts its cache), killing it after 30 s. */
  async stop(): Promise<void> {
    if (this.child.connected) this.child.disconnect();
    await stopChild(this.child, 'SIGTERM', 30_000, this.log);
  }
}
