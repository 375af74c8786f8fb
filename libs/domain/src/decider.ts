import { addDays, addMonths, compareDates, isLocalDate, localDateOf, termEndDate, type LocalDate, type TermLength } from './calendar';
import { ROLES, type Actor, type Attachment, type CaseState, type Signer, type Stage, type Unit } from './case';
import { EVALUATION_RATINGS, REPORT_KINDS, type CaseCommand, type CommandMeta, type CommandOf, type CommandType } from './commands';
import { BEFORE_POSTING, IN_TERM, is } from './authority';
import { OVERRIDABLE_RULES, type EligibilityOverride, type OverridableRule } from './eligibility';
import { forbidden, invalid, ruleBroken, wrongStage } from './errors';
import type { CaseEvent, EventOf, EventPayloads, EventType } from './events';
import { ATTACHMENT_KINDS, CASE_FORMS, rulesProblems, sortedReminders, type ApprovalStage, type CaseForm, type CaseRules } from './rules';
import { pendingTimers } from './timers';

const LEGAL_BASIS = {
  secondmentCap: 'Luật Cán bộ, công chức 2025; Nghị định 170/2025/NĐ-CP (biệt phái tối đa 36 tháng)',
  reinforcementCap: 'Tăng cường là biệt phái ngắn hạn, tối đa 6 tháng; dài hơn là biệt phái',
  rotationMin: 'Quy định 65-QĐ/TW (luân chuyển tối thiểu 36 tháng)',
  rotationHealthCertificate: 'Quy định 65-QĐ/TW; hồ sơ luân chuyển có giấy chứng nhận sức khỏe trong thời hạn 6 tháng',
  decisionDossier: 'Nghị định 170/2025/NĐ-CP (văn bản thống nhất của hai cơ quan, biên bản gặp công chức)',
  separationOfDuties: 'Phân công, phân nhiệm: không ai tự phê duyệt đề xuất của mình',
};

// ---------------------------------------------------------------------------------------------
// Field checks: each refusal names the field and the rule.

function text(value: unknown, field: string, max = 2000): string {
  if (typeof value !== 'string' || value.trim() === '') throw invalid(field, 'required', 'is required and must be non-empty text');
  if (value.length > max) throw invalid(field, 'max_length', `must be at most ${max} characters`);
  return value.trim();
}

function optionalText(value: unknown, field: string, max = 2000): string | null {
  if (value === undefined || value === null) return null;
  return text(value, field, max);
}

function date(value: unknown, field: string): LocalDate {
  if (!isLocalDate(value)) throw invalid(field, 'date', 'must be a calendar date YYYY-MM-DD');
  return value;
}

function termLength(value: unknown, field: string): TermLength {
  if (typeof value !== 'object' || value === null) throw invalid(field, 'term', 'must be { months, days }');
  const { months, days } = value as Partial<TermLength>;
  if (!Number.isInteger(months) || (months as number) < 0 || (months as number) > 120)
    throw invalid(`${field}.months`, 'whole_number', 'must be a whole number of months from 0 to 120');
  if (!Number.isInteger(days) || (days as number) < 0 || (days as number) > 366)
    throw invalid(`${field}.days`, 'whole_number', 'must be a whole number of days from 0 to 366');
  if (months === 0 && days === 0) throw invalid(field, 'positive_term', 'must be longer than zero');
  return { months: months as number, days: days as number };
}

function unit(value: unknown, field: string): Unit {
  if (typeof value !== 'object' || value === null) throw invalid(field, 'required', 'is required: { id, name, kind }');
  const u = value as Partial<Unit>;
  if (u.kind !== 'department' && u.kind !== 'commune') throw invalid(`${field}.kind`, 'enum', 'must be department or commune');
  return { id: text(u.id, `${field}.id`, 200), name: text(u.name, `${field}.name`, 300), kind: u.kind };
}

function signer(value: unknown, field: string): Signer {
  if (typeof value !== 'object' || value === null) throw invalid(field, 'required', 'is required: { name, title }');
  const s = value as Partial<Signer>;
  return { name: text(s.name, `${field}.name`, 200), title: text(s.title, `${field}.title`, 200) };
}

function attachments(value: unknown, field: string): Attachment[] {
  if (!Array.isArray(value)) throw invalid(field, 'list', 'must be a list of attachments');
  return value.map((item: unknown, i) => {
    const a = (item ?? {}) as Partial<Attachment>;
    if (!(ATTACHMENT_KINDS as readonly unknown[]).includes(a.kind)) throw invalid(`${field}[${i}].kind`, 'enum', `must be one of ${ATTACHMENT_KINDS.join(', ')}`);
    const file: Attachment = { kind: a.kind as Attachment['kind'], documentId: text(a.documentId, `${field}[${i}].documentId`, 200), name: text(a.name, `${field}[${i}].name`, 300) };
    if (a.issuedOn !== undefined) file.issuedOn = date(a.issuedOn, `${field}[${i}].issuedOn`);
    return file;
  });
}

function notAfterToday(day: LocalDate, meta: CommandMeta, field: string): void {
  if (compareDates(day, localDateOf(meta.at)) > 0) throw invalid(field, 'not_in_future', `cannot be later than today (${localDateOf(meta.at)})`);
}

function checkActor(actor: Actor): void {
  if (typeof actor !== 'object' || actor === null) throw invalid('actor', 'required', 'is required');
  text(actor.id, 'actor.id', 200);
  if (!(ROLES as readonly string[]).includes(actor.role)) throw invalid('actor.role', 'enum', `must be one of ${ROLES.join(', ')}`);
}

// ---------------------------------------------------------------------------------------------
// Terms and their legal limits.

function resolveTerm(form: CaseForm, term: unknown, rules: CaseRules, field: string): TermLength | null {
  if (form === 'transfer') {
    if (term !== undefined && term !== null) throw invalid(field, 'transfer_has_no_term', 'a transfer (điều động) is permanent and has no term');
    return null;
  }
  if (term !== undefined && term !== null) return termLength(term, field);
  const months = rules.terms[form].defaultMonths;
  if (!months) throw invalid(field, 'required', `is required for a ${form}`);
  return { months, days: 0 };
}

/** A term from `start` ending on `termEnd` must respect the form's cap and minimum. */
function checkTermLimits(form: CaseForm, start: LocalDate, termEnd: LocalDate, rules: CaseRules, override: string | null, field: string, checkMinimum = true): void {
  if (form === 'transfer') return;
  const rule = rules.terms[form];
  if (rule.maxTotalMonths) {
    const cap = termEndDate(start, { months: rule.maxTotalMonths, days: 0 });
    if (compareDates(termEnd, cap) > 0) {
      const canOverride = rule.overridableWithLegalBasis === true;
      if (!(canOverride && override)) {
        const basis = form === 'secondment' ? LEGAL_BASIS.secondmentCap : LEGAL_BASIS.reinforcementCap;
        throw ruleBroken(
          `${form}_term_cap`,
          `a ${form} from ${start} may last at most ${rule.maxTotalMonths} months in total, to ${cap}; this term ends ${termEnd}` +
            (canOverride ? '. A longer term needs legalBasisOverride citing the specific law that allows it' : ''),
          basis,
          field,
        );
      }
    }
  }
  if (checkMinimum && rule.minMonths) {
    const minimum = termEndDate(start, { months: rule.minMonths, days: 0 });
    if (compareDates(termEnd, minimum) < 0)
      throw ruleBroken(`${form}_min_term`, `a ${form} lasts at least ${rule.minMonths} months: from ${start} to ${minimum} or later`, LEGAL_BASIS.rotationMin, field);
  }
}

// ---------------------------------------------------------------------------------------------
// Who may act. The API has checked role, scope and delegation; the case re-checks what it knows.


function allow(condition: boolean, action: string, who: string): void {
  if (!condition) throw forbidden('not_authorised', `${action} is for ${who}`);
}

function notAboutThemselves(actor: Actor, state: CaseState): void {
  if (is.theOfficial(actor, state)) throw forbidden('own_case', 'nobody may act on a case that concerns themselves');
}

function notTheProposer(actor: Actor, state: CaseState, action: string): void {
  // A deputy stands in for the approver: neither of them may have proposed the case.
  if (is.proposerOrTheirDeputy(actor, state)) throw ruleBroken('separation_of_duties', `the proposer of a case cannot ${action} it`, LEGAL_BASIS.separationOfDuties);
}

function inStage(state: CaseState, stages: readonly (Stage | 'new')[], action: string): void {
  if (!stages.includes(state.stage)) throw wrongStage(state.stage, `${action} is not possible at stage ${state.stage} (possible at: ${stages.join(', ')})`);
}

// ---------------------------------------------------------------------------------------------

function event<T extends EventType>(type: T, data: EventPayloads[T], meta: CommandMeta): EventOf<T> {
  return { type, data, actor: meta.actor, at: meta.at, requestId: meta.requestId ?? null };
}

function closed(outcome: EventPayloads['CaseClosed']['outcome'], meta: CommandMeta): EventOf<'CaseClosed'> {
  return event('CaseClosed', { outcome }, meta);
}

function approvalPath(state: CaseState): ApprovalStage[] {
  return state.rules.approvalStages[state.form];
}

function stageAfter(state: CaseState, stage: ApprovalStage): ApprovalStage | 'awaiting_decision' {
  const path = approvalPath(state);
  return path[path.indexOf(stage) + 1] ?? 'awaiting_decision';
}

function firstStage(rules: CaseRules, form: CaseForm): ApprovalStage | 'awaiting_decision' {
  return rules.approvalStages[form][0] ?? 'awaiting_decision';
}


/**
 * The checks every end-of-term decision shares (extend, recall, end): in the term, by the sending
 * head or Home Affairs, no end decided yet, and a decision dated no later than today.
 */
function termDecision(command: CommandOf<'extend' | 'recallEarly' | 'decideEnd'>, state: CaseState, action: string): { decisionNumber: string; decisionDate: LocalDate } {
  inStage(state, IN_TERM, action);
  notAboutThemselves(command.actor, state);
  allow(is.sendingHead(command.actor, state) || is.homeAffairs(command.actor), action, 'the head of the sending unit or the Home Affairs office');
  if (state.endDecision) throw wrongStage(state.stage, `the end is already decided (${state.endDecision.decisionNumber}); ${action} is no longer possible`);
  const decisionDate = date(command.decisionDate, 'decisionDate');
  notAfterToday(decisionDate, command, 'decisionDate');
  return { decisionNumber: text(command.decisionNumber, 'decisionNumber', 100), decisionDate };
}

type Decide<T extends CommandType> = (command: CommandOf<T>, state: CaseState) => CaseEvent[];

const deciders: { [T in Exclude<CommandType, 'propose'>]: Decide<T> } = {
  approve(command, state) {
    inStage(state, ['department_review', 'home_affairs_appraisal'], 'approve');
    const stage = state.stage as ApprovalStage;
    notAboutThemselves(command.actor, state);
    if (stage === 'department_review') allow(is.sendingHead(command.actor, state), 'department review', `the head of ${state.sendingUnit.name}`);
    else allow(is.homeAffairs(command.actor), 'appraisal', 'the Home Affairs office');
    notTheProposer(command.actor, state, 'approve');
    const comment = optionalText(command.comment, 'comment');
    return [event('StageApproved', { stage, comment, nextStage: stageAfter(state, stage) }, command)];
  },

  reject(command, state) {
    inStage(state, ['department_review', 'home_affairs_appraisal', 'awaiting_decision'], 'reject');
    notAboutThemselves(command.actor, state);
    const stage = state.stage as ApprovalStage | 'awaiting_decision';
    if (stage === 'department_review') allow(is.sendingHead(command.actor, state), 'department review', `the head of ${state.sendingUnit.name}`);
    else allow(is.homeAffairs(command.actor), 'rejecting at this stage', 'the Home Affairs office');
    notTheProposer(command.actor, state, 'reject');
    const reason = text(command.reason, 'reason');
    return [event('CaseRejected', { stage, reason }, command), closed('rejected', command)];
  },

  returnForChanges(command, state) {
    inStage(state, ['department_review', 'home_affairs_appraisal'], 'return for changes');
    notAboutThemselves(command.actor, state);
    const stage = state.stage as ApprovalStage;
    if (stage === 'department_review') allow(is.sendingHead(command.actor, state), 'department review', `the head of ${state.sendingUnit.name}`);
    else allow(is.homeAffairs(command.actor), 'appraisal', 'the Home Affairs office');
    notTheProposer(command.actor, state, 'return');
    return [event('ReturnedForChanges', { stage, reason: text(command.reason, 'reason') }, command)];
  },

  resubmit(command, state) {
    inStage(state, ['proposed'], 'resubmit');
    notAboutThemselves(command.actor, state);
    allow(is.proposer(command.actor, state) || is.sendingHr(command.actor, state), 'resubmitting', 'the proposer or an HR officer of the sending unit');
    const input = (command.changes ?? {});
    if (typeof input !== 'object') throw invalid('changes', 'object', 'must be an object');
    const changes: EventPayloads['ProposalResubmitted']['changes'] = {};
    if (input.receivingUnit !== undefined) changes.receivingUnit = unit(input.receivingUnit, 'changes.receivingUnit');
    if (input.position !== undefined) changes.position = text(input.position, 'changes.position', 300);
    if (input.plannedStart !== undefined) changes.plannedStart = date(input.plannedStart, 'changes.plannedStart');
    if (input.term !== undefined) changes.term = resolveTerm(state.form, input.term, state.rules, 'changes.term') ?? undefined;
    if (input.reason !== undefined) changes.reason = text(input.reason, 'changes.reason');
    if (input.legalBasisOverride !== undefined) changes.legalBasisOverride = text(input.legalBasisOverride, 'changes.legalBasisOverride', 500);
    if (changes.receivingUnit?.id === state.sendingUnit.id) throw invalid('changes.receivingUnit', 'different_units', 'must differ from the sending unit');
    const start = changes.plannedStart ?? state.plannedStart;
    const term = changes.term ?? state.term;
    if (term) checkTermLimits(state.form, start, termEndDate(start, term), state.rules, changes.legalBasisOverride ?? state.legalBasisOverride, 'changes.term');
    return [event('ProposalResubmitted', { changes, comment: optionalText(command.comment, 'comment'), firstStage: firstStage(state.rules, state.form) }, command)];
  },

  withdraw(command, state) {
    inStage(state, BEFORE_POSTING, 'withdraw');
    notAboutThemselves(command.actor, state);
    allow(
      is.proposer(command.actor, state) || is.sendingHr(command.actor, state) || is.sendingHead(command.actor, state) || is.homeAffairs(command.actor),
      'withdrawing',
      'the proposer, the sending unit or the Home Affairs office',
    );
    return [event('CaseWithdrawn', { stage: state.stage, reason: text(command.reason, 'reason') }, command), closed('withdrawn', command)];
  },

  recordPartyOpinion(command, state) {
    inStage(state, ['party_committee_approval'], "record the Party committee's opinion");
    notAboutThemselves(command.actor, state);
    allow(is.partySecretariat(command.actor), "recording the standing committee's opinion", 'the Party committee secretariat');
    notTheProposer(command.actor, state, 'record an opinion on');
    if (command.opinion !== 'agree' && command.opinion !== 'disagree') throw invalid('opinion', 'enum', 'must be agree or disagree');
    const documentDate = date(command.documentDate, 'documentDate');
    notAfterToday(documentDate, command, 'documentDate');
    const opinion = {
      documentNumber: text(command.documentNumber, 'documentNumber', 100),
      documentDate,
      opinion: command.opinion,
      comment: optionalText(command.comment, 'comment'),
    };
    if (command.opinion === 'disagree') {
      if (!opinion.comment) throw invalid('comment', 'required', 'the reason for disagreeing is required');
      return [
        event('PartyOpinionRecorded', { ...opinion, nextStage: null }, command),
        event('CaseRejected', { stage: 'party_committee_approval', reason: opinion.comment }, command),
        closed('rejected', command),
      ];
    }
    return [event('PartyOpinionRecorded', { ...opinion, nextStage: stageAfter(state, 'party_committee_approval') as 'awaiting_decision' }, command)];
  },

  issueDecision(command, state) {
    inStage(state, ['awaiting_decision'], 'issue the decision');
    notAboutThemselves(command.actor, state);
    allow(is.homeAffairs(command.actor) || is.sendingHead(command.actor, state), 'recording the decision', 'the Home Affairs office or the head of the sending unit');
    const decisionNumber = text(command.decisionNumber, 'decisionNumber', 100);
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
    const override = optionalText(command.legalBasisOverride, 'legalBasisOverride', 500) ?? state.legalBasisOverride;
    const termEnd = term ? termEndDate(effectiveDate, term) : null;
    if (termEnd) checkTermLimits(state.form, effectiveDate, termEnd, state.rules, override, 'term');
    return [
      event('DecisionIssued', { decisionNumber, decisionDate, signer: signer(command.signer, 'signer'), effectiveDate, term, termEnd, attachments: files, legalBasisOverride: override }, command),
    ];
  },

  correctDecision(command, state) {
    inStage(state, ['decision_issued', 'posted', 'serving', 'ending'], 'correct the decision');
    notAboutThemselves(command.actor, state);
    allow(is.homeAffairs(command.actor) || is.sendingHead(command.actor, state), 'correcting the decision', 'the Home Affairs office or the head of the sending unit');
    const decision = state.decision!;
    const documentDate = date(command.documentDate, 'documentDate');
    notAfterToday(documentDate, command, 'documentDate');
    const input = (command.changes ?? {});
    const changes: EventPayloads['DecisionCorrected']['changes'] = {};
    if (input.decisionNumber !== undefined) changes.decisionNumber = text(input.decisionNumber, 'changes.decisionNumber', 100);
    if (input.decisionDate !== undefined) changes.decisionDate = date(input.decisionDate, 'changes.decisionDate');
    if (input.signer !== undefined) changes.signer = signer(input.signer, 'changes.signer');
    if (input.legalBasisOverride !== undefined) changes.legalBasisOverride = text(input.legalBasisOverride, 'changes.legalBasisOverride', 500);
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
          documentNumber: text(command.documentNumber, 'documentNumber', 100),
          documentDate,
          reason: text(command.reason, 'reason'),
          changes,
        },
        command,
      ),
    ];
  },

  revokeDecision(command, state) {
    inStage(state, ['decision_issued', 'posted'], 'revoke the decision');
    notAboutThemselves(command.actor, state);
    allow(is.homeAffairs(command.actor) || is.sendingHead(command.actor, state), 'revoking the decision', 'the Home Affairs office or the head of the sending unit');
    const documentDate = date(command.documentDate, 'documentDate');
    notAfterToday(documentDate, command, 'documentDate');
    const decision = state.decision!;
    return [
      event(
        'DecisionRevoked',
        { revokesVersion: decision.issuedInVersion, revokesDecisionNumber: decision.number, documentNumber: text(command.documentNumber, 'documentNumber', 100), documentDate, reason: text(command.reason, 'reason') },
        command,
      ),
      closed('revoked', command),
    ];
  },

  confirmArrival(command, state) {
    inStage(state, ['decision_issued'], 'confirm arrival');
    notAboutThemselves(command.actor, state);
    allow(is.receivingLeader(command.actor, state), 'confirming arrival', `the leader of ${state.receivingUnit.name}`);
    const arrivedOn = date(command.arrivedOn, 'arrivedOn');
    notAfterToday(arrivedOn, command, 'arrivedOn');
    if (compareDates(arrivedOn, state.decision!.date) < 0) throw invalid('arrivedOn', 'not_before_decision', `cannot be before the decision date ${state.decision!.date}`);
    const events: CaseEvent[] = [event('ArrivalConfirmed', { arrivedOn, assignedWork: optionalText(command.assignedWork, 'assignedWork') }, command)];
    // A transfer is permanent: it ends when the official is received.
    if (state.form === 'transfer') events.push(closed('transferred', command));
    return events;
  },

  recordEvaluation(command, state) {
    inStage(state, IN_TERM, 'record an evaluation');
    notAboutThemselves(command.actor, state);
    allow(is.receivingLeader(command.actor, state), 'evaluating the work', `the leader of ${state.receivingUnit.name}`);
    if (!(EVALUATION_RATINGS as readonly string[]).includes(command.rating)) throw invalid('rating', 'enum', `must be one of ${EVALUATION_RATINGS.join(', ')}`);
    return [
      event(
        'EvaluationRecorded',
        { period: text(command.period, 'period', 50), rating: command.rating, comment: optionalText(command.comment, 'comment'), documentNumber: optionalText(command.documentNumber, 'documentNumber', 100) },
        command,
      ),
    ];
  },

  submitReport(command, state) {
    inStage(state, IN_TERM, 'submit a report');
    allow(is.theOfficial(command.actor, state), 'reporting on the work', 'the official on secondment');
    if (!(REPORT_KINDS as readonly string[]).includes(command.kind)) throw invalid('kind', 'enum', `must be one of ${REPORT_KINDS.join(', ')}`);
    return [event('ReportSubmitted', { kind: command.kind, period: text(command.period, 'period', 50), summary: text(command.summary, 'summary', 10_000) }, command)];
  },

  extend(command, state) {
    const { decisionNumber, decisionDate } = termDecision(command, state, 'extending');
    const by = termLength(command.by, 'by');
    const previousTermEnd = state.termEnd!;
    // The extension continues the term: it runs from the day after the current end.
    const newTermEnd = termEndDate(addDays(previousTermEnd, 1), by);
    if (compareDates(newTermEnd, localDateOf(command.at)) < 0) throw invalid('by', 'not_in_past', `the extended term would end on ${newTermEnd}, before today`);
    const override = optionalText(command.legalBasisOverride, 'legalBasisOverride', 500) ?? state.decision!.legalBasisOverride;
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
    const { decisionNumber, decisionDate } = termDecision(command, state, 'recalling early');
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
    const { decisionNumber, decisionDate } = termDecision(command, state, 'deciding the end');
    return [event('EndDecided', { decisionNumber, decisionDate, lastDay: state.termEnd!, reason: optionalText(command.reason, 'reason') }, command)];
  },

  confirmReturn(command, state) {
    inStage(state, ['ending'], 'confirm the return');
    notAboutThemselves(command.actor, state);
    allow(is.sendingHr(command.actor, state) || is.sendingHead(command.actor, state), 'recording the return', `the HR officer or head of ${state.sendingUnit.name}`);
    if (!state.termCompleted)
      throw wrongStage(state.stage, state.endDecision ? `the term runs until ${state.termEnd!}; the return can be recorded from the next day` : 'the end of the term has not been decided');
    const returnedOn = date(command.returnedOn, 'returnedOn');
    notAfterToday(returnedOn, command, 'returnedOn');
    if (compareDates(returnedOn, state.termEnd!) <= 0) throw invalid('returnedOn', 'after_term', `must be after the term's last day ${state.termEnd!}`);
    const p = (command.placement ?? {});
    const placement = { position: text(p.position, 'placement.position', 300), unitName: text(p.unitName, 'placement.unitName', 300), note: optionalText(p.note, 'placement.note') };
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

function decidePropose(command: CommandOf<'propose'>, state: CaseState | null): CaseEvent[] {
  if (state) throw wrongStage(state.stage, `case ${state.caseId} has already been proposed`);
  const problems = rulesProblems(command.rules);
  if (problems.length > 0) throw invalid(problems[0].field, 'rules', problems[0].rule);
  const rules = command.rules;
  const caseId = text(command.caseId, 'caseId', 100);
  if (!(CASE_FORMS as readonly unknown[]).includes(command.form)) throw invalid('form', 'enum', `must be one of ${CASE_FORMS.join(', ')}`);
  const official = command.official as Partial<CommandOf<'propose'>['official']> | undefined;
  if (typeof official !== 'object' || official === null) throw invalid('official', 'required', 'is required: { id, name }');
  const sendingUnit = unit(command.sendingUnit, 'sendingUnit');
  const receivingUnit = unit(command.receivingUnit, 'receivingUnit');
  if (sendingUnit.id === receivingUnit.id) throw invalid('receivingUnit', 'different_units', 'must differ from the sending unit');
  const plannedStart = date(command.plannedStart, 'plannedStart');
  const term = resolveTerm(command.form, command.term, rules, 'term');
  const legalBasisOverride = optionalText(command.legalBasisOverride, 'legalBasisOverride', 500);
  if (term) checkTermLimits(command.form, plannedStart, termEndDate(plannedStart, term), rules, legalBasisOverride, 'term');

  const actor = command.actor;
  const proposerAllowed =
    (actor.role === 'hr_officer' && actor.unitId === sendingUnit.id) ||
    actor.role === 'home_affairs_officer' ||
    (actor.role === 'commune_leader' && sendingUnit.kind === 'commune' && actor.unitId === sendingUnit.id);
  allow(proposerAllowed, 'proposing', `an HR officer of ${sendingUnit.name}, the Home Affairs office, or the leader of a sending commune`);
  const officialId = text(official.id, 'official.id', 200);
  if (actor.personId === officialId) throw forbidden('own_case', 'nobody may nominate themselves');
  const overrides = eligibilityOverrides(command.eligibilityOverrides, actor);

  return [
    event(
      'CaseProposed',
      {
        caseId,
        form: command.form,
        official: { id: officialId, name: text(official.name, 'official.name', 200), ...(official.title ? { title: text(official.title, 'official.title', 200) } : {}) },
        sendingUnit,
        receivingUnit,
        position: text(command.position, 'position', 300),
        plannedStart,
        term,
        reason: text(command.reason, 'reason'),
        legalBasisOverride,
        rules,
        firstStage: firstStage(rules, command.form),
        ...(overrides.length > 0 ? { eligibilityOverrides: overrides } : {}),
      },
      command,
    ),
  ];
}

/** Overrides of eligibility rules: Home Affairs only, each an overridable rule once, each with its reason. */
function eligibilityOverrides(value: unknown, actor: Actor): EligibilityOverride[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalid('eligibilityOverrides', 'list', 'must be a list of { rule, reason }');
  if (value.length === 0) return [];
  if (actor.role !== 'home_affairs_officer') throw forbidden('not_authorised', 'only the Home Affairs office may override an eligibility rule');
  const seen = new Set<string>();
  return value.map((item: unknown, i) => {
    const { rule, reason } = (typeof item === 'object' && item !== null ? item : {}) as { rule?: unknown; reason?: unknown };
    if (!(OVERRIDABLE_RULES as readonly unknown[]).includes(rule)) throw invalid(`eligibilityOverrides[${i}].rule`, 'enum', `must be one of ${OVERRIDABLE_RULES.join(', ')}`);
    if (seen.has(rule as string)) throw invalid(`eligibilityOverrides[${i}].rule`, 'unique', 'names a rule already overridden');
    seen.add(rule as string);
    return { rule: rule as OverridableRule, reason: text(reason, `eligibilityOverrides[${i}].reason`, 2000) };
  });
}

/**
 * The decider: the events a command produces from a state, or a DomainError saying why it is
 * refused. Pure: no clock (time comes on the command), no I/O; the workflow, the API's pre-checks
 * and the projections all use it.
 */
export function decide(command: CaseCommand, state: CaseState | null): CaseEvent[] {
  checkActor(command.actor);
  // Every date check and every timer reads the command's time: without a real instant, a timer would fire whenever asked.
  if (typeof command.at !== 'string' || Number.isNaN(Date.parse(command.at))) throw invalid('at', 'instant', 'must be an ISO instant');
  if (command.type === 'propose') return decidePropose(command, state);
  if (!state) throw wrongStage('new', 'the case has not been proposed');
  if (state.stage === 'closed') throw wrongStage('closed', `the case is closed (${state.outcome})`);
  const decider = deciders[command.type] as Decide<CommandType> | undefined;
  if (!decider) throw invalid('type', 'enum', `unknown action ${String((command as { type: unknown }).type)}`);
  return decider(command, state);
}

// ---------------------------------------------------------------------------------------------

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

/** Decides and applies: the events and the state after them. */
export function handle(command: CaseCommand, state: CaseState | null): { events: CaseEvent[]; state: CaseState } {
  const events = decide(command, state);
  return { events, state: fold(events, state)! };
}
