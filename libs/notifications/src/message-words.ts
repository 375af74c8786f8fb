import {
  FORM_LABELS,
  isLocalDate,
  stageLabel,
  type Bilingual,
  type CaseForm,
  type EventType,
  type Language,
} from '@app/domain';

/**
 * The words every message is written with: the message's language, dates as people write them,
 * stage and form names, terms, document references, and safe reads of stored event data.
 */

const MONTHS_EN = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** Events the system raises on its own (timers): the message names no actor for them. */
export const SYSTEM_EVENTS: ReadonlySet<string> = new Set<EventType>(['StageDeadlinePassed', 'TermEndReminderDue', 'TermEndOverdue', 'EvaluationDue', 'TermStarted', 'TermCompleted']);

export interface Context {
  lang: Language;
  base: string;
  /** The text in the message's language. */
  say: (vi: string, en: string) => string;
  /** A calendar date (`YYYY-MM-DD`) as people write it; '' when there is none. */
  date: (value: unknown) => string;
  /** A stage's name; '' when there is none. */
  stage: (value: unknown) => string;
  /** `N days` with the right plural. */
  days: (n: number) => string;
  label: (labels: Bilingual | undefined, fallback: string) => string;
  caseLink: (caseId: string) => string;
}

export function context(language: Language, publicUrl: string): Context {
  const lang: Language = language === 'en' ? 'en' : 'vi';
  const say = (vi: string, en: string) => (lang === 'vi' ? vi : en);
  const base = publicUrl.replace(/\/+$/, '');
  return {
    lang,
    base,
    say,
    date: (value) => (isLocalDate(value) ? formatDate(value, lang) : typeof value === 'string' ? value : ''),
    stage: (value) => (typeof value === 'string' && value !== '' ? stageLabel(value, lang) : ''),
    days: (n) => say(`${n} ngày`, `${n} ${n === 1 ? 'day' : 'days'}`),
    label: (labels, fallback) => labels?.[lang] ?? fallback,
    caseLink: (caseId) => `${base}/cases/${encodeURIComponent(caseId)}`,
  };
}

/** 'YYYY-MM-DD' as dd/mm/yyyy (vi) or '5 March 2027' (en). */
function formatDate(date: string, lang: Language): string {
  const [y, m, d] = date.split('-');
  return lang === 'vi' ? `${d}/${m}/${y}` : `${Number(d)} ${MONTHS_EN[Number(m) - 1]} ${y}`;
}

export function formName(form: CaseForm, c: Context, lower = false): string {
  const name = c.label(FORM_LABELS[form], form);
  return lower ? name.toLocaleLowerCase(c.lang) : name;
}

/** A term length ({ months, days }) in words; '' when it is not one. */
export function termLength(value: unknown, c: Context): string {
  const term = record(value);
  const months = typeof term?.months === 'number' ? term.months : 0;
  const days = typeof term?.days === 'number' ? term.days : 0;
  const parts = [months > 0 ? c.say(`${months} tháng`, `${months} ${months === 1 ? 'month' : 'months'}`) : '', days > 0 ? c.days(days) : ''].filter(Boolean);
  return parts.join(c.say(' ', ' and '));
}

export function decisionRef(number: string, date: string, c: Context): string {
  return c.say(`Quyết định số ${number}${date ? ` ngày ${date}` : ''}`, `Decision No. ${number}${date ? ` of ${date}` : ''}`);
}

export function documentRef(number: string, date: string, c: Context): string {
  return c.say(`văn bản số ${number}${date ? ` ngày ${date}` : ''}`, `document No. ${number}${date ? ` of ${date}` : ''}`);
}

export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

// ---------------------------------------------------------------------------------------------
// Reading event data (stored JSON: any field may be missing)

export function record(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

export function str(data: Record<string, unknown>, key: string): string {
  const value = data[key];
  if (typeof value === 'string') return value.trim();
  return typeof value === 'number' ? String(value) : '';
}

export function num(data: Record<string, unknown>, key: string): number | null {
  const value = data[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

