import {
  ACTION_LABELS,
  capitalised,
  daysBetween,
  FORM_LABELS,
  isLocalDate,
  localDateOf,
  OUTCOME_LABELS,
  RATING_LABELS,
  REPORT_LABELS,
  stageLabel,
  type Bilingual,
  type CaseForm,
  type EvaluationRating,
  type EventType,
  type Language,
  type ReportKind,
} from '@app/domain';
import type { DailyDigestFacts, DigestOverdue, WeeklyDigestFacts } from './digests';
import type { NotificationFacts } from './planner';
import type { NotificationKind } from './routes';

/** One message, ready to send: the same content as plain text and as a simple HTML email. */
export interface RenderedMessage {
  subject: string;
  text: string;
  html: string;
  /** absolute link to the case or list page */
  link: string;
}

type CaseKind = Exclude<NotificationKind, 'weekly_digest' | 'daily_digest'>;

/**
 * The message of one kind in one language. `facts` is a NotificationFacts for every kind but the
 * digests (WeeklyDigestFacts, DailyDigestFacts). Pure: dates come from the facts, never the clock.
 */
export function renderNotification(
  kind: NotificationKind,
  facts: NotificationFacts | WeeklyDigestFacts | DailyDigestFacts,
  language: Language,
  publicUrl: string,
): RenderedMessage {
  const c = context(language, publicUrl);
  if (kind === 'weekly_digest') return render(c, weeklyDigest(facts as WeeklyDigestFacts, c));
  if (kind === 'daily_digest') return render(c, dailyDigest(facts as DailyDigestFacts, c));
  return render(c, caseMessage(kind, facts as NotificationFacts, c));
}

// ---------------------------------------------------------------------------------------------
// Words

const MONTHS_EN = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** Events the system raises on its own (timers): the message names no actor for them. */
const SYSTEM_EVENTS: ReadonlySet<string> = new Set<EventType>(['StageDeadlinePassed', 'TermEndReminderDue', 'TermEndOverdue', 'EvaluationDue', 'TermStarted', 'TermCompleted']);

interface Context {
  lang: Language;
  base: string;
  /** The text in the message's language. */
  say: (vi: string, en: string) => string;
  /** A calendar date (`YYYY-MM-DD`) as people write it; '' when there is none. */
  date: (value: unknown) => string;
  /** A stage's name; '' when there is none. */
  stage: (value: unknown) => string;
  /** `N days` with the right plural. */
  days: (n: number) => string;
  label: (labels: Bilingual | undefined, fallback: string) => string;
  caseLink: (caseId: string) => string;
}

function context(language: Language, publicUrl: string): Context {
  const lang: Language = language === 'en' ? 'en' : 'vi';
  const say = (vi: string, en: string) => (lang === 'vi' ? vi : en);
  const base = publicUrl.replace(/\/+$/, '');
  return {
    lang,
    base,
    say,
    date: (value) => (isLocalDate(value) ? formatDate(value, lang) : typeof value === 'string' ? value : ''),
    stage: (value) => (typeof value === 'string' && value !== '' ? stageLabel(value, lang) : ''),
    days: (n) => say(`${n} ngày`, `${n} ${n === 1 ? 'day' : 'days'}`),
    label: (labels, fallback) => labels?.[lang] ?? fallback,
    caseLink: (caseId) => `${base}/cases/${encodeURIComponent(caseId)}`,
  };
}

/** 'YYYY-MM-DD' as dd/mm/yyyy (vi) or '5 March 2027' (en). */
function formatDate(date: string, lang: Language): string {
  const [y, m, d] = date.split('-');
  return lang === 'vi' ? `${d}/${m}/${y}` : `${Number(d)} ${MONTHS_EN[Number(m) - 1]} ${y}`;
}

function formName(form: CaseForm, c: Context, lower = false): string {
  const name = c.label(FORM_LABELS[form], form);
  return lower ? name.toLocaleLowerCase(c.lang) : name;
}

/** A term length ({ months, days }) in words; '' when it is not one. */
function termLength(value: unknown, c: Context): string {
  const term = record(value);
  const months = typeof term?.months === 'number' ? term.months : 0;
  const days = typeof term?.days === 'number' ? term.days : 0;
  const parts = [months > 0 ? c.say(`${months} tháng`, `${months} ${months === 1 ? 'month' : 'months'}`) : '', days > 0 ? c.days(days) : ''].filter(Boolean);
  return parts.join(c.say(' ', ' and '));
}

function decisionRef(number: string, date: string, c: Context): string {
  return c.say(`Quyết định số ${number}${date ? ` ngày ${date}` : ''}`, `Decision No. ${number}${date ? ` of ${date}` : ''}`);
}

function documentRef(number: string, date: string, c: Context): string {
  return c.say(`văn bản số ${number}${date ? ` ngày ${date}` : ''}`, `document No. ${number}${date ? ` of ${date}` : ''}`);
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

// ---------------------------------------------------------------------------------------------
// Reading event data (stored JSON: any field may be missing)

function record(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

function str(data: Record<string, unknown>, key: string): string {
  const value = data[key];
  if (typeof value === 'string') return value.trim();
  return typeof value === 'number' ? String(value) : '';
}

function num(data: Record<string, unknown>, key: string): number | null {
  const value = data[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

// ---------------------------------------------------------------------------------------------
// The document both renderings are made from

interface Line {
  label?: string;
  text: string;
  href?: string;
}

interface Section {
  title?: string;
  lines: (Line | null)[];
  /** A list (one item a line) rather than paragraphs. */
  list?: boolean;
  /** Shown when the section has no line. */
  empty?: string;
}

interface Doc {
  subject: string;
  sections: Section[];
  link: string;
  linkLabel: string;
}

/** A labelled line, or nothing when the value is empty. */
function field(label: string, value: string | null | undefined): Line | null {
  return value ? { label, text: value } : null;
}

function para(text: string | null | undefined): Line | null {
  return text ? { text } : null;
}

function render(c: Context, doc: Doc): RenderedMessage {
  const footer = c.say(
    'Thư này được gửi tự động từ hệ thống quản lý biệt phái, luân chuyển, điều động cán bộ, công chức của tỉnh; vui lòng không trả lời thư này.',
    "This message was sent automatically by the province's system for secondments, rotations and transfers of civil servants; please do not reply.",
  );
  const sections = doc.sections.map((s) => ({ ...s, lines: s.lines.filter((l): l is Line => l !== null) })).filter((s) => s.lines.length > 0 || s.empty);

  const lineText = (l: Line) => (l.label ? `${l.label}: ${l.text}` : l.text);
  const text = [
    ...sections.map((s) => {
      const lines = s.lines.length > 0 ? s.lines.map((l) => (s.list ? `- ${lineText(l)}` : lineText(l))) : [`- ${s.empty}`];
      return (s.title ? [s.title, ...lines] : lines).join('\n');
    }),
    `${doc.linkLabel}: ${doc.link}`,
    footer,
  ].join('\n\n');

  const lineHtml = (l: Line) => {
    const body = l.href ? `<a href="${escapeHtml(l.href)}">${escapeHtml(l.text)}</a>` : escapeHtml(l.text);
    return l.label ? `<strong>${escapeHtml(l.label)}:</strong> ${body}` : body;
  };
  const sectionHtml = (s: (typeof sections)[number]) => {
    const title = s.title ? `<h2 style="font-size:16px;margin:20px 0 8px">${escapeHtml(s.title)}</h2>\n` : '';
    if (s.lines.length === 0) return `${title}<p style="margin:0 0 8px">${escapeHtml(s.empty ?? '')}</p>`;
    if (s.list) return `${title}<ul style="margin:0 0 8px;padding-left:20px">\n${s.lines.map((l) => `<li>${lineHtml(l)}</li>`).join('\n')}\n</ul>`;
    return `${title}${s.lines.map((l) => `<p style="margin:0 0 8px">${lineHtml(l)}</p>`).join('\n')}`;
  };
  const html = [
    '<!DOCTYPE html>',
    `<html lang="${c.lang}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(doc.subject)}</title>`,
    '</head>',
    '<body style="margin:0;padding:16px;font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;color:#1f2328;background:#ffffff">',
    '<div style="max-width:640px">',
    ...sections.map(sectionHtml),
    `<p style="margin:20px 0 8px">${escapeHtml(doc.linkLabel)}: <a href="${escapeHtml(doc.link)}">${escapeHtml(doc.link)}</a></p>`,
    `<p style="margin:20px 0 0;font-size:13px;color:#59636e">${escapeHtml(footer)}</p>`,
    '</div>',
    '</body>',
    '</html>',
  ].join('\n');

  return { subject: doc.subject, text, html, link: doc.link };
}

/** Text made safe for HTML content and attribute values. */
function escapeHtml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

// ---------------------------------------------------------------------------------------------
// Case messages

/** What a message says happened: a short headline for the subject, a sentence, and its facts. */
interface Told {
  headline: string;
  sentence: string;
  details: (Line | null)[];
}

/** A case message's subject without its tag (as the daily digest lists it): case id, official, headline. */
function caseSummary(facts: NotificationFacts, what: Told): string {
  return `${facts.case.caseId} – ${facts.case.officialName}: ${what.headline}`;
}

function told(kind: CaseKind, facts: NotificationFacts, c: Context): Told {
  switch (kind) {
    case 'step_opened': {
      const event = describeEvent(facts, c);
      const stage = c.stage(facts.case.stage);
      return {
        headline: c.say('Hồ sơ chờ Ông/Bà xử lý', 'Awaiting your action'),
        sentence: c.say(`Hồ sơ đang chờ Ông/Bà xử lý ở bước “${stage}”.`, `The case awaits your action at “${stage}”.`),
        details: [field(c.say('Diễn biến', 'What happened'), event.sentence), ...event.details],
      };
    }
    case 'decision_taken':
      return describeEvent(facts, c);
    case 'deadline_missed':
      return deadlineMissed(facts, c);
    case 'term_ending':
      return termEnding(facts, c);
    case 'term_overdue':
      return termOverdue(facts, c);
    case 'evaluation_due':
      return evaluationDue(facts, c);
    default:
      return describeEvent(facts, c);
  }
}

function caseMessage(kind: CaseKind, facts: NotificationFacts, c: Context): Doc {
  const k = facts.case;
  const what = told(kind, facts, c);
  const e = facts.event;
  const onBehalf = e.onBehalfOfName ? c.say(` (thay mặt ${e.onBehalfOfName})`, ` (on behalf of ${e.onBehalfOfName})`) : '';
  const when = e.at && !Number.isNaN(Date.parse(e.at)) ? c.say(`, ngày ${c.date(localDateOf(e.at))}`, `, ${c.date(localDateOf(e.at))}`) : '';
  const actor = SYSTEM_EVENTS.has(e.type) || !e.actorName ? null : field(c.say('Người thực hiện', 'By'), `${e.actorName}${onBehalf}${when}`);
  const actions = facts.actions.map((a) => c.label(ACTION_LABELS[a], a)).join(', ');
  const deputy = facts.asDeputyOf
    ? para(c.say(`Ông/Bà nhận thông báo này với tư cách người được ${facts.asDeputyOf} ủy quyền.`, `You receive this as deputy of ${facts.asDeputyOf}.`))
    : null;
  const decision = k.decisionNumber
    ? c.say(
        `số ${k.decisionNumber}${k.effectiveDate ? `, có hiệu lực từ ngày ${c.date(k.effectiveDate)}` : ''}`,
        `No. ${k.decisionNumber}${k.effectiveDate ? `, effective ${c.date(k.effectiveDate)}` : ''}`,
      )
    : k.effectiveDate
      ? c.say(`có hiệu lực từ ngày ${c.date(k.effectiveDate)}`, `effective ${c.date(k.effectiveDate)}`)
      : '';

  return {
    subject: clip(`[${formName(k.form, c)}] ${caseSummary(facts, what)}`, 120),
    sections: [
      {
        lines: [
          para(what.sentence),
          ...what.details,
          actor,
          deputy,
          field(c.say('Việc cần làm', 'To do'), actions),
        ],
      },
      {
        title: c.say('Thông tin hồ sơ', 'The case'),
        list: true,
        lines: [
          field(c.say('Mã hồ sơ', 'Case'), k.caseId),
          field(c.say(`Người được ${formName(k.form, c, true)}`, 'Official'), k.officialName),
          field(c.say('Hình thức', 'Form'), formName(k.form, c)),
          field(c.say('Đơn vị cử đi → đơn vị đến', 'From → to'), `${k.sendingUnit} → ${k.receivingUnit}`),
          field(c.say('Vị trí việc làm', 'Position'), k.position),
          field(c.say('Giai đoạn hiện tại', 'Current stage'), capitalised(c.stage(k.stage))),
          field(c.say('Hạn xử lý bước hiện tại', 'Stage deadline'), c.date(k.stageDeadline)),
          field(c.say('Quyết định', 'Decision'), decision),
          field(c.say('Ngày hết thời hạn', 'Term ends'), c.date(k.termEnd)),
        ],
      },
    ],
    link: c.caseLink(k.caseId),
    linkLabel: c.say('Xem hồ sơ', 'Open the case'),
  };
}

function deadlineMissed(facts: NotificationFacts, c: Context): Told {
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

function termEnding(facts: NotificationFacts, c: Context): Told {
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

function termOverdue(facts: NotificationFacts, c: Context): Told {
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

function evaluationDue(facts: NotificationFacts, c: Context): Told {
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
function describeEvent(facts: NotificationFacts, c: Context): Told {
  const k = facts.case;
  const data = facts.event.data;
  const s = (key: string) => str(data, key);
  const d = (key: string) => c.date(data[key]);
  const stage = c.stage(s('stage'));
  const form = formName(k.form, c, true);
  const reason = field(c.say('Lý do', 'Reason'), s('reason'));
  const comment = field(c.say('Ý kiến', 'Comment'), s('comment'));
  const tell = (headline: [vi: string, en: string], sentence: [vi: string, en: string], details: (Line | null)[] = []): Told => ({
    headline: c.say(...headline),
    sentence: c.say(...sentence),
    details,
  });

  switch (facts.event.type) {
    case 'CaseProposed':
      return tell([`Đề xuất ${form} mới`, `New ${form} proposal`], [`Có đề xuất ${form} mới.`, `A new ${form} was proposed.`], [
        reason,
        field(c.say('Ngày dự kiến bắt đầu', 'Planned start'), d('plannedStart')),
        field(c.say('Thời hạn', 'Term'), termLength(data.term, c)),
      ]);
    case 'ProposalResubmitted':
      return tell(
        ['Đề xuất đã được chỉnh sửa, gửi lại', 'Proposal resubmitted'],
        ['Đề xuất đã được chỉnh sửa và gửi lại.', 'The proposal was revised and resubmitted.'],
        [comment],
      );
    case 'StageApproved': {
      const next = c.stage(s('nextStage'));
      return tell(
        [`Đã phê duyệt bước “${stage}”`, `Approved at ${stage}`],
        [
          `Hồ sơ đã được phê duyệt ở bước “${stage}”${next ? ` và chuyển sang bước “${next}”` : ''}.`,
          `The case was approved at “${stage}”${next ? ` and moves on to “${next}”` : ''}.`,
        ],
        [comment],
      );
    }
    case 'CaseRejected':
      return tell(
        ['Hồ sơ không được chấp thuận', 'Case rejected'],
        [`Hồ sơ không được chấp thuận ở bước “${stage}”; hồ sơ kết thúc.`, `The case was rejected at “${stage}” and is closed.`],
        [reason],
      );
    case 'ReturnedForChanges':
      return tell(
        ['Hồ sơ được trả lại để chỉnh sửa', 'Returned for changes'],
        [`Hồ sơ được trả lại ở bước “${stage}” để người đề xuất chỉnh sửa, bổ sung.`, `The case was returned at “${stage}” for the proposer to revise.`],
        [reason],
      );
    case 'CaseWithdrawn':
      return tell(
        ['Đề xuất đã được rút', 'Proposal withdrawn'],
        [
          `Đề xuất đã được rút${stage ? ` ở bước “${stage}”` : ''}; hồ sơ kết thúc.`,
          `The proposal was withdrawn${stage ? ` at “${stage}”` : ''}; the case is closed.`,
        ],
        [reason],
      );
    case 'PartyOpinionRecorded': {
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
    }
    case 'DecisionIssued': {
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
    }
    case 'DecisionCorrected': {
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
    }
    case 'DecisionRevoked': {
      const number = s('revokesDecisionNumber');
      return tell(
        [`Thu hồi Quyết định số ${number}`, `Decision No. ${number} revoked`],
        [
          `Quyết định số ${number} đã bị thu hồi theo ${documentRef(s('documentNumber'), d('documentDate'), c)}.`,
          `Decision No. ${number} was revoked by ${documentRef(s('documentNumber'), d('documentDate'), c)}.`,
        ],
        [reason],
      );
    }
    case 'ArrivalConfirmed':
      return tell(
        ['Đã xác nhận tiếp nhận', 'Arrival confirmed'],
        [
          `${k.receivingUnit} đã xác nhận tiếp nhận ${k.officialName} đến công tác từ ngày ${d('arrivedOn')}.`,
          `${k.receivingUnit} confirmed that ${k.officialName} arrived on ${d('arrivedOn')}.`,
        ],
        [field(c.say('Công việc được giao', 'Work assigned'), s('assignedWork'))],
      );
    case 'TermExtended': {
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
    }
    case 'EarlyRecallDecided': {
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
    }
    case 'EndDecided': {
      const ref = decisionRef(s('decisionNumber'), d('decisionDate'), c);
      return tell(
        [`Quyết định kết thúc ${form}`, `End of ${form} decided`],
        [
          `Đã quyết định kết thúc ${form} theo ${ref}; ngày làm việc cuối cùng là ${d('lastDay')}.`,
          `The end of the ${form} was decided by ${ref}; the last day is ${d('lastDay')}.`,
        ],
        [reason],
      );
    }
    case 'ReturnConfirmed': {
      const placement = record(data.placement);
      const post = placement ? [str(placement, 'position'), str(placement, 'unitName')].filter(Boolean).join(', ') : '';
      return tell(
        ['Đã xác nhận trở về', 'Return confirmed'],
        [`Đã xác nhận ${k.officialName} trở về công tác từ ngày ${d('returnedOn')}.`, `${k.officialName}'s return was confirmed on ${d('returnedOn')}.`],
        [field(c.say('Bố trí công tác', 'New post'), post), field(c.say('Ghi chú', 'Note'), placement ? str(placement, 'note') : '')],
      );
    }
    case 'TermStarted': {
      const end = d('termEnd');
      return tell(
        [`Bắt đầu thời hạn ${form}`, `${capitalised(form)} started`],
        [
          `Thời hạn ${form} bắt đầu từ ngày ${d('effectiveDate')}${end ? `, đến hết ngày ${end}` : ''}.`,
          `The ${form} began on ${d('effectiveDate')}${end ? ` and runs to ${end}` : ''}.`,
        ],
      );
    }
    case 'EvaluationRecorded': {
      const period = s('period');
      const rating = c.label(RATING_LABELS[s('rating') as EvaluationRating], s('rating'));
      return tell(
        [`Đã ghi nhận đánh giá kỳ ${period}`, `Evaluation for ${period} recorded`],
        [`Đã ghi nhận kết quả đánh giá kỳ ${period}: ${rating}.`, `The evaluation for ${period} was recorded: ${rating}.`],
        [comment, field(c.say('Văn bản số', 'Document No.'), s('documentNumber'))],
      );
    }
    case 'ReportSubmitted': {
      const kind = c.label(REPORT_LABELS[s('kind') as ReportKind], s('kind'));
      const period = s('period');
      return tell(
        [`Đã nộp báo cáo ${kind}`, `${capitalised(kind)} report submitted`],
        [`Đã nộp báo cáo ${kind}${period ? ` kỳ ${period}` : ''}.`, `A ${kind} report${period ? ` for ${period}` : ''} was submitted.`],
        [field(c.say('Tóm tắt', 'Summary'), clip(s('summary'), 300))],
      );
    }
    case 'TermCompleted':
      return tell(
        [`Hết thời hạn ${form}`, `${capitalised(form)} term completed`],
        [`Thời hạn ${form} đã kết thúc; ngày làm việc cuối cùng là ${d('lastDay')}.`, `The ${form} term is over; the last day was ${d('lastDay')}.`],
      );
    case 'CaseClosed': {
      const outcome = c.label((OUTCOME_LABELS as Record<string, Bilingual>)[s('outcome')], s('outcome'));
      return tell(
        ['Hồ sơ đã kết thúc', 'Case closed'],
        [`Hồ sơ đã kết thúc${outcome ? ` (${outcome})` : ''}.`, `The case is closed${outcome ? ` (${outcome})` : ''}.`],
      );
    }
    case 'StageDeadlinePassed':
      return deadlineMissed(facts, c);
    case 'TermEndReminderDue':
      return termEnding(facts, c);
    case 'TermEndOverdue':
      return termOverdue(facts, c);
    case 'EvaluationDue':
      return evaluationDue(facts, c);
    default: {
      const type = String(facts.event.type);
      return tell(['Hồ sơ có cập nhật mới', 'Case updated'], [`Hồ sơ có cập nhật mới (${type}).`, `The case was updated (${type}).`]);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Digests

function weeklyDigest(facts: WeeklyDigestFacts, c: Context): Doc {
  const day = c.date(facts.day);
  const units = (x: { sendingUnit: string; receivingUnit: string }) => `${x.sendingUnit} → ${x.receivingUnit}`;
  const level = (x: DigestOverdue) => (x.escalationLevel > 0 ? c.say(` · cảnh báo lần ${x.escalationLevel}`, ` · escalation level ${x.escalationLevel}`) : '');
  const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  const counts = [
    c.say(`${facts.termsEnding.length} trường hợp sắp hết thời hạn`, plural(facts.termsEnding.length, 'term ending', 'terms ending')),
    c.say(`${facts.overdueSteps.length} bước quá hạn`, plural(facts.overdueSteps.length, 'overdue step', 'overdue steps')),
    facts.overdueTerms.length > 0
      ? c.say(`${facts.overdueTerms.length} trường hợp hết hạn chưa quyết định`, plural(facts.overdueTerms.length, 'overdue term', 'overdue terms'))
      : '',
  ].filter(Boolean);
  const none = c.say('Không có', 'None');
  return {
    subject: c.say(`Tổng hợp tuần ${day}: ${counts.join(', ')}`, `Weekly summary ${day}: ${counts.join(', ')}`),
    sections: [
      {
        lines: [
          para(
            c.say(
              `Tổng hợp toàn tỉnh đến ngày ${day}: các trường hợp sắp hết thời hạn trong ${facts.horizonDays} ngày tới, các bước xử lý quá hạn và các trường hợp đã hết thời hạn nhưng chưa có quyết định kết thúc hoặc gia hạn.`,
              `Province-wide summary as of ${day}: terms ending within the next ${facts.horizonDays} days, overdue steps, and terms that are over with no decision to end or extend them.`,
            ),
          ),
        ],
      },
      {
        title: c.say(
          `Sắp hết thời hạn trong ${facts.horizonDays} ngày tới (${facts.termsEnding.length})`,
          `Terms ending within ${facts.horizonDays} days (${facts.termsEnding.length})`,
        ),
        list: true,
        empty: none,
        lines: facts.termsEnding.map((t) => ({
          text:
            `${t.caseId} · ${t.officialName} (${formName(t.form, c)}) · ${units(t)} · ${c.say('hết hạn', 'ends')} ${c.date(t.termEnd)}` +
            (t.undecided ? c.say(' · chưa có quyết định kết thúc hoặc gia hạn', ' · no decision to end or extend yet') : ''),
          href: c.caseLink(t.caseId),
        })),
      },
      {
        title: c.say(`Bước xử lý quá hạn (${facts.overdueSteps.length})`, `Overdue steps (${facts.overdueSteps.length})`),
        list: true,
        empty: none,
        lines: facts.overdueSteps.map((o) => ({
          text: `${o.caseId} · ${o.officialName} · ${units(o)} · ${c.say(`bước “${c.stage(o.stage)}”, hạn`, `“${c.stage(o.stage)}” due`)} ${c.date(o.due)}${level(o)}`,
          href: c.caseLink(o.caseId),
        })),
      },
      {
        title: c.say(
          `Đã hết thời hạn, chưa có quyết định kết thúc hoặc gia hạn (${facts.overdueTerms.length})`,
          `Terms over with no decision to end or extend (${facts.overdueTerms.length})`,
        ),
        list: true,
        empty: none,
        lines: facts.overdueTerms.map((o) => ({
          text: `${o.caseId} · ${o.officialName} · ${units(o)} · ${c.say('hết hạn', 'ended')} ${c.date(o.due)}${level(o)}`,
          href: c.caseLink(o.caseId),
        })),
      },
    ],
    link: `${c.base}/pipeline`,
    linkLabel: c.say('Xem toàn bộ danh sách', 'Open the pipeline'),
  };
}

function dailyDigest(facts: DailyDigestFacts, c: Context): Doc {
  const day = c.date(facts.day);
  const n = facts.items.length;
  return {
    subject: c.say(`Tổng hợp thông báo ngày ${day}: ${n} thông báo`, `Daily summary ${day}: ${n} ${n === 1 ? 'notification' : 'notifications'}`),
    sections: [
      {
        title: c.say(`Các thông báo trong ngày ${day}`, `Your notifications of ${day}`),
        list: true,
        empty: c.say('Không có', 'None'),
        lines: facts.items.map((item) => {
          const link = c.caseLink(item.facts.case.caseId);
          return { text: `${caseSummary(item.facts, told(item.kind, item.facts, c))} — ${link}`, href: link };
        }),
      },
    ],
    link: `${c.base}/notifications`,
    linkLabel: c.say('Xem tất cả thông báo', 'All your notifications'),
  };
}
