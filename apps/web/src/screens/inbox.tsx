/**
 * My inbox: the cases waiting for something the signed-in person may do, the nearest deadline
 * first, overdue ones marked. Approve in one click; reject or return for changes in two (a reason
 * in a small dialog); approve many at once; every other action opens the case with its form.
 * A filter that ignores missing diacritics, and the list exported through the API.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { ACTION_LABELS, FORM_LABELS, STAGE_LABELS, capitalised, type Bilingual } from '@app/domain/labels';
import { ApiError, newIdempotencyKey, send } from '../api';
import { ActionForm } from '../components/action-form';
import { ACTION_FORMS } from '../components/case-actions-table';
import { Button, Dialog, Field, FormName, Loading, OverdueBadge, Page, ProblemMessage, StageBadge } from '../components/ui';
import { useExport } from '../components/export';
import { invalidate, useResource } from '../data';
import { daysUntil, formatDate, matchesSearch } from '../format';
import { useLanguage, useT, type Translate } from '../i18n';
import { Link, setQuery, useLocation } from '../router';
import { useSession } from '../session';
import type { ActionName, BatchResult, CaseDetail, InboxItem } from '../types';
import { ACTION_ROUTES } from '@app/domain/commands';
import { AFTER_A_CHANGE } from './case-types';
import './inbox.css';

const S = {
  title: { vi: 'Việc cần xử lý', en: 'My inbox' },
  summary: { vi: '{n} hồ sơ đang chờ bạn', en: '{n} cases wait for you' },
  summaryOverdue: { vi: ', {n} quá hạn', en: ', {n} overdue' },
  filter: { vi: 'Lọc danh sách', en: 'Filter the list' },
  filterHint: { vi: 'Tên, mã hồ sơ, đơn vị, vị trí… gõ có dấu hoặc không dấu', en: 'Name, case id, unit, position… with or without diacritics' },
  shown: { vi: 'Hiển thị {shown}/{total} hồ sơ', en: 'Showing {shown} of {total} cases' },
  selectAll: { vi: 'Chọn tất cả hồ sơ có thể phê duyệt ({n})', en: 'Select every case that can be approved ({n})' },
  selectOne: { vi: 'Chọn hồ sơ {id} ({name})', en: 'Select case {id} ({name})' },
  batchApprove: { vi: 'Phê duyệt các hồ sơ đã chọn ({n})', en: 'Approve the selected cases ({n})' },
  colSelect: { vi: 'Chọn', en: 'Select' },
  colCase: { vi: 'Hồ sơ', en: 'Case' },
  colStage: { vi: 'Hình thức, bước', en: 'Form, step' },
  colUnits: { vi: 'Đơn vị', en: 'Units' },
  colDue: { vi: 'Hạn', en: 'Due' },
  colActions: { vi: 'Việc cần làm', en: 'To do' },
  termEnds: { vi: 'hết thời hạn', en: 'term ends' },
  daysLeft: { vi: 'còn {n} ngày', en: '{n} days left' },
  dueToday: { vi: 'hạn hôm nay', en: 'due today' },
  daysOverdue: { vi: 'quá hạn {n} ngày', en: '{n} days overdue' },
  noDeadline: { vi: 'không có hạn', en: 'no deadline' },
  actOn: { vi: ' hồ sơ {id} ({name})', en: ' case {id} ({name})' },
  openLabel: { vi: ' — mở hồ sơ {id} ({name})', en: ' — open case {id} ({name})' },
  deputy: { vi: 'thay cho {name}', en: 'for {name}' },
  done: { vi: 'Đã {action} hồ sơ {id} ({name}); hồ sơ chuyển sang bước «{stage}».', en: 'Done: {action} on case {id} ({name}); it is now at «{stage}».' },
  doneClosed: { vi: 'Đã {action} hồ sơ {id} ({name}); hồ sơ đã kết thúc.', en: 'Done: {action} on case {id} ({name}); the case is closed.' },
  failed: { vi: 'Không thực hiện được với hồ sơ {id} ({name}); hồ sơ không thay đổi.', en: 'Not done on case {id} ({name}); nothing changed.' },
  batchDone: { vi: 'Đã phê duyệt {done}/{total} hồ sơ.', en: 'Approved {done} of {total} cases.' },
  batchRefused: { vi: '{n} hồ sơ không thực hiện được (không thay đổi):', en: '{n} cases were refused (unchanged):' },
  itemDone: { vi: '{id} ({name}): đã phê duyệt, chuyển sang «{stage}»', en: '{id} ({name}): approved, now at «{stage}»' },
  itemRefused: { vi: '{id} ({name}): không thực hiện được — {why}', en: '{id} ({name}): refused — {why}' },
  itemSkipped: { vi: '{id} ({name}): chưa thực hiện', en: '{id} ({name}): not attempted' },
  dialogCase: { vi: 'Hồ sơ {id}: {name}, {from} → {to}', en: 'Case {id}: {name}, {from} → {to}' },
  emptyTitle: { vi: 'Không có việc nào đang chờ bạn.', en: 'Nothing is waiting for you.' },
  emptyText: { vi: 'Khi có hồ sơ cần bạn xử lý, hồ sơ sẽ hiện ở đây, hạn gần nhất lên đầu.', en: 'Cases that need you will show here, the nearest deadline first.' },
  emptyPipeline: { vi: 'Xem tổng hợp hồ sơ', en: 'See the pipeline' },
  noMatch: { vi: 'Không có hồ sơ nào khớp với «{q}».', en: 'No case matches "{q}".' },
  clearFilter: { vi: 'Xóa bộ lọc', en: 'Clear the filter' },
} satisfies Record<string, Bilingual>;

/** Actions done from the list itself; the others open the case and its form. */
const QUICK: readonly ActionName[] = ['approve', 'returnForChanges', 'reject'];
const IN_TERM = ['posted', 'serving', 'ending'];

/** The day an item is due: the step's deadline, or the term's end for a case in its term. */
function dueOf(item: InboxItem): string | null {
  return item.stageDeadline ?? (IN_TERM.includes(item.stage) ? (item.termEnd ?? null) : null);
}

function isLate(item: InboxItem): boolean {
  return item.stageOverdue || item.overdue;
}

function dueText(t: Translate, day: string): string {
  const n = daysUntil(day);
  return n < 0 ? t(S.daysOverdue, { n: -n }) : n === 0 ? t(S.dueToday) : t(S.daysLeft, { n });
}

/** Deadlines first (overdue at the top), then the oldest nomination. */
function byDeadline(a: InboxItem, b: InboxItem): number {
  const da = dueOf(a) ?? '9999-12-31';
  const db = dueOf(b) ?? '9999-12-31';
  return da < db ? -1 : da > db ? 1 : a.proposedAt.localeCompare(b.proposedAt);
}

interface Outcome {
  kind: 'done' | 'failed';
  text: string;
  error?: ApiError;
}

interface BatchOutcome {
  result: BatchResult;
  names: Record<string, string>;
}

function asApiError(failure: unknown): ApiError {
  return failure instanceof ApiError ? failure : new ApiError(0, { type: 'about:blank', title: String(failure), status: 0, detail: '' });
}

export default function InboxScreen() {
  const t = useT();
  const { language } = useLanguage();
  const { me } = useSession();
  const { query } = useLocation();
  const inbox = useResource<InboxItem[]>('/inbox', { refreshMs: 60_000 });
  const q = query.get('q') ?? '';
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [busy, setBusy] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [batch, setBatch] = useState<BatchOutcome | null>(null);
  const [batchError, setBatchError] = useState<ApiError | null>(null);
  const [dialog, setDialog] = useState<{ item: InboxItem; action: 'reject' | 'returnForChanges' } | null>(null);
  // A one-click act keeps its key until it succeeds, so a retry after a lost answer acts once.
  const keys = useRef(new Map<string, string>());
  const keyFor = (part: string) => {
    const known = keys.current.get(part);
    if (known) return known;
    const key = newIdempotencyKey();
    keys.current.set(part, key);
    return key;
  };
  const noticeRef = useRef<HTMLDivElement>(null);

  const items = useMemo(() => [...(inbox.data ?? [])].sort(byDeadline), [inbox.data]);
  const shown = useMemo(
    () =>
      items.filter((item) =>
        matchesSearch(q, item.caseId, item.officialName, item.sendingUnitName, item.receivingUnitName, item.position, item.proposerName, t(STAGE_LABELS[item.stage]), t(FORM_LABELS[item.form])),
      ),
    [items, q, t],
  );
  const approvable = shown.filter((item) => item.actions.some((a) => a.action === 'approve'));
  const chosen = approvable.filter((item) => selected.has(item.caseId));
  const allChosen = approvable.length > 0 && chosen.length === approvable.length;
  const late = items.filter(isLate).length;

  // Selections of cases no longer in the inbox are dropped.
  useEffect(() => {
    if (!inbox.data) return;
    const present = new Set(inbox.data.map((item) => item.caseId));
    setSelected((current) => {
      const kept = [...current].filter((id) => present.has(id));
      return kept.length === current.size ? current : new Set(kept);
    });
  }, [inbox.data]);

  useEffect(() => {
    if (outcome || batch) noticeRef.current?.focus();
  }, [outcome, batch]);

  const announce = (item: InboxItem, action: ActionName, result: CaseDetail) => {
    const values = { action: t(ACTION_LABELS[action]), id: item.caseId, name: item.officialName, stage: t(STAGE_LABELS[result.stage]) };
    setBatch(null);
    setOutcome({ kind: 'done', text: result.outcome ? t(S.doneClosed, values) : t(S.done, values) });
  };

  const approve = async (item: InboxItem) => {
    const part = `${item.caseId}:approve`;
    setBusy(item.caseId);
    setOutcome(null);
    setBatch(null);
    try {
      const result = await send<CaseDetail>('POST', `/cases/${encodeURIComponent(item.caseId)}/${ACTION_ROUTES.approve}`, {}, keyFor(part));
      keys.current.delete(part);
      announce(item, 'approve', result);
      invalidate(...AFTER_A_CHANGE);
    } catch (failure) {
      setOutcome({ kind: 'failed', text: t(S.failed, { id: item.caseId, name: item.officialName }), error: asApiError(failure) });
    } finally {
      setBusy(null);
    }
  };

  const approveBatch = async () => {
    const ids = chosen.map((item) => item.caseId);
    if (!ids.length) return;
    const part = `batch:${[...ids].sort().join(',')}`;
    const names = Object.fromEntries(chosen.map((item) => [item.caseId, item.officialName]));
    setBusy('batch');
    setOutcome(null);
    setBatch(null);
    setBatchError(null);
    try {
      // Each case stands alone: those that can be approved are, and each refusal says why.
      const result = await send<BatchResult>('POST', '/batch/approve', { caseIds: ids, proceedWithoutRefused: true }, keyFor(part));
      keys.current.delete(part);
      setBatch({ result, names });
      setSelected(new Set());
      invalidate(...AFTER_A_CHANGE);
    } catch (failure) {
      setBatchError(asApiError(failure));
    } finally {
      setBusy(null);
    }
  };

  const exporter = useExport('/inbox/export');

  const toggle = (caseId: string, on: boolean) =>
    setSelected((current) => {
      const next = new Set(current);
      if (on) next.add(caseId);
      else next.delete(caseId);
      return next;
    });

  const title = t(S.title);
  const staff = me && me.role !== 'official';

  return (
    <Page
      title={title}
      actions={exporter.buttons}
    >
      {exporter.problem}
      <div class="notice-region" role="status" aria-live="polite">
        {outcome?.kind === 'done' ? (
          <div class="notice" tabIndex={-1} ref={noticeRef}>
            {outcome.text}
          </div>
        ) : null}
        {batch ? (
          <div class={`notice inbox-results${batch.result.refused ? ' inbox-result-failed' : ''}`} tabIndex={-1} ref={noticeRef}>
            <p>
              <strong>{t(S.batchDone, { done: batch.result.done, total: batch.result.results.length })}</strong>
              {batch.result.refused ? ` ${t(S.batchRefused, { n: batch.result.refused })}` : ''}
            </p>
            <ul>
              {batch.result.results.map((r) => {
                const values = { id: r.caseId, name: batch.names[r.caseId] ?? '' };
                return (
                  <li key={r.caseId} data-case-id={r.caseId} data-status={r.status}>
                    {r.status === 'done'
                      ? t(S.itemDone, { ...values, stage: r.stage ? t(STAGE_LABELS[r.stage]) : '' })
                      : r.status === 'refused'
                        ? t(S.itemRefused, { ...values, why: r.problem?.messages?.[language] ?? r.problem?.detail ?? r.problem?.title ?? '' })
                        : t(S.itemSkipped, values)}
                  </li>
                );
              })}
            </ul>
          </div>
        ) : null}
      </div>
      {outcome?.kind === 'failed' ? (
        <div class="inbox-failure">
          <p>
            <strong>{outcome.text}</strong>
          </p>
          <ProblemMessage error={outcome.error} />
        </div>
      ) : null}
      <ProblemMessage error={batchError} />

      {inbox.loading ? <Loading /> : null}
      {inbox.error && !inbox.data ? <ProblemMessage error={inbox.error} onRetry={() => void inbox.reload()} /> : null}

      {inbox.data && items.length === 0 ? (
        <div class="card inbox-empty">
          <p class="inbox-empty-title">{t(S.emptyTitle)}</p>
          <p class="empty">{t(S.emptyText)}</p>
          {staff ? (
            <p>
              <Link href="/pipeline">{t(S.emptyPipeline)}</Link>
            </p>
          ) : null}
        </div>
      ) : null}

      {items.length > 0 ? (
        <>
          <p class="inbox-summary">
            <strong>{t(S.summary, { n: items.length })}</strong>
            {late ? <span class="inbox-due-late">{t(S.summaryOverdue, { n: late })}</span> : null}
          </p>
          <div class="inbox-toolbar">
            <Field label={t(S.filter)} hint={t(S.filterHint)}>
              {(props) => <input {...props} type="search" value={q} autoComplete="off" onInput={(event) => setQuery({ q: event.currentTarget.value })} />}
            </Field>
            {approvable.length > 0 ? (
              <div class="inbox-batch">
                <label class="inbox-check">
                  <input
                    type="checkbox"
                    checked={allChosen}
                    onChange={(event) => {
                      const on = event.currentTarget.checked;
                      setSelected((current) => {
                        const next = new Set(current);
                        for (const item of approvable) {
                          if (on) next.add(item.caseId);
                          else next.delete(item.caseId);
                        }
                        return next;
                      });
                    }}
                  />
                  {t(S.selectAll, { n: approvable.length })}
                </label>
                <Button variant="primary" disabled={chosen.length === 0 || busy !== null} busy={busy === 'batch'} onClick={() => void approveBatch()}>
                  {t(S.batchApprove, { n: chosen.length })}
                </Button>
              </div>
            ) : null}
          </div>
          {q ? (
            <p class="hint" aria-live="polite">
              {t(S.shown, { shown: shown.length, total: items.length })}
            </p>
          ) : null}
          {shown.length === 0 ? (
            <div class="card inbox-empty">
              <p>{t(S.noMatch, { q })}</p>
              <Button variant="link" onClick={() => setQuery({ q: null })}>
                {t(S.clearFilter)}
              </Button>
            </div>
          ) : (
            <div class="table-wrap">
              <table class="cards inbox-table">
                <caption class="visually-hidden">{title}</caption>
                <thead>
                  <tr>
                    <th scope="col" class="inbox-select-col">
                      <span class="visually-hidden">{t(S.colSelect)}</span>
                    </th>
                    <th scope="col">{t(S.colCase)}</th>
                    <th scope="col">{t(S.colStage)}</th>
                    <th scope="col">{t(S.colUnits)}</th>
                    <th scope="col">{t(S.colDue)}</th>
                    <th scope="col">{t(S.colActions)}</th>
                  </tr>
                </thead>
                <tbody>
                  {shown.map((item) => {
                    const due = dueOf(item);
                    const canApprove = item.actions.some((a) => a.action === 'approve');
                    const quick = QUICK.filter((action) => item.actions.some((a) => a.action === action));
                    const others = item.actions.filter((a) => !QUICK.includes(a.action));
                    const deputies = [...new Set(item.actions.map((a) => a.onBehalfOf?.name).filter((name): name is string => Boolean(name)))];
                    const rowBusy = busy === item.caseId || busy === 'batch';
                    return (
                      <tr key={item.caseId} class={isLate(item) ? 'overdue' : undefined} data-case-id={item.caseId}>
                        <td class="inbox-select-cell" data-label={t(S.colSelect)}>
                          {canApprove ? (
                            <label class="inbox-select">
                              <input type="checkbox" checked={selected.has(item.caseId)} aria-label={t(S.selectOne, { id: item.caseId, name: item.officialName })} onChange={(event) => toggle(item.caseId, event.currentTarget.checked)} />
                            </label>
                          ) : null}
                        </td>
                        <td class="inbox-case" data-label={t(S.colCase)}>
                          <span>
                            <span class="inbox-official">{item.officialName}</span>
                            <Link href={`/cases/${encodeURIComponent(item.caseId)}`}>{item.caseId}</Link>
                          </span>
                        </td>
                        <td data-label={t(S.colStage)}>
                          <span>
                            <span class="inbox-sub">
                              <FormName form={item.form} />
                            </span>
                            <StageBadge stage={item.stage} outcome={item.outcome} />
                          </span>
                        </td>
                        <td data-label={t(S.colUnits)}>
                          <span>
                            {item.sendingUnitName} → {item.receivingUnitName}
                            <span class="inbox-sub">{item.position}</span>
                          </span>
                        </td>
                        <td class="inbox-due" data-label={t(S.colDue)}>
                          <span>
                            {due ? (
                              <>
                                {formatDate(due)}
                                <span class={`inbox-due-text${isLate(item) ? ' inbox-due-late' : ''}`}>
                                  {!item.stageDeadline ? `${t(S.termEnds)}, ` : ''}
                                  {dueText(t, due)}
                                </span>
                              </>
                            ) : (
                              <span class="inbox-due-text">{t(S.noDeadline)}</span>
                            )}
                            {isLate(item) ? <OverdueBadge /> : null}
                          </span>
                        </td>
                        <td class="inbox-actions" data-label={t(S.colActions)}>
                          <div class="inbox-actions-list">
                            {quick.map((action) => {
                              const label = capitalised(t(ACTION_LABELS[action]));
                              // The visible name first, then which case (for a screen reader's list of buttons).
                              const which = <span class="visually-hidden">{t(S.actOn, { id: item.caseId, name: item.officialName })}</span>;
                              return action === 'approve' ? (
                                <Button key={action} variant="primary" busy={busy === item.caseId} disabled={rowBusy} onClick={() => void approve(item)}>
                                  {label}
                                  {which}
                                </Button>
                              ) : (
                                <Button key={action} variant={action === 'reject' ? 'danger' : 'secondary'} disabled={rowBusy} onClick={() => setDialog({ item, action: action === 'reject' ? 'reject' : 'returnForChanges' })}>
                                  {label}
                                  {which}
                                </Button>
                              );
                            })}
                            {others.map((offer) => (
                              <Link key={offer.action} class="inbox-open" href={`/cases/${encodeURIComponent(item.caseId)}?action=${offer.action}`}>
                                {capitalised(t(ACTION_LABELS[offer.action]))}
                                <span class="visually-hidden">{t(S.openLabel, { id: item.caseId, name: item.officialName })}</span>
                                <span aria-hidden="true"> →</span>
                              </Link>
                            ))}
                          </div>
                          {deputies.length ? <span class="inbox-deputy">{t(S.deputy, { name: deputies.join(', ') })}</span> : null}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
        </>
      ) : null}

      <Dialog
        open={dialog !== null}
        title={dialog ? `${capitalised(t(ACTION_LABELS[dialog.action]))}: ${dialog.item.officialName}` : ''}
        onClose={() => setDialog(null)}
      >
        {dialog ? (
          <>
            <p class="inbox-dialog-case">{t(S.dialogCase, { id: dialog.item.caseId, name: dialog.item.officialName, from: dialog.item.sendingUnitName, to: dialog.item.receivingUnitName })}</p>
            <ActionForm
              key={`${dialog.item.caseId}:${dialog.action}`}
              action={dialog.action}
              spec={ACTION_FORMS[dialog.action]}
              summary={dialog.item}
              state={null}
              onBehalfOf={dialog.item.actions.find((a) => a.action === dialog.action)?.onBehalfOf}
              onCancel={() => setDialog(null)}
              onDone={(result) => {
                const { item, action } = dialog;
                setDialog(null);
                announce(item, action, result);
              }}
            />
          </>
        ) : null}
      </Dialog>
    </Page>
  );
}
