/**
 * The state of the inbox: its items in order and filtered, the selection for a batch approval, the
 * one-click approval and the batch one (each with an idempotency key kept until it succeeds), the
 * dialog of a reject or a return, and what the last act did.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { ACTION_LABELS, FORM_LABELS, STAGE_LABELS } from '@app/domain/labels';
import { ApiError, asApiError, newIdempotencyKey, send } from '../../api';
import { invalidate, useResource } from '../../data';
import { matchesSearch } from '../../format';
import { useT } from '../../i18n';
import { useLocation } from '../../router';
import type { ActionName, BatchResult, CaseDetail, InboxItem } from '../../types';
import { ACTION_ROUTES } from '@app/api-routes';
import { AFTER_A_CHANGE } from '../case-types';
import { byDeadline } from './items';
import { S } from './strings';

export interface Outcome {
  kind: 'done' | 'failed';
  text: string;
  error?: ApiError;
}

export interface BatchOutcome {
  result: BatchResult;
  names: Record<string, string>;
}

export type QuickDialog = { item: InboxItem; action: 'reject' | 'returnForChanges' };

/** The inbox's items, the nearest deadline first, and those the filter keeps. */
function useInboxItems() {
  const t = useT();
  const { query } = useLocation();
  const inbox = useResource<InboxItem[]>('/inbox', { refreshMs: 60_000 });
  const q = query.get('q') ?? '';
  const items = useMemo(() => [...(inbox.data ?? [])].sort(byDeadline), [inbox.data]);
  const shown = useMemo(
    () =>
      items.filter((item) =>
        matchesSearch(q, item.caseId, item.officialName, item.sendingUnitName, item.receivingUnitName, item.position, item.proposerName, t(STAGE_LABELS[item.stage]), t(FORM_LABELS[item.form])),
      ),
    [items, q, t],
  );
  return { inbox, q, items, shown };
}

/** The cases chosen for a batch approval; choices of cases no longer in the inbox are dropped. */
function useSelection(data: InboxItem[] | undefined) {
  const [selected, setSelected] = useState<Set<string>>(new Set());
  useEffect(() => {
    if (!data) return;
    const present = new Set(data.map((item) => item.caseId));
    setSelected((current) => {
      const kept = [...current].filter((id) => present.has(id));
      return kept.length === current.size ? current : new Set(kept);
    });
  }, [data]);
  const toggleAll = (items: readonly InboxItem[], on: boolean) =>
    setSelected((current) => {
      const next = new Set(current);
      for (const item of items) {
        if (on) next.add(item.caseId);
        else next.delete(item.caseId);
      }
      return next;
    });
  const toggle = (caseId: string, on: boolean) =>
    setSelected((current) => {
      const next = new Set(current);
      if (on) next.add(caseId);
      else next.delete(caseId);
      return next;
    });
  return { selected, setSelected, toggle, toggleAll };
}

/** An idempotency key per act, kept until the act succeeds, so a retry after a lost answer acts once. */
function useKeys() {
  const keys = useRef(new Map<string, string>());
  const keyFor = (part: string) => {
    const known = keys.current.get(part);
    if (known) return known;
    const key = newIdempotencyKey();
    keys.current.set(part, key);
    return key;
  };
  const done = (part: string) => keys.current.delete(part);
  return { keyFor, done };
}

export function useInbox() {
  const t = useT();
  const list = useInboxItems();
  const selection = useSelection(list.inbox.data);
  const { selected, setSelected } = selection;
  const [busy, setBusy] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [batch, setBatch] = useState<BatchOutcome | null>(null);
  const [batchError, setBatchError] = useState<ApiError | null>(null);
  const [dialog, setDialog] = useState<QuickDialog | null>(null);
  const keys = useKeys();

  const approvable = list.shown.filter((item) => item.actions.some((a) => a.action === 'approve'));
  const chosen = approvable.filter((item) => selected.has(item.caseId));

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
      const result = await send<CaseDetail>('POST', `/cases/${encodeURIComponent(item.caseId)}/${ACTION_ROUTES.approve}`, {}, keys.keyFor(part));
      keys.done(part);
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
      const result = await send<BatchResult>('POST', '/batch/approve', { caseIds: ids, proceedWithoutRefused: true }, keys.keyFor(part));
      keys.done(part);
      setBatch({ result, names });
      setSelected(new Set());
      invalidate(...AFTER_A_CHANGE);
    } catch (failure) {
      setBatchError(asApiError(failure));
    } finally {
      setBusy(null);
    }
  };

  return { ...list, ...selection, approvable, chosen, busy, outcome, batch, batchError, dialog, setDialog, announce, approve, approveBatch };
}

export type InboxState = ReturnType<typeof useInbox>;
