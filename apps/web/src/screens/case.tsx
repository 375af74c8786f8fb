/**
 * One case: who moves where in which form, the parties and the dates, the documents of the
 * decision, what the clock will do next, the actions the viewer may take now (each a form built
 * from the action's fields), and the timeline of everything that happened: who, in which role, on
 * whose behalf, when, why, on which document.
 *
 * The timeline reads oldest first, as a paper dossier is filed and as the process runs (nomination
 * → review → decision → arrival): each step reads as the consequence of the one above it. What
 * matters now (the stage, its deadline, the actions) is at the top of the page, so the latest
 * event never has to be hunted for.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ACTION_LABELS, EVENT_LABELS, FORM_LABELS, OUTCOME_LABELS, RATING_LABELS, REPORT_LABELS, STAGE_LABELS, capitalised } from '@app/domain/labels';
import type { Bilingual } from '@app/domain/bilingual';
import type { EventType } from '@app/domain/events';
import { ApiError, download } from '../api';
import { ActionForm, ATTACHMENT_LABELS } from '../components/action-form';
import { ACTION_FORMS } from '../components/case-actions-table';
import { Button, Empty, FormName, Loading, OverdueBadge, Page, ProblemMessage, StageBadge } from '../components/ui';
import { useResource } from '../data';
import { daysUntil, formatDate, formatDateTime } from '../format';
import { COMMON, useT, type Translate } from '../i18n';
import { Link, setQuery, useLocation } from '../router';
import type { ActionName, CaseDetail, OfferedAction, PendingTimer, Role, Stage, TimelineEntry } from '../types';
import { caseState, type Attachment, type CaseState } from './case-types';
import './case.css';

const S = {
  title: { vi: 'Hồ sơ {id}', en: 'Case {id}' },
  back: { vi: '← Việc cần xử lý', en: '← My inbox' },
  actions: { vi: 'Việc bạn có thể làm', en: 'What you can do' },
  noActions: { vi: 'Ở bước này bạn không có thao tác nào; hồ sơ đang chờ người có thẩm quyền.', en: 'You have nothing to do at this step; the case waits for whoever holds the authority.' },
  closedNoActions: { vi: 'Hồ sơ đã kết thúc.', en: 'The case is closed.' },
  onBehalf: { vi: 'thay cho {name}', en: 'for {name}' },
  done: { vi: 'Đã {action}. Hồ sơ hiện ở bước «{stage}».', en: 'Done: {action}. The case is now at «{stage}».' },
  doneClosed: { vi: 'Đã {action}. Hồ sơ đã kết thúc: {outcome}.', en: 'Done: {action}. The case is closed: {outcome}.' },
  parties: { vi: 'Các bên', en: 'Parties' },
  dates: { vi: 'Các mốc thời gian', en: 'Dates' },
  proposer: { vi: 'Người đề xuất', en: 'Proposed by' },
  reason: { vi: 'Lý do đề xuất', en: 'Reason for the nomination' },
  proposedAt: { vi: 'Ngày đề xuất', en: 'Proposed on' },
  plannedStart: { vi: 'Ngày dự kiến bắt đầu', en: 'Planned start' },
  term: { vi: 'Thời hạn', en: 'Term' },
  months: { vi: '{n} tháng', en: '{n} months' },
  monthsDays: { vi: '{n} tháng {d} ngày', en: '{n} months {d} days' },
  noTerm: { vi: 'không thời hạn (điều động)', en: 'no term (transfer)' },
  stageSince: { vi: 'Bước hiện tại từ', en: 'Current step since' },
  stageDeadline: { vi: 'Hạn xử lý bước', en: 'Step deadline' },
  daysLeft: { vi: 'còn {n} ngày', en: '{n} days left' },
  dueToday: { vi: 'hạn hôm nay', en: 'due today' },
  daysOverdue: { vi: 'quá hạn {n} ngày', en: '{n} days overdue' },
  partyOpinion: { vi: 'Ý kiến Ban Thường vụ', en: "Party committee's opinion" },
  decision: { vi: 'Quyết định', en: 'Decision' },
  decisionOf: { vi: 'số {number}, ngày {date}', en: 'no. {number} of {date}' },
  signer: { vi: 'Người ký', en: 'Signed by' },
  effectiveDate: { vi: 'Ngày hiệu lực', en: 'Effective date' },
  arrivedOn: { vi: 'Ngày đến nhận công tác', en: 'Arrived on' },
  termEnd: { vi: 'Ngày hết hạn', en: 'Term ends' },
  termOverdue: { vi: 'Đã hết thời hạn, chưa có quyết định kết thúc hoặc gia hạn', en: 'The term has ended without an end or extension decision' },
  extensions: { vi: 'Gia hạn', en: 'Extensions' },
  endDecision: { vi: 'Quyết định kết thúc', en: 'End decided' },
  recall: { vi: 'Kết thúc trước hạn', en: 'Recalled early' },
  lastDay: { vi: 'ngày cuối {date}', en: 'last day {date}' },
  returnedOn: { vi: 'Ngày trở về', en: 'Returned on' },
  placement: { vi: 'Bố trí khi trở về', en: 'Placement on return' },
  closedAt: { vi: 'Ngày kết thúc hồ sơ', en: 'Closed on' },
  documents: { vi: 'Tài liệu', en: 'Documents' },
  noDocuments: { vi: 'Chưa có tài liệu: hồ sơ kèm theo được đính khi ban hành quyết định.', en: 'No documents yet: the dossier is attached when the decision is recorded.' },
  downloadOne: { vi: 'Tải về: {name}', en: 'Download: {name}' },
  download: { vi: 'Tải về', en: 'Download' },
  issuedOn: { vi: 'cấp ngày {date}', en: 'issued {date}' },
  timers: { vi: 'Hạn và nhắc việc sắp tới', en: 'Coming deadlines and reminders' },
  noTimers: { vi: 'Không có hạn hay nhắc việc nào đang chờ.', en: 'No deadline or reminder is pending.' },
  timeline: { vi: 'Diễn biến hồ sơ', en: 'Timeline' },
  timelineOrder: { vi: 'Theo thứ tự thời gian, cũ nhất trước.', en: 'In time order, oldest first.' },
  by: { vi: '{name} ({role})', en: '{name} ({role})' },
  why: { vi: 'Lý do', en: 'Reason' },
  commentLabel: { vi: 'Ý kiến', en: 'Comment' },
  documentNumber: { vi: 'Số văn bản', en: 'Document no.' },
  system: { vi: 'Hệ thống', en: 'System' },
  loadFailed: { vi: 'Không mở được hồ sơ', en: 'The case could not be opened' },
} satisfies Record<string, Bilingual>;

/** One person's role, said of one person (the shared labels name groups). */
const ROLE_ONE: Record<Role | 'system', Bilingual> = {
  hr_officer: { vi: 'cán bộ tổ chức của sở', en: 'HR officer' },
  department_head: { vi: 'thủ trưởng sở', en: 'department head' },
  home_affairs_officer: { vi: 'cán bộ Sở Nội vụ', en: 'Home Affairs officer' },
  party_secretariat: { vi: 'Văn phòng Tỉnh ủy', en: 'Party committee secretariat' },
  commune_leader: { vi: 'lãnh đạo xã, phường', en: 'commune leader' },
  official: { vi: 'công chức', en: 'official' },
  auditor: { vi: 'thanh tra', en: 'auditor' },
  system: { vi: 'hệ thống', en: 'system' },
};

/** Events whose `reason` is a reason (the others carry a comment). */
const WITH_REASON = new Set(['CaseProposed', 'CaseRejected', 'ReturnedForChanges', 'CaseWithdrawn', 'DecisionCorrected', 'DecisionRevoked', 'TermExtended', 'EarlyRecallDecided', 'EndDecided']);

/** The most awaited action of a step is the primary button; the ones that close a case are red. */
const PRIMARY: readonly ActionName[] = ['approve', 'resubmit', 'recordPartyOpinion', 'issueDecision', 'confirmArrival', 'decideEnd', 'confirmReturn', 'recordEvaluation'];
const DANGER: readonly ActionName[] = ['reject', 'withdraw', 'revokeDecision', 'recallEarly'];

const str = (value: unknown): string => (typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '');
/** The buttons: the step's main action first, those that close a case last. */
const weight = (action: ActionName) => (PRIMARY.includes(action) ? 0 : DANGER.includes(action) ? 2 : 1);

const stageName = (t: Translate, stage: unknown) => (typeof stage === 'string' && stage in STAGE_LABELS ? t(STAGE_LABELS[stage as Stage]) : str(stage));

function termText(t: Translate, term: { months: number; days?: number } | null | undefined): string {
  if (!term) return '';
  return term.days ? t(S.monthsDays, { n: term.months, d: term.days }) : t(S.months, { n: term.months });
}

function deadlineText(t: Translate, day: string): string {
  const n = daysUntil(day);
  return n < 0 ? t(S.daysOverdue, { n: -n }) : n === 0 ? t(S.dueToday) : t(S.daysLeft, { n });
}

/** What a pending timer will do, as people say it. */
export function timerText(t: Translate, timer: PendingTimer): string {
  const parts = timer.key.split(':');
  switch (timer.event) {
    case 'StageDeadlinePassed': {
      const stage = stageName(t, parts[1]);
      const level = Number(parts[3] ?? '1');
      return level <= 1
        ? t({ vi: 'Hết hạn bước «{stage}»: nếu chưa xử lý, hệ thống nhắc và báo cấp trên', en: 'Deadline of the step «{stage}»: if still open, a reminder goes out and it is escalated' }, { stage })
        : t({ vi: 'Báo cấp trên lần {level} nếu bước «{stage}» vẫn chưa được xử lý', en: 'Escalation {level} if the step «{stage}» is still open' }, { stage, level });
    }
    case 'TermStarted':
      return t({ vi: 'Bắt đầu thời hạn công tác (ngày hiệu lực của quyết định)', en: "The term starts (the decision's effective date)" });
    case 'TermEndReminderDue':
      return t({ vi: 'Nhắc trước {n} ngày hết thời hạn ({date})', en: 'Reminder {n} days before the term ends ({date})' }, { n: parts[2] ?? '', date: formatDate(parts[1]) });
    case 'TermEndOverdue':
      return t({ vi: 'Hết thời hạn ({date}): quá hạn nếu chưa có quyết định kết thúc hoặc gia hạn', en: 'The term ends ({date}): overdue without an end or extension decision' }, { date: formatDate(parts[1]) });
    case 'TermCompleted':
      return t({ vi: 'Kết thúc thời hạn công tác', en: 'The term is completed' });
    case 'EvaluationDue':
      return t({ vi: 'Đến kỳ đánh giá lần {n}', en: 'Evaluation {n} falls due' }, { n: parts[2] ?? '' });
    default:
      return capitalised(t((EVENT_LABELS as Record<string, Bilingual>)[timer.event] ?? { vi: timer.event, en: timer.event }));
  }
}

/** The lines an event adds below its title: what it changed, in words. */
function eventDetails(t: Translate, entry: TimelineEntry): string[] {
  const d = entry.data;
  const lines: string[] = [];
  const add = (text: Bilingual, values: Record<string, string | number>) => lines.push(t(text, values));
  switch (entry.type as EventType) {
    case 'CaseProposed': {
      const receiving = d.receivingUnit as { name?: string } | undefined;
      add({ vi: 'Đến {unit}, vị trí {position}; dự kiến bắt đầu {date}', en: 'To {unit}, as {position}; planned start {date}' }, { unit: str(receiving?.name), position: str(d.position), date: formatDate(str(d.plannedStart)) });
      const term = d.term as { months: number; days?: number } | null;
      if (term) add({ vi: 'Thời hạn: {term}', en: 'Term: {term}' }, { term: termText(t, term) });
      for (const override of (d.eligibilityOverrides as { rule: string; reason: string }[] | undefined) ?? []) {
        add({ vi: 'Cho phép ngoại lệ «{rule}»: {reason}', en: 'Exception to «{rule}»: {reason}' }, { rule: override.rule, reason: override.reason });
      }
      break;
    }
    case 'StageApproved':
      add({ vi: 'Tại bước «{stage}» → chuyển sang «{next}»', en: 'At «{stage}» → on to «{next}»' }, { stage: stageName(t, d.stage), next: stageName(t, d.nextStage) });
      break;
    case 'CaseRejected':
    case 'ReturnedForChanges':
      add({ vi: 'Tại bước «{stage}»', en: 'At «{stage}»' }, { stage: stageName(t, d.stage) });
      break;
    case 'ProposalResubmitted': {
      const changes = Object.keys((d.changes as Record<string, unknown> | undefined) ?? {});
      if (changes.length) add({ vi: 'Nội dung thay đổi: {fields}', en: 'Changed: {fields}' }, { fields: changes.join(', ') });
      break;
    }
    case 'PartyOpinionRecorded':
      add(
        { vi: 'Ý kiến: {opinion}; văn bản ngày {date}', en: 'Opinion: {opinion}; document of {date}' },
        { opinion: d.opinion === 'agree' ? t({ vi: 'đồng ý', en: 'agree' }) : t({ vi: 'không đồng ý', en: 'disagree' }), date: formatDate(str(d.documentDate)) },
      );
      break;
    case 'DecisionIssued': {
      const signer = d.signer as { name?: string; title?: string } | undefined;
      add({ vi: 'Ngày ký {date}; người ký {signer}', en: 'Signed {date} by {signer}' }, { date: formatDate(str(d.decisionDate)), signer: [signer?.name, signer?.title].filter(Boolean).join(', ') });
      add({ vi: 'Hiệu lực từ {from}{to}', en: 'Effective from {from}{to}' }, { from: formatDate(str(d.effectiveDate)), to: d.termEnd ? t({ vi: ' đến hết {d}', en: ' to {d}' }, { d: formatDate(str(d.termEnd)) }) : '' });
      const files = (d.attachments as Attachment[] | undefined) ?? [];
      if (files.length) add({ vi: 'Kèm {n} tài liệu', en: '{n} documents attached' }, { n: files.length });
      break;
    }
    case 'DecisionCorrected': {
      const changes = Object.keys((d.changes as Record<string, unknown> | undefined) ?? {});
      add({ vi: 'Đính chính quyết định {number}: {fields}', en: 'Corrects decision {number}: {fields}' }, { number: str(d.correctsDecisionNumber), fields: changes.join(', ') });
      break;
    }
    case 'DecisionRevoked':
      add({ vi: 'Thu hồi quyết định {number}', en: 'Revokes decision {number}' }, { number: str(d.revokesDecisionNumber) });
      break;
    case 'ArrivalConfirmed':
      add({ vi: 'Đến nhận công tác ngày {date}', en: 'Arrived on {date}' }, { date: formatDate(str(d.arrivedOn)) });
      if (d.assignedWork) add({ vi: 'Công việc được giao: {work}', en: 'Work assigned: {work}' }, { work: str(d.assignedWork) });
      break;
    case 'TermStarted':
      add({ vi: 'Từ {from}{to}', en: 'From {from}{to}' }, { from: formatDate(str(d.effectiveDate)), to: d.termEnd ? t({ vi: ' đến hết {d}', en: ' to {d}' }, { d: formatDate(str(d.termEnd)) }) : '' });
      break;
    case 'EvaluationRecorded':
      add({ vi: 'Kỳ {period}: {rating}', en: '{period}: {rating}' }, { period: str(d.period), rating: t(RATING_LABELS[d.rating as keyof typeof RATING_LABELS] ?? { vi: str(d.rating), en: str(d.rating) }) });
      break;
    case 'ReportSubmitted':
      add({ vi: 'Báo cáo {kind} kỳ {period}: {summary}', en: '{kind} report, {period}: {summary}' }, {
        kind: t(REPORT_LABELS[d.kind as keyof typeof REPORT_LABELS] ?? { vi: str(d.kind), en: str(d.kind) }),
        period: str(d.period),
        summary: str(d.summary),
      });
      break;
    case 'TermExtended':
      add({ vi: 'Thêm {by}: hết hạn {from} → {to}', en: 'By {by}: ends {from} → {to}' }, { by: termText(t, d.by as { months: number; days?: number }), from: formatDate(str(d.previousTermEnd)), to: formatDate(str(d.newTermEnd)) });
      break;
    case 'EarlyRecallDecided':
    case 'EndDecided':
    case 'TermCompleted':
      add({ vi: 'Ngày làm việc cuối cùng: {date}', en: 'Last day: {date}' }, { date: formatDate(str(d.lastDay)) });
      break;
    case 'ReturnConfirmed': {
      const placement = d.placement as { position?: string; unitName?: string } | undefined;
      add({ vi: 'Trở về ngày {date}; bố trí: {position}, {unit}', en: 'Returned {date}; placed as {position}, {unit}' }, { date: formatDate(str(d.returnedOn)), position: str(placement?.position), unit: str(placement?.unitName) });
      break;
    }
    case 'CaseClosed':
      add({ vi: 'Kết quả: {outcome}', en: 'Outcome: {outcome}' }, { outcome: t(OUTCOME_LABELS[d.outcome as keyof typeof OUTCOME_LABELS] ?? { vi: str(d.outcome), en: str(d.outcome) }) });
      break;
    case 'StageDeadlinePassed':
      add({ vi: 'Bước «{stage}», hạn {date} (lần {level})', en: '«{stage}», due {date} (level {level})' }, { stage: stageName(t, d.stage), date: formatDate(str(d.deadline)), level: str(d.level) });
      break;
    case 'TermEndReminderDue':
      add({ vi: 'Còn {n} ngày đến hạn {date}', en: '{n} days before {date}' }, { n: str(d.daysBefore), date: formatDate(str(d.termEnd)) });
      break;
    case 'TermEndOverdue':
      add({ vi: 'Hết hạn {date}', en: 'Ended {date}' }, { date: formatDate(str(d.termEnd)) });
      break;
    case 'EvaluationDue':
      add({ vi: 'Kỳ {n}, đến hạn {date}', en: 'Period {n}, due {date}' }, { n: str(d.period), date: formatDate(str(d.dueOn)) });
      break;
    default:
      break;
  }
  return lines;
}

function Timeline({ entries }: { entries: TimelineEntry[] }) {
  const t = useT();
  return (
    <ol class="timeline case-timeline">
      {entries.map((entry) => {
        const label = (EVENT_LABELS as Record<string, Bilingual>)[entry.type] ?? { vi: entry.type, en: entry.type };
        const system = entry.actor.role === 'system';
        return (
          <li key={entry.version} data-event-type={entry.type} class={system ? 'event-system' : undefined}>
            <p class="event-title">
              <strong>{capitalised(t(label))}</strong>
            </p>
            <p class="meta">
              <time dateTime={entry.at}>{formatDateTime(entry.at)}</time>
              {' · '}
              {system ? t(S.system) : t(S.by, { name: entry.actor.name, role: t(ROLE_ONE[entry.actor.role]) })}
              {entry.actor.onBehalfOf ? (
                <>
                  {' · '}
                  <span class="on-behalf">{t(S.onBehalf, { name: entry.actor.onBehalfOf.name })}</span>
                </>
              ) : null}
            </p>
            {entry.reason ? (
              <p class="event-why">
                <span class="event-label">{t(WITH_REASON.has(entry.type) ? S.why : S.commentLabel)}:</span> {entry.reason}
              </p>
            ) : null}
            {entry.documentNumber ? (
              <p class="event-doc">
                <span class="event-label">{t(S.documentNumber)}:</span> <strong>{entry.documentNumber}</strong>
              </p>
            ) : null}
            {eventDetails(t, entry).map((line, i) => (
              <p key={i} class="event-detail">
                {line}
              </p>
            ))}
          </li>
        );
      })}
    </ol>
  );
}

function Fact({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  );
}

function Documents({ files }: { files: Attachment[] }) {
  const t = useT();
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  if (!files.length) return <p class="empty">{t(S.noDocuments)}</p>;
  const get = async (file: Attachment) => {
    setBusy(file.documentId);
    setError(null);
    try {
      await download(`/documents/${encodeURIComponent(file.documentId)}`);
    } catch (failure) {
      setError(failure instanceof ApiError ? failure : null);
    } finally {
      setBusy(null);
    }
  };
  return (
    <>
      <ProblemMessage error={error} />
      <ul class="documents">
        {files.map((file) => (
          <li key={`${file.kind}-${file.documentId}`}>
            <span class="document-kind-name">{t(ATTACHMENT_LABELS[file.kind] ?? { vi: file.kind, en: file.kind })}</span>
            <span class="document-name">
              {file.name}
              {file.issuedOn ? ` (${t(S.issuedOn, { date: formatDate(file.issuedOn) })})` : ''}
            </span>
            <Button variant="link" busy={busy === file.documentId} aria-label={t(S.downloadOne, { name: file.name })} onClick={() => void get(file)}>
              {t(S.download)}
            </Button>
          </li>
        ))}
      </ul>
    </>
  );
}

function CaseFacts({ detail, state }: { detail: CaseDetail; state: CaseState }) {
  const t = useT();
  const decision = state.decision ?? null;
  return (
    <div class="case-grid">
      <section class="card" aria-labelledby="case-parties">
        <h2 id="case-parties">{t(S.parties)}</h2>
        <dl class="facts">
          <Fact label={t(COMMON.official)}>
            {detail.officialName}
            {state.official?.title ? <span class="case-muted">, {state.official.title}</span> : null}
          </Fact>
          <Fact label={t(COMMON.form)}>
            <FormName form={detail.form} />
          </Fact>
          <Fact label={t(COMMON.department)}>{detail.sendingUnitName}</Fact>
          <Fact label={t(COMMON.commune)}>{detail.receivingUnitName}</Fact>
          <Fact label={t(COMMON.position)}>{detail.position}</Fact>
          <Fact label={t(S.proposer)}>{detail.proposerName}</Fact>
          {state.reason ? <Fact label={t(S.reason)}>{state.reason}</Fact> : null}
          {state.placement ? <Fact label={t(S.placement)}>{[state.placement.position, state.placement.unitName, state.placement.note].filter(Boolean).join(', ')}</Fact> : null}
        </dl>
      </section>
      <section class="card" aria-labelledby="case-dates">
        <h2 id="case-dates">{t(S.dates)}</h2>
        <dl class="facts">
          <Fact label={t(S.proposedAt)}>{formatDate(detail.proposedAt)}</Fact>
          {state.plannedStart ? <Fact label={t(S.plannedStart)}>{formatDate(state.plannedStart)}</Fact> : null}
          <Fact label={t(S.term)}>{detail.form === 'transfer' ? t(S.noTerm) : termText(t, decision?.term ?? state.term)}</Fact>
          {!detail.closedAt ? <Fact label={t(S.stageSince)}>{formatDate(detail.stageOpenedAt)}</Fact> : null}
          {detail.stageDeadline && !detail.closedAt ? (
            <Fact label={t(S.stageDeadline)}>
              <span class={detail.stageOverdue ? 'case-late' : undefined}>
                {formatDate(detail.stageDeadline)} ({deadlineText(t, detail.stageDeadline)})
              </span>
            </Fact>
          ) : null}
          {state.partyOpinion ? (
            <Fact label={t(S.partyOpinion)}>
              {state.partyOpinion.opinion === 'agree' ? t({ vi: 'Đồng ý', en: 'Agree' }) : t({ vi: 'Không đồng ý', en: 'Disagree' })} — {t(S.decisionOf, { number: state.partyOpinion.documentNumber, date: formatDate(state.partyOpinion.documentDate) })}
            </Fact>
          ) : null}
          {detail.decisionNumber ? <Fact label={t(S.decision)}>{t(S.decisionOf, { number: detail.decisionNumber, date: formatDate(detail.decisionDate) })}</Fact> : null}
          {decision ? <Fact label={t(S.signer)}>{`${decision.signer.name}, ${decision.signer.title}`}</Fact> : null}
          {detail.effectiveDate ? <Fact label={t(S.effectiveDate)}>{formatDate(detail.effectiveDate)}</Fact> : null}
          {state.arrivedOn ? <Fact label={t(S.arrivedOn)}>{formatDate(state.arrivedOn)}</Fact> : null}
          {detail.termEnd ? (
            <Fact label={t(S.termEnd)}>
              {formatDate(detail.termEnd)}
              {detail.overdue ? <span class="case-late"> — {t(S.termOverdue)}</span> : null}
            </Fact>
          ) : null}
          {state.extensions?.length ? <Fact label={t(S.extensions)}>{state.extensions.map((e) => `${e.decisionNumber}: ${formatDate(e.previousTermEnd)} → ${formatDate(e.newTermEnd)}`).join('; ')}</Fact> : null}
          {state.endDecision ? (
            <Fact label={t(state.endDecision.kind === 'recall' ? S.recall : S.endDecision)}>
              {t(S.decisionOf, { number: state.endDecision.decisionNumber, date: formatDate(state.endDecision.decisionDate) })}, {t(S.lastDay, { date: formatDate(state.endDecision.lastDay) })}
            </Fact>
          ) : null}
          {state.returnedOn ? <Fact label={t(S.returnedOn)}>{formatDate(state.returnedOn)}</Fact> : null}
          {detail.closedAt ? <Fact label={t(S.closedAt)}>{formatDate(detail.closedAt)}</Fact> : null}
        </dl>
      </section>
    </div>
  );
}

function ActionsPanel({ detail, onDone }: { detail: CaseDetail; onDone: (action: ActionName, result: CaseDetail) => void }) {
  const t = useT();
  const { query } = useLocation();
  // The inbox links to a case with `?action=issueDecision`: that form opens at once.
  const [open, setOpenState] = useState<OfferedAction | null>(() => detail.actions.find((a) => a.action === query.get('action')) ?? null);
  const setOpen = (offer: OfferedAction | null) => {
    setOpenState(offer);
    if (!offer && query.get('action')) setQuery({ action: null });
  };
  const state = caseState(detail);
  const buttonsRef = useRef<HTMLDivElement>(null);
  // An action no longer offered (the case moved on) closes its form.
  const current = open && detail.actions.some((a) => a.action === open.action) ? open : null;
  const close = () => {
    const action = current?.action;
    setOpen(null);
    if (action) requestAnimationFrame(() => buttonsRef.current?.querySelector<HTMLButtonElement>(`[data-action="${action}"]`)?.focus());
  };
  return (
    <section class="card case-actions" aria-labelledby="case-actions">
      <h2 id="case-actions">{t(S.actions)}</h2>
      {detail.actions.length === 0 ? (
        <p class="case-muted">{detail.closedAt ? t(S.closedNoActions) : t(S.noActions)}</p>
      ) : (
        <div class="action-buttons" ref={buttonsRef}>
          {[...detail.actions].sort((a, b) => weight(a.action) - weight(b.action)).map((offer) => (
            <span class="action-choice" key={offer.action}>
              <Button
                variant={DANGER.includes(offer.action) ? 'danger' : PRIMARY.includes(offer.action) ? 'primary' : 'secondary'}
                data-action={offer.action}
                aria-expanded={current?.action === offer.action}
                aria-controls={current?.action === offer.action ? 'action-panel' : undefined}
                onClick={() => setOpen(current?.action === offer.action ? null : offer)}
              >
                {capitalised(t(ACTION_LABELS[offer.action]))}
              </Button>
              {offer.onBehalfOf ? <span class="on-behalf">{t(S.onBehalf, { name: offer.onBehalfOf.name })}</span> : null}
            </span>
          ))}
        </div>
      )}
      {current ? (
        <section id="action-panel" class="action-panel" aria-labelledby="action-panel-title">
          <h3 id="action-panel-title">{capitalised(t(ACTION_LABELS[current.action]))}</h3>
          <ActionForm
            key={current.action}
            action={current.action}
            spec={ACTION_FORMS[current.action]}
            summary={detail}
            state={state}
            onBehalfOf={current.onBehalfOf}
            onCancel={close}
            onDone={(result) => {
              setOpen(null);
              onDone(current.action, result);
            }}
          />
        </section>
      ) : null}
    </section>
  );
}

export default function CaseScreen({ params }: { params: Record<string, string> }) {
  const t = useT();
  const caseId = params.caseId ?? '';
  const resource = useResource<CaseDetail>(`/cases/${encodeURIComponent(caseId)}`);
  const [fresh, setFresh] = useState<CaseDetail | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const noticeRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    setFresh(null);
    setNotice(null);
  }, [caseId]);
  useEffect(() => {
    if (notice) noticeRef.current?.focus();
  }, [notice]);

  // What the last action answered is shown at once; the refreshed read replaces it when newer.
  const known = resource.data;
  const detail = fresh && fresh.caseId === caseId && (!known || fresh.version >= known.version) ? fresh : known;
  const title = t(S.title, { id: caseId });

  if (!detail) {
    return (
      <Page title={title}>
        {resource.error ? <ProblemMessage error={resource.error} onRetry={() => void resource.reload()} /> : <Loading />}
      </Page>
    );
  }
  const state = caseState(detail);
  const files = state.decision?.attachments ?? [];

  return (
    <Page title={title}>
      <p class="case-back">
        <Link href="/inbox">{t(S.back)}</Link>
      </p>
      <div class="card case-head">
        <p class="case-official">{detail.officialName}</p>
        <p class="case-badges">
          <span class="case-form">{capitalised(t(FORM_LABELS[detail.form]))}</span>
          <StageBadge stage={detail.stage} outcome={detail.outcome} />
          {detail.stageOverdue && !detail.closedAt ? <OverdueBadge /> : null}
          {detail.overdue ? <span class="badge badge-overdue">{t(S.termOverdue)}</span> : null}
        </p>
        <p class="case-route">
          {detail.sendingUnitName} → {detail.receivingUnitName} · {detail.position}
        </p>
      </div>
      <div class="notice-region" role="status" aria-live="polite">
        {notice ? (
          <div class="notice" tabIndex={-1} ref={noticeRef}>
            {notice}
          </div>
        ) : null}
      </div>
      <ActionsPanel
        key={detail.caseId}
        detail={detail}
        onDone={(action, result) => {
          setFresh(result);
          const actionName = t(ACTION_LABELS[action]);
          setNotice(
            result.outcome
              ? t(S.doneClosed, { action: actionName, outcome: t(OUTCOME_LABELS[result.outcome]) })
              : t(S.done, { action: actionName, stage: t(STAGE_LABELS[result.stage]) }),
          );
        }}
      />
      <CaseFacts detail={detail} state={state} />
      <section class="card" aria-labelledby="case-documents">
        <h2 id="case-documents">{t(S.documents)}</h2>
        <Documents files={files} />
      </section>
      <section class="card" aria-labelledby="case-timers">
        <h2 id="case-timers">{t(S.timers)}</h2>
        {detail.timers.length ? (
          <ul class="timers">
            {detail.timers.map((timer) => (
              <li key={timer.key}>
                <time dateTime={timer.at}>{formatDateTime(timer.at)}</time> — {timerText(t, timer)}
              </li>
            ))}
          </ul>
        ) : (
          <Empty>{t(S.noTimers)}</Empty>
        )}
      </section>
      <section class="card" aria-labelledby="case-timeline">
        <h2 id="case-timeline">{t(S.timeline)}</h2>
        <p class="hint">{t(S.timelineOrder)}</p>
        <Timeline entries={detail.timeline} />
      </section>
    </Page>
  );
}
