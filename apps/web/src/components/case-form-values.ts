/**
 * The values of an action's form, without the DOM: the field table's vocabulary, what the form can
 * check before sending (required fields, real days, dates in order, the dossier's documents), the
 * request body it sends, and a refusal's messages placed beside the fields it names. Unit-tested.
 */
import { formatDate, parseDate } from '../format';
import type { Bilingual, Translate } from '../i18n';
import type { ApiError } from '../api';
import type { CaseSummary } from '../types';
import type { Attachment, AttachmentKind, CaseState } from '../screens/case-types';
import { TERM_RANGE } from '@app/domain/limits';

// ---------------------------------------------------------------------------------------------
// The field table's vocabulary.

/** What a form knows of its case: the summary always, the folded state on the case page. */
export interface FormContext {
  summary: CaseSummary;
  state: CaseState | null;
  today: string;
}

export interface DocumentsValue {
  files: (Attachment & { fileName: string })[];
  /** The day a kind's documents were issued (a health certificate must be recent). */
  issuedOn: Partial<Record<AttachmentKind, string>>;
}

export interface TermValue {
  months: string;
  days: string;
}

export type FieldValue = string | TermValue | DocumentsValue;
export type Values = Record<string, FieldValue>;

interface BaseSpec {
  /** The field's place in the request body, dotted: `signer.name`, `changes.term`. */
  name: string;
  label: Bilingual;
  hint?: Bilingual | ((context: FormContext) => Bilingual);
  required?: boolean | ((values: Values) => boolean);
  /** Absent: always shown. */
  shown?: (context: FormContext) => boolean;
  /** Sent only when it differs from its first value (the changes of a resubmission). */
  onlyChanged?: boolean;
  /** Takes a whole row of the form. */
  wide?: boolean;
}

export type FieldSpec = BaseSpec &
  (
    | { kind: 'text' | 'textarea'; maxLength?: number; initial?: (context: FormContext) => string }
    | { kind: 'date'; notAfterToday?: boolean; notBefore?: { field: string; label: Bilingual }; initial?: (context: FormContext) => string | null | undefined }
    | { kind: 'select'; options: { value: string; label: Bilingual }[]; initial?: (context: FormContext) => string }
    | { kind: 'number'; min?: number; max?: number; initial?: (context: FormContext) => string }
    | { kind: 'term'; initial?: (context: FormContext) => TermValue }
    | { kind: 'commune'; initial?: (context: FormContext) => string }
    | { kind: 'documents'; kinds: readonly AttachmentKind[]; requiredKinds: (context: FormContext) => AttachmentKind[]; datedKinds?: AttachmentKind[] }
  );

export interface ActionFormSpec {
  fields: FieldSpec[];
  /** A short explanation above the fields. */
  intro?: Bilingual;
  /** The action closes or undoes something: its button is red. */
  danger?: boolean;
  /** A rule across fields: the message for each field at fault (e.g. a correction must change something). */
  check?: (values: Values) => Record<string, Bilingual>;
}

// ---------------------------------------------------------------------------------------------
// Strings.

export const FORM_STRINGS = {
  required: { vi: '«{field}» là bắt buộc.', en: '"{field}" is required.' },
  notADay: { vi: '«{field}»: ngày không hợp lệ, nhập theo dạng dd/mm/yyyy.', en: '"{field}": not a valid day; type it as dd/mm/yyyy.' },
  notAfterToday: { vi: '«{field}» không được sau ngày hôm nay ({today}).', en: '"{field}" cannot be after today ({today}).' },
  notBefore: { vi: '«{field}» không được trước «{other}».', en: '"{field}" cannot be before "{other}".' },
  notANumber: { vi: '«{field}» phải là số nguyên từ {min} đến {max}.', en: '"{field}" must be a whole number from {min} to {max}.' },
  tooLong: { vi: '«{field}» dài quá {max} ký tự.', en: '"{field}" is longer than {max} characters.' },
  missingDocument: { vi: 'Cần tải lên: {kind}.', en: 'Upload first: {kind}.' },
  missingIssuedOn: { vi: 'Nhập ngày cấp của: {kind}.', en: 'Give the issue date of: {kind}.' },
  notSent: { vi: 'Chưa gửi. Vui lòng sửa {n} mục dưới đây:', en: 'Not sent. Please correct {n} item(s) below:' },
  stillUploading: { vi: 'Đang tải tài liệu lên, vui lòng chờ.', en: 'Documents are still uploading.' },
  months: { vi: 'Số tháng', en: 'Months' },
  days: { vi: 'Số ngày', en: 'Days' },
  choose: { vi: '— Chọn —', en: '— Choose —' },
  uploaded: { vi: 'Đã tải lên', en: 'Uploaded' },
  uploading: { vi: 'Đang tải lên…', en: 'Uploading…' },
  remove: { vi: 'Bỏ tệp {name}', en: 'Remove {name}' },
  removeShort: { vi: 'Bỏ', en: 'Remove' },
  fileHint: { vi: 'PDF, JPEG hoặc PNG; có thể chọn nhiều tệp.', en: 'PDF, JPEG or PNG; several files may be chosen.' },
  issuedOn: { vi: 'Ngày cấp: {kind}', en: 'Issued on: {kind}' },
  requiredMark: { vi: '(bắt buộc)', en: '(required)' },
  optionalMark: { vi: '(nếu có)', en: '(if any)' },
  documents: { vi: 'Hồ sơ kèm theo', en: 'Documents attached' },
};

const S = FORM_STRINGS;

export const ATTACHMENT_LABELS: Record<AttachmentKind, Bilingual> = {
  units_agreement: { vi: 'Văn bản thống nhất giữa hai cơ quan (sở và UBND xã)', en: "The units' written agreement (department and commune)" },
  meeting_record: { vi: 'Biên bản gặp công chức', en: 'Record of the meeting with the official' },
  signed_decision: { vi: 'Bản quyết định đã ký (bản chụp)', en: 'The signed decision (scan)' },
  health_certificate: { vi: 'Giấy chứng nhận sức khỏe', en: 'Health certificate' },
  other: { vi: 'Tài liệu khác', en: 'Other documents' },
};

// ---------------------------------------------------------------------------------------------
// Values: the first ones, the checks, the request body.

export function isRequired(spec: FieldSpec, values: Values): boolean {
  return typeof spec.required === 'function' ? spec.required(values) : spec.required === true;
}

export function initialValue(spec: FieldSpec, context: FormContext): FieldValue {
  switch (spec.kind) {
    case 'date':
      return formatDate(spec.initial?.(context) ?? null);
    case 'term':
      return spec.initial?.(context) ?? { months: '', days: '' };
    case 'documents':
      return { files: [], issuedOn: {} };
    default:
      return spec.initial?.(context) ?? '';
  }
}

export const text = (value: FieldValue | undefined): string => (typeof value === 'string' ? value : '');
export const term = (value: FieldValue | undefined): TermValue => (value && typeof value === 'object' && 'months' in value ? value : { months: '', days: '' });
export const documents = (value: FieldValue | undefined): DocumentsValue => (value && typeof value === 'object' && 'files' in value ? value : { files: [], issuedOn: {} });

function wholeNumber(raw: string, min: number, max: number): number | null {
  const trimmed = raw.trim();
  if (!/^\d+$/.test(trimmed)) return null;
  const n = Number(trimmed);
  return n >= min && n <= max ? n : null;
}

/** Every problem the form can see by itself, by field name (empty: it may be sent). */
export function checkValues(specs: FieldSpec[], values: Values, context: FormContext, t: Translate): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const spec of specs) {
    if (spec.shown && !spec.shown(context)) continue;
    const field = t(spec.label);
    const value = values[spec.name];
    const required = isRequired(spec, values);
    switch (spec.kind) {
      case 'text':
      case 'textarea':
      case 'select':
      case 'commune': {
        const v = text(value).trim();
        if (required && !v) errors[spec.name] = t(S.required, { field });
        else if ((spec.kind === 'text' || spec.kind === 'textarea') && spec.maxLength && v.length > spec.maxLength) errors[spec.name] = t(S.tooLong, { field, max: spec.maxLength });
        break;
      }
      case 'number': {
        const v = text(value).trim();
        if (required && !v) errors[spec.name] = t(S.required, { field });
        else if (v && wholeNumber(v, spec.min ?? 0, spec.max ?? Number.MAX_SAFE_INTEGER) === null) errors[spec.name] = t(S.notANumber, { field, min: spec.min ?? 0, max: spec.max ?? '∞' });
        break;
      }
      case 'date': {
        const v = text(value).trim();
        const day = parseDate(v);
        if (!v) {
          if (required) errors[spec.name] = t(S.required, { field });
        } else if (!day) errors[spec.name] = t(S.notADay, { field });
        else if (spec.notAfterToday && day > context.today) errors[spec.name] = t(S.notAfterToday, { field, today: formatDate(context.today) });
        else if (spec.notBefore) {
          const other = parseDate(text(values[spec.notBefore.field]));
          if (other && day < other) errors[spec.name] = t(S.notBefore, { field, other: t(spec.notBefore.label) });
        }
        break;
      }
      case 'term': {
        const v = term(value);
        const months = v.months.trim();
        const days = v.days.trim();
        if (!months && !days) {
          if (required) errors[spec.name] = t(S.required, { field });
        } else if ((months && wholeNumber(months, TERM_RANGE.months.min, TERM_RANGE.months.max) === null) || (days && wholeNumber(days, TERM_RANGE.days.min, TERM_RANGE.days.max) === null)) {
          errors[spec.name] = `${t(S.notANumber, { field: t(S.months), ...TERM_RANGE.months })} ${t(S.notANumber, { field: t(S.days), ...TERM_RANGE.days })}`;
        }
        break;
      }
      case 'documents': {
        const v = documents(value);
        const missing = spec.requiredKinds(context).filter((kind) => !v.files.some((file) => file.kind === kind));
        const problems = missing.map((kind) => t(S.missingDocument, { kind: t(ATTACHMENT_LABELS[kind]) }));
        for (const kind of spec.datedKinds ?? []) {
          if (!v.files.some((file) => file.kind === kind)) continue;
          const raw = (v.issuedOn[kind] ?? '').trim();
          if (!raw || !parseDate(raw)) problems.push(t(S.missingIssuedOn, { kind: t(ATTACHMENT_LABELS[kind]) }));
        }
        if (problems.length) errors[spec.name] = problems.join(' ');
        break;
      }
    }
  }
  return errors;
}

function setPath(body: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let target = body;
  for (const part of parts.slice(0, -1)) {
    const next = target[part];
    if (next && typeof next === 'object') target = next as Record<string, unknown>;
    else {
      const created: Record<string, unknown> = {};
      target[part] = created;
      target = created;
    }
  }
  target[parts[parts.length - 1] ?? path] = value;
}

function same(a: FieldValue | undefined, b: FieldValue | undefined): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The request body: empty optional fields left out, dates as YYYY-MM-DD, numbers as numbers. */
export function bodyOf(specs: FieldSpec[], values: Values, initial: Values, context: FormContext): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const spec of specs) {
    if (spec.shown && !spec.shown(context)) continue;
    const value = values[spec.name];
    if (spec.onlyChanged && same(value, initial[spec.name])) continue;
    switch (spec.kind) {
      case 'number': {
        const v = text(value).trim();
        if (v) setPath(body, spec.name, Number(v));
        break;
      }
      case 'date': {
        const day = parseDate(text(value));
        if (day) setPath(body, spec.name, day);
        break;
      }
      case 'term': {
        const v = term(value);
        if (v.months.trim() || v.days.trim()) setPath(body, spec.name, { months: Number(v.months.trim() || '0'), days: Number(v.days.trim() || '0') });
        break;
      }
      case 'documents': {
        const v = documents(value);
        // In the order of the kinds (agreement, meeting record, …), whichever upload finished first.
        const files = [...v.files].sort((a, b) => spec.kinds.indexOf(a.kind) - spec.kinds.indexOf(b.kind));
        setPath(
          body,
          spec.name,
          files.map(({ kind, documentId, name }) => {
            const issuedOn = (spec.datedKinds ?? []).includes(kind) ? parseDate(v.issuedOn[kind] ?? '') : null;
            return { kind, documentId, name, ...(issuedOn ? { issuedOn } : {}) };
          }),
        );
        break;
      }
      default: {
        // Text, a choice, a commune: the text as typed, trimmed.
        const v = text(value).trim();
        if (v) setPath(body, spec.name, v);
      }
    }
  }
  return body;
}

/** The field a refusal names (`signer.name`, `term.months`, `attachments[0].issuedOn`), as the form's field. */
function fieldOf(specs: FieldSpec[], serverField: string): string | undefined {
  const bare = serverField.replace(/^body\./, '');
  const exact = specs.find((spec) => spec.name === bare);
  if (exact) return exact.name;
  return specs
    .filter((spec) => bare.startsWith(`${spec.name}.`) || bare.startsWith(`${spec.name}[`))
    .sort((a, b) => b.name.length - a.name.length)[0]?.name;
}

/** A refusal's messages beside the fields it names. */
export function serverFieldErrors(specs: FieldSpec[], error: ApiError, language: 'vi' | 'en'): Record<string, string> {
  const { problem } = error;
  const errors: Record<string, string> = {};
  const detail = problem.messages?.[language] ?? problem.detail;
  for (const e of problem.errors ?? []) {
    const name = fieldOf(specs, e.field);
    if (name) errors[name] = problem.errors?.length === 1 && problem.field === e.field ? detail : e.message;
  }
  if (problem.field) {
    const name = fieldOf(specs, problem.field);
    if (name && !errors[name]) errors[name] = detail;
  }
  return errors;
}

