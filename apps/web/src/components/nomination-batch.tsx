/**
 * A list of nominations sent at once (POST /batch/nominations): one form and term for the list,
 * a row per official (commune, position, start, reason), rows added one by one, pasted from a
 * spreadsheet, or several officials chosen for one commune. Each row is checked on the server as
 * it is filled in (POST /batch/nominations/check); after the submit each row says what happened,
 * with a link to its new case.
 */
import { useT } from '../i18n';
import type { BatchRefusal } from '../types';
import { UnitPicker } from './combobox';
import { BatchResults } from './nomination-batch/batch-results';
import { BatchTable } from './nomination-batch/batch-table';
import { BatchTools } from './nomination-batch/batch-tools';
import { incompleteRowsOf } from './nomination-batch/rows';
import { S } from './nomination-batch/strings';
import { useBatchNomination, type BatchNominationState } from './nomination-batch/use-batch-nomination';
import { FixedSendingUnit, FormChoice, TermFields } from './nomination-check';
import { Button, Dialog, ProblemMessage } from './ui';

/** What applies to the whole list: the form, the sending unit, the term. */
function BatchSettings({ batch }: { batch: BatchNominationState }) {
  const t = useT();
  const { homeAffairs, me } = batch;
  return (
    <section class="card" aria-labelledby="batch-settings-title">
      <h2 id="batch-settings-title">{t(S.settings)}</h2>
      <div class="batch-settings">
        <FormChoice value={batch.form} name="batch-form" onChange={batch.changeForm} />
        <div>
          {homeAffairs ? (
            <UnitPicker kind="department" label={t(S.sendingUnit)} value={batch.chosenUnit} onChange={batch.setChosenUnit} required />
          ) : (
            <FixedSendingUnit labelId="batch-sending-label" label={t(S.sendingUnit)} name={me?.unit?.name} />
          )}
          <TermFields form={batch.form} value={batch.term} onChange={batch.setTerm} idPrefix="batch" />
        </div>
      </div>
    </section>
  );
}

/** The choice to send the passing rows anyway, what stops the submit, and the submit. */
function BatchSubmit({ batch }: { batch: BatchNominationState }) {
  const t = useT();
  const { rows, tried, outcome } = batch;
  const incompleteRows = incompleteRowsOf(rows);
  const refusal: BatchRefusal | undefined = outcome?.refusal?.problem;
  const refusedResults = refusal?.results;
  return (
    <div class="card">
      <label class="checkbox">
        <input type="checkbox" checked={batch.proceed} onChange={(event) => batch.setProceed(event.currentTarget.checked)} aria-describedby="proceed-hint" />
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
      <Button variant="primary" type="submit" busy={batch.busy} disabled={rows.length === 0}>
        {t(S.submit, { n: rows.length })}
      </Button>
    </div>
  );
}

export function BatchNomination() {
  const t = useT();
  const batch = useBatchNomination();
  const { outcome, rows, passing, bad, confirming, setConfirming } = batch;

  if (outcome?.result) return <BatchResults result={outcome.result} rows={outcome.rows} onNew={batch.reset} />;

  const refusal: BatchRefusal | undefined = outcome?.refusal?.problem;
  return (
    <form onSubmit={batch.onSubmit} noValidate>
      <BatchSettings batch={batch} />
      <BatchTable batch={batch} refused={refusal?.results} />
      <BatchTools batch={batch} />
      <BatchSubmit batch={batch} />
      <Dialog open={confirming} title={t(S.confirmTitle)} onClose={() => setConfirming(false)}>
        <p>{t(S.confirmText, { bad, n: rows.length, ok: passing })}</p>
        <div class="dialog-actions">
          <Button onClick={() => setConfirming(false)}>{t(S.goBack)}</Button>
          <Button variant="primary" onClick={() => void batch.post(true)} disabled={passing === 0}>
            {t(S.sendPassing, { ok: passing })}
          </Button>
        </div>
      </Dialog>
    </form>
  );
}
