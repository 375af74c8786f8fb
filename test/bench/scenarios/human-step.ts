import { NOMINATOR, nominationOf, type Official } from '../fixture';
import type { BenchContext, Scenario, Side } from '../scenario';
import { counted, scaled, since } from '../scenario';
import { mapConcurrently, percentile } from '../stats';

/** The batch route takes at most this many nominations per request. */
const PREPARE_CHUNK = 500;

interface Prepared {
  caseId: string;
  head: string;
}

/** Cases at department review, nominated through the batch route (untimed), with the head who approves each. */
async function casesAtReview(context: BenchContext, officials: Official[]): Promise<Prepared[]> {
  const { api, province } = context;
  const prepared: Prepared[] = [];
  for (let i = 0; i < officials.length; i += PREPARE_CHUNK) {
    const chunk = officials.slice(i, i + PREPARE_CHUNK);
    const answer = await api.post<{ done: number; results: { caseId: string; status: string; stage?: string }[] }>(NOMINATOR, '/batch/nominations', {
      nominations: chunk.map(nominationOf),
    });
    for (const [j, result] of answer.results.entries()) {
      if (result.status !== 'done' || result.stage !== 'department_review') throw new Error(`preparing a case at department review: ${JSON.stringify(result)}`);
      prepared.push({ caseId: result.caseId, head: await province.headOf(chunk[j].unitId) });
    }
  }
  return prepared;
}

async function approve(context: BenchContext, item: Prepared): Promise<void> {
  const view = await context.api.post<{ stage: string }>(item.head, `/cases/${item.caseId}/approve`, {});
  if (view.stage !== 'home_affairs_appraisal') throw new Error(`approval of ${item.caseId} left it at ${view.stage}`);
}

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
  officialsPerBlock: (sizes) => sizes.approvalsSequential + sizes.approvalsConcurrent,

  async block(side: Side, context: BenchContext, scale: number): Promise<Record<string, number>> {
    const { sizes } = context;
    const sequential = scaled(sizes.approvalsSequential, scale);
    const concurrent = scaled(sizes.approvalsConcurrent, scale);
    let step: (index: number) => Promise<void>;
    if (side === 'baseline') {
      const handles = await context.baseline.waitingWorkflows(sequential + concurrent, sizes.concurrency);
      step = (i) => context.baseline.noopUpdate(handles[i]);
    } else {
      const prepared = await casesAtReview(context, context.province.take(sequential + concurrent, ['department']));
      step = (i) => approve(context, prepared[i]);
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
