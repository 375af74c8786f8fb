/** The few building blocks every screen shares: accessible by default (labels, focus, live regions). */
import type { ButtonHTMLAttributes, ComponentChildren } from 'preact';
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { FORM_LABELS, OUTCOME_LABELS, STAGE_LABELS, capitalised } from '@app/domain/labels';
import type { ApiError } from '../api';
import { COMMON, useLanguage, useT, type Bilingual } from '../i18n';
import { formatDate, parseDate } from '../format';
import type { Form, Outcome, Stage } from '../types';

export function Page({ title, actions, children }: { title: string; actions?: ComponentChildren; children: ComponentChildren }) {
  const t = useT();
  useEffect(() => {
    document.title = `${title} · ${t(COMMON.appName)}`;
  }, [title, t]);
  return (
    <section class="page" aria-labelledby="page-title">
      <header class="page-header">
        <h1 id="page-title" tabIndex={-1}>
          {title}
        </h1>
        {actions ? <div class="page-actions">{actions}</div> : null}
      </header>
      {children}
    </section>
  );
}

type ButtonProps = Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'type'> & {
  variant?: 'primary' | 'secondary' | 'danger' | 'link';
  busy?: boolean;
  type?: 'button' | 'submit';
  disabled?: boolean;
};

export function Button({ variant = 'secondary', busy, type = 'button', disabled, children, class: className, ...rest }: ButtonProps) {
  return (
    <button type={type} class={`btn btn-${variant}${typeof className === 'string' && className ? ` ${className}` : ''}`} disabled={disabled || busy} aria-busy={busy || undefined} {...rest}>
      {children}
    </button>
  );
}

interface FieldProps {
  label: string;
  /** The label for screen readers only (a cell of a table whose column names it). */
  hideLabel?: boolean;
  hint?: string;
  error?: string | null;
  required?: boolean;
  children: (props: { id: string; 'aria-describedby'?: string; 'aria-invalid'?: boolean; required?: boolean }) => ComponentChildren;
}

/** A control's hint, as `${id}-hint` for its aria-describedby. */
export function FieldHint({ id, hint }: { id: string; hint: string | undefined }) {
  return hint ? (
    <p class="hint" id={`${id}-hint`}>
      {hint}
    </p>
  ) : null;
}

/** A control's error, as `${id}-error` for its aria-describedby. */
export function FieldError({ id, error }: { id: string; error: string | null | undefined }) {
  return error ? (
    <p class="field-error" id={`${id}-error`}>
      {error}
    </p>
  ) : null;
}

/** The attributes of a day typed as text (dd/mm/yyyy): a numeric keyboard, no autofill. */
export const DATE_TEXT_INPUT = { type: 'text', inputMode: 'numeric', autoComplete: 'off', placeholder: 'dd/mm/yyyy' } as const;

/** A labelled control with its hint and its error, wired for screen readers. */
export function Field({ label, hideLabel, hint, error, required, children }: FieldProps) {
  const id = useId();
  const t = useT();
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`field${error ? ' field-invalid' : ''}${hideLabel ? ' field-bare' : ''}`}>
      <label for={id} class={hideLabel ? 'visually-hidden' : undefined}>
        {label}
        {required && !hideLabel ? <span class="required" aria-hidden="true" title={t(COMMON.required)}> *</span> : null}
      </label>
      <FieldHint id={id} hint={hint} />
      {children({ id, 'aria-describedby': described, 'aria-invalid': error ? true : undefined, required })}
      <FieldError id={id} error={error} />
    </div>
  );
}

const DATE_HINT: Bilingual = { vi: 'dd/mm/yyyy', en: 'dd/mm/yyyy' };
const DATE_INVALID: Bilingual = { vi: 'Ngày không hợp lệ: nhập theo dạng dd/mm/yyyy', en: 'Not a valid day: type it as dd/mm/yyyy' };

/**
 * A day typed as dd/mm/yyyy whatever the browser's locale (a native date input shows the
 * browser's own order). `value` and `onValue` carry `YYYY-MM-DD`, or null while it is not a day.
 */
export function DateInput({ label, value, onValue, required, hint, error }: { label: string; value: string | null; onValue: (value: string | null) => void; required?: boolean; hint?: string; error?: string | null }) {
  const t = useT();
  const [text, setText] = useState(formatDate(value));
  const [touched, setTouched] = useState(false);
  useEffect(() => {
    if (value !== parseDate(text)) setText(formatDate(value));
    // Only an outside change of the value rewrites what the user typed.
  }, [value]);
  const invalid = touched && text.trim() !== '' && parseDate(text) === null;
  return (
    <Field label={label} hint={hint ?? t(DATE_HINT)} error={invalid ? t(DATE_INVALID) : error} required={required}>
      {(props) => (
        <input
          {...props}
          {...DATE_TEXT_INPUT}
          value={text}
          onInput={(event) => {
            const next = event.currentTarget.value;
            setText(next);
            onValue(parseDate(next));
          }}
          onBlur={() => setTouched(true)}
        />
      )}
    </Field>
  );
}

/** A refusal from the API as people read it: what, why, and each field at fault. */
export function ProblemMessage({ error, onRetry }: { error: ApiError | null | undefined; onRetry?: () => void }) {
  const { language } = useLanguage();
  const t = useT();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (error) ref.current?.focus();
  }, [error]);
  if (!error) return null;
  const { problem } = error;
  const title = problem.title;
  const detail = problem.messages?.[language] ?? problem.detail;
  return (
    <div class="problem" role="alert" tabIndex={-1} ref={ref} data-problem-type={problem.type}>
      <p class="problem-title">{title}</p>
      {detail && detail !== title ? <p>{detail}</p> : null}
      {problem.errors?.length ? (
        <ul>
          {problem.errors.map((e) => (
            <li key={`${e.field}-${e.rule}`}>
              <code>{e.field}</code>: {e.message}
            </li>
          ))}
        </ul>
      ) : null}
      {problem.violations?.length ? (
        <ul>
          {problem.violations.map((v, i) => (
            <li key={`${v.rule}-${i}`}>{v.messages[language]}</li>
          ))}
        </ul>
      ) : null}
      {onRetry ? (
        <Button variant="link" onClick={onRetry}>
          {t(COMMON.retry)}
        </Button>
      ) : null}
    </div>
  );
}

export function StageBadge({ stage, outcome }: { stage: Stage; outcome?: Outcome | null }) {
  const t = useT();
  const text = outcome ? OUTCOME_LABELS[outcome] : STAGE_LABELS[stage];
  return <span class={`badge badge-stage badge-${outcome ?? stage}`}>{capitalised(t(text))}</span>;
}

export function FormName({ form }: { form: Form }) {
  const t = useT();
  return <>{capitalised(t(FORM_LABELS[form]))}</>;
}

export function OverdueBadge() {
  const t = useT();
  return <span class="badge badge-overdue">{t(COMMON.overdue)}</span>;
}

/** Shown only while nothing is known yet; known data is never hidden behind it. */
export function Loading() {
  const t = useT();
  return (
    <p class="loading" role="status" aria-live="polite">
      {t(COMMON.loading)}
    </p>
  );
}

export function Empty({ children }: { children?: ComponentChildren }) {
  const t = useT();
  return <p class="empty">{children ?? t(COMMON.empty)}</p>;
}

/** A modal built on the native <dialog>: focus moves in, Escape closes, the page behind is inert. */
export function Dialog({ open, title, onClose, children }: { open: boolean; title: string; onClose: () => void; children: ComponentChildren }) {
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog ref={ref} aria-labelledby={`${id}-title`} onClose={onClose} onCancel={onClose}>
      <h2 id={`${id}-title`}>{title}</h2>
      {open ? children : null}
    </dialog>
  );
}

export function Pager({ page, pageSize, total, onPage }: { page: number; pageSize: number; total: number; onPage: (page: number) => void }) {
  const t = useT();
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (pages <= 1) return null;
  return (
    <nav class="pager" aria-label={t(COMMON.page, { page, pages })}>
      <Button disabled={page <= 1} onClick={() => onPage(page - 1)}>
        {t(COMMON.previous)}
      </Button>
      <span>{t(COMMON.page, { page, pages })}</span>
      <Button disabled={page >= pages} onClick={() => onPage(page + 1)}>
        {t(COMMON.next)}
      </Button>
    </nav>
  );
}
