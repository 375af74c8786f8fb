import { addDays, compareDates, localDateOf, type LocalDate } from './calendar';
import type { CaseState, Stage } from './case';
import type { CaseEvent } from './events';
import { sortedReminders, type ApprovalStage } from './rules';

function openStage(state: CaseState, stage: Stage, event: CaseEvent): CaseState {
  return { ...state, stage, stageOpenedAt: event.at, stageOpenedVersion: state.version, escalationLevel: 0 };
}

/**
 * During a term whose end has moved (an extension, a corrected term): `ending` when the new end is
 * within the end-or-extend window (the earliest reminder), `serving` otherwise.
 */
function withTermStage(state: CaseState, termEnd: LocalDate, event: CaseEvent): CaseState {
  const window = sortedReminders(state.rules)[0];
  const inWindow = window !== undefined && compareDates(localDateOf(event.at), addDays(termEnd, -window)) >= 0;
  const stage = inWindow ? 'ending' : 'serving';
  return stage === state.stage ? state : openStage(state, stage, event);
}

function fired(state: CaseState, key: string): string[] {
  return [...state.firedTimers, key];
}

/** Folds one event into the state. Total over the events `decide` emits; never throws on them. */
export function evolve(previous: CaseState | null, event: CaseEvent): CaseState {
  if (event.type === 'CaseProposed') {
    const d = event.data;
    const created: CaseState = {
      caseId: d.caseId,
      version: 1,
      stage: d.firstStage,
      form: d.form,
      official: d.official,
      sendingUnit: d.sendingUnit,
      receivingUnit: d.receivingUnit,
      position: d.position,
      reason: d.reason,
      plannedStart: d.plannedStart,
      term: d.term,
      legalBasisOverride: d.legalBasisOverride,
      ...(d.eligibilityOverrides ? { eligibilityOverrides: d.eligibilityOverrides } : {}),
      proposer: event.actor,
      proposedAt: event.at,
      rules: d.rules,
      stageOpenedAt: event.at,
      stageOpenedVersion: 1,
      escalationLevel: 0,
      approvals: [],
      partyOpinion: null,
      decision: null,
      arrivedOn: null,
      termStarted: false,
      termEnd: null,
      termEndSetOn: null,
      extensions: [],
      endDecision: null,
      overdue: false,
      termCompleted: false,
      evaluations: [],
      reports: 0,
      returnedOn: null,
      placement: null,
      outcome: null,
      closedAt: null,
      firedTimers: [],
    };
    return created;
  }
  if (!previous) throw new Error(`${event.type} cannot come before CaseProposed`);
  const state: CaseState = { ...previous, version: previous.version + 1 };
  const today = localDateOf(event.at);
  switch (event.type) {
    case 'StageApproved':
      return openStage({ ...state, approvals: [...state.approvals, { stage: event.data.stage as ApprovalStage, by: event.actor, at: event.at }] }, event.data.nextStage, event);
    case 'CaseRejected':
    case 'CaseWithdrawn':
    case 'DecisionRevoked':
      return state;
    case 'ReturnedForChanges':
      return openStage(state, 'proposed', event);
    case 'ProposalResubmitted': {
      const c = event.data.changes;
      return openStage(
        {
          ...state,
          receivingUnit: c.receivingUnit ?? state.receivingUnit,
          position: c.position ?? state.position,
          plannedStart: c.plannedStart ?? state.plannedStart,
          term: c.term ?? state.term,
          reason: c.reason ?? state.reason,
          legalBasisOverride: c.legalBasisOverride ?? state.legalBasisOverride,
          approvals: [],
        },
        event.data.firstStage,
        event,
      );
    }
    case 'PartyOpinionRecorded': {
      const { documentNumber, documentDate, opinion, nextStage } = event.data;
      const next = { ...state, partyOpinion: { documentNumber, documentDate, opinion } };
      return nextStage ? openStage(next, nextStage, event) : next;
    }
    case 'DecisionIssued': {
      const d = event.data;
      return openStage(
        {
          ...state,
          decision: {
            number: d.decisionNumber,
            date: d.decisionDate,
            signer: d.signer,
            effectiveDate: d.effectiveDate,
            term: d.term,
            termEnd: d.termEnd,
            attachments: d.attachments,
            legalBasisOverride: d.legalBasisOverride,
            issuedInVersion: state.version,
            corrections: 0,
          },
          termEnd: d.termEnd,
          termEndSetOn: d.termEnd ? today : null,
        },
        'decision_issued',
        event,
      );
    }
    case 'DecisionCorrected': {
      const c = event.data.changes;
      const decision = state.decision!;
      const corrected: CaseState = {
        ...state,
        decision: {
          ...decision,
          number: c.decisionNumber ?? decision.number,
          date: c.decisionDate ?? decision.date,
          signer: c.signer ?? decision.signer,
          effectiveDate: c.effectiveDate ?? decision.effectiveDate,
          term: c.term ?? decision.term,
          termEnd: c.termEnd ?? decision.termEnd,
          legalBasisOverride: c.legalBasisOverride ?? decision.legalBasisOverride,
          corrections: decision.corrections + 1,
        },
        termEnd: c.termEnd ?? state.termEnd,
        termEndSetOn: c.termEnd ? today : state.termEndSetOn,
      };
      return c.termEnd && (state.stage === 'serving' || state.stage === 'ending') ? withTermStage(corrected, c.termEnd, event) : corrected;
    }
    case 'ArrivalConfirmed':
      return openStage({ ...state, arrivedOn: event.data.arrivedOn }, 'posted', event);
    case 'TermStarted':
      return openStage({ ...state, termStarted: true }, 'serving', event);
    case 'EvaluationRecorded':
      return { ...state, evaluations: [...state.evaluations, { period: event.data.period, rating: event.data.rating, at: event.at }] };
    case 'ReportSubmitted':
      return { ...state, reports: state.reports + 1 };
    case 'TermExtended': {
      const { decisionNumber, previousTermEnd, newTermEnd } = event.data;
      const next: CaseState = {
        ...state,
        termEnd: newTermEnd,
        termEndSetOn: today,
        overdue: false,
        extensions: [...state.extensions, { decisionNumber, previousTermEnd, newTermEnd }],
      };
      return withTermStage(next, newTermEnd, event);
    }
    case 'EarlyRecallDecided': {
      const d = event.data;
      const next: CaseState = {
        ...state,
        termEnd: d.lastDay,
        termEndSetOn: today,
        overdue: false,
        endDecision: { kind: 'recall', decisionNumber: d.decisionNumber, decisionDate: d.decisionDate, lastDay: d.lastDay, decidedAt: event.at },
      };
      return state.stage === 'ending' ? next : openStage(next, 'ending', event);
    }
    case 'EndDecided': {
      const d = event.data;
      // Overdue means an end-or-extend decision is missing: deciding, even late, clears it.
      const next: CaseState = { ...state, overdue: false, endDecision: { kind: 'end', decisionNumber: d.decisionNumber, decisionDate: d.decisionDate, lastDay: d.lastDay, decidedAt: event.at } };
      return state.stage === 'ending' ? next : openStage(next, 'ending', event);
    }
    case 'TermCompleted':
      return { ...state, termCompleted: true };
    case 'ReturnConfirmed':
      return openStage({ ...state, returnedOn: event.data.returnedOn, placement: event.data.placement }, 'returned', event);
    case 'CaseClosed':
      return { ...state, stage: 'closed', outcome: event.data.outcome, closedAt: event.at };
    case 'StageDeadlinePassed':
      return { ...state, escalationLevel: event.data.level, firedTimers: fired(state, event.data.timerKey) };
    case 'TermEndReminderDue': {
      const next = { ...state, firedTimers: fired(state, event.data.timerKey) };
      return state.stage === 'serving' ? openStage(next, 'ending', event) : next;
    }
    case 'TermEndOverdue': {
      const next = { ...state, overdue: true, firedTimers: fired(state, event.data.timerKey) };
      return state.stage === 'serving' ? openStage(next, 'ending', event) : next;
    }
    case 'EvaluationDue':
      return { ...state, firedTimers: fired(state, event.data.timerKey) };
  }
}

/** The state after a sequence of events (the whole history of a case). */
export function fold(events: readonly CaseEvent[], from: CaseState | null = null): CaseState | null {
  return events.reduce<CaseState | null>((state, e) => evolve(state, e), from);
}
