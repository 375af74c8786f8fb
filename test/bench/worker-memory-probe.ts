/**
 * Preloaded (`node --require`) into each worker process the worker-memory scenario starts, the
 * product's as it is built and the baseline's alike, so that the worker's own code stays untouched.
 * It answers the scenario's `measure` message (over the fork's IPC channel) with what only the
 * process knows (and `status` with the same, less the collection and the workflow threads): the workflows in the worker's cache and the cache's size (from the Worker it sees
 * created), and the V8 heap of the main thread and of each workflow thread, after a full garbage
 * collection in every one of them (the process runs with --expose-gc; Temporal runs workflow code
 * in worker threads, each an isolate with its own heap, and the preload runs in those too).
 * The resident set itself is read by the scenario from /proc, not from here.
 */
import { BroadcastChannel, isMainThread, threadId } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { getHeapStatistics } from 'node:v8';
import type { Worker } from '@temporalio/worker';

/** The main thread and the workflow threads talk over this channel. */
const CHANNEL = 'bench-worker-memory-probe';

export interface HeapSample {
  thread: number;
  /** Bytes of live objects (after the collection). */
  used: number;
  /** Bytes the heap holds from the system. */
  total: number;
  /** Bytes outside the heap held by its objects (buffers). */
  external: number;
}

export interface ProbeAnswer {
  probe: 'measured';
  /** The worker is created and polling. */
  running: boolean;
  /** Workflows in the worker's cache now. */
  cached: number | null;
  /** The cache's size, as the SDK settled it (set, or its default from the heap limit). */
  cacheSize: number | null;
  main: HeapSample;
  workflowThreads: HeapSample[];
}

const collect = (): void => {
  const gc = (globalThis as { gc?: () => void }).gc;
  // Twice: the first pass may leave objects that only the second finds unreachable (weak references, finalisers).
  gc?.();
  gc?.();
};

const sample = (): HeapSample => {
  const heap = getHeapStatistics();
  return { thread: threadId, used: heap.used_heap_size, total: heap.total_heap_size, external: heap.external_memory };
};

if (isMainThread) {
  let worker: Worker | undefined;
  const channel = new BroadcastChannel(CHANNEL);
  channel.unref();
  let pending: ((sample: HeapSample) => void) | undefined;
  channel.onmessage = (event) => pending?.((event as { data: HeapSample }).data);

  /**
   * The workflow threads' samples: they answer between activations, and a full collection of a large
   * heap takes a while, so the first answer is waited for (up to 30 s), then a moment for the others.
   */
  const threadSamples = (): Promise<HeapSample[]> =>
    new Promise((resolve) => {
      const samples: HeapSample[] = [];
      const finish = (): void => {
        clearTimeout(limit);
        pending = undefined;
        resolve(samples);
      };
      const limit = setTimeout(finish, 30_000);
      pending = (s) => {
        if (samples.push(s) === 1) setTimeout(finish, 1_000);
      };
      channel.postMessage('collect');
    });

  // Loaded here, in the main thread only, and at once: the worker may be created as soon as its entry has loaded.
  const { Worker: WorkerClass } = createRequire(__filename)('@temporalio/worker') as typeof import('@temporalio/worker');
  const create = WorkerClass.create.bind(WorkerClass);
  WorkerClass.create = async (options) => (worker = await create(options));

  // Heard while the process runs, without keeping it alive (the worker's end is the process's end).
  process.on('message', (message: { probe?: string }) => {
    if (message?.probe !== 'measure' && message?.probe !== 'status') return;
    const measure = message.probe === 'measure';
    void (async () => {
      const workflowThreads = measure ? threadSamples() : Promise.resolve([]);
      if (measure) collect();
      const main = sample();
      const threads = await workflowThreads;
      const answer: ProbeAnswer = {
        probe: 'measured',
        running: worker?.getState() === 'RUNNING',
        cached: worker ? worker.getStatus().numCachedWorkflows : null,
        cacheSize: worker ? worker.options.maxCachedWorkflows : null,
        main,
        workflowThreads: threads,
      };
      // The scenario may have let go of the worker meanwhile (it stops it): nothing to answer then.
      if (process.connected) process.send?.(answer);
    })();
  });
  process.channel?.unref();
} else {
  const main = new BroadcastChannel(CHANNEL);
  main.unref();
  main.onmessage = () => {
    collect();
    main.postMessage(sample());
  };
}
