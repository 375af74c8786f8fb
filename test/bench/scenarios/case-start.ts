import { NOMINATOR, nominationOf } from '../fixture';
import type { BenchContext, Scenario, Side } from '../scenario';
import { counted, scaled, since } from '../scenario';
import { mapConcurrently } from '../stats';

/**
 * A case start. Product: nominations through the API, one per POST /cases at the bench's
 * concurrency, then one batch request (POST /batch/nominations) of `batch` nominations; each answers
 * once the case's first event is stored. Baseline: no-op workflow starts at the same concurrency,
 * `batch` of them, from the bench process. Every nomination names an official with no open case,
 * from the communes first (the departments' officials are kept for the human step).
 */
export const caseStart: Scenario = {
  id: 'case-start',
  title: 'case start',
  measures: 'nominations/s through the API (single at concurrency, and one batch request) vs no-op workflow starts/s at the same concurrency',
  figures: [
    { key: 'single', label: 'case start, single nominations', unit: '/s', target: { kind: 'ratio_at_least', value: 0.6 } },
    { key: 'batchRate', label: 'case start, one batch request', unit: '/s', target: { kind: 'ratio_at_least', value: 0.6 } },
    { key: 'batchSeconds', label: 'case start, one batch request, duration', unit: 's', target: { kind: 'at_most', value: 30 } },
  ],
  officialsPerBlock: (sizes) => ({ department: 0, any: sizes.nominations + sizes.batch }),

  async block(side: Side, context: BenchContext, scale: number): Promise<Record<string, number>> {
    const { api, sizes } = context;
    const nominations = scaled(sizes.nominations, scale);
    const batch = scaled(sizes.batch, scale);
    if (side === 'baseline') {
      const start = performance.now();
      await mapConcurrently(Array.from({ length: batch }), sizes.concurrency, () => context.baseline.startNoop());
      const seconds = since(start) / 1000;
      return { single: batch / seconds, batchRate: batch / seconds, batchSeconds: seconds };
    }
    const singles = context.province.take(nominations, ['commune', 'department']);
    const tally = { failed: 0 };
    const started = performance.now();
    const done = await mapConcurrently(singles, sizes.concurrency, (official) =>
      counted(async () => {
        const view = await api.post<{ stage: string }>(NOMINATOR, '/cases', nominationOf(official));
        if (view.stage !== 'department_review') throw new Error(`a nomination opened at ${view.stage}`);
      }, tally),
    );
    const single = done.filter(Boolean).length / (since(started) / 1000);

    const body = { nominations: context.province.take(batch, ['commune', 'department']).map(nominationOf) };
    const batchStarted = performance.now();
    const answer = await api.post<{ done: number; refused: number; results: { status: string; problem?: { status?: number } }[] }>(NOMINATOR, '/batch/nominations', body);
    const batchSeconds = since(batchStarted) / 1000;
    // A nomination not confirmed in time (503) counts as not done, as in the single runs; any other refusal is the bench's own mistake.
    const notConfirmed = answer.results.filter((r) => r.status !== 'done' && r.problem?.status === 503).length;
    if (answer.done + notConfirmed !== batch) throw new Error(`the batch started ${answer.done} of ${batch} cases: ${JSON.stringify(answer.results.filter((r) => r.status !== 'done').slice(0, 3))}`);
    return { single, batchRate: answer.done / batchSeconds, batchSeconds, failed: tally.failed, batchFailed: notConfirmed };
  },
};
