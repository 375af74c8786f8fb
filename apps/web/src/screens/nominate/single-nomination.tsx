/**
 * The nomination of one official: the fields, the exceptions Home Affairs may allow, the rule
 * check beside them, the submit and the question it asks when problems remain.
 */
import { UnitPicker } from '../../components/combobox';
import { FixedSendingUnit, FormChoice, ProblemList, TermFields } from '../../components/nomination-check';
import { OfficialPicker } from '../../components/official-picker';
import { Button, DateInput, Dialog, Field, ProblemMessage } from '../../components/ui';
import { useT } from '../../i18n';
import { OVERRIDABLE_RULES } from '@app/domain/eligibility';
import { ruleLabel } from '../nomination-help';
import type { OverridableRule } from '../../types';
import { CheckPanel } from './check-panel';
import { S } from './strings';
import { useSingleNomination, type SingleNominationState } from './use-single-nomination';
import { MAX_LENGTH } from '@app/domain/limits';

/** The exceptions Home Affairs may allow, each with its reason, for the rules the check says may pass. */
function OverridesFieldset({ nomination }: { nomination: SingleNominationState }) {
  const t = useT();
  const { problems, overrides, setOverrides, triedSubmit } = nomination;
  const overridable = new Set<OverridableRule>([
    ...problems.filter((p) => p.overridable).map((p) => p.rule as OverridableRule),
    ...OVERRIDABLE_RULES.filter((rule) => overrides[rule]?.on),
  ]);
  if (!nomination.homeAffairs || overridable.size === 0) return null;
  return (
    <fieldset class="overrides">
      <legend>{t(S.overrides)}</legend>
      <p class="hint">{t(S.overridesHint)}</p>
      {[...overridable].map((rule) => {
        const chosen = overrides[rule] ?? { on: false, reason: '' };
        const name = t(ruleLabel(rule));
        return (
          <div key={rule} class="override">
            <label class="checkbox">
              <input type="checkbox" checked={chosen.on} onChange={(event) => setOverrides({ ...overrides, [rule]: { ...chosen, on: event.currentTarget.checked } })} />
              {t(S.allow, { rule: name })}
            </label>
            {chosen.on ? (
              <Field label={t(S.allowReason, { rule: name })} required error={triedSubmit && !chosen.reason.trim() ? t(S.requiredMissing) : null}>
                {(props) => <textarea {...props} rows={2} maxLength={MAX_LENGTH.text} value={chosen.reason} onInput={(event) => setOverrides({ ...overrides, [rule]: { ...chosen, reason: event.currentTarget.value } })} />}
              </Field>
            ) : null}
          </div>
        );
      })}
    </fieldset>
  );
}

/** Who goes where, when, for how long, and why. */
function NominationFields({ nomination: n }: { nomination: SingleNominationState }) {
  const t = useT();
  const { errorOf } = n;
  return (
    <div class="form-grid">
      {n.homeAffairs ? (
        <UnitPicker
          kind="department"
          label={t(S.sendingUnit)}
          value={n.chosenUnit}
          required
          error={errorOf('sendingUnitId', 'sendingUnit')}
          onChange={(unit) => {
            n.setChosenUnit(unit);
            n.setOfficial(null);
          }}
        />
      ) : (
        <FixedSendingUnit labelId="sending-unit-label" label={t(S.sendingUnit)} name={n.me?.unit?.name} />
      )}
      <OfficialPicker unitId={n.sendingUnitId} label={t(S.official)} hint={t(S.officialHint)} value={n.official} onChange={n.setOfficial} required error={errorOf('officialId', 'official')} />
      <UnitPicker kind="commune" label={t(S.commune)} value={n.communeId} onChange={n.setCommuneId} required error={errorOf('receivingUnitId', 'receivingUnit')} />
      <Field label={t(S.position)} hint={t(S.positionHint)} required error={errorOf('position')}>
        {(props) => (
          <>
            <input {...props} type="text" list="commune-positions" maxLength={MAX_LENGTH.position} value={n.position} onInput={(event) => n.setPosition(event.currentTarget.value)} />
            <datalist id="commune-positions">
              {(n.positions.data ?? []).map((p) => (
                <option key={p.id} value={p.name} />
              ))}
            </datalist>
          </>
        )}
      </Field>
      <DateInput label={t(S.start)} value={n.plannedStart} onValue={n.setPlannedStart} required error={errorOf('plannedStart')} />
      <TermFields form={n.form} value={n.term} onChange={n.setTerm} error={errorOf('term')} idPrefix="single" />
    </div>
  );
}

export function SingleNomination() {
  const t = useT();
  const nomination = useSingleNomination();
  const { form, term, legalBasis, problems, missing, errorOf, triedSubmit, confirming, setConfirming } = nomination;
  const showLegalBasis = form === 'secondment' && (legalBasis !== '' || Number(term.months) > 36 || problems.some((p) => p.rule === 'secondment_term_cap'));

  return (
    <form class="nominate-layout" onSubmit={nomination.onSubmit} noValidate aria-label={t(S.details)}>
      <div class="card nominate-fields">
        <FormChoice value={form} onChange={nomination.changeForm} name="form" />
        <NominationFields nomination={nomination} />
        <Field label={t(S.reason)} hint={t(S.reasonHint)} required error={errorOf('reason')}>
          {(props) => <textarea {...props} maxLength={MAX_LENGTH.text} rows={3} value={nomination.reason} onInput={(event) => nomination.setReason(event.currentTarget.value)} />}
        </Field>
        {showLegalBasis ? (
          <Field label={t(S.legalBasis)} hint={t(S.legalBasisHint)} error={errorOf('legalBasisOverride')}>
            {(props) => <input {...props} type="text" maxLength={MAX_LENGTH.legalBasis} value={legalBasis} onInput={(event) => nomination.setLegalBasis(event.currentTarget.value)} />}
          </Field>
        ) : null}
        <OverridesFieldset nomination={nomination} />
      </div>

      <CheckPanel nomination={nomination} />

      <div class="form-actions">
        {triedSubmit && missing.length > 0 ? (
          <p class="field-error" role="alert">
            {t(S.fixFirst, { fields: nomination.missingNames })}
          </p>
        ) : null}
        <ProblemMessage error={nomination.refusal} />
        <Button variant="primary" type="submit" busy={nomination.busy}>
          {t(S.submit)}
        </Button>
      </div>

      <Dialog open={confirming} title={t(S.confirmTitle)} onClose={() => setConfirming(false)}>
        <p>{t(S.confirmText, { n: problems.length })}</p>
        <ProblemList problems={problems} homeAffairs={nomination.homeAffairs} />
        <div class="dialog-actions">
          <Button onClick={() => setConfirming(false)}>{t(S.goBack)}</Button>
          <Button variant="danger" onClick={() => void nomination.submit()}>
            {t(S.sendAnyway)}
          </Button>
        </div>
      </Dialog>
    </form>
  );
}
