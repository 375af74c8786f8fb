/**
 * The baseline's workflows: what Temporal alone costs, without the product's decider, events or
 * read models. Workflow code like the product's: @temporalio/workflow only, deterministic.
 */
import type { Duration } from '@temporalio/common';
import { condition, defineUpdate, setHandler } from '@temporalio/workflow';

/** A no-op Workflow Update: accepted and answered at once, nothing stored beyond Temporal's history. */
export const noopUpdate = defineUpdate<number, [number]>('noop');

/** How long a waiting workflow waits for its updates before it ends by itself, so none outlives a run. */
const IDLE_LIFETIME = '15 minutes';

/**
 * A trivial workflow that waits, answering no-op updates: the baseline of a human step. It waits on
 * one timer, `lifetime` (15 minutes unless given; the worker-memory scenario's outlive its blocks),
 * and ends when it fires: the baseline of a case waiting on its deadline too.
 */
export async function benchWaitingWorkflow(lifetime: Duration = IDLE_LIFETIME): Promise<void> {
  let updates = 0;
  setHandler(noopUpdate, (n) => {
    updates += 1;
    return n;
  });
  await condition(() => updates < 0, lifetime);
}

/** A workflow that ends at once: the baseline of a case start. */
export async function benchNoopWorkflow(): Promise<void> {
  // Nothing to do: its cost is the start and one workflow task.
}
