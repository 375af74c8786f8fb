import { addDays, compareDates, localDateOf, termEndDate, type LocalDate } from '../calendar';
import { EVALUATION_RATINGS, REPORT_KINDS, type CommandOf } from '../commands';
import { invalid, wrongStage } from '../errors';
import type { CaseEvent } from '../events';
import { pendingTimers } from '../timers';
import { closed, event, type Decide } from './emit';
import { allow, date, notAfterToday, optionalText, termLength, text } from './fields';
import { checkTermLimits } from './terms';
import { MAX_LENGTH } from '../limits';

type TermAction = 'recordEvaluation' | 'submitReport' | 'extend' | 'recallEarly' | 'decideEnd' | 'confirmReturn' | 'fireTimer';

/** The decision every end-of-term decision (extend, recall, end) cites: its number, and its date no later than today. */
function decisionOf(command: CommandOf<'extend' | 'recallEarly' | 'decideEnd'>): { decisionNumber: string; decisionDate: LocalDate } {
  const decisionDate = date(command.decisionDate, 'decisionDate');
  notAfterToday(decisionDate, command, 'decisionDate');
  return { decisionNumber: text(command.decisionNumber, 'decisionNumber', MAX_LENGTH.documentNumber), decisionDate };
}

/** The term: evaluations and reports, its extension, recall or end, the return, and the timers that mark it. */
export const termDeciders: { [T in TermAction]: Decide<T> } = {
  recordEvaluation(command) {
    if (!(EVALUATION_RATINGS as readonly string[]).includes(command.rating)) throw invalid('rating', 'enum', `must be one of ${EVALUATION_RATINGS.join(', ')}`);
    return [
      event(
        'EvaluationRecorded',
        { period: text(command.period, 'period', MAX_LENGTH.period), rating: command.rating, comment: optionalText(command.comment, 'comment'), documentNumber: optionalText(command.documentNumber, 'documentNumber', MAX_LENGTH.documentNumber) },
        command,
      ),
    ];
  },

  submitReport(command) {
    if (!(REPORT_KINDS as readonly string[]).includes(command.kind)) throw invalid('kind', 'enum', `must be one of ${REPORT_KINDS.join(', ')}`);
    return [event('ReportSubmitted', { kind: command.kind, period: text(command.period, 'period', MAX_LENGTH.period), summary: text(command.summary, 'summary', MAX_LENGTH.reportSummary) }, command)];
  },

  extend(command, state) {
    const { decisionNumber, decisionDate } = decisionOf(command);
    const by = termLength(command.by, 'by');
    const previousTermEnd = state.termEnd!;
    // The extension continues the term: it runs from the day after the current end.
    const newTermEnd = termEndDate(addDays(previousTermEnd, 1), by);
    if (compareDates(newTermEnd, localDateOf(command.at)) < 0) throw invalid('by', 'not_in_past', `the extended term would end on ${newTermEnd}, before today`);
    const override = optionalText(command.legalBasisOverride, 'legalBasisOverride', MAX_LENGTH.legalBasis) ?? state.decision!.legalBasisOverride;
    checkTermLimits(state.form, state.decision!.effectiveDate, newTermEnd, state.rules, override, 'by', false);
    return [
      event(
        'TermExtended',
        { decisionNumber, decisionDate, by, previousTermEnd, newTermEnd, reason: text(command.reason, 'reason'), legalBasisOverride: override },
        command,
      ),
    ];
  },

  recallEarly(command, state) {
    const { decisionNumber, decisionDate } = decisionOf(command);
    const lastDay = date(command.lastDay, 'lastDay');
    const today = localDateOf(command.at);
    if (compareDates(lastDay, today) < 0) throw invalid('lastDay', 'not_in_past', `cannot be before today (${today})`);
    if (compareDates(lastDay, state.termEnd!) >= 0) throw invalid('lastDay', 'before_term_end', `must be before the term's last day ${state.termEnd!}; otherwise decide the end`);
    return [
      event(
        'EarlyRecallDecided',
        { decisionNumber, decisionDate, previousTermEnd: state.termEnd!, lastDay, reason: text(command.reason, 'reason') },
        command,
      ),
    ];
  },

  decideEnd(command, state) {
    const { decisionNumber, decisionDate } = decisionOf(command);
    return [event('EndDecided', { decisionNumber, decisionDate, lastDay: state.termEnd!, reason: optionalText(command.reason, 'reason') }, command)];
  },

  confirmReturn(command, state) {
    const returnedOn = date(command.returnedOn, 'returnedOn');
    notAfterToday(returnedOn, command, 'returnedOn');
    if (compareDates(returnedOn, state.termEnd!) <= 0) throw invalid('returnedOn', 'after_term', `must be after the term's last day ${state.termEnd!}`);
    const p = (command.placement ?? {});
    const placement = { position: text(p.position, 'placement.position', MAX_LENGTH.position), unitName: text(p.unitName, 'placement.unitName', MAX_LENGTH.unitName), note: optionalText(p.note, 'placement.note') };
    return [event('ReturnConfirmed', { returnedOn, placement }, command), closed('returned', command)];
  },

  fireTimer(command, state) {
    allow(command.actor.role === 'system', 'firing a timer', 'the system');
    const timer = pendingTimers(state).find((t) => t.key === command.key);
    if (!timer) throw wrongStage(state.stage, `timer ${command.key} is not pending`);
    if (timer.at > Date.parse(command.at)) throw wrongStage(state.stage, `timer ${command.key} is due at ${new Date(timer.at).toISOString()}`);
    return [event(timer.event.type, timer.event.data, command) as CaseEvent];
  },
};
