/** A nomination from a suggestion of the gap screen, in one step. */
import { useState } from 'preact/hooks';
import { asApiError, newIdempotencyKey, send, type ApiError } from '../../api';
import { AFTER_A_NOMINATION } from '../../components/nomination-check';
import { Button, DateInput, Dialog, Field, ProblemMessage } from '../../components/ui';
import { invalidate } from '../../data';
import { COMMON, useT } from '../../i18n';
import { navigate } from '../../router';
import type { CandidateList, CaseDetail, MatchCandidate } from '../../types';
import { S } from './strings';
import { MAX_LENGTH, TERM_RANGE } from '@app/domain/limits';

/** The suggestion route's nomination, with its start, term, position and reason shown and editable. */
export function NominateDialog({ list, candidate, fieldName: field, onClose }: { list: CandidateList; candidate: MatchCandidate; fieldName: string; onClose: () => void }) {
  const t = useT();
  const { commune } = list;
  const [plannedStart, setPlannedStart] = useState<string | null>(list.plannedStart);
  const [months, setMonths] = useState('36');
  const [position, setPosition] = useState(`${field} – ${commune.name}`.slice(0, MAX_LENGTH.position));
  const [reason, setReason] = useState(
    commune.shortBy > 0 ? t(S.defaultReason, { commune: commune.name, n: commune.shortBy, field }) : t(S.defaultReasonNoShort, { commune: commune.name, field }),
  );
  const [key] = useState(newIdempotencyKey);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const monthsValue = Number(months);
  const valid = plannedStart !== null && Number.isInteger(monthsValue) && monthsValue >= 1 && monthsValue <= TERM_RANGE.months.max && position.trim() !== '' && reason.trim() !== '';
  const submit = async (event: Event) => {
    event.preventDefault();
    if (!valid) return;
    setBusy(true);
    setError(null);
    try {
      const made = await send<CaseDetail>(
        'POST',
        `/gap/communes/${encodeURIComponent(commune.unitId)}/candidates/${encodeURIComponent(candidate.officialId)}/nominate`,
        { plannedStart, term: { months: monthsValue, days: 0 }, position: position.trim(), reason: reason.trim() },
        key,
      );
      invalidate(...AFTER_A_NOMINATION);
      navigate(`/cases/${encodeURIComponent(made.caseId)}`);
    } catch (failure) {
      setError(asApiError(failure));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog open title={t(S.dialogTitle, { name: candidate.name, commune: commune.name })} onClose={onClose}>
      <form onSubmit={(event) => void submit(event)} noValidate>
        <p>{t(S.dialogIntro, { unit: candidate.unitName })}</p>
        <DateInput label={t(S.start)} value={plannedStart} onValue={setPlannedStart} required />
        <Field label={t(S.months)} hint={t(S.monthsHint)} required>
          {(props) => <input {...props} type="number" inputMode="numeric" min={1} max={TERM_RANGE.months.max} step={1} value={months} onInput={(event) => setMonths(event.currentTarget.value)} />}
        </Field>
        <Field label={t(S.position)} required>
          {(props) => <input {...props} type="text" maxLength={MAX_LENGTH.position} value={position} onInput={(event) => setPosition(event.currentTarget.value)} />}
        </Field>
        <Field label={t(S.reason)} required>
          {(props) => <textarea {...props} rows={3} maxLength={MAX_LENGTH.text} value={reason} onInput={(event) => setReason(event.currentTarget.value)} />}
        </Field>
        <ProblemMessage error={error} />
        <div class="dialog-actions">
          <Button onClick={onClose}>{t(COMMON.cancel)}</Button>
          <Button variant="primary" type="submit" busy={busy} disabled={!valid}>
            {t(S.send)}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
