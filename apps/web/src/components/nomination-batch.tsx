/**
 * A list of nominations sent at once (POST /batch/nominations): one form and term for the list,
 * a row per official (commune, position, start, reason), rows added one by one, pasted from a
 * spreadsheet, or several officials chosen for one commune. Each row is checked on the server as
 * it is filled in (POST /batch/nominations/check); after the submit each row says what happened,
 * with a link to its new case.
 */
import { useId, useMemo, useState } from 'preact/hooks';
import { ApiError, get, newIdempotencyKey, send, withQuery } from '../api';
import { invalidate, useResource } from '../data';
import { formatDate, parseDate, searchKey, today } from '../format';
import { useT } from '../i18n';
import { Link } from '../router';
import { useSession } from '../session';
import type { BatchResult, Form, Unit } from '../types';
import { addDays, problemField, type BatchNominationCheck, type BatchRefusal, type NominationBody, type NominationProblem, type RegistryOfficialPage } from '../screens/nominate-types';
import { UnitPicker, useUnits } from './combobox';
import { FIELD_LABELS, FormChoice, ProblemItem, TermFields, defaultTerm, problemsOfRefusal, termOf, useServerCheck, type TermInput } from './nomination-check';
import { CommunePicker, OfficialPicker, useDebounced } from './official-picker';
import { Button, DateInput, Dialog, Field, ProblemMessage } from './ui';

const S = {
  settings: { vi: 'Áp dụng cho cả danh sách', en: 'For the whole list' },
  sendingUnit: { vi: 'Đơn vị cử đi', en: 'Sending unit' },
  rows: { vi: 'Danh sách công chức', en: 'The officials' },
  rowsHint: { vi: 'Mỗi dòng là một đề xuất. Dòng mới lấy sẵn xã, vị trí, ngày và lý do của dòng trên.', en: 'Each row is one nomination. A new row starts with the row above’s commune, position, start and reason.' },
  no: { vi: 'STT', en: 'No.' },
  official: { vi: 'Công chức', en: 'Official' },
  commune: { vi: 'Xã/phường nhận', en: 'Receiving commune' },
  position: { vi: 'Vị trí việc làm', en: 'Job position' },
  start: { vi: 'Ngày bắt đầu', en: 'Start' },
  startLabel: { vi: 'Ngày bắt đầu (dd/mm/yyyy)', en: 'Start (dd/mm/yyyy)' },
  reason: { vi: 'Lý do', en: 'Reason' },
  check: { vi: 'Kiểm tra', en: 'Check' },
  rowLabel: { vi: '{what}, dòng {n}', en: '{what}, row {n}' },
  remove: { vi: 'Xóa', en: 'Remove' },
  removeRow: { vi: 'Xóa dòng {n}', en: 'Remove row {n}' },
  addRow: { vi: 'Thêm dòng', en: 'Add a row' },
  rowOk: { vi: 'Hợp lệ', en: 'Passes' },
  rowWaiting: { vi: 'Chưa đủ để kiểm tra', en: 'Not enough to check yet' },
  rowChecking: { vi: 'Đang kiểm tra…', en: 'Checking…' },
  missing: { vi: 'Còn thiếu: {fields}', en: 'Missing: {fields}' },
  summary: { vi: 'Kiểm tra: {ok}/{n} dòng hợp lệ, {bad} dòng có vấn đề', en: 'Check: {ok} of {n} rows pass, {bad} with problems' },
  summaryWaiting: { vi: 'Điền công chức, xã nhận và ngày bắt đầu để kiểm tra từng dòng.', en: 'Fill in the official, the commune and the start to check each row.' },
  paste: { vi: 'Dán từ bảng tính (Excel)', en: 'Paste from a spreadsheet' },
  pasteHint: {
    vi: 'Mỗi dòng một công chức, các cột cách nhau bằng Tab (sao chép từ Excel): mã công chức, xã nhận (tên hoặc mã), vị trí việc làm, ngày bắt đầu (dd/mm/yyyy), lý do. Dòng tiêu đề được bỏ qua.',
    en: 'One official a line, columns separated by tabs (copied from Excel): official id, receiving commune (name or id), job position, start (dd/mm/yyyy), reason. A header line is skipped.',
  },
  pasteLabel: { vi: 'Nội dung dán', en: 'Pasted rows' },
  pasteAdd: { vi: 'Thêm các dòng đã dán', en: 'Add the pasted rows' },
  pasted: { vi: 'Đã thêm {n} dòng.', en: '{n} rows added.' },
  unknownCommune: { vi: 'Không nhận ra xã «{name}»', en: 'Commune “{name}” not recognised' },
  several: { vi: 'Chọn nhiều công chức cùng một xã', en: 'Several officials for one commune' },
  severalCommune: { vi: 'Xã/phường nhận (chung)', en: 'Receiving commune (for all)' },
  severalSearch: { vi: 'Tìm công chức', en: 'Find officials' },
  severalChosen: { vi: 'Đã chọn {n} công chức', en: '{n} officials chosen' },
  severalAdd: { vi: 'Thêm {n} dòng', en: 'Add {n} rows' },
  severalNone: { vi: 'Chọn đơn vị cử đi trước.', en: 'Choose the sending unit first.' },
  proceed: { vi: 'Vẫn gửi các dòng hợp lệ khi có dòng bị từ chối', en: 'Send the passing rows even if some are refused' },
  proceedHint: {
    vi: 'Mặc định, nếu một dòng bị từ chối thì không dòng nào được gửi, để sửa rồi gửi lại cả danh sách. Chọn mục này để tạo hồ sơ cho các dòng hợp lệ và bỏ qua các dòng bị từ chối.',
    en: 'By default, if one row is refused nothing is sent, so the list can be fixed and sent whole. Choose this to make the cases of the passing rows and leave out the refused ones.',
  },
  submit: { vi: 'Gửi {n} đề xuất', en: 'Submit {n} nominations' },
  fixFirst: { vi: 'Còn dòng chưa điền đủ: {rows}', en: 'Some rows are incomplete: {rows}' },
  confirmTitle: { vi: 'Có dòng bị từ chối', en: 'Some rows are refused' },
  confirmText: {
    vi: 'Kiểm tra cho thấy {bad}/{n} dòng sẽ bị từ chối. Theo mặc định, cả danh sách sẽ không được gửi. Bạn có thể chỉ gửi {ok} dòng hợp lệ, hoặc quay lại sửa.',
    en: 'The check shows {bad} of {n} rows would be refused. By default the whole list is then not sent. You may send only the {ok} passing rows, or go back and fix.',
  },
  sendPassing: { vi: 'Chỉ gửi {ok} dòng hợp lệ', en: 'Send only the {ok} passing rows' },
  goBack: { vi: 'Quay lại sửa', en: 'Go back and fix' },
  results: { vi: 'Kết quả gửi danh sách', en: 'What happened' },
  resultSummary: { vi: 'Đã tạo {done} hồ sơ; {refused} dòng bị từ chối.', en: '{done} cases made; {refused} rows refused.' },
  refusedWhole: { vi: 'Danh sách không được gửi: không hồ sơ nào được tạo. Sửa hoặc xóa các dòng bị từ chối rồi gửi lại.', en: 'The list was not sent: no case was made. Fix or remove the refused rows and submit again.' },
  done: { vi: 'Đã tạo hồ sơ', en: 'Case made' },
  refused: { vi: 'Bị từ chối', en: 'Refused' },
  notAttempted: { vi: 'Chưa gửi (danh sách bị từ chối)', en: 'Not sent (the list was refused)' },
  result: { vi: 'Kết quả', en: 'Result' },
  newList: { vi: 'Lập danh sách mới', en: 'Start a new list' },
};

interface Row {
  id: number;
  officialId: string | null;
  officialName: string;
  communeId: string | null;
  position: string;
  startText: string;
  reason: string;
  note: string | null;
}

let nextRowId = 1;

function newRow(from?: Row): Row {
  return {
    id: nextRowId++,
    officialId: null,
    officialName: '',
    communeId: from?.communeId ?? null,
    position: from?.position ?? '',
    startText: from?.startText ?? formatDate(addDays(today(), 30)),
    reason: from?.reason ?? '',
    note: null,
  };
}

/** The commune a pasted cell names: its id, its name, or its name without "Xã"/"Phường" (diacritics optional). */
function communeOf(text: string, communes: readonly Unit[]): string | null {
  const cell = text.trim();
  if (!cell) return null;
  const byId = communes.find((unit) => unit.id === cell);
  if (byId) return byId.id;
  const folded = searchKey(cell);
  const exact = communes.filter((unit) => searchKey(unit.name) === folded);
  if (exact.length === 1) return exact[0].id;
  const suffix = communes.filter((unit) => searchKey(unit.name).endsWith(` ${folded}`));
  return suffix.length === 1 ? suffix[0].id : null;
}

/** Rows from text copied out of a spreadsheet (tab-separated; `;` also taken). */
export function parsePasted(text: string, communes: readonly Unit[], note: (name: string) => string): Row[] {
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
  const rows: Row[] = [];
  lines.forEach((line, index) => {
    const cells = (line.includes('\t') ? line.split('\t') : line.split(';')).map((cell) => cell.trim());
    const [officialId = '', commune = '', position = '', start = '', ...rest] = cells;
    // A header names its columns: no digit in the id cell and no day in the date cell.
    if (index === 0 && !/\d/.test(officialId) && start !== '' && parseDate(start) === null) return;
    const communeId = communeOf(commune, communes);
    const day = parseDate(start);
    rows.push({
      id: nextRowId++,
      officialId: officialId || null,
      officialName: officialId,
      communeId,
      position,
      startText: day ? formatDate(day) : start,
      reason: rest.join(' ').trim(),
      note: commune && !communeId ? note(commune) : null,
    });
  });
  return rows;
}

export function BatchNomination() {
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
  const [outcome, setOutcome] = useState<{ result?: BatchResult; refusal?: ApiError; rows: Row[] } | null>(null);
  const [pasteText, setPasteText] = useState('');
  const [pasteNote, setPasteNote] = useState('');

  const termValue = termOf(form, term);
  const nominationOf = (row: Row): NominationBody | null => {
    const start = parseDate(row.startText);
    if (!row.officialId || !row.communeId || !start || !sendingUnitId || termValue.invalid) return null;
    return {
      form,
      officialId: row.officialId,
      ...(homeAffairs ? { sendingUnitId } : {}),
      receivingUnitId: row.communeId,
      ...(row.position.trim() ? { position: row.position.trim() } : {}),
      plannedStart: start,
      ...(termValue.term ? { term: termValue.term } : {}),
      ...(row.reason.trim() ? { reason: row.reason.trim() } : {}),
    };
  };
  const nominations = rows.map(nominationOf);
  const checkIndex: (number | null)[] = [];
  let counted = 0;
  for (const nomination of nominations) checkIndex.push(nomination ? counted++ : null);
  const checkBody = counted > 0 ? { nominations: nominations.filter((n): n is NominationBody => n !== null) } : null;
  const check = useServerCheck<BatchNominationCheck>('/batch/nominations/check', checkBody);

  const missingOf = (row: Row): string[] =>
    [
      !row.officialId ? 'officialId' : null,
      !row.communeId ? 'receivingUnitId' : null,
      !row.position.trim() ? 'position' : null,
      !parseDate(row.startText) ? 'plannedStart' : null,
      !row.reason.trim() ? 'reason' : null,
    ].filter((field): field is string => field !== null);
  const names = (fields: string[]) => fields.map((field) => t(FIELD_LABELS[field] ?? { vi: field, en: field })).join(', ');
  const itemOf = (index: number) => {
    const at = checkIndex[index];
    return at === null || check.stale ? undefined : check.result?.results[at];
  };
  /** The problems of a row but the missing texts (shown as missing), from the check or, after a refused submit, from the refusal. */
  const problemsOf = (index: number): NominationProblem[] => (itemOf(index)?.problems ?? []).filter((p) => p.rule !== 'required');
  const checkedRows = rows.map((_, index) => index).filter((index) => itemOf(index) !== undefined);
  const passing = checkedRows.filter((index) => problemsOf(index).length === 0).length;
  const bad = checkedRows.length - passing;

  const update = (id: number, change: Partial<Row>) => setRows((list) => list.map((row) => (row.id === id ? { ...row, ...change } : row)));
  const label = (what: string, n: number) => t(S.rowLabel, { what, n });

  const addPasted = () => {
    const added = parsePasted(pasteText, communes, (name) => t(S.unknownCommune, { name }));
    if (added.length === 0) return;
    setRows((list) => [...list.filter((row) => row.officialId || row.position.trim() || row.reason.trim()), ...added]);
    setPasteText('');
    setPasteNote(t(S.pasted, { n: added.length }));
    // The pasted ids get their names from the registry (an unknown id stays as typed: the check names it).
    for (const row of added) {
      if (!row.officialId) continue;
      const id = row.officialId;
      void get<{ items: { id: string; name: string }[] }>('/registry/officials', { q: id, pageSize: 5 }).then(
        (page) => {
          const found = page.items.find((official) => official.id === id);
          if (found) update(row.id, { officialName: found.name });
        },
        () => undefined,
      );
    }
  };

  const post = async (proceedWithoutRefused: boolean) => {
    setConfirming(false);
    setBusy(true);
    const sent = rows;
    try {
      const result = await send<BatchResult>('POST', '/batch/nominations', { nominations: sent.map(nominationOf), proceedWithoutRefused }, key);
      invalidate('/inbox', '/cases', '/pipeline', '/registry/officials', '/gap', '/notifications');
      setKey(newIdempotencyKey());
      setOutcome({ result, rows: sent });
    } catch (error) {
      setOutcome({ refusal: error instanceof ApiError ? error : new ApiError(0, { type: 'about:blank', title: String(error), status: 0, detail: '' }), rows: sent });
      check.run();
    } finally {
      setBusy(false);
    }
  };

  const onSubmit = (event: Event) => {
    event.preventDefault();
    setTried(true);
    setOutcome(null);
    const incomplete = rows.map((row, i) => (missingOf(row).length ? i + 1 : 0)).filter(Boolean);
    if (incomplete.length || !sendingUnitId || termValue.invalid || rows.length === 0) return;
    if (!proceed && check.result && !check.stale && bad > 0) setConfirming(true);
    else void post(proceed);
  };

  const reset = () => {
    setRows([newRow()]);
    setOutcome(null);
    setTried(false);
  };

  if (outcome?.result) return <BatchResults result={outcome.result} rows={outcome.rows} onNew={reset} />;

  const incompleteRows = rows.map((row, i) => (missingOf(row).length ? i + 1 : 0)).filter(Boolean);
  const refusal: BatchRefusal | undefined = outcome?.refusal?.problem;
  const refusedResults = refusal?.results;

  return (
    <form onSubmit={onSubmit} noValidate>
      <section class="card" aria-labelledby="batch-settings-title">
        <h2 id="batch-settings-title">{t(S.settings)}</h2>
        <div class="batch-settings">
          <FormChoice
            value={form}
            name="batch-form"
            onChange={(next) => {
              setForm(next);
              setTerm(defaultTerm(next));
            }}
          />
          <div>
            {homeAffairs ? (
              <UnitPicker kind="department" label={t(S.sendingUnit)} value={chosenUnit} onChange={setChosenUnit} required />
            ) : (
              <div class="field">
                <span class="field-label" id="batch-sending-label">
                  {t(S.sendingUnit)}
                </span>
                <p class="fixed-value" aria-labelledby="batch-sending-label">
                  {me?.unit?.name ?? '—'}
                </p>
              </div>
            )}
            <TermFields form={form} value={term} onChange={setTerm} idPrefix="batch" />
          </div>
        </div>
      </section>

      <section aria-labelledby="batch-rows-title">
        <h2 id="batch-rows-title">{t(S.rows)}</h2>
        <p class="hint">{t(S.rowsHint)}</p>
        <p class="batch-summary" role="status" aria-live="polite">
          {checkBody === null ? t(S.summaryWaiting) : check.checking && !check.result ? t(S.rowChecking) : t(S.summary, { ok: passing, n: rows.length, bad })}
        </p>
        <div class="table-wrap">
          <table class="cards batch-table">
            <thead>
              <tr>
                <th scope="col">{t(S.no)}</th>
                <th scope="col">{t(S.official)}</th>
                <th scope="col">{t(S.commune)}</th>
                <th scope="col">{t(S.position)}</th>
                <th scope="col">{t(S.start)}</th>
                <th scope="col">{t(S.reason)}</th>
                <th scope="col">{t(S.check)}</th>
                <th scope="col">
                  <span class="visually-hidden">{t(S.remove)}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row, index) => {
                const n = index + 1;
                const missing = missingOf(row);
                const problems = problemsOf(index);
                const item = itemOf(index);
                const refusedHere = refusedResults?.find((r) => r.index === index);
                const fieldProblem = (field: string) => problems.some((p) => problemField(p)?.startsWith(field));
                return (
                  <tr key={row.id}>
                    <td class="row-no" data-label={t(S.no)}>
                      {n}
                    </td>
                    <td class="col-official" data-label={t(S.official)}>
                      <OfficialPicker
                        unitId={sendingUnitId}
                        hideLabel
                        label={label(t(S.official), n)}
                        value={row.officialId ? { id: row.officialId, name: row.officialName || row.officialId } : null}
                        onChange={(official) => update(row.id, { officialId: official?.id ?? null, officialName: official?.name ?? '' })}
                        error={tried && !row.officialId ? t(S.missing, { fields: t(S.official) }) : null}
                      />
                    </td>
                    <td class="col-commune" data-label={t(S.commune)}>
                      <CommunePicker hideLabel label={label(t(S.commune), n)} value={row.communeId} onChange={(communeId) => update(row.id, { communeId, note: null })} />
                      {row.note ? <p class="field-error">{row.note}</p> : null}
                    </td>
                    <td class="col-position" data-label={t(S.position)}>
                      <input
                        type="text"
                        aria-label={label(t(S.position), n)}
                        class={tried && !row.position.trim() ? 'invalid' : undefined}
                        maxLength={300}
                        value={row.position}
                        onInput={(event) => update(row.id, { position: event.currentTarget.value })}
                      />
                    </td>
                    <td class="col-start" data-label={t(S.start)}>
                      <input
                        type="text"
                        inputMode="numeric"
                        placeholder="dd/mm/yyyy"
                        aria-label={label(t(S.startLabel), n)}
                        class={(row.startText.trim() && !parseDate(row.startText)) || fieldProblem('plannedStart') ? 'invalid' : undefined}
                        aria-invalid={row.startText.trim() !== '' && !parseDate(row.startText) ? true : undefined}
                        value={row.startText}
                        onInput={(event) => update(row.id, { startText: event.currentTarget.value })}
                      />
                    </td>
                    <td class="col-reason" data-label={t(S.reason)}>
                      <textarea
                        rows={2}
                        aria-label={label(t(S.reason), n)}
                        class={tried && !row.reason.trim() ? 'invalid' : undefined}
                        maxLength={2000}
                        value={row.reason}
                        onInput={(event) => update(row.id, { reason: event.currentTarget.value })}
                      />
                    </td>
                    <td class="col-check row-check" data-label={t(S.check)} data-row-check={n}>
                      {refusedHere?.problem ? (
                        <ul class="check-problems">
                          {problemsOfRefusal(refusedHere.problem).map((problem, i) => (
                            <ProblemItem key={`${problem.rule}-${i}`} problem={problem} homeAffairs={homeAffairs} />
                          ))}
                        </ul>
                      ) : item === undefined ? (
                        <span class="row-note">{checkIndex[index] === null ? t(S.rowWaiting) : t(S.rowChecking)}</span>
                      ) : problems.length === 0 ? (
                        <span class="row-ok">{t(S.rowOk)}</span>
                      ) : (
                        <ul class="check-problems">
                          {problems.map((problem, i) => (
                            <ProblemItem key={`${problem.rule}-${i}`} problem={problem} homeAffairs={homeAffairs} />
                          ))}
                        </ul>
                      )}
                      {missing.length > 0 ? <p class="row-note">{t(S.missing, { fields: names(missing) })}</p> : null}
                    </td>
                    <td data-label={t(S.remove)}>
                      <Button variant="link" aria-label={t(S.removeRow, { n })} onClick={() => setRows((list) => list.filter((r) => r.id !== row.id))}>
                        {t(S.remove)}
                      </Button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        <div class="batch-actions">
          <Button onClick={() => setRows((list) => [...list, newRow(list[list.length - 1])])}>{t(S.addRow)}</Button>
        </div>
      </section>

      <div class="batch-tools">
        <details>
          <summary>{t(S.paste)}</summary>
          <Field label={t(S.pasteLabel)} hint={t(S.pasteHint)}>
            {(props) => <textarea {...props} rows={5} value={pasteText} onInput={(event) => setPasteText(event.currentTarget.value)} />}
          </Field>
          <Button onClick={addPasted} disabled={!pasteText.trim()}>
            {t(S.pasteAdd)}
          </Button>
          <span class="row-note" role="status">
            {' '}
            {pasteNote}
          </span>
        </details>
        <SeveralForOneCommune
          unitId={sendingUnitId}
          onAdd={(added) => setRows((list) => [...list.filter((row) => row.officialId || row.position.trim() || row.reason.trim()), ...added])}
        />
      </div>

      <div class="card">
        <label class="checkbox">
          <input type="checkbox" checked={proceed} onChange={(event) => setProceed(event.currentTarget.checked)} aria-describedby="proceed-hint" />
          <span>
            {t(S.proceed)}
            <span class="hint" id="proceed-hint">
              {' '}
              {t(S.proceedHint)}
            </span>
          </span>
        </label>
        {tried && incompleteRows.length > 0 ? (
          <p class="field-error" role="alert">
            {t(S.fixFirst, { rows: incompleteRows.join(', ') })}
          </p>
        ) : null}
        {outcome?.refusal ? (
          <>
            <ProblemMessage error={outcome.refusal} />
            {refusedResults ? <p>{t(S.refusedWhole)}</p> : null}
          </>
        ) : null}
        <Button variant="primary" type="submit" busy={busy} disabled={rows.length === 0}>
          {t(S.submit, { n: rows.length })}
        </Button>
      </div>

      <Dialog open={confirming} title={t(S.confirmTitle)} onClose={() => setConfirming(false)}>
        <p>{t(S.confirmText, { bad, n: rows.length, ok: passing })}</p>
        <div class="dialog-actions">
          <Button onClick={() => setConfirming(false)}>{t(S.goBack)}</Button>
          <Button variant="primary" onClick={() => void post(true)} disabled={passing === 0}>
            {t(S.sendPassing, { ok: passing })}
          </Button>
        </div>
      </Dialog>
    </form>
  );
}

/** Several officials of the sending unit, one commune, position, start and reason: a row each. */
function SeveralForOneCommune({ unitId, onAdd }: { unitId: string | null; onAdd: (rows: Row[]) => void }) {
  const t = useT();
  const [communeId, setCommuneId] = useState<string | null>(null);
  const [position, setPosition] = useState('');
  const [start, setStart] = useState<string | null>(() => addDays(today(), 30));
  const [reason, setReason] = useState('');
  const [query, setQuery] = useState('');
  const [chosen, setChosen] = useState<Map<string, string>>(new Map());
  const q = useDebounced(query.trim(), 250);
  const { data } = useResource<RegistryOfficialPage>(unitId ? withQuery('/registry/officials', { unitId, q: q || undefined, pageSize: 50 }) : null);
  const listId = useId();
  const items = useMemo(() => data?.items ?? [], [data]);
  const add = () => {
    onAdd(
      [...chosen].map(([id, name]) => ({
        ...newRow(),
        officialId: id,
        officialName: name,
        communeId,
        position,
        startText: start ? formatDate(start) : '',
        reason,
      })),
    );
    setChosen(new Map());
  };
  return (
    <details>
      <summary>{t(S.several)}</summary>
      {!unitId ? <p class="hint">{t(S.severalNone)}</p> : null}
      <CommunePicker label={t(S.severalCommune)} value={communeId} onChange={setCommuneId} />
      <Field label={t(S.position)}>{(props) => <input {...props} type="text" maxLength={300} value={position} onInput={(event) => setPosition(event.currentTarget.value)} />}</Field>
      <DateInput label={t(S.start)} value={start} onValue={setStart} />
      <Field label={t(S.reason)}>{(props) => <textarea {...props} rows={2} maxLength={2000} value={reason} onInput={(event) => setReason(event.currentTarget.value)} />}</Field>
      <Field label={t(S.severalSearch)}>
        {(props) => <input {...props} type="search" aria-controls={listId} value={query} disabled={!unitId} onInput={(event) => setQuery(event.currentTarget.value)} />}
      </Field>
      <ul class="pick-list" id={listId} aria-label={t(S.severalSearch)}>
        {items.map((official) => (
          <li key={official.id}>
            <label>
              <input
                type="checkbox"
                checked={chosen.has(official.id)}
                onChange={(event) => {
                  const next = new Map(chosen);
                  if (event.currentTarget.checked) next.set(official.id, official.name);
                  else next.delete(official.id);
                  setChosen(next);
                }}
              />
              <span>
                {official.name}
                <small>
                  {official.id}
                  {official.title ? ` · ${official.title}` : ''}
                  {official.onCase ? ` · ${official.onCase}` : ''}
                </small>
              </span>
            </label>
          </li>
        ))}
      </ul>
      <p class="row-note" role="status">
        {t(S.severalChosen, { n: chosen.size })}
      </p>
      <Button onClick={add} disabled={chosen.size === 0}>
        {t(S.severalAdd, { n: chosen.size })}
      </Button>
    </details>
  );
}

/** After the submit: each row and what happened to it, with a link to its case. */
function BatchResults({ result, rows, onNew }: { result: BatchResult; rows: Row[]; onNew: () => void }) {
  const t = useT();
  const communes = useUnits('commune');
  const { me } = useSession();
  const nameOf = (id: string | null) => communes.find((unit) => unit.id === id)?.name ?? id ?? '';
  return (
    <section class="card" aria-labelledby="batch-results-title">
      <h2 id="batch-results-title" tabIndex={-1}>
        {t(S.results)}
      </h2>
      <p class="notice" role="status">
        {t(S.resultSummary, { done: result.done, refused: result.refused })}
      </p>
      <div class="table-wrap">
        <table class="cards">
          <thead>
            <tr>
              <th scope="col">{t(S.no)}</th>
              <th scope="col">{t(S.official)}</th>
              <th scope="col">{t(S.commune)}</th>
              <th scope="col">{t(S.result)}</th>
            </tr>
          </thead>
          <tbody>
            {result.results.map((item, i) => {
              const index = item.index ?? i;
              const row = rows[index];
              return (
                <tr key={item.caseId} data-row-result={index + 1}>
                  <td data-label={t(S.no)}>{index + 1}</td>
                  <td data-label={t(S.official)}>{row ? `${row.officialName || row.officialId} (${row.officialId})` : ''}</td>
                  <td data-label={t(S.commune)}>{nameOf(row?.communeId ?? null)}</td>
                  <td data-label={t(S.result)}>
                    {item.status === 'done' ? (
                      <span class="row-result-done">
                        {t(S.done)}: <Link href={`/cases/${encodeURIComponent(item.caseId)}`}>{item.caseId}</Link>
                      </span>
                    ) : item.status === 'refused' ? (
                      <>
                        <span class="row-result-refused">{t(S.refused)}</span>
                        {item.problem ? (
                          <ul class="check-problems">
                            {problemsOfRefusal(item.problem).map((problem, k) => (
                              <ProblemItem key={`${problem.rule}-${k}`} problem={problem} homeAffairs={me?.role === 'home_affairs_officer'} />
                            ))}
                          </ul>
                        ) : null}
                      </>
                    ) : (
                      <span class="row-note">{t(S.notAttempted)}</span>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <div class="batch-actions">
        <Button onClick={onNew}>{t(S.newList)}</Button>
      </div>
    </section>
  );
}
