/**
 * New nomination (/nominations/new): one official, or a list (?mode=batch). The rules are checked
 * on the server as the form is filled in (POST /cases/check: the same judges as POST /cases,
 * nothing made), and every problem is listed before submitting; a submit with problems left asks
 * first. The submit carries an idempotency key made when the form opened, kept until it succeeds.
 */
import { useMemo, useState } from 'preact/hooks';
import { ApiError, newIdempotencyKey, send } from '../api';
import { UnitPicker } from '../components/combobox';
import { BatchNomination } from '../components/nomination-batch';
import { FIELD_LABELS, FormChoice, ProblemItem, TermFields, defaultTerm, fieldKey, termOf, useServerCheck, type TermInput } from '../components/nomination-check';
import { OfficialPicker } from '../components/official-picker';
import { Button, DateInput, Dialog, Field, Page, ProblemMessage } from '../components/ui';
import { invalidate, useResource } from '../data';
import { today } from '../format';
import { useT } from '../i18n';
import { navigate, setQuery, useLocation } from '../router';
import { useSession } from '../session';
import type { CaseDetail, Form } from '../types';
import { OVERRIDABLE_RULES, addDays, ruleLabel, type JobPosition, type NominationBody, type NominationCheck, type NominationProblem, type OverridableRule, type RegistryOfficial } from './nominate-types';
import './nominate.css';

const S = {
  title: { vi: 'Đề xuất biệt phái mới', en: 'New nomination' },
  mode: { vi: 'Cách đề xuất', en: 'How to nominate' },
  single: { vi: 'Một công chức', en: 'One official' },
  batch: { vi: 'Nhiều công chức (danh sách)', en: 'Several officials (a list)' },
  notAllowed: {
    vi: 'Chỉ cán bộ tổ chức của sở và Sở Nội vụ được đề xuất biệt phái. Bạn vẫn xem được biểu mẫu, nhưng hệ thống sẽ từ chối đề xuất.',
    en: 'Only a department’s HR officers and Home Affairs may nominate. You may see the form, but the system will refuse a nomination.',
  },
  details: { vi: 'Thông tin đề xuất', en: 'The nomination' },
  sendingUnit: { vi: 'Đơn vị cử đi', en: 'Sending unit' },
  official: { vi: 'Công chức được cử', en: 'Official' },
  officialHint: { vi: 'Gõ tên (có hoặc không dấu) hoặc mã công chức', en: 'Type the name (with or without diacritics) or the id' },
  commune: { vi: 'Xã/phường nhận', en: 'Receiving commune' },
  position: { vi: 'Vị trí việc làm tại xã', en: 'Job position at the commune' },
  positionHint: { vi: 'Chọn trong danh sách vị trí của xã hoặc tự nhập', en: 'Pick one of the commune’s positions or type one' },
  start: { vi: 'Ngày dự kiến bắt đầu', en: 'Planned start' },
  reason: { vi: 'Lý do', en: 'Reason' },
  reasonHint: { vi: 'Vì sao xã cần người và vì sao chọn công chức này', en: 'Why the commune needs someone and why this official' },
  legalBasis: { vi: 'Căn cứ pháp lý riêng (nếu biệt phái quá 36 tháng)', en: 'Specific legal basis (for a secondment beyond 36 months)' },
  legalBasisHint: { vi: 'Ví dụ: Luật Thanh tra 2022, Điều 30. Để trống nếu không có.', en: 'For example: Luật Thanh tra 2022, Điều 30. Leave empty if none.' },
  overrides: { vi: 'Ngoại lệ (Sở Nội vụ)', en: 'Exceptions (Home Affairs)' },
  overridesHint: {
    vi: 'Sở Nội vụ có thể cho phép ngoại lệ đối với một số quy định, với lý do được ghi vào hồ sơ.',
    en: 'Home Affairs may let some rules pass for this case, with a reason recorded in the case.',
  },
  allow: { vi: 'Cho phép ngoại lệ: {rule}', en: 'Let it pass: {rule}' },
  allowReason: { vi: 'Lý do cho phép ngoại lệ «{rule}»', en: 'Why “{rule}” may pass' },
  check: { vi: 'Kiểm tra quy định', en: 'Rule check' },
  checkAgain: { vi: 'Kiểm tra lại', en: 'Check again' },
  waiting: { vi: 'Chọn công chức, xã nhận và ngày bắt đầu để kiểm tra.', en: 'Choose the official, the commune and the start to check.' },
  checking: { vi: 'Đang kiểm tra…', en: 'Checking…' },
  ok: { vi: 'Không phát hiện vấn đề: đề xuất đáp ứng các quy định.', en: 'No problem found: the nomination meets the rules.' },
  okSoFar: { vi: 'Chưa phát hiện vấn đề về quy định.', en: 'No rule problem found so far.' },
  found: { vi: 'Phát hiện {n} vấn đề', en: '{n} problems found' },
  foundOne: { vi: 'Phát hiện 1 vấn đề', en: '1 problem found' },
  missing: { vi: 'Còn thiếu: {fields}', en: 'Still missing: {fields}' },
  checkNote: {
    vi: 'Kết quả kiểm tra theo dữ liệu hiện tại; khi gửi, hệ thống kiểm tra lại.',
    en: 'Checked against the data as it is now; the system checks again on submit.',
  },
  submit: { vi: 'Gửi đề xuất', en: 'Submit the nomination' },
  requiredMissing: { vi: 'Chưa nhập', en: 'Required' },
  fixFirst: { vi: 'Hãy nhập các mục còn thiếu: {fields}', en: 'Fill in what is missing: {fields}' },
  confirmTitle: { vi: 'Đề xuất còn vấn đề', en: 'The nomination has problems' },
  confirmText: {
    vi: 'Kiểm tra phát hiện {n} vấn đề. Nếu vấn đề vẫn còn, hệ thống sẽ từ chối đề xuất và không tạo hồ sơ. Bạn vẫn muốn gửi?',
    en: 'The check found {n} problems. If they remain, the system will refuse the nomination and make no case. Submit anyway?',
  },
  sendAnyway: { vi: 'Vẫn gửi', en: 'Submit anyway' },
  goBack: { vi: 'Quay lại sửa', en: 'Go back and fix' },
};

/** Whole screen: the choice of one or several officials, then that form. */
export default function NominateScreen() {
  const t = useT();
  const { me } = useSession();
  const { query } = useLocation();
  const batch = query.get('mode') === 'batch';
  const allowed = me?.role === 'hr_officer' || me?.role === 'home_affairs_officer';
  return (
    <Page title={t(S.title)}>
      {!allowed ? <p class="notice-warn">{t(S.notAllowed)}</p> : null}
      <div class="mode-switch" role="group" aria-label={t(S.mode)}>
        <button type="button" class={`mode-btn${batch ? '' : ' active'}`} aria-pressed={!batch} onClick={() => setQuery({ mode: null })}>
          {t(S.single)}
        </button>
        <button type="button" class={`mode-btn${batch ? ' active' : ''}`} aria-pressed={batch} onClick={() => setQuery({ mode: 'batch' })}>
          {t(S.batch)}
        </button>
      </div>
      {batch ? <BatchNomination /> : <SingleNomination />}
    </Page>
  );
}

function SingleNomination() {
  const t = useT();
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
  const [overrides, setOverrides] = useState<Partial<Record<OverridableRule, { on: boolean; reason: string }>>>({});
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
  const current = check.stale ? undefined : check.result;
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
  const errorOf = (...fields: string[]): string | null => {
    const problem = problems.find((p) => fields.includes(fieldKey(p) ?? ''));
    // The rule's name beside the field; why, in full, in the check's list.
    if (problem) return t(ruleLabel(problem.rule));
    if (triedSubmit && fields.some((field) => missing.includes(field))) return t(S.requiredMissing);
    return null;
  };

  const overridable = new Set<OverridableRule>([
    ...problems.filter((p) => p.overridable).map((p) => p.rule as OverridableRule),
    ...OVERRIDABLE_RULES.filter((rule) => overrides[rule]?.on),
  ]);
  const showLegalBasis = form === 'secondment' && (legalBasis !== '' || Number(term.months) > 36 || problems.some((p) => p.rule === 'secondment_term_cap'));

  const submit = async () => {
    setConfirming(false);
    setBusy(true);
    setRefusal(null);
    try {
      const made = await send<CaseDetail>('POST', '/cases', body, key);
      invalidate('/inbox', '/cases', '/pipeline', '/registry/officials', '/gap', '/notifications');
      setKey(newIdempotencyKey());
      navigate(`/cases/${encodeURIComponent(made.caseId)}`);
    } catch (error) {
      setRefusal(error instanceof ApiError ? error : new ApiError(0, { type: 'about:blank', title: String(error), status: 0, detail: '' }));
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
    setForm(next);
    setTerm(defaultTerm(next));
  };

  return (
    <form class="nominate-layout" onSubmit={onSubmit} noValidate aria-label={t(S.details)}>
      <div class="card nominate-fields">
        <FormChoice value={form} onChange={changeForm} name="form" />
        <div class="form-grid">
          {homeAffairs ? (
            <UnitPicker
              kind="department"
              label={t(S.sendingUnit)}
              value={chosenUnit}
              required
              error={errorOf('sendingUnitId', 'sendingUnit')}
              onChange={(unit) => {
                setChosenUnit(unit);
                setOfficial(null);
              }}
            />
          ) : (
            <div class="field">
              <span class="field-label" id="sending-unit-label">
                {t(S.sendingUnit)}
              </span>
              <p class="fixed-value" aria-labelledby="sending-unit-label">
                {me?.unit?.name ?? '—'}
              </p>
            </div>
          )}
          <OfficialPicker unitId={sendingUnitId} label={t(S.official)} hint={t(S.officialHint)} value={official} onChange={setOfficial} required error={errorOf('officialId', 'official')} />
          <UnitPicker kind="commune" label={t(S.commune)} value={communeId} onChange={setCommuneId} required error={errorOf('receivingUnitId', 'receivingUnit')} />
          <Field label={t(S.position)} hint={t(S.positionHint)} required error={errorOf('position')}>
            {(props) => (
              <>
                <input {...props} type="text" list="commune-positions" maxLength={300} value={position} onInput={(event) => setPosition(event.currentTarget.value)} />
                <datalist id="commune-positions">
                  {(positions.data ?? []).map((p) => (
                    <option key={p.id} value={p.name} />
                  ))}
                </datalist>
              </>
            )}
          </Field>
          <DateInput label={t(S.start)} value={plannedStart} onValue={setPlannedStart} required error={errorOf('plannedStart')} />
          <TermFields form={form} value={term} onChange={setTerm} error={errorOf('term')} idPrefix="single" />
        </div>
        <Field label={t(S.reason)} hint={t(S.reasonHint)} required error={errorOf('reason')}>
          {(props) => <textarea {...props} maxLength={2000} rows={3} value={reason} onInput={(event) => setReason(event.currentTarget.value)} />}
        </Field>
        {showLegalBasis ? (
          <Field label={t(S.legalBasis)} hint={t(S.legalBasisHint)} error={errorOf('legalBasisOverride')}>
            {(props) => <input {...props} type="text" maxLength={500} value={legalBasis} onInput={(event) => setLegalBasis(event.currentTarget.value)} />}
          </Field>
        ) : null}
        {homeAffairs && overridable.size > 0 ? (
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
                      {(props) => <textarea {...props} rows={2} maxLength={2000} value={chosen.reason} onInput={(event) => setOverrides({ ...overrides, [rule]: { ...chosen, reason: event.currentTarget.value } })} />}
                    </Field>
                  ) : null}
                </div>
              );
            })}
          </fieldset>
        ) : null}
      </div>

      <aside class="card check-panel" aria-labelledby="check-title">
        <h2 id="check-title">{t(S.check)}</h2>
        <CheckStatus body={body} checking={check.checking || check.stale} result={current} problems={problems} complete={missing.length === 0} />
        {check.error ? <ProblemMessage error={check.error} /> : null}
        {missing.length > 0 ? <p class="check-missing">{t(S.missing, { fields: missingNames })}</p> : null}
        {problems.length > 0 ? (
          <ul class="check-problems">
            {problems.map((problem, i) => (
              <ProblemItem key={`${problem.rule}-${i}`} problem={problem} homeAffairs={homeAffairs} />
            ))}
          </ul>
        ) : null}
        <p class="hint">{t(S.checkNote)}</p>
        <Button onClick={check.run} disabled={!body} busy={check.checking}>
          {t(S.checkAgain)}
        </Button>
      </aside>

      <div class="form-actions">
        {triedSubmit && missing.length > 0 ? (
          <p class="field-error" role="alert">
            {t(S.fixFirst, { fields: missingNames })}
          </p>
        ) : null}
        <ProblemMessage error={refusal} />
        <Button variant="primary" type="submit" busy={busy}>
          {t(S.submit)}
        </Button>
      </div>

      <Dialog open={confirming} title={t(S.confirmTitle)} onClose={() => setConfirming(false)}>
        <p>{t(S.confirmText, { n: problems.length })}</p>
        <ul class="check-problems">
          {problems.map((problem, i) => (
            <ProblemItem key={`${problem.rule}-${i}`} problem={problem} homeAffairs={homeAffairs} />
          ))}
        </ul>
        <div class="dialog-actions">
          <Button onClick={() => setConfirming(false)}>{t(S.goBack)}</Button>
          <Button variant="danger" onClick={() => void submit()}>
            {t(S.sendAnyway)}
          </Button>
        </div>
      </Dialog>
    </form>
  );
}

/** One line that says where the check is: waiting for the form, running, clear, or how many problems. */
function CheckStatus({ body, checking, result, problems, complete }: { body: unknown; checking: boolean; result: NominationCheck | undefined; problems: NominationProblem[]; complete: boolean }) {
  const t = useT();
  let text: string;
  let tone = '';
  if (!body) text = t(S.waiting);
  else if (checking && !result) text = t(S.checking);
  else if (!result) text = t(S.checking);
  else if (problems.length === 0 && !complete) text = t(S.okSoFar);
  else if (problems.length === 0) {
    text = t(S.ok);
    tone = ' check-ok';
  } else {
    text = problems.length === 1 ? t(S.foundOne) : t(S.found, { n: problems.length });
    tone = ' check-bad';
  }
  return (
    <p class={`check-status${tone}`} role="status" aria-live="polite">
      {text}
      {checking && result ? <span class="check-refreshing"> · {t(S.checking)}</span> : null}
    </p>
  );
}
