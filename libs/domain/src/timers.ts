import { addDays, addMonths, addWorkingDays, compareDates, endOfLocalDay, localDateOf, startOfLocalDay, type LocalDate } from './calendar';
import type { CaseState } from './case';
import type { EventPayloads } from './events';
import { sortedReminders, TIMED_STAGES, type TimedStage } from './rules';

type TimerEvent =
  | { type: 'StageDeadlinePassed'; data: EventPayloads['StageDeadlinePassed'] }
  | { type: 'TermEndReminderDue'; data: EventPayloads['TermEndReminderDue'] }
  | { type: 'TermEndOverdue'; data: EventPayloads['TermEndOverdue'] }
  | { type: 'EvaluationDue'; data: EventPayloads['EvaluationDue'] }
  | { type: 'TermStarted'; data: EventPayloads['TermStarted'] }
  | { type: 'TermCompleted'; data: EventPayloads['TermCompleted'] };

/**
 * A moment the case must act on by itself. Timers are derived from the state, never stored: an
 * extension, a correction or a recall changes the state, and so the timers, with nothing to cancel.
 * A key names the timer with its anchor (the stage opening, the term end), so a moved term end
 * gives new reminders, and a fired key never fires again.
 */
export interface CaseTimer {
  key: string;
  /** Epoch milliseconds. */
  at: number;
  event: TimerEvent;
}

export function isTimedStage(stage: string): stage is TimedStage {
  return (TIMED_STAGES as readonly string[]).includes(stage);
}

/** The deadline (last day) of the stage the case is in, if that stage has one. */
export function stageDeadline(state: CaseState): LocalDate | null {
  if (!isTimedStage(state.stage)) return null;
  const rule = state.rules.deadlines[state.stage];
  return addWorkingDays(localDateOf(state.stageOpenedAt), rule.workingDays, state.rules.calendar);
}

/** Every timer not yet fired, earliest first. */
export function pendingTimers(state: CaseState | null): CaseTimer[] {
  if (!state || state.stage === 'closed' || state.stage === 'returned' || state.stage === 'new') return [];
  const timers: CaseTimer[] = [];
  const fired = new Set(state.firedTimers);
  const add = (timer: CaseTimer) => {
    if (!fired.has(timer.key)) timers.push(timer);
  };

  const deadline = stageDeadline(state);
  if (deadline && isTimedStage(state.stage)) {
    const stage = state.stage;
    state.rules.deadlines[stage].escalations.forEach((after, index) => {
      const key = `deadline:${stage}:v${state.stageOpenedVersion}:${index + 1}`;
      add({
        key,
        at: endOfLocalDay(addWorkingDays(deadline, after, state.rules.calendar)),
        event: { type: 'StageDeadlinePassed', data: { stage, deadline, level: index + 1, timerKey: key } },
      });
    });
  }

  const decision = state.decision;
  if (state.stage === 'posted' && decision && !state.termStarted) {
    add({
      key: `term-start:${decision.effectiveDate}`,
      at: startOfLocalDay(decision.effectiveDate),
      event: { type: 'TermStarted', data: { effectiveDate: decision.effectiveDate, termEnd: state.termEnd } },
    });
  }

  const termEnd = state.termEnd;
  const inTerm = state.stage === 'posted' || state.stage === 'serving' || state.stage === 'ending';
  if (inTerm && termEnd && decision) {
    for (const daysBefore of sortedReminders(state.rules)) {
      const on = addDays(termEnd, -daysBefore);
      // A reminder dated before its term end was set (a short term, an extension, a recall) is not sent late.
      if (state.termEndSetOn && compareDates(on, state.termEndSetOn) < 0) continue;
      const key = `reminder:${termEnd}:${daysBefore}`;
      add({ key, at: startOfLocalDay(on), event: { type: 'TermEndReminderDue', data: { termEnd, daysBefore, timerKey: key } } });
    }
    if (state.termStarted && !state.endDecision) {
      const key = `overdue:${termEnd}`;
      add({ key, at: endOfLocalDay(termEnd), event: { type: 'TermEndOverdue', data: { termEnd, timerKey: key } } });
    }
    if (state.termStarted && state.endDecision && !state.termCompleted) {
      add({ key: `completed:${termEnd}`, at: endOfLocalDay(termEnd), event: { type: 'TermCompleted', data: { lastDay: termEnd } } });
    }
    if (state.termStarted && !state.termCompleted) {
      const interval = state.rules.evaluationIntervalMonths;
      for (let period = 1; ; period += 1) {
        const dueOn = addMonths(decision.effectiveDate, period * interval);
        if (compareDates(dueOn, termEnd) > 0) break;
        const key = `evaluation:${decision.effectiveDate}:${period}`;
        add({ key, at: startOfLocalDay(dueOn), event: { type: 'EvaluationDue', data: { period, dueOn, timerKey: key } } });
      }
    }
  }
  return timers.sort((a, b) => a.at - b.at || a.key.localeCompare(b.key));
}

/** The earliest pending timer, if any. */
export function nextTimer(state: CaseState | null): CaseTimer | undefined {
  return pendingTimers(state)[0];
}
