import type { CaseEvent, CaseState } from '@app/domain';
import type { EntityManager } from 'typeorm';

/** A transition as the event store has just stored it: the case's new events and its state around them. */
export interface StoredTransition {
  caseId: string;
  /** The case version before these events. */
  fromVersion: number;
  events: CaseEvent[];
  /** The state the events apply to (null for a new case). */
  before: CaseState | null;
  /** The state after them. */
  after: CaseState;
}

/**
 * A consumer of the event store, registered with it (`CaseStore`): it runs inside the transaction
 * that stores a transition's events, right after them, in the order the projections were given to
 * the store, and what it writes commits or rolls back with them. It must be idempotent only in the
 * store's sense: a retried transition whose events are already stored runs no projection.
 */
export interface EventProjection {
  /** What it keeps (for logs and errors). */
  readonly name: string;
  project(transition: StoredTransition, tx: EntityManager): Promise<void>;
}

/**
 * A projection whose rows are a function of each case's state alone, so that they can be rebuilt
 * from the events (`rebuildProjections`): it names the tables it alone writes, and writes the rows
 * of many cases at once into those tables once they are emptied.
 */
export interface ReadModelProjection extends EventProjection {
  /** Its tables, in the order they are locked; they are emptied in the reverse order. */
  readonly tables: readonly string[];
  /** Writes the rows of these cases, many per statement, into its tables emptied in this transaction. */
  rebuild(states: CaseState[], tx: EntityManager): Promise<void>;
}
