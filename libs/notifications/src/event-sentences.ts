import {
  capitalised,
  daysBetween,
  isLocalDate,
  localDateOf,
  OUTCOME_LABELS,
  RATING_LABELS,
  REPORT_LABELS,
  type Bilingual,
  type EvaluationRating,
  type EventType,
  type ReportKind,
} from '@app/domain';
import { field, type Line } from './message-document';
import { clip, decisionRef, documentRef, formName, num, record, str, termLength, type Context } from './message-words';
import type { NotificationFacts } from './planner';

/** What a message says happened: a short headline for the subject, a sentence, and its facts. */
export interface Told {
  headline: string;
  sentence: string;
  details: (Line | null)[];
}

/** What every event's sentence is written from: the case, the event's data read safely, and the shared words. */
interface EventWords {
  facts: NotificationFacts;
  c: Context;
  k: NotificationFacts['case'];
  data: Record<string, unknown>;
  /** A text field of the event's data ('' when missing). */
  s: (key: string) => string;
  /** A date field of the event's data, as people write it. */
  d: (key: string) => string;
  stage: string;
  form: string;
  reason: Line | null;
  comment: Line | null;
  tell: (headline: [vi: string, en: string], sentence: [vi: string, en: string], details?: (Line | null)[]) => Told;
}

export function deadlineMissed(facts: NotificationFacts, c: Context): Told {
  const data = facts.event.data;
  const stage = c.stage(str(data, 'stage') || facts.case.stage);
  const deadline = c.date(str(data, 'deadline') || facts.case.stageDeadline);
  const level = num(data, 'level');
  const due = deadline ? c.say(` có hạn xử lý đến ngày ${deadline}`, ` was due by ${deadline}`) : c.say('', ' was due');
  return {
    headline: c.say(`Quá hạn xử lý bước “${stage}”`, `Overdue: ${stage}`) + (level ? c.say(`, cảnh báo lần ${level}`, `, escalation level ${level}`) : ''),
    sentence:
      c.say(`Bước “${stage}”${due} nhưng chưa được xử lý.`, `The step “${stage}”${due} and has not been completed.`) +
      (level ? c.say(` Đây là cảnh báo quá hạn lần ${level}.`, ` This is escalation level ${level}.`) : ''),
    details: [],
  };
}

/** Days left to the term's end: the reminder's own count, else counted from the event's local day. */
function daysLeft(facts: NotificationFacts, termEnd: string): number | null {
  const stated = num(facts.event.data, 'daysBefore');
  if (stated !== null) return stated;
  return isLocalDate(termEnd) && !Number.isNaN(Date.parse(facts.event.at)) ? daysBetween(localDateOf(facts.event.at), termEnd) : null;
}

export function termEnding(facts: NotificationFacts, c: Context): Told {
  const k = facts.case;
  const termEnd = str(facts.event.data, 'termEnd') || (k.termEnd ?? '');
  const n = daysLeft(facts, termEnd);
  const form = formName(k.form, c, true);
  const end = c.date(termEnd);
  return {
    headline:
      n !== null
        ? c.say(`Còn ${n} ngày là hết thời hạn ${form}`, `${capitalised(form)} ends in ${c.days(n)}`)
        : c.say(`Sắp hết thời hạn ${form}`, `${capitalised(form)} ending soon`),
    sentence:
      c.say(
        `Thời hạn ${form} của ${k.officialName} tại ${k.receivingUnit} sẽ kết thúc vào ngày ${end}${n !== null ? ` (còn ${n} ngày)` : ''}.`,
        `The ${form} of ${k.officialName} at ${k.receivingUnit} ends on ${end}${n !== null ? `, in ${c.days(n)}` : ''}.`,
      ) +
      c.say(
        ` Đề nghị ${k.sendingUnit} (đơn vị cử đi) xem xét, quyết định kết thúc hoặc gia hạn trước ngày hết hạn.`,
        ` The sending department, ${k.sendingUnit}, must decide to end or extend it before then.`,
      ),
    details: [],
  };
}

export function termOverdue(facts: NotificationFacts, c: Context): Told {
  const k = facts.case;
  const form = formName(k.form, c, true);
  const end = c.date(str(facts.event.data, 'termEnd') || k.termEnd);
  return {
    headline: c.say('Hết thời hạn, chưa có quyết định kết thúc hoặc gia hạn', 'Term over, no decision to end or extend'),
    sentence: c.say(
      `Thời hạn ${form} của ${k.officialName} tại ${k.receivingUnit} đã kết thúc vào ngày ${end} nhưng chưa có quyết định kết thúc hoặc gia hạn. Đề nghị ${k.sendingUnit} khẩn trương xem xét, quyết định.`,
      `The ${form} of ${k.officialName} at ${k.receivingUnit} ended on ${end} with no decision to end or extend it. ${k.sendingUnit}, the sending department, must decide without delay.`,
    ),
    details: [],
  };
}

export function evaluationDue(facts: NotificationFacts, c: Context): Told {
  const k = facts.case;
  const data = facts.event.data;
  const period = str(data, 'period');
  const dueOn = c.date(str(data, 'dueOn'));
  return {
    headline: c.say(`Đến hạn đánh giá${period ? ` kỳ ${period}` : ''}`, `Evaluation${period ? ` ${period}` : ''} due`),
    sentence: c.say(
      `Đến kỳ đánh giá${period ? ` thứ ${period}` : ''} đối với ${k.officialName} trong thời gian ${formName(k.form, c, true)} tại ${k.receivingUnit}${dueOn ? `; hạn hoàn thành: ${dueOn}` : ''}.`,
      `Evaluation${period ? ` no. ${period}` : ''} of ${k.officialName}'s work at ${k.receivingUnit} is due${dueOn ? ` by ${dueOn}` : ''}.`,
    ),
    details: [],
  };
}

/** What the event did, in words, with its key facts; any type not known here gets a plain sentence. */
export function describeEvent(facts: NotificationFacts, c: Context): Told {
  const data = facts.event.data;
  const s = (key: string) => str(data, key);
  const words: EventWords = {
    facts,
    c,
    k: facts.case,
    data,
    s,
    d: (key) => c.date(data[key]),
    stage: c.stage(s('stage')),
    form: formName(facts.case.form, c, true),
    reason: field(c.say('Lý do', 'Reason'), s('reason')),
    comment: field(c.say('Ý kiến', 'Comment'), s('comment')),
    tell: (headline, sentence, details = []) => ({ headline: c.say(...headline), sentence: c.say(...sentence), details }),
  };
  const describe = (EVENT_SENTENCES as Partial<Record<string, (words: EventWords) => Told>>)[facts.event.type];
  if (describe) return describe(words);
  const type = String(facts.event.type);
  return words.tell(['Hồ sơ có cập nhật mới', 'Case updated'], [`Hồ sơ có cập nhật mới (${type}).`, `The case was updated (${type}).`]);
}

/** One sentence-maker per event type: a new event type must be given its words here. */
const EVENT_SENTENCES: Record<EventType, (words: EventWords) => Told> = {
  CaseProposed: ({ data, d, form, reason, tell, c }) => {
    return tell([`Đề xuất ${form} mới`, `New ${form} proposal`], [`Có đề xuất ${form} mới.`, `A new ${form} was proposed.`], [
      reason,
      field(c.say('Ngày dự kiến bắt đầu', 'Planned start'), d('plannedStart')),
      field(c.say('Thời hạn', 'Term'), termLength(data.term, c)),
    ]);
  },
  ProposalResubmitted: ({ comment, tell }) => {
    return tell(
      ['Đề xuất đã được chỉnh sửa, gửi lại', 'Proposal resubmitted'],
      ['Đề xuất đã được chỉnh sửa và gửi lại.', 'The proposal was revised and resubmitted.'],
      [comment],
    );
  },
  StageApproved: ({ s, stage, comment, tell, c }) => {
    const next = c.stage(s('nextStage'));
    return tell(
      [`Đã phê duyệt bước “${stage}”`, `Approved at ${stage}`],
      [
        `Hồ sơ đã được phê duyệt ở bước “${stage}”${next ? ` và chuyển sang bước “${next}”` : ''}.`,
        `The case was approved at “${stage}”${next ? ` and moves on to “${next}”` : ''}.`,
      ],
      [comment],
    );
  },
  CaseRejected: ({ stage, reason, tell }) => {
    return tell(
      ['Hồ sơ không được chấp thuận', 'Case rejected'],
      [`Hồ sơ không được chấp thuận ở bước “${stage}”; hồ sơ kết thúc.`, `The case was rejected at “${stage}” and is closed.`],
      [reason],
    );
  },
  ReturnedForChanges: ({ stage, reason, tell }) => {
    return tell(
      ['Hồ sơ được trả lại để chỉnh sửa', 'Returned for changes'],
      [`Hồ sơ được trả lại ở bước “${stage}” để người đề xuất chỉnh sửa, bổ sung.`, `The case was returned at “${stage}” for the proposer to revise.`],
      [reason],
    );
  },
  CaseWithdrawn: ({ stage, reason, tell }) => {
    return tell(
      ['Đề xuất đã được rút', 'Proposal withdrawn'],
      [
        `Đề xuất đã được rút${stage ? ` ở bước “${stage}”` : ''}; hồ sơ kết thúc.`,
        `The proposal was withdrawn${stage ? ` at “${stage}”` : ''}; the case is closed.`,
      ],
      [reason],
    );
  },
  PartyOpinionRecorded: ({ s, d, comment, tell, c }) => {
    const opinion = s('opinion');
    const said = opinion === 'agree' ? c.say('đồng ý', 'agree') : opinion === 'disagree' ? c.say('không đồng ý', 'disagree') : '';
    const doc = s('documentNumber') ? ` (${documentRef(s('documentNumber'), d('documentDate'), c)})` : '';
    return tell(
      [
        said ? `Ban Thường vụ ${said}` : 'Đã có ý kiến của Ban Thường vụ',
        opinion === 'agree' ? 'Party committee agrees' : opinion === 'disagree' ? 'Party committee disagrees' : "Party committee's opinion recorded",
      ],
      [
        `Đã ghi nhận ý kiến của Ban Thường vụ${said ? `: ${said}` : ''}${doc}.`,
        `The Party committee's opinion was recorded${said ? `: ${said}` : ''}${doc}.`,
      ],
      [comment],
    );
  },
  DecisionIssued: ({ k, data, s, d, form, tell, c }) => {
    const number = s('decisionNumber');
    const signer = record(data.signer);
    const signedBy = signer ? [str(signer, 'name'), str(signer, 'title')].filter(Boolean).join(', ') : '';
    const term = termLength(data.term, c);
    const termEnd = d('termEnd');
    const termText = [term, termEnd ? c.say(`đến hết ngày ${termEnd}`, `to ${termEnd}`) : ''].filter(Boolean).join(', ');
    return tell(
      [`Đã ban hành Quyết định số ${number}`, `Decision No. ${number} issued`],
      [
        `Đã ban hành ${decisionRef(number, d('decisionDate'), c)} về việc ${form} ${k.officialName}.`,
        `${decisionRef(number, d('decisionDate'), c)} on the ${form} of ${k.officialName} was issued.`,
      ],
      [
        field(c.say('Người ký', 'Signed by'), signedBy),
        field(c.say('Hiệu lực từ ngày', 'Effective from'), d('effectiveDate')),
        field(c.say('Thời hạn', 'Term'), termText),
        field(c.say('Căn cứ pháp lý riêng về thời hạn', 'Legal basis for the term'), s('legalBasisOverride')),
      ],
    );
  },
  DecisionCorrected: ({ data, s, d, reason, tell, c }) => {
    const number = s('correctsDecisionNumber');
    const changes = record(data.changes) ?? {};
    const signer = record(changes.signer);
    const changed = [
      str(changes, 'decisionNumber') && c.say(`số quyết định: ${str(changes, 'decisionNumber')}`, `decision number: ${str(changes, 'decisionNumber')}`),
      changes.decisionDate !== undefined && c.say(`ngày quyết định: ${c.date(changes.decisionDate)}`, `decision date: ${c.date(changes.decisionDate)}`),
      signer && c.say(`người ký: ${str(signer, 'name')}`, `signed by: ${str(signer, 'name')}`),
      changes.effectiveDate !== undefined && c.say(`ngày hiệu lực: ${c.date(changes.effectiveDate)}`, `effective date: ${c.date(changes.effectiveDate)}`),
      changes.term !== undefined && c.say(`thời hạn: ${termLength(changes.term, c)}`, `term: ${termLength(changes.term, c)}`),
      changes.termEnd !== undefined && c.say(`ngày hết thời hạn: ${c.date(changes.termEnd)}`, `term end: ${c.date(changes.termEnd)}`),
      str(changes, 'legalBasisOverride') &&
        c.say(`căn cứ pháp lý: ${str(changes, 'legalBasisOverride')}`, `legal basis: ${str(changes, 'legalBasisOverride')}`),
    ].filter((x): x is string => typeof x === 'string' && x !== '');
    return tell(
      [`Đính chính Quyết định số ${number}`, `Decision No. ${number} corrected`],
      [
        `Quyết định số ${number} đã được đính chính theo ${documentRef(s('documentNumber'), d('documentDate'), c)}.`,
        `Decision No. ${number} was corrected by ${documentRef(s('documentNumber'), d('documentDate'), c)}.`,
      ],
      [field(c.say('Nội dung đính chính', 'Changes'), changed.join('; ')), reason],
    );
  },
  DecisionRevoked: ({ s, d, reason, tell, c }) => {
    const number = s('revokesDecisionNumber');
    return tell(
      [`Thu hồi Quyết định số ${number}`, `Decision No. ${number} revoked`],
      [
        `Quyết định số ${number} đã bị thu hồi theo ${documentRef(s('documentNumber'), d('documentDate'), c)}.`,
        `Decision No. ${number} was revoked by ${documentRef(s('documentNumber'), d('documentDate'), c)}.`,
      ],
      [reason],
    );
  },
  ArrivalConfirmed: ({ k, s, d, tell, c }) => {
    return tell(
      ['Đã xác nhận tiếp nhận', 'Arrival confirmed'],
      [
        `${k.receivingUnit} đã xác nhận tiếp nhận ${k.officialName} đến công tác từ ngày ${d('arrivedOn')}.`,
        `${k.receivingUnit} confirmed that ${k.officialName} arrived on ${d('arrivedOn')}.`,
      ],
      [field(c.say('Công việc được giao', 'Work assigned'), s('assignedWork'))],
    );
  },
  TermExtended: ({ data, s, d, form, reason, tell, c }) => {
    const ref = decisionRef(s('decisionNumber'), d('decisionDate'), c);
    const by = termLength(data.by, c);
    const previous = d('previousTermEnd');
    return tell(
      [`Gia hạn ${form} đến ngày ${d('newTermEnd')}`, `${capitalised(form)} extended to ${d('newTermEnd')}`],
      [
        `Thời hạn ${form} được gia hạn${by ? ` thêm ${by}` : ''} theo ${ref}, đến hết ngày ${d('newTermEnd')}${previous ? ` (thời hạn cũ đến ngày ${previous})` : ''}.`,
        `The ${form} was extended${by ? ` by ${by}` : ''} by ${ref}, to ${d('newTermEnd')}${previous ? ` (previously ${previous})` : ''}.`,
      ],
      [reason, field(c.say('Căn cứ pháp lý riêng về thời hạn', 'Legal basis for the term'), s('legalBasisOverride'))],
    );
  },
  EarlyRecallDecided: ({ s, d, form, reason, tell, c }) => {
    const ref = decisionRef(s('decisionNumber'), d('decisionDate'), c);
    const previous = d('previousTermEnd');
    return tell(
      [`Kết thúc ${form} trước hạn`, 'Early recall decided'],
      [
        `Đã quyết định kết thúc ${form} trước hạn theo ${ref}; ngày làm việc cuối cùng là ${d('lastDay')}${previous ? ` (thời hạn cũ đến ngày ${previous})` : ''}.`,
        `An early recall was decided by ${ref}; the last day is ${d('lastDay')}${previous ? ` (the term was to end on ${previous})` : ''}.`,
      ],
      [reason],
    );
  },
  EndDecided: ({ s, d, form, reason, tell, c }) => {
    const ref = decisionRef(s('decisionNumber'), d('decisionDate'), c);
    return tell(
      [`Quyết định kết thúc ${form}`, `End of ${form} decided`],
      [
        `Đã quyết định kết thúc ${form} theo ${ref}; ngày làm việc cuối cùng là ${d('lastDay')}.`,
        `The end of the ${form} was decided by ${ref}; the last day is ${d('lastDay')}.`,
      ],
      [reason],
    );
  },
  ReturnConfirmed: ({ k, data, d, tell, c }) => {
    const placement = record(data.placement);
    const post = placement ? [str(placement, 'position'), str(placement, 'unitName')].filter(Boolean).join(', ') : '';
    return tell(
      ['Đã xác nhận trở về', 'Return confirmed'],
      [`Đã xác nhận ${k.officialName} trở về công tác từ ngày ${d('returnedOn')}.`, `${k.officialName}'s return was confirmed on ${d('returnedOn')}.`],
      [field(c.say('Bố trí công tác', 'New post'), post), field(c.say('Ghi chú', 'Note'), placement ? str(placement, 'note') : '')],
    );
  },
  TermStarted: ({ d, form, tell }) => {
    const end = d('termEnd');
    return tell(
      [`Bắt đầu thời hạn ${form}`, `${capitalised(form)} started`],
      [
        `Thời hạn ${form} bắt đầu từ ngày ${d('effectiveDate')}${end ? `, đến hết ngày ${end}` : ''}.`,
        `The ${form} began on ${d('effectiveDate')}${end ? ` and runs to ${end}` : ''}.`,
      ],
    );
  },
  EvaluationRecorded: ({ s, comment, tell, c }) => {
    const period = s('period');
    const rating = c.label(RATING_LABELS[s('rating') as EvaluationRating], s('rating'));
    return tell(
      [`Đã ghi nhận đánh giá kỳ ${period}`, `Evaluation for ${period} recorded`],
      [`Đã ghi nhận kết quả đánh giá kỳ ${period}: ${rating}.`, `The evaluation for ${period} was recorded: ${rating}.`],
      [comment, field(c.say('Văn bản số', 'Document No.'), s('documentNumber'))],
    );
  },
  ReportSubmitted: ({ s, tell, c }) => {
    const kind = c.label(REPORT_LABELS[s('kind') as ReportKind], s('kind'));
    const period = s('period');
    return tell(
      [`Đã nộp báo cáo ${kind}`, `${capitalised(kind)} report submitted`],
      [`Đã nộp báo cáo ${kind}${period ? ` kỳ ${period}` : ''}.`, `A ${kind} report${period ? ` for ${period}` : ''} was submitted.`],
      [field(c.say('Tóm tắt', 'Summary'), clip(s('summary'), 300))],
    );
  },
  TermCompleted: ({ d, form, tell }) => {
    return tell(
      [`Hết thời hạn ${form}`, `${capitalised(form)} term completed`],
      [`Thời hạn ${form} đã kết thúc; ngày làm việc cuối cùng là ${d('lastDay')}.`, `The ${form} term is over; the last day was ${d('lastDay')}.`],
    );
  },
  CaseClosed: ({ s, tell, c }) => {
    const outcome = c.label((OUTCOME_LABELS as Record<string, Bilingual>)[s('outcome')], s('outcome'));
    return tell(
      ['Hồ sơ đã kết thúc', 'Case closed'],
      [`Hồ sơ đã kết thúc${outcome ? ` (${outcome})` : ''}.`, `The case is closed${outcome ? ` (${outcome})` : ''}.`],
    );
  },
  StageDeadlinePassed: ({ c, facts }) => {
    return deadlineMissed(facts, c);
  },
  TermEndReminderDue: ({ c, facts }) => {
    return termEnding(facts, c);
  },
  TermEndOverdue: ({ c, facts }) => {
    return termOverdue(facts, c);
  },
  EvaluationDue: ({ c, facts }) => {
    return evaluationDue(facts, c);
  },
};
