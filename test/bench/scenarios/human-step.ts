import { approve, casesAtReview } from '../fixture';
import type { BenchContext, Scenario, Side } from '../scenario';
import { counted, scaled, since } from '../scenario';
import { mapConcurrently, percentile } from '../stats';

/**
 * A human step. Product: the department head's approval through the API (HTTP → Workflow Update →
 * event row → read model, which the answer is read from). Baseline: a no-op Workflow Update on a
 * trivial waiting workflow, sent from the bench process, handled by a worker with the same settings.
 * Each request or update targets its own case or workflow. Latency one at a time; throughput at
 * the bench's concurrency.
 */
export const humanStep: Scenario = {
  id: 'human-step',
  title: 'human step',
  measures: 'an approval through the API (HTTP → Update → event row → read model) vs a no-op Workflow Update on a waiting workflow',
  figures: [
    { key: 'p50', label: 'human step round trip p50', unit: 'ms', target: { kind: 'ratio_at_most', value: 1.3 } },
    { key: 'p99', label: 'human step round trip p99', unit: 'ms', target: { kind: 'ratio_at_most', value: 2 } },
    { key: 'throughput', label: 'human step throughput', unit: '/s', target: { kind: 'ratio_at_least', value: 0.5 } },
  ],
  officialsPerBlock: (sizes) => ({ department: sizes.approvalsSequential + sizes.approvalsConcurrent, any: 0 }),

  async block(side: Side, context: BenchContext, scale: number): Promise<Record<string, number>> {
    const { sizes } = context;
    const sequential = scaled(sizes.approvalsSequential, scale);
    const concurrent = scaled(sizes.approvalsConcurrent, scale);
    let step: (index: number) => Promise<void>;
    if (side === 'baseline') {
      const handles = await context.baseline.waitingWorkflows(sequential + concurrent, sizes.concurrency);
      step = (i) => context.baseline.noopUpdate(handles[i]);
    } else {
      const prepared = await casesAtReview(context.api, context.province, sequential + concurrent);
      step = (i) => approve(context.api, prepared[i]);
    }
    const latencies: number[] = [];
    for (let i = 0; i < sequential; i += 1) {
      const start = performance.now();
      await step(i);
      latencies.push(since(start));
    }
    const tally = { failed: 0 };
    const start = performance.now();
    const done = await mapConcurrently(
      Array.from({ length: concurrent }, (_, i) => sequential + i),
      sizes.concurrency,
      (i) => counted(() => step(i), tally),
    );
    const seconds = since(start) / 1000;
    return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), throughput: done.filter(Boolean).length / seconds, failed: tally.failed };
  },
};
