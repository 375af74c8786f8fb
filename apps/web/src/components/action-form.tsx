/**
 * One form for every action on a case, built from a table of fields (components/case-actions-table.ts):
 * text, long text, dd/mm/yyyy dates, choices, numbers, a term in months and days, a commune, and
 * documents uploaded as they are picked. It checks what it can before sending (required fields,
 * real days, dates in order), shows the API's refusal beside the fields it names (nothing has
 * changed then), and keeps its Idempotency-Key until the action succeeds, so a retry never acts
 * twice.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useId, useMemo, useRef, useState } from 'preact/hooks';
import { ACTION_LABELS, capitalised } from '@app/domain/labels';
import { ApiError, asApiError, newIdempotencyKey, send, upload } from '../api';
import { invalidate } from '../data';
import { formatDate, parseDate, today } from '../format';
import { COMMON, useLanguage, useT } from '../i18n';
import type { ActionName, CaseDetail, CaseSummary } from '../types';
import { ACTION_ROUTES } from '@app/api-routes';
import { AFTER_A_CHANGE, type AttachmentKind, type CaseState } from '../screens/case-types';
import {
  ATTACHMENT_LABELS,
  FORM_STRINGS as S,
  bodyOf,
  checkValues,
  documents,
  initialValue,
  isRequired,
  serverFieldErrors,
  term,
  text,
  type ActionFormSpec,
  type DocumentsValue,
  type FieldSpec,
  type FieldValue,
  type FormContext,
  type TermValue,
  type Values,
} from './case-form-values';

export { ATTACHMENT_LABELS };
export type { ActionFormSpec, FieldSpec, FormContext, Values };
import { UnitPicker } from './combobox';
import { Button, DATE_TEXT_INPUT, Field, FieldError, FieldHint, ProblemMessage } from './ui';

// ---------------------------------------------------------------------------------------------
// The controls.

function DateField({ label, hint, value, onValue, required, error }: { label: string; hint?: string; value: string; onValue: (text: string) => void; required: boolean; error?: string }) {
  return (
    <Field label={label} hint={hint ?? 'dd/mm/yyyy'} required={required} error={error}>
      {(props) => (
        <input
          {...props}
          {...DATE_TEXT_INPUT}
          value={value}
          onInput={(event) => onValue(event.currentTarget.value)}
          onBlur={(event) => {
            // What was typed as 1/2/2027 reads back as 01/02/2027: the day the form understood.
            const day = parseDate(event.currentTarget.value);
            if (day) onValue(formatDate(day));
          }}
        />
      )}
    </Field>
  );
}

function TermField({ label, hint, value, onValue, required, error }: { label: string; hint?: string; value: TermValue; onValue: (value: TermValue) => void; required: boolean; error?: string }) {
  const t = useT();
  const id = useId();
  return (
    <fieldset class={`field term-field${error ? ' field-invalid' : ''}`} aria-describedby={[hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined}>
      <legend>
        {label}
        {required ? <span class="required" aria-hidden="true"> *</span> : null}
      </legend>
      <FieldHint id={id} hint={hint} />
      <div class="term-inputs">
        <label>
          <span>{t(S.months)}</span>
          <input type="text" inputMode="numeric" value={value.months} aria-invalid={error ? true : undefined} onInput={(event) => onValue({ ...value, months: event.currentTarget.value })} />
        </label>
        <label>
          <span>{t(S.days)}</span>
          <input type="text" inputMode="numeric" value={value.days} aria-invalid={error ? true : undefined} onInput={(event) => onValue({ ...value, days: event.currentTarget.value })} />
        </label>
      </div>
      <FieldError id={id} error={error} />
    </fieldset>
  );
}

interface UploadState {
  busy: number;
  error: ApiError | null;
}

function DocumentsField({
  spec,
  context,
  value,
  onValue,
  error,
  onBusy,
}: {
  spec: Extract<FieldSpec, { kind: 'documents' }>;
  context: FormContext;
  value: DocumentsValue;
  onValue: (update: (value: DocumentsValue) => DocumentsValue) => void;
  error?: string;
  onBusy: (busy: boolean) => void;
}) {
  const t = useT();
  const id = useId();
  const required = spec.requiredKinds(context);
  const [uploads, setUploads] = useState<Partial<Record<AttachmentKind, UploadState>>>({});
  const busy = Object.values(uploads).some((state) => state && state.busy > 0);
  useEffect(() => onBusy(busy), [busy]);

  const pick = async (kind: AttachmentKind, input: HTMLInputElement) => {
    const files = [...(input.files ?? [])];
    input.value = '';
    if (!files.length) return;
    setUploads((all) => ({ ...all, [kind]: { busy: (all[kind]?.busy ?? 0) + files.length, error: null } }));
    for (const file of files) {
      const form = new FormData();
      form.set('kind', kind);
      form.set('name', file.name.normalize('NFC'));
      form.set('file', file);
      try {
        const stored = await upload<{ documentId: string; fileName: string }>('/documents', form);
        const name = file.name.normalize('NFC').replace(/\.[a-z0-9]{2,4}$/i, '') || t(ATTACHMENT_LABELS[kind]);
        onValue((current) => ({
          ...current,
          files: current.files.some((f) => f.documentId === stored.documentId && f.kind === kind) ? current.files : [...current.files, { kind, documentId: stored.documentId, name, fileName: stored.fileName }],
        }));
        setUploads((all) => ({ ...all, [kind]: { busy: (all[kind]?.busy ?? 1) - 1, error: all[kind]?.error ?? null } }));
      } catch (failure) {
        const apiError = asApiError(failure);
        setUploads((all) => ({ ...all, [kind]: { busy: (all[kind]?.busy ?? 1) - 1, error: apiError } }));
      }
    }
  };

  return (
    <fieldset class={`field documents-field${error ? ' field-invalid' : ''}`} aria-describedby={error ? `${id}-error` : undefined}>
      <legend>{t(spec.label)}</legend>
      {spec.hint ? <p class="hint">{t(typeof spec.hint === 'function' ? spec.hint(context) : spec.hint)}</p> : null}
      <ul class="document-kinds">
        {spec.kinds.map((kind) => {
          const mine = value.files.filter((file) => file.kind === kind);
          const state = uploads[kind];
          const isRequiredKind = required.includes(kind);
          const label = `${t(ATTACHMENT_LABELS[kind])} ${t(isRequiredKind ? S.requiredMark : S.optionalMark)}`;
          return (
            <li key={kind} class={`document-kind${isRequiredKind ? ' document-required' : ''}`} data-kind={kind}>
              <label for={`${id}-${kind}`} class="document-label">
                {label}
              </label>
              <input
                id={`${id}-${kind}`}
                type="file"
                multiple
                accept="application/pdf,image/png,image/jpeg,.pdf,.png,.jpg,.jpeg"
                aria-describedby={`${id}-hint`}
                onChange={(event) => void pick(kind, event.currentTarget)}
              />
              {state && state.busy > 0 ? (
                <p class="hint" role="status">
                  {t(S.uploading)}
                </p>
              ) : null}
              {state?.error ? <ProblemMessage error={state.error} /> : null}
              {mine.length ? (
                <ul class="uploaded">
                  {mine.map((file) => (
                    <li key={file.documentId}>
                      <span class="badge badge-uploaded">{t(S.uploaded)}</span> <span>{file.fileName}</span>{' '}
                      <Button
                        variant="link"
                        aria-label={t(S.remove, { name: file.fileName })}
                        onClick={() => onValue((current) => ({ ...current, files: current.files.filter((f) => !(f.documentId === file.documentId && f.kind === kind)) }))}
                      >
                        {t(S.removeShort)}
                      </Button>
                    </li>
                  ))}
                </ul>
              ) : null}
              {(spec.datedKinds ?? []).includes(kind) && mine.length ? (
                <DateField
                  label={t(S.issuedOn, { kind: t(ATTACHMENT_LABELS[kind]) })}
                  value={value.issuedOn[kind] ?? ''}
                  required
                  onValue={(next) => onValue((current) => ({ ...current, issuedOn: { ...current.issuedOn, [kind]: next } }))}
                />
              ) : null}
            </li>
          );
        })}
      </ul>
      <p class="hint" id={`${id}-hint`}>
        {t(S.fileHint)}
      </p>
      <FieldError id={id} error={error} />
    </fieldset>
  );
}

function Control({
  spec,
  context,
  value,
  onValue,
  error,
  required,
  onBusy,
}: {
  spec: FieldSpec;
  context: FormContext;
  value: FieldValue | undefined;
  onValue: (update: (value: FieldValue | undefined) => FieldValue) => void;
  error?: string;
  required: boolean;
  onBusy: (busy: boolean) => void;
}) {
  const t = useT();
  const label = t(spec.label);
  const hint = spec.hint ? t(typeof spec.hint === 'function' ? spec.hint(context) : spec.hint) : undefined;
  switch (spec.kind) {
    case 'text':
      return (
        <Field label={label} hint={hint} required={required} error={error}>
          {(props) => <input {...props} type="text" name={spec.name} maxLength={spec.maxLength} value={text(value)} onInput={(event) => { const next = event.currentTarget.value; onValue(() => next); }} />}
        </Field>
      );
    case 'textarea':
      return (
        <Field label={label} hint={hint} required={required} error={error}>
          {(props) => <textarea {...props} name={spec.name} rows={3} maxLength={spec.maxLength} value={text(value)} onInput={(event) => { const next = event.currentTarget.value; onValue(() => next); }} />}
        </Field>
      );
    case 'number':
      return (
        <Field label={label} hint={hint} required={required} error={error}>
          {(props) => <input {...props} type="text" inputMode="numeric" name={spec.name} value={text(value)} onInput={(event) => { const next = event.currentTarget.value; onValue(() => next); }} />}
        </Field>
      );
    case 'select':
      return (
        <Field label={label} hint={hint} required={required} error={error}>
          {(props) => (
            <select {...props} name={spec.name} value={text(value)} onChange={(event) => { const next = event.currentTarget.value; onValue(() => next); }}>
              {text(value) === '' ? <option value="">{t(S.choose)}</option> : null}
              {spec.options.map((option) => (
                <option key={option.value} value={option.value}>
                  {capitalised(t(option.label))}
                </option>
              ))}
            </select>
          )}
        </Field>
      );
    case 'date':
      return <DateField label={label} hint={hint} value={text(value)} onValue={(next) => onValue(() => next)} required={required} error={error} />;
    case 'term':
      return <TermField label={label} hint={hint} value={term(value)} onValue={(next) => onValue(() => next)} required={required} error={error} />;
    case 'commune':
      return <UnitPicker kind="commune" label={label} value={text(value) || null} onChange={(next) => onValue(() => next ?? '')} required={required} error={error} />;
    case 'documents':
      return <DocumentsField spec={spec} context={context} value={documents(value)} onValue={(update) => onValue((current) => update(documents(current)))} error={error} onBusy={onBusy} />;
  }
}

// ---------------------------------------------------------------------------------------------
// The form.

export interface ActionFormProps {
  action: ActionName;
  spec: ActionFormSpec;
  summary: CaseSummary;
  state: CaseState | null;
  /** Shown on the submit button; by default the action's name. */
  submitLabel?: string;
  /** The deputy acts for this approver (shown on the form). */
  onBehalfOf?: { name: string } | null;
  onDone: (result: CaseDetail) => void;
  onCancel: () => void;
  /** Put the cursor in the first field when the form opens. */
  autoFocus?: boolean;
  children?: ComponentChildren;
}

export function ActionForm({ action, spec, summary, state, submitLabel, onBehalfOf, onDone, onCancel, autoFocus = true, children }: ActionFormProps) {
  const t = useT();
  const { language } = useLanguage();
  const context = useMemo<FormContext>(() => ({ summary, state, today: today() }), [summary, state]);
  const fields = useMemo(() => spec.fields.filter((field) => !field.shown || field.shown(context)), [spec, context]);
  const [initial] = useState<Values>(() => Object.fromEntries(spec.fields.map((field) => [field.name, initialValue(field, context)])));
  const [values, setValues] = useState<Values>(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [uploading, setUploading] = useState(false);
  const [attempt, setAttempt] = useState(0);
  // One key per intended act, made when the form opens and kept until it succeeds.
  const [idempotencyKey] = useState(newIdempotencyKey);
  const formRef = useRef<HTMLFormElement>(null);
  const summaryRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!autoFocus) return;
    formRef.current?.querySelector<HTMLElement>('input:not([type=file]), textarea, select')?.focus();
  }, []);

  useEffect(() => {
    if (attempt === 0) return;
    if (Object.keys(errors).length && !problem) summaryRef.current?.focus();
  }, [attempt]);

  const update = (name: string) => (change: (value: FieldValue | undefined) => FieldValue) => {
    setValues((all) => ({ ...all, [name]: change(all[name]) }));
    setErrors((all) => {
      if (!(name in all)) return all;
      const rest = { ...all };
      delete rest[name];
      return rest;
    });
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    if (busy) return;
    const across = Object.entries(spec.check?.(values) ?? {}).map(([name, message]) => [name, t(message)] as const);
    const found = { ...Object.fromEntries(across), ...checkValues(spec.fields, values, context, t) };
    setAttempt((n) => n + 1);
    if (uploading) {
      setErrors({ ...found, _uploading: t(S.stillUploading) });
      return;
    }
    setErrors(found);
    if (Object.keys(found).length) {
      setProblem(null);
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      const result = await send<CaseDetail>('POST', `/cases/${encodeURIComponent(summary.caseId)}/${ACTION_ROUTES[action]}`, bodyOf(spec.fields, values, initial, context), idempotencyKey);
      invalidate(...AFTER_A_CHANGE);
      onDone(result);
    } catch (failure) {
      const apiError = asApiError(failure);
      setProblem(apiError);
      setErrors(serverFieldErrors(spec.fields, apiError, language));
    } finally {
      setBusy(false);
    }
  };

  const listed = Object.entries(errors);
  const title = capitalised(t(ACTION_LABELS[action]));
  return (
    <form ref={formRef} class={`action-form action-${action}`} noValidate onSubmit={(event) => void submit(event)} aria-label={title} data-action={action}>
      {spec.intro ? <p class="hint action-intro">{t(spec.intro)}</p> : null}
      {onBehalfOf ? (
        <p class="on-behalf">
          {t({ vi: 'Bạn thực hiện thay cho {name} (theo ủy quyền).', en: 'You act for {name} (delegation).' }, { name: onBehalfOf.name })}
        </p>
      ) : null}
      {listed.length && !problem ? (
        <div class="problem form-errors" role="alert" tabIndex={-1} ref={summaryRef}>
          <p class="problem-title">{t(S.notSent, { n: listed.length })}</p>
          <ul>
            {listed.map(([name, message]) => (
              <li key={name}>{message}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <ProblemMessage error={problem} />
      {children}
      <div class="form-grid action-fields">
        {fields.map((field) => (
          <div key={field.name} class={field.wide || field.kind === 'textarea' || field.kind === 'documents' || field.kind === 'term' ? 'wide' : undefined}>
            <Control
              spec={field}
              context={context}
              value={values[field.name]}
              onValue={update(field.name)}
              error={errors[field.name]}
              required={isRequired(field, values)}
              onBusy={setUploading}
            />
          </div>
        ))}
      </div>
      <div class="dialog-actions">
        <Button onClick={onCancel} disabled={busy}>
          {t(COMMON.cancel)}
        </Button>
        <Button type="submit" variant={spec.danger ? 'danger' : 'primary'} busy={busy}>
          {submitLabel ?? title}
        </Button>
      </div>
    </form>
  );
}
