/**
 * The state of a batch nomination: the list's settings and rows, the server's check of each
 * complete row, the paste, the submit and what it answered.
 */
import { useState } from 'preact/hooks';
import { ApiError, asApiError, get, newIdempotencyKey, send } from '../../api';
import { invalidate } from '../../data';
import { useT } from '../../i18n';
import { useSession } from '../../session';
import type { BatchNominationCheck, BatchResult, Form, NominationBody, NominationProblem, RegistryOfficialPage } from '../../types';
import { useUnits } from '../combobox';
import { AFTER_A_NOMINATION, defaultTerm, termOf, useServerCheck, type TermInput } from '../nomination-check';
import { incompleteRowsOf, newRow, nominationOf, parsePasted, withAdded, type Row } from './rows';
import { S } from './strings';

export interface BatchOutcome {
  result?: BatchResult;
  refusal?: ApiError;
  rows: Row[];
}

/** The server's check of the complete rows (one request for all), and where each row stands in it. */
function useRowChecks(nominations: (NominationBody | null)[]) {
  const checkIndex: (number | null)[] = [];
  let counted = 0;
  for (const nomination of nominations) checkIndex.push(nomination ? counted++ : null);
  const checkBody = counted > 0 ? { nominations: nominations.filter((n): n is NominationBody => n !== null) } : null;
  const check = useServerCheck<BatchNominationCheck>('/batch/nominations/check', checkBody);
  const itemOf = (index: number) => {
    const at = checkIndex[index];
    return at === null || check.stale ? undefined : check.result?.results[at];
  };
  /** The problems of a row but the missing texts (shown as missing), from the check or, after a refused submit, from the refusal. */
  const problemsOf = (index: number): NominationProblem[] => (itemOf(index)?.problems ?? []).filter((p) => p.rule !== 'required');
  const checkedRows = nominations.map((_, index) => index).filter((index) => itemOf(index) !== undefined);
  const passing = checkedRows.filter((index) => problemsOf(index).length === 0).length;
  const bad = checkedRows.length - passing;
  return { check, checkBody, checkIndex, itemOf, problemsOf, passing, bad };
}

/** Officials pasted by id get their names from the registry (an unknown id stays as typed: the check names it). */
function fillInNames(added: readonly Row[], update: (id: number, change: Partial<Row>) => void): void {
  for (const row of added) {
    if (!row.officialId) continue;
    const id = row.officialId;
    void get<RegistryOfficialPage>('/registry/officials', { q: id, pageSize: 5 }).then(
      (page) => {
        const found = page.items.find((official) => official.id === id);
        if (found) update(row.id, { officialName: found.name });
      },
      () => undefined,
    );
  }
}

export function useBatchNomination() {
  const t = useT();
  const { me } = useSession();
  const homeAffairs = me?.role === 'home_affairs_officer';
  const communes = useUnits('commune');
  const [form, setForm] = useState<Form>('secondment');
  const [term, setTerm] = useState<TermInput>(() => defaultTerm('secondment'));
  const [chosenUnit, setChosenUnit] = useState<string | null>(null);
  const sendingUnitId = homeAffairs ? chosenUnit : (me?.unit?.id ?? null);
  const [rows, setRows] = useState<Row[]>(() => [newRow()]);
  const [proceed, setProceed] = useState(false);
  const [key, setKey] = useState(newIdempotencyKey);
  const [busy, setBusy] = useState(false);
  const [tried, setTried] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [outcome, setOutcome] = useState<BatchOutcome | null>(null);
  const [pasteText, setPasteText] = useState('');
  const [pasteNote, setPasteNote] = useState('');

  const termValue = termOf(form, term);
  const settings = { form, homeAffairs, sendingUnitId, termValue };
  const checks = useRowChecks(rows.map((row) => nominationOf(row, settings)));
  const { check, bad } = checks;

  const update = (id: number, change: Partial<Row>) => setRows((list) => list.map((row) => (row.id === id ? { ...row, ...change } : row)));
  const remove = (id: number) => setRows((list) => list.filter((r) => r.id !== id));
  const addRow = () => setRows((list) => [...list, newRow(list[list.length - 1])]);
  const addRows = (added: Row[]) => setRows((list) => withAdded(list, added));

  const addPasted = () => {
    const added = parsePasted(pasteText, communes, (name) => t(S.unknownCommune, { name }));
    if (added.length === 0) return;
    addRows(added);
    setPasteText('');
    setPasteNote(t(S.pasted, { n: added.length }));
    fillInNames(added, update);
  };

  const post = async (proceedWithoutRefused: boolean) => {
    setConfirming(false);
    setBusy(true);
    const sent = rows;
    try {
      const result = await send<BatchResult>('POST', '/batch/nominations', { nominations: sent.map((row) => nominationOf(row, settings)), proceedWithoutRefused }, key);
      invalidate(...AFTER_A_NOMINATION);
      setKey(newIdempotencyKey());
      setOutcome({ result, rows: sent });
    } catch (error) {
      setOutcome({ refusal: asApiError(error), rows: sent });
      check.run();
    } finally {
      setBusy(false);
    }
  };

  const onSubmit = (event: Event) => {
    event.preventDefault();
    setTried(true);
    setOutcome(null);
    if (incompleteRowsOf(rows).length || !sendingUnitId || termValue.invalid || rows.length === 0) return;
    if (!proceed && check.result && !check.stale && bad > 0) setConfirming(true);
    else void post(proceed);
  };

  const reset = () => {
    setRows([newRow()]);
    setOutcome(null);
    setTried(false);
  };

  const changeForm = (next: Form) => {
    setForm(next);
    setTerm(defaultTerm(next));
  };

  return {
    ...checks,
    me, homeAffairs, form, changeForm, term, setTerm, chosenUnit, setChosenUnit, sendingUnitId,
    rows, update, remove, addRow, addRows, proceed, setProceed, busy, tried, confirming, setConfirming, outcome,
    pasteText, setPasteText, pasteNote, addPasted, post, onSubmit, reset,
  };
}

export type BatchNominationState = ReturnType<typeof useBatchNomination>;
