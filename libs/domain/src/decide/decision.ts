import { addMonths, compareDates, localDateOf, termEndDate } from '../calendar';
import type { CaseEvent, EventPayloads } from '../events';
import { invalid, ruleBroken, wrongStage } from '../errors';
import { LEGAL_BASIS } from '../legal-basis';
import { closed, event, type Decide } from './emit';
import { attachments, date, notAfterToday, optionalText, signer, termLength, text } from './fields';
import { checkTermLimits, resolveTerm } from './terms';
import { MAX_LENGTH } from '../limits';

type DecisionAction = 'issueDecision' | 'correctDecision' | 'revokeDecision' | 'confirmArrival';

/** The decision: issuing it with its dossier, correcting or revoking it, and the official's arrival. */
export const decisionDeciders: { [T in DecisionAction]: Decide<T> } = {
  issueDecision(command, state) {
    const decisionNumber = text(command.decisionNumber, 'decisionNumber', MAX_LENGTH.documentNumber);
    const decisionDate = date(command.decisionDate, 'decisionDate');
    notAfterToday(decisionDate, command, 'decisionDate');
    const effectiveDate = date(command.effectiveDate, 'effectiveDate');
    if (compareDates(effectiveDate, decisionDate) < 0) throw invalid('effectiveDate', 'not_before_decision', `cannot be before the decision date ${decisionDate}`);
    const files = attachments(command.attachments ?? [], 'attachments');
    const missing = state.rules.requiredDecisionAttachments.filter((kind) => !files.some((file) => file.kind === kind));
    if (missing.length > 0)
      throw ruleBroken('decision_dossier', `the decision needs these documents attached first: ${missing.join(', ')}`, LEGAL_BASIS.decisionDossier, 'attachments');
    if (state.form === 'rotation') {
      // A rotation dossier carries a health certificate issued within the 6 months before the decision.
      const oldest = addMonths(decisionDate, -6);
      const fresh = files.some((file) => file.kind === 'health_certificate' && file.issuedOn !== undefined && compareDates(file.issuedOn, oldest) >= 0 && compareDates(file.issuedOn, decisionDate) <= 0);
      if (!fresh)
        throw ruleBroken(
          'rotation_health_certificate',
          `a rotation needs a health certificate (with its issuedOn) issued on or after ${oldest} and not after the decision date`,
          LEGAL_BASIS.rotationHealthCertificate,
          'attachments',
        );
    }
    const term = command.term === undefined ? state.term : resolveTerm(state.form, command.term, state.rules, 'term');
    const override = optionalText(command.legalBasisOverride, 'legalBasisOverride', MAX_LENGTH.legalBasis) ?? state.legalBasisOverride;
    const termEnd = term ? termEndDate(effectiveDate, term) : null;
    if (termEnd) checkTermLimits(state.form, effectiveDate, termEnd, state.rules, override, 'term');
    return [
      event('DecisionIssued', { decisionNumber, decisionDate, signer: signer(command.signer, 'signer'), effectiveDate, term, termEnd, attachments: files, legalBasisOverride: override }, command),
    ];
  },

  correctDecision(command, state) {
    const decision = state.decision!;
    const documentDate = date(command.documentDate, 'documentDate');
    notAfterToday(documentDate, command, 'documentDate');
    const input = (command.changes ?? {});
    const changes: EventPayloads['DecisionCorrected']['changes'] = {};
    if (input.decisionNumber !== undefined) changes.decisionNumber = text(input.decisionNumber, 'changes.decisionNumber', MAX_LENGTH.documentNumber);
    if (input.decisionDate !== undefined) changes.decisionDate = date(input.decisionDate, 'changes.decisionDate');
    if (input.signer !== undefined) changes.signer = signer(input.signer, 'changes.signer');
    if (input.legalBasisOverride !== undefined) changes.legalBasisOverride = text(input.legalBasisOverride, 'changes.legalBasisOverride', MAX_LENGTH.legalBasis);
    if (input.effectiveDate !== undefined) {
      if (state.termStarted) throw wrongStage(state.stage, 'the effective date cannot be corrected once the term has started');
      changes.effectiveDate = date(input.effectiveDate, 'changes.effectiveDate');
    }
    if (input.term !== undefined) {
      if (state.form === 'transfer') throw invalid('changes.term', 'transfer_has_no_term', 'a transfer has no term');
      if (state.extensions.length > 0 || state.endDecision) throw wrongStage(state.stage, 'the term cannot be corrected after an extension or an end decision; decide those again instead');
      changes.term = termLength(input.term, 'changes.term');
    }
    if (Object.keys(changes).length === 0) throw invalid('changes', 'required', 'must change at least one field of the decision');
    const effectiveDate = changes.effectiveDate ?? decision.effectiveDate;
    const decisionDate = changes.decisionDate ?? decision.date;
    if (compareDates(effectiveDate, decisionDate) < 0) throw invalid('changes.effectiveDate', 'not_before_decision', `cannot be before the decision date ${decisionDate}`);
    const term = changes.term ?? decision.term;
    if (term && (changes.term || changes.effectiveDate)) {
      const termEnd = termEndDate(effectiveDate, term);
      if (state.termStarted && compareDates(termEnd, localDateOf(command.at)) < 0)
        throw invalid('changes.term', 'not_in_past', `the corrected term would have ended on ${termEnd}, before today`);
      checkTermLimits(state.form, effectiveDate, termEnd, state.rules, changes.legalBasisOverride ?? decision.legalBasisOverride, 'changes.term');
      changes.termEnd = termEnd;
    }
    return [
      event(
        'DecisionCorrected',
        {
          correctsVersion: decision.issuedInVersion,
          correctsDecisionNumber: decision.number,
          documentNumber: text(command.documentNumber, 'documentNumber', MAX_LENGTH.documentNumber),
          documentDate,
          reason: text(command.reason, 'reason'),
          changes,
        },
        command,
      ),
    ];
  },

  revokeDecision(command, state) {
    const documentDate = date(command.documentDate, 'documentDate');
    notAfterToday(documentDate, command, 'documentDate');
    const decision = state.decision!;
    return [
      event(
        'DecisionRevoked',
        { revokesVersion: decision.issuedInVersion, revokesDecisionNumber: decision.number, documentNumber: text(command.documentNumber, 'documentNumber', MAX_LENGTH.documentNumber), documentDate, reason: text(command.reason, 'reason') },
        command,
      ),
      closed('revoked', command),
    ];
  },

  confirmArrival(command, state) {
    const arrivedOn = date(command.arrivedOn, 'arrivedOn');
    notAfterToday(arrivedOn, command, 'arrivedOn');
    if (compareDates(arrivedOn, state.decision!.date) < 0) throw invalid('arrivedOn', 'not_before_decision', `cannot be before the decision date ${state.decision!.date}`);
    const events: CaseEvent[] = [event('ArrivalConfirmed', { arrivedOn, assignedWork: optionalText(command.assignedWork, 'assignedWork') }, command)];
    // A transfer is permanent: it ends when the official is received.
    if (state.form === 'transfer') events.push(closed('transferred', command));
    return events;
  },
};
