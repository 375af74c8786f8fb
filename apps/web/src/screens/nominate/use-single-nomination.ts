/**
 * The state of a nomination of one official: the fields, the request they make, the server's check
 * of it, what is still missing, and the submit (asking first when problems remain).
 */
import { useMemo, useState } from 'preact/hooks';
import { asApiError, newIdempotencyKey, send, type ApiError } from '../../api';
import { AFTER_A_NOMINATION, FIELD_LABELS, defaultTerm, fieldKey, termOf, useServerCheck, type TermInput } from '../../components/nomination-check';
import { invalidate, useResource } from '../../data';
import { today } from '../../format';
import { useT } from '../../i18n';
import { navigate } from '../../router';
import { useSession } from '../../session';
import type { CaseDetail, Form, JobPosition, NominationBody, NominationCheck, OverridableRule, RegistryOfficial } from '../../types';
import { OVERRIDABLE_RULES } from '@app/domain/eligibility';
import { addDays } from '@app/domain/calendar';
import { ruleLabel } from '../nomination-help';
import { S } from './strings';

export type Overrides = Partial<Record<OverridableRule, { on: boolean; reason: string }>>;

/** The fields of the form as the user fills them in. */
function useNominationFields() {
  const { me } = useSession();
  const homeAffairs = me?.role === 'home_affairs_officer';
  const [form, setForm] = useState<Form>('secondment');
  const [chosenUnit, setChosenUnit] = useState<string | null>(null);
  const sendingUnitId = homeAffairs ? chosenUnit : (me?.unit?.id ?? null);
  const [official, setOfficial] = useState<RegistryOfficial | null>(null);
  const [communeId, setCommuneId] = useState<string | null>(null);
  const [position, setPosition] = useState('');
  const [plannedStart, setPlannedStart] = useState<string | null>(() => addDays(today(), 30));
  const [term, setTerm] = useState<TermInput>(() => defaultTerm('secondment'));
  const [reason, setReason] = useState('');
  const [legalBasis, setLegalBasis] = useState('');
  const [overrides, setOverrides] = useState<Overrides>({});
  return {
    me, homeAffairs, form, setForm, chosenUnit, setChosenUnit, sendingUnitId, official, setOfficial, communeId, setCommuneId,
    position, setPosition, plannedStart, setPlannedStart, term, setTerm, reason, setReason, legalBasis, setLegalBasis, overrides, setOverrides,
  };
}

export function useSingleNomination() {
  const t = useT();
  const fields = useNominationFields();
  const { homeAffairs, form, sendingUnitId, official, communeId, position, plannedStart, term, reason, legalBasis, overrides } = fields;
  const [key, setKey] = useState(newIdempotencyKey);
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<ApiError | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [triedSubmit, setTriedSubmit] = useState(false);
  const positions = useResource<JobPosition[]>(communeId ? `/registry/units/${encodeURIComponent(communeId)}/positions` : null);

  const termValue = termOf(form, term);
  const body = useMemo<NominationBody | null>(() => {
    if (!official || !communeId || !plannedStart || !sendingUnitId || termValue.invalid) return null;
    const chosen = OVERRIDABLE_RULES.flatMap((rule) => {
      const o = overrides[rule];
      return o?.on && o.reason.trim() ? [{ rule, reason: o.reason.trim() }] : [];
    });
    return {
      form,
      officialId: official.id,
      ...(homeAffairs ? { sendingUnitId } : {}),
      receivingUnitId: communeId,
      ...(position.trim() ? { position: position.trim() } : {}),
      plannedStart,
      ...(termValue.term ? { term: termValue.term } : {}),
      ...(reason.trim() ? { reason: reason.trim() } : {}),
      ...(form === 'secondment' && legalBasis.trim() ? { legalBasisOverride: legalBasis.trim() } : {}),
      ...(chosen.length ? { eligibilityOverrides: chosen } : {}),
    };
  }, [official, communeId, plannedStart, sendingUnitId, termValue.invalid, termValue.term?.months, termValue.term?.days, form, homeAffairs, position, reason, legalBasis, overrides]);

  const check = useServerCheck<NominationCheck>('/cases/check', body);
  const problems = (check.result?.problems ?? []).filter((p) => p.rule !== 'required');
  const missing = [
    !sendingUnitId ? 'sendingUnitId' : null,
    !official ? 'officialId' : null,
    !communeId ? 'receivingUnitId' : null,
    !position.trim() ? 'position' : null,
    !plannedStart ? 'plannedStart' : null,
    !reason.trim() ? 'reason' : null,
  ].filter((field): field is string => field !== null);
  const missingNames = missing.map((field) => t(FIELD_LABELS[field] ?? { vi: field, en: field })).join(', ');

  /** The message of the first problem about a field, or the missing mark after a submit was tried. */
  const errorOf = (...names: string[]): string | null => {
    const problem = problems.find((p) => names.includes(fieldKey(p) ?? ''));
    // The rule's name beside the field; why, in full, in the check's list.
    if (problem) return t(ruleLabel(problem.rule));
    if (triedSubmit && names.some((field) => missing.includes(field))) return t(S.requiredMissing);
    return null;
  };

  const submit = async () => {
    setConfirming(false);
    setBusy(true);
    setRefusal(null);
    try {
      const made = await send<CaseDetail>('POST', '/cases', body, key);
      invalidate(...AFTER_A_NOMINATION);
      setKey(newIdempotencyKey());
      navigate(`/cases/${encodeURIComponent(made.caseId)}`);
    } catch (error) {
      setRefusal(asApiError(error));
      check.run();
    } finally {
      setBusy(false);
    }
  };

  const onSubmit = (event: Event) => {
    event.preventDefault();
    setTriedSubmit(true);
    if (missing.length > 0 || !body) return;
    if (problems.length > 0) setConfirming(true);
    else void submit();
  };

  const changeForm = (next: Form) => {
    fields.setForm(next);
    fields.setTerm(defaultTerm(next));
  };

  return { ...fields, changeForm, busy, refusal, confirming, setConfirming, triedSubmit, positions, body, check, problems, missing, missingNames, errorOf, submit, onSubmit };
}

export type SingleNominationState = ReturnType<typeof useSingleNomination>;
