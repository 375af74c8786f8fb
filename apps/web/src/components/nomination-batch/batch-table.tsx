/**
 * The rows of a batch nomination as a table to fill in: a row per official, each with what the
 * server's check (or a refused submit) says of it, and the summary of the check above.
 */
import { parseDate } from '../../format';
import { useT } from '../../i18n';
import { problemField } from '../../screens/nomination-help';
import type { BatchRefusal } from '../../types';
import { FIELD_LABELS, ProblemList, problemsOfRefusal } from '../nomination-check';
import { CommunePicker, OfficialPicker } from '../official-picker';
import { Button } from '../ui';
import { missingOf, type Row } from './rows';
import { S } from './strings';
import type { BatchNominationState } from './use-batch-nomination';
import { MAX_LENGTH } from '@app/domain/limits';

/** The columns both the table to fill in and the results table start with. */
export function LeadingHeads() {
  const t = useT();
  return (
    <>
      <th scope="col">{t(S.no)}</th>
      <th scope="col">{t(S.official)}</th>
      <th scope="col">{t(S.commune)}</th>
    </>
  );
}

/** Where a row's check stands: its problems (from a refused submit or the check), passing, or not checked yet. */
function RowCheck({ batch, index, refused }: { batch: BatchNominationState; index: number; refused: BatchRefusal['results'] }) {
  const t = useT();
  const refusedHere = refused?.find((r) => r.index === index);
  const item = batch.itemOf(index);
  const problems = batch.problemsOf(index);
  if (refusedHere?.problem) return <ProblemList problems={problemsOfRefusal(refusedHere.problem)} homeAffairs={batch.homeAffairs} />;
  if (item === undefined) return <span class="row-note">{batch.checkIndex[index] === null ? t(S.rowWaiting) : t(S.rowChecking)}</span>;
  if (problems.length === 0) return <span class="row-ok">{t(S.rowOk)}</span>;
  return <ProblemList problems={problems} homeAffairs={batch.homeAffairs} />;
}

function BatchRow({ batch, row, index, refused }: { batch: BatchNominationState; row: Row; index: number; refused: BatchRefusal['results'] }) {
  const t = useT();
  const { sendingUnitId, tried, update } = batch;
  const n = index + 1;
  const missing = missingOf(row);
  const problems = batch.problemsOf(index);
  const fieldProblem = (field: string) => problems.some((p) => problemField(p)?.startsWith(field));
  const label = (what: string) => t(S.rowLabel, { what, n });
  const names = (fields: string[]) => fields.map((field) => t(FIELD_LABELS[field] ?? { vi: field, en: field })).join(', ');
  return (
    <tr>
      <td class="row-no" data-label={t(S.no)}>
        {n}
      </td>
      <td class="col-official" data-label={t(S.official)}>
        <OfficialPicker
          unitId={sendingUnitId}
          hideLabel
          label={label(t(S.official))}
          value={row.officialId ? { id: row.officialId, name: row.officialName || row.officialId } : null}
          onChange={(official) => update(row.id, { officialId: official?.id ?? null, officialName: official?.name ?? '' })}
          error={tried && !row.officialId ? t(S.missing, { fields: t(S.official) }) : null}
        />
      </td>
      <td class="col-commune" data-label={t(S.commune)}>
        <CommunePicker hideLabel label={label(t(S.commune))} value={row.communeId} onChange={(communeId) => update(row.id, { communeId, note: null })} />
        {row.note ? <p class="field-error">{row.note}</p> : null}
      </td>
      <td class="col-position" data-label={t(S.position)}>
        <input
          type="text"
          aria-label={label(t(S.position))}
          class={tried && !row.position.trim() ? 'invalid' : undefined}
          maxLength={MAX_LENGTH.position}
          value={row.position}
          onInput={(event) => update(row.id, { position: event.currentTarget.value })}
        />
      </td>
      <td class="col-start" data-label={t(S.start)}>
        <input
          type="text"
          inputMode="numeric"
          placeholder="dd/mm/yyyy"
          aria-label={label(t(S.startLabel))}
          class={(row.startText.trim() && !parseDate(row.startText)) || fieldProblem('plannedStart') ? 'invalid' : undefined}
          aria-invalid={row.startText.trim() !== '' && !parseDate(row.startText) ? true : undefined}
          value={row.startText}
          onInput={(event) => update(row.id, { startText: event.currentTarget.value })}
        />
      </td>
      <td class="col-reason" data-label={t(S.reason)}>
        <textarea
          rows={2}
          aria-label={label(t(S.reason))}
          class={tried && !row.reason.trim() ? 'invalid' : undefined}
          maxLength={MAX_LENGTH.text}
          value={row.reason}
          onInput={(event) => update(row.id, { reason: event.currentTarget.value })}
        />
      </td>
      <td class="col-check row-check" data-label={t(S.check)} data-row-check={n}>
        <RowCheck batch={batch} index={index} refused={refused} />
        {missing.length > 0 ? <p class="row-note">{t(S.missing, { fields: names(missing) })}</p> : null}
      </td>
      <td data-label={t(S.remove)}>
        <Button variant="link" aria-label={t(S.removeRow, { n })} onClick={() => batch.remove(row.id)}>
          {t(S.remove)}
        </Button>
      </td>
    </tr>
  );
}

/** The rows section: the check's summary, the table, and a button for one more row. */
export function BatchTable({ batch, refused }: { batch: BatchNominationState; refused: BatchRefusal['results'] }) {
  const t = useT();
  const { rows, check, passing, bad } = batch;
  return (
    <section aria-labelledby="batch-rows-title">
      <h2 id="batch-rows-title">{t(S.rows)}</h2>
      <p class="hint">{t(S.rowsHint)}</p>
      <p class="batch-summary" role="status" aria-live="polite">
        {batch.checkBody === null ? t(S.summaryWaiting) : check.checking && !check.result ? t(S.rowChecking) : t(S.summary, { ok: passing, n: rows.length, bad })}
      </p>
      <div class="table-wrap">
        <table class="cards batch-table">
          <thead>
            <tr>
              <LeadingHeads />
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
            {rows.map((row, index) => (
              <BatchRow key={row.id} batch={batch} row={row} index={index} refused={refused} />
            ))}
          </tbody>
        </table>
      </div>
      <div class="batch-actions">
        <Button onClick={batch.addRow}>{t(S.addRow)}</Button>
      </div>
    </section>
  );
}
