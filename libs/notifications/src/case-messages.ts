import { ACTION_LABELS, capitalised, localDateOf } from '@app/domain';
import { deadlineMissed, describeEvent, evaluationDue, termEnding, termOverdue, type Told } from './event-sentences';
import { field, para, type Doc } from './message-document';
import { clip, formName, SYSTEM_EVENTS, type Context } from './message-words';
import type { NotificationFacts } from './planner';
import type { NotificationKind } from './routes';

export type CaseKind = Exclude<NotificationKind, 'weekly_digest' | 'daily_digest'>;

/** A case message's subject without its tag (as the daily digest lists it): case id, official, headline. */
export function caseSummary(facts: NotificationFacts, what: Told): string {
  return `${facts.case.caseId} – ${facts.case.officialName}: ${what.headline}`;
}

export function told(kind: CaseKind, facts: NotificationFacts, c: Context): Told {
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

export function caseMessage(kind: CaseKind, facts: NotificationFacts, c: Context): Doc {
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
