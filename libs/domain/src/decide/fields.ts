import { compareDates, isLocalDate, localDateOf, type LocalDate, type TermLength } from '../calendar';
import { ROLES, type Actor, type Attachment, type Signer, type Unit } from '../case';
import type { CommandMeta } from '../commands';
import { forbidden, invalid } from '../errors';
import { ATTACHMENT_KINDS } from '../rules';
import { MAX_LENGTH, TERM_RANGE } from '../limits';

// Field checks: each refusal names the field and the rule.

export function text(value: unknown, field: string, max: number = MAX_LENGTH.text): string {
  if (typeof value !== 'string' || value.trim() === '') throw invalid(field, 'required', 'is required and must be non-empty text');
  if (value.length > max) throw invalid(field, 'max_length', `must be at most ${max} characters`);
  return value.trim();
}

export function optionalText(value: unknown, field: string, max: number = MAX_LENGTH.text): string | null {
  if (value === undefined || value === null) return null;
  return text(value, field, max);
}

export function date(value: unknown, field: string): LocalDate {
  if (!isLocalDate(value)) throw invalid(field, 'date', 'must be a calendar date YYYY-MM-DD');
  return value;
}

export function termLength(value: unknown, field: string): TermLength {
  if (typeof value !== 'object' || value === null) throw invalid(field, 'term', 'must be { months, days }');
  const { months, days } = value as Partial<TermLength>;
  const { months: m, days: d } = TERM_RANGE;
  if (!Number.isInteger(months) || (months as number) < m.min || (months as number) > m.max)
    throw invalid(`${field}.months`, 'whole_number', `must be a whole number of months from ${m.min} to ${m.max}`);
  if (!Number.isInteger(days) || (days as number) < d.min || (days as number) > d.max)
    throw invalid(`${field}.days`, 'whole_number', `must be a whole number of days from ${d.min} to ${d.max}`);
  if (months === 0 && days === 0) throw invalid(field, 'positive_term', 'must be longer than zero');
  return { months: months as number, days: days as number };
}

export function unit(value: unknown, field: string): Unit {
  if (typeof value !== 'object' || value === null) throw invalid(field, 'required', 'is required: { id, name, kind }');
  const u = value as Partial<Unit>;
  if (u.kind !== 'department' && u.kind !== 'commune') throw invalid(`${field}.kind`, 'enum', 'must be department or commune');
  return { id: text(u.id, `${field}.id`, MAX_LENGTH.identifier), name: text(u.name, `${field}.name`, MAX_LENGTH.unitName), kind: u.kind };
}

export function signer(value: unknown, field: string): Signer {
  if (typeof value !== 'object' || value === null) throw invalid(field, 'required', 'is required: { name, title }');
  const s = value as Partial<Signer>;
  return { name: text(s.name, `${field}.name`, MAX_LENGTH.personName), title: text(s.title, `${field}.title`, MAX_LENGTH.personName) };
}

export function attachments(value: unknown, field: string): Attachment[] {
  if (!Array.isArray(value)) throw invalid(field, 'list', 'must be a list of attachments');
  return value.map((item: unknown, i) => {
    const a = (item ?? {}) as Partial<Attachment>;
    if (!(ATTACHMENT_KINDS as readonly unknown[]).includes(a.kind)) throw invalid(`${field}[${i}].kind`, 'enum', `must be one of ${ATTACHMENT_KINDS.join(', ')}`);
    const file: Attachment = { kind: a.kind as Attachment['kind'], documentId: text(a.documentId, `${field}[${i}].documentId`, MAX_LENGTH.identifier), name: text(a.name, `${field}[${i}].name`, MAX_LENGTH.documentName) };
    if (a.issuedOn !== undefined) file.issuedOn = date(a.issuedOn, `${field}[${i}].issuedOn`);
    return file;
  });
}

export function notAfterToday(day: LocalDate, meta: CommandMeta, field: string): void {
  if (compareDates(day, localDateOf(meta.at)) > 0) throw invalid(field, 'not_in_future', `cannot be later than today (${localDateOf(meta.at)})`);
}

export function checkActor(actor: Actor): void {
  if (typeof actor !== 'object' || actor === null) throw invalid('actor', 'required', 'is required');
  text(actor.id, 'actor.id', MAX_LENGTH.identifier);
  if (!(ROLES as readonly string[]).includes(actor.role)) throw invalid('actor.role', 'enum', `must be one of ${ROLES.join(', ')}`);
}

/** Refuses a command to all but those `condition` admits (proposing, firing a timer; the human actions go by the action table). */
export function allow(condition: boolean, action: string, who: string): void {
  if (!condition) throw forbidden('not_authorised', `${action} is for ${who}`);
}
