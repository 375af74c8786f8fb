import type { LocalDate } from './calendar';
import type { CaseState } from './case';
import type { CaseEvent } from './events';
import { awaitedBy, caseFactsOf, searchKey, type CaseFacts } from './actions';
import { nextTimer, stageDeadline } from './timers';

/**
 * Read-model rows as pure functions of the state. The projector writes them in the same
 * transaction as the events; the rebuild folds the events and writes the same rows.
 */
export interface CaseSummaryRow {
  caseId: string;
  version: number;
  form: string;
  stage: string;
  outcome: string | null;
  officialId: string;
  officialName: string;
  /** The official's name folded for search (no diacritics, lower case). */
  officialNameKey: string;
  sendingUnitId: string;
  sendingUnitName: string;
  receivingUnitId: string;
  receivingUnitName: string;
  position: string;
  proposerId: string;
  proposerName: string;
  proposedAt: string;
  stageOpenedAt: string;
  stageDeadline: LocalDate | null;
  escalationLevel: number;
  decisionNumber: string | null;
  decisionDate: LocalDate | null;
  effectiveDate: LocalDate | null;
  termEnd: LocalDate | null;
  overdue: boolean;
  nextTimerAt: string | null;
  closedAt: string | null;
  /** The inbox keys of those some action is awaited from now (`awaitedBy`): what files the case in inboxes. */
  awaits: string[];
  /** While the case awaits anyone, the facts the rules read (`caseFactsOf`), for an inbox to judge it by; else null. */
  inboxFacts: CaseFacts | null;
}

export function caseSummaryOf(state: CaseState): CaseSummaryRow {
  const timer = nextTimer(state);
  const awaits = awaitedBy(state);
  return {
    caseId: state.caseId,
    version: state.version,
    form: state.form,
    stage: state.stage,
    outcome: state.outcome,
    officialId: state.official.id,
    officialName: state.official.name,
    officialNameKey: searchKey(state.official.name),
    sendingUnitId: state.sendingUnit.id,
    sendingUnitName: state.sendingUnit.name,
    receivingUnitId: state.receivingUnit.id,
    receivingUnitName: state.receivingUnit.name,
    position: state.position,
    proposerId: state.proposer.id,
    proposerName: state.proposer.name,
    proposedAt: state.proposedAt,
    stageOpenedAt: state.stageOpenedAt,
    stageDeadline: stageDeadline(state),
    escalationLevel: state.escalationLevel,
    decisionNumber: state.decision?.number ?? null,
    decisionDate: state.decision?.date ?? null,
    effectiveDate: state.decision?.effectiveDate ?? null,
    termEnd: state.termEnd,
    overdue: state.overdue,
    nextTimerAt: timer ? new Date(timer.at).toISOString() : null,
    closedAt: state.closedAt,
    awaits,
    inboxFacts: awaits.length > 0 ? caseFactsOf(state) : null,
  };
}

/** One row per case in an official's history of moves (repeated moves stay visible). */
export interface OfficialMoveRow {
  officialId: string;
  caseId: string;
  officialName: string;
  form: string;
  fromUnitId: string;
  fromUnitName: string;
  toUnitId: string;
  toUnitName: string;
  position: string;
  stage: string;
  outcome: string | null;
  decisionNumber: string | null;
  startedOn: LocalDate | null;
  termEnd: LocalDate | null;
  returnedOn: LocalDate | null;
  proposedAt: string;
}

export function officialMoveOf(state: CaseState): OfficialMoveRow {
  return {
    officialId: state.official.id,
    caseId: state.caseId,
    officialName: state.official.name,
    form: state.form,
    fromUnitId: state.sendingUnit.id,
    fromUnitName: state.sendingUnit.name,
    toUnitId: state.receivingUnit.id,
    toUnitName: state.receivingUnit.name,
    position: state.position,
    stage: state.stage,
    outcome: state.outcome,
    decisionNumber: state.decision?.number ?? null,
    startedOn: state.termStarted || state.arrivedOn ? (state.decision?.effectiveDate ?? null) : null,
    termEnd: state.termEnd,
    returnedOn: state.returnedOn,
    proposedAt: state.proposedAt,
  };
}

export interface TimelineEntry {
  version: number;
  type: string;
  at: string;
  actor: { id: string; name: string; role: string; onBehalfOf?: { id: string; name: string } };
  /** Why: the reason or comment given, if any. */
  reason: string | null;
  /** The document the step rests on (decision, opinion, extension), if any. */
  documentNumber: string | null;
  data: Record<string, unknown>;
}

/** A case's timeline entry for one stored event: who did what, when, why, on which document. */
export function timelineEntry(version: number, event: CaseEvent): TimelineEntry {
  const data = event.data as unknown as Record<string, unknown>;
  const pick = (...keys: string[]) => {
    for (const key of keys) if (typeof data[key] === 'string') return data[key];
    return null;
  };
  const actor: TimelineEntry['actor'] = { id: event.actor.id, name: event.actor.name, role: event.actor.role };
  if (event.actor.onBehalfOf) actor.onBehalfOf = event.actor.onBehalfOf;
  const shown = event.type === 'CaseProposed' ? { ...data, rules: undefined } : data;
  return {
    version,
    type: event.type,
    at: event.at,
    actor,
    reason: pick('reason', 'comment'),
    documentNumber: pick('decisionNumber', 'documentNumber'),
    data: JSON.parse(JSON.stringify(shown)) as Record<string, unknown>,
  };
}
