import type { UpdateDefinition } from '@temporalio/common';
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { Actor, CaseEvent, CaseState, CaseTimer, CommandOf, CommandPayloads, HumanCommandType, Refusal } from '@app/domain';
import { HUMAN_COMMANDS } from '@app/domain';

/**
 * The case workflow's contract, shared by the workflow, its activities and its clients: one
 * definition of each update and query, so a name can never drift between them.
 */
export const CASE_WORKFLOW_TYPE = 'caseWorkflow';

/** One workflow per case; the id is derived from the case id, so a case can never start twice. */
export function caseWorkflowId(caseId: string): string {
  return `case:${caseId}`;
}

/** A proposal as the starter sends it; the workflow stamps it with its own time. */
export type ProposeRequest = Omit<CommandOf<'propose'>, 'type' | 'at' | 'caseId'> & { requestId: string };

export interface CaseWorkflowInput {
  caseId: string;
  /** The nomination that starts the case (a new case). */
  proposal?: ProposeRequest;
  /** The carried-over state when the workflow continues as new. */
  resume?: CaseResumeState;
}

export interface CaseResumeState {
  state: CaseState;
  /** Request ids already handled, with the case version each one produced. */
  handled: Record<string, number>;
  proposalRequestId: string | null;
}

/** What an update carries: the request id (idempotency key), the actor the API established, the action's fields. */
export interface ActionRequest<T extends HumanCommandType = HumanCommandType> {
  requestId: string;
  actor: Actor;
  payload: CommandPayloads[T];
}

/** What a caller sees after an accepted action (its events are stored by then) and from the query. */
export interface CaseView {
  state: CaseState;
  /** The request id of the proposal that started the case (a repeated start is recognised by it). */
  proposalRequestId: string | null;
  /** The highest version stored in PostgreSQL; an accepted update returns only once its events are stored. */
  storedVersion: number;
  timers: CaseTimer[];
}

export type CaseOutcome = Pick<CaseState, 'caseId' | 'outcome' | 'version' | 'closedAt'>;

/** The failure type a refused update carries; its first detail is the domain's Refusal. */
export const CASE_REFUSAL = 'CaseRefusal';
export type { Refusal };

type ActionUpdates = { [T in HumanCommandType]: UpdateDefinition<CaseView, [ActionRequest<T>], T> };

/** One update per human action, named after the action (so the Web UI shows `approve`, `issueDecision`, ...). */
export const caseUpdates = Object.fromEntries(HUMAN_COMMANDS.map((type) => [type, defineUpdate<CaseView, [ActionRequest]>(type)])) as unknown as ActionUpdates;

/** Waits until the proposal's events are stored and returns the case (the start's acknowledgement). */
export const awaitStoredUpdate = defineUpdate<CaseView, [{ version: number }]>('awaitStored');

export const caseStateQuery = defineQuery<CaseView>('caseState');

export interface RecordEventsInput {
  caseId: string;
  /** The case version before these events; they take fromVersion + 1, + 2, ... */
  fromVersion: number;
  events: CaseEvent[];
}

export interface RecordEventsResult {
  /** The case version after the events. */
  version: number;
  /** False when an earlier attempt had already stored them (a retry). */
  inserted: boolean;
}

export interface CaseActivities {
  /**
   * Stores the events and updates the read models in one PostgreSQL transaction keyed by
   * (case id, version). Idempotent: a retry after a commit stores nothing twice.
   */
  recordEvents(input: RecordEventsInput): Promise<RecordEventsResult>;
}
