/**
 * The pieces the single and the batch nomination share: the rule check run on the server as the
 * form is filled in (debounced; the newest answer wins), the list of problems it finds in the
 * reader's language, the choice of form with what each means, and the term.
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { FORM_LABELS, capitalised } from '@app/domain/labels';
import { ApiError, asApiError, send } from '../api';
import { useLanguage, useT, type Bilingual } from '../i18n';
import { FORM_HELP, TERM_DEFAULTS, problemField, ruleLabel, RULE_LABELS } from '../screens/nomination-help';
import type { Form, NominationProblem, Problem } from '../types';
import { TERM_RANGE } from '@app/domain/limits';

/** What a new nomination changes: the lists it joins and the figures it moves. */
export const AFTER_A_NOMINATION = ['/inbox', '/cases', '/pipeline', '/registry/officials', '/gap', '/notifications'] as const;

const FORMS: readonly Form[] = ['secondment', 'reinforcement', 'rotation', 'transfer'];

const S = {
  form: { vi: 'Hình thức', en: 'Form' },
  term: { vi: 'Thời hạn', en: 'Term' },
  months: { vi: 'Số tháng', en: 'Months' },
  days: { vi: 'Số ngày', en: 'Days' },
  termInvalid: {
    vi: `Nhập số nguyên: tháng từ ${TERM_RANGE.months.min} đến ${TERM_RANGE.months.max}, ngày từ ${TERM_RANGE.days.min} đến ${TERM_RANGE.days.max}`,
    en: `Whole numbers: months ${TERM_RANGE.months.min} to ${TERM_RANGE.months.max}, days ${TERM_RANGE.days.min} to ${TERM_RANGE.days.max}`,
  },
  basis: { vi: 'Căn cứ: {basis}', en: 'Legal basis: {basis}' },
  overridableByYou: { vi: 'Sở Nội vụ có thể cho phép ngoại lệ có ghi lý do (xem mục ngoại lệ).', en: 'Home Affairs may let it pass with a recorded reason (see the exceptions).' },
  overridableByOthers: { vi: 'Chỉ Sở Nội vụ có thể cho phép ngoại lệ đối với quy định này.', en: 'Only Home Affairs may let this rule pass.' },
  field: { vi: 'Mục: {field}', en: 'Field: {field}' },
};

/** The form's fields as the page names them, for problems that name a field of the request. */
export const FIELD_LABELS: Record<string, Bilingual> = {
  form: { vi: 'Hình thức', en: 'Form' },
  officialId: { vi: 'Công chức', en: 'Official' },
  official: { vi: 'Công chức', en: 'Official' },
  sendingUnitId: { vi: 'Đơn vị cử đi', en: 'Sending unit' },
  sendingUnit: { vi: 'Đơn vị cử đi', en: 'Sending unit' },
  receivingUnitId: { vi: 'Xã/phường nhận', en: 'Receiving commune' },
  receivingUnit: { vi: 'Xã/phường nhận', en: 'Receiving commune' },
  position: { vi: 'Vị trí việc làm', en: 'Job position' },
  plannedStart: { vi: 'Ngày dự kiến bắt đầu', en: 'Planned start' },
  term: { vi: 'Thời hạn', en: 'Term' },
  reason: { vi: 'Lý do', en: 'Reason' },
  legalBasisOverride: { vi: 'Căn cứ pháp lý riêng', en: 'Specific legal basis' },
  eligibilityOverrides: { vi: 'Ngoại lệ', en: 'Exceptions' },
};

/** The first segment of a problem's field (`term.months` → `term`), batch prefix removed. */
export function fieldKey(problem: NominationProblem): string | undefined {
  return problemField(problem)?.split(/[.[]/)[0];
}

export interface Check<T> {
  /** The newest answer (perhaps for an earlier state of the form: see `stale`). */
  result: T | undefined;
  /** A refusal of the check itself (an invalid body, 403). */
  error: ApiError | undefined;
  checking: boolean;
  /** The form changed since the answer shown. */
  stale: boolean;
  /** Checks now, without waiting. */
  run: () => void;
}

/**
 * POSTs `body` to the check route `delay` ms after it last changed (and on `run`); a null body
 * waits. Answers to an older body are dropped, so a slow answer never overwrites a newer one.
 */
export function useServerCheck<T>(path: string, body: unknown, delay = 500): Check<T> {
  const key = body === null || body === undefined ? null : JSON.stringify(body);
  const [answer, setAnswer] = useState<{ key: string; result?: T; error?: ApiError } | null>(null);
  const [checking, setChecking] = useState(false);
  const sequence = useRef(0);
  const run = useCallback(() => {
    if (key === null) return;
    const mine = ++sequence.current;
    setChecking(true);
    send<T>('POST', path, JSON.parse(key) as unknown).then(
      (result) => {
        if (mine !== sequence.current) return;
        setAnswer({ key, result });
        setChecking(false);
      },
      (error: unknown) => {
        if (mine !== sequence.current) return;
        setAnswer({ key, error: asApiError(error) });
        setChecking(false);
      },
    );
  }, [path, key]);
  useEffect(() => {
    if (key === null) {
      sequence.current += 1;
      setAnswer(null);
      setChecking(false);
      return;
    }
    const timer = setTimeout(run, delay);
    return () => clearTimeout(timer);
  }, [key, run, delay]);
  return { result: answer?.result, error: answer?.error, checking, stale: answer !== null && answer.key !== key, run };
}

/** A problem as the reader reads it: the rule's name, then why (or which field, for a field rule). */
export function ProblemItem({ problem, homeAffairs }: { problem: NominationProblem; homeAffairs: boolean }) {
  const t = useT();
  const { language } = useLanguage();
  const field = fieldKey(problem);
  const fieldName = field && FIELD_LABELS[field] ? t(FIELD_LABELS[field]) : problemField(problem);
  // A field rule's server sentence names the request's field; the page names it as the form does.
  const detail = problem.status === 400 && RULE_LABELS[problem.rule] ? (fieldName ? t(S.field, { field: fieldName }) : '') : problem.messages[language];
  const basis = problem.legalBasis && !detail.includes(problem.legalBasis) ? problem.legalBasis : null;
  return (
    <li class={`check-problem${problem.overridable ? ' overridable' : ''}`} data-rule={problem.rule}>
      <strong>{t(ruleLabel(problem.rule))}</strong>
      {detail ? <span class="check-detail">{detail}</span> : null}
      {basis ? <span class="check-basis">{t(S.basis, { basis })}</span> : null}
      {problem.overridable ? <span class="check-override">{t(homeAffairs ? S.overridableByYou : S.overridableByOthers)}</span> : null}
    </li>
  );
}

/** The problems of a check or a refusal, as a list. */
export function ProblemList({ problems, homeAffairs }: { problems: readonly NominationProblem[]; homeAffairs: boolean }) {
  return (
    <ul class="check-problems">
      {problems.map((problem, i) => (
        <ProblemItem key={`${problem.rule}-${i}`} problem={problem} homeAffairs={homeAffairs} />
      ))}
    </ul>
  );
}

/** The sending unit of a nominator who nominates from their own unit: shown, not chosen. */
export function FixedSendingUnit({ labelId, label, name }: { labelId: string; label: string; name: string | undefined }) {
  return (
    <div class="field">
      <span class="field-label" id={labelId}>
        {label}
      </span>
      <p class="fixed-value" aria-labelledby={labelId}>
        {name ?? '—'}
      </p>
    </div>
  );
}

/** The four forms as radio buttons, each with the line that says what it is. */
export function FormChoice({ value, onChange, name }: { value: Form; onChange: (form: Form) => void; name: string }) {
  const t = useT();
  return (
    <fieldset class="form-choice">
      <legend>{t(S.form)}</legend>
      {FORMS.map((form) => (
        <label key={form} class={`form-option${value === form ? ' chosen' : ''}`}>
          <input type="radio" name={name} value={form} checked={value === form} onChange={() => onChange(form)} />
          <span class="form-option-text">
            <strong>{capitalised(t(FORM_LABELS[form]))}</strong>
            <span>{t(FORM_HELP[form])}</span>
          </span>
        </label>
      ))}
    </fieldset>
  );
}

/** The term as typed: whole months and days, or the reason it is not one. */
export interface TermInput {
  months: string;
  days: string;
}

export function termOf(form: Form, input: TermInput): { term?: { months: number; days: number }; invalid: boolean } {
  if (form === 'transfer') return { invalid: false };
  const months = input.months.trim() === '' ? 0 : Number(input.months);
  const days = input.days.trim() === '' ? 0 : Number(input.days);
  const within = (n: number, range: { min: number; max: number }) => Number.isInteger(n) && n >= range.min && n <= range.max;
  if (!within(months, TERM_RANGE.months) || !within(days, TERM_RANGE.days)) return { invalid: true };
  if (input.months.trim() === '' && input.days.trim() === '') return { invalid: false };
  return { term: { months, days }, invalid: false };
}

export function defaultTerm(form: Form): TermInput {
  const months = TERM_DEFAULTS[form].months;
  return { months: months === null ? '' : String(months), days: '0' };
}

/** Months and days of the term, with the form's hint; a transfer says it has none. */
export function TermFields({ form, value, onChange, error, idPrefix }: { form: Form; value: TermInput; onChange: (value: TermInput) => void; error?: string | null; idPrefix: string }) {
  const t = useT();
  const invalid = termOf(form, value).invalid;
  const hintId = `${idPrefix}-term-hint`;
  const errorId = `${idPrefix}-term-error`;
  const shownError = invalid ? t(S.termInvalid) : error;
  if (form === 'transfer') {
    return (
      <fieldset class="field term-fields">
        <legend>{t(S.term)}</legend>
        <p class="term-none">{t(TERM_DEFAULTS.transfer.hint)}</p>
      </fieldset>
    );
  }
  const describedBy = [hintId, shownError ? errorId : ''].filter(Boolean).join(' ');
  const input = (part: keyof TermInput, label: Bilingual) => (
    <div>
      <label for={`${idPrefix}-${part}`}>{t(label)}</label>
      <input
        id={`${idPrefix}-${part}`}
        type="number"
        inputMode="numeric"
        min={TERM_RANGE[part].min}
        max={TERM_RANGE[part].max}
        step={1}
        value={value[part]}
        aria-describedby={describedBy}
        aria-invalid={shownError ? true : undefined}
        onInput={(event) => onChange({ ...value, [part]: event.currentTarget.value })}
      />
    </div>
  );
  return (
    <fieldset class={`field term-fields${shownError ? ' field-invalid' : ''}`}>
      <legend>{t(S.term)}</legend>
      <div class="term-inputs">
        {input('months', S.months)}
        {input('days', S.days)}
      </div>
      <p class="hint" id={hintId}>
        {t(TERM_DEFAULTS[form].hint)}
      </p>
      {shownError ? (
        <p class="field-error" id={errorId}>
          {shownError}
        </p>
      ) : null}
    </fieldset>
  );
}

/** A refusal the API answered (a batch item's problem) as the check lists problems: one per eligibility violation, else one. */
export function problemsOfRefusal(problem: Problem): NominationProblem[] {
  const base = { type: problem.type, status: problem.status, overridable: false };
  if (problem.violations?.length) {
    return problem.violations.map((v) => ({
      ...base,
      rule: v.rule,
      messages: v.messages,
      legalBasis: v.legalBasis,
      overridable: v.overridable,
    }));
  }
  const field = problem.field ?? problem.errors?.[0]?.field;
  return [
    {
      ...base,
      rule: problem.rule ?? problem.errors?.[0]?.rule ?? 'invalid',
      ...(field ? { field } : {}),
      messages: problem.messages ?? { vi: problem.detail, en: problem.detail },
      ...(problem.legalBasis ? { legalBasis: problem.legalBasis } : {}),
    },
  ];
}
