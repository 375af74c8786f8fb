import { termEndDate } from '../calendar';
import { invalid } from '../errors';
import type { EventPayloads } from '../events';
import type { ApprovalStage } from '../rules';
import { closed, event, firstStage, stageAfter, type Decide } from './emit';
import { date, notAfterToday, optionalText, text, unit } from './fields';
import { checkTermLimits, resolveTerm } from './terms';
import { MAX_LENGTH } from '../limits';

type ApprovalAction = 'approve' | 'reject' | 'returnForChanges' | 'resubmit' | 'withdraw' | 'recordPartyOpinion';

/** Before the decision: the review of each approval stage, the proposer's changes and the withdrawal. */
export const approvalDeciders: { [T in ApprovalAction]: Decide<T> } = {
  approve(command, state) {
    const stage = state.stage as ApprovalStage;
    const comment = optionalText(command.comment, 'comment');
    return [event('StageApproved', { stage, comment, nextStage: stageAfter(state, stage) }, command)];
  },

  reject(command, state) {
    const stage = state.stage as ApprovalStage | 'awaiting_decision';
    const reason = text(command.reason, 'reason');
    return [event('CaseRejected', { stage, reason }, command), closed('rejected', command)];
  },

  returnForChanges(command, state) {
    const stage = state.stage as ApprovalStage;
    return [event('ReturnedForChanges', { stage, reason: text(command.reason, 'reason') }, command)];
  },

  resubmit(command, state) {
    const input = (command.changes ?? {});
    if (typeof input !== 'object') throw invalid('changes', 'object', 'must be an object');
    const changes: EventPayloads['ProposalResubmitted']['changes'] = {};
    if (input.receivingUnit !== undefined) changes.receivingUnit = unit(input.receivingUnit, 'changes.receivingUnit');
    if (input.position !== undefined) changes.position = text(input.position, 'changes.position', MAX_LENGTH.position);
    if (input.plannedStart !== undefined) changes.plannedStart = date(input.plannedStart, 'changes.plannedStart');
    if (input.term !== undefined) changes.term = resolveTerm(state.form, input.term, state.rules, 'changes.term') ?? undefined;
    if (input.reason !== undefined) changes.reason = text(input.reason, 'changes.reason');
    if (input.legalBasisOverride !== undefined) changes.legalBasisOverride = text(input.legalBasisOverride, 'changes.legalBasisOverride', MAX_LENGTH.legalBasis);
    if (changes.receivingUnit?.id === state.sendingUnit.id) throw invalid('changes.receivingUnit', 'different_units', 'must differ from the sending unit');
    const start = changes.plannedStart ?? state.plannedStart;
    const term = changes.term ?? state.term;
    if (term) checkTermLimits(state.form, start, termEndDate(start, term), state.rules, changes.legalBasisOverride ?? state.legalBasisOverride, 'changes.term');
    return [event('ProposalResubmitted', { changes, comment: optionalText(command.comment, 'comment'), firstStage: firstStage(state.rules, state.form) }, command)];
  },

  withdraw(command, state) {
    return [event('CaseWithdrawn', { stage: state.stage, reason: text(command.reason, 'reason') }, command), closed('withdrawn', command)];
  },

  recordPartyOpinion(command, state) {
    const stage = state.stage as ApprovalStage;
    if (command.opinion !== 'agree' && command.opinion !== 'disagree') throw invalid('opinion', 'enum', 'must be agree or disagree');
    const documentDate = date(command.documentDate, 'documentDate');
    notAfterToday(documentDate, command, 'documentDate');
    const opinion = {
      documentNumber: text(command.documentNumber, 'documentNumber', MAX_LENGTH.documentNumber),
      documentDate,
      opinion: command.opinion,
      comment: optionalText(command.comment, 'comment'),
    };
    if (command.opinion === 'disagree') {
      if (!opinion.comment) throw invalid('comment', 'required', 'the reason for disagreeing is required');
      return [
        event('PartyOpinionRecorded', { ...opinion, nextStage: null }, command),
        event('CaseRejected', { stage, reason: opinion.comment }, command),
        closed('rejected', command),
      ];
    }
    return [event('PartyOpinionRecorded', { ...opinion, nextStage: stageAfter(state, stage) as 'awaiting_decision' }, command)];
  },
};
