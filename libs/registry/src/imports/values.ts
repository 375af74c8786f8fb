import { EMPLOYMENTS, GENDERS, UNIT_CATEGORIES, type Employment, type Gender, type UnitCategory } from '../units';
import { fold } from './text';

/** The values of the registry's cells: the words an import accepts, the labels an export writes, dates. */

const choices = <T extends string>(entries: [T, string[]][]): Map<string, T> => {
  const map = new Map<string, T>();
  for (const [value, words] of entries) for (const word of [value, ...words]) map.set(fold(word), value);
  return map;
};

export const CATEGORY_WORDS = choices<UnitCategory>([
  ['department', ['Sở']],
  ['agency', ['Ban ngành', 'Ban', 'Ngành', 'Cơ quan']],
  ['commune', ['Xã']],
  ['ward', ['Phường']],
  ['special_zone', ['Đặc khu']],
]);
export const EMPLOYMENT_WORDS = choices<Employment>([
  ['civil_servant', ['Công chức']],
  ['public_employee', ['Viên chức']],
]);
export const GENDER_WORDS = choices<Gender>([
  ['female', ['Nữ']],
  ['male', ['Nam']],
]);
export const BOOLEAN_WORDS = choices<'true' | 'false'>([
  ['true', ['1', 'có', 'yes', 'x']],
  ['false', ['0', 'không', 'no']],
]);

/** How an export in Vietnamese writes the values (and the import reads them back). */
export const VALUE_LABELS_VI = {
  category: { department: 'Sở', agency: 'Ban ngành', commune: 'Xã', ward: 'Phường', special_zone: 'Đặc khu' } satisfies Record<UnitCategory, string>,
  employment: { civil_servant: 'Công chức', public_employee: 'Viên chức' } satisfies Record<Employment, string>,
  gender: { female: 'Nữ', male: 'Nam' } satisfies Record<Gender, string>,
  boolean: { true: 'Có', false: 'Không' },
};

export const ALLOWED_VI: Record<string, string> = {
  category: `${UNIT_CATEGORIES.join(', ')} (hoặc Sở, Ban ngành, Xã, Phường, Đặc khu)`,
  employment: `${EMPLOYMENTS.join(', ')} (hoặc Công chức, Viên chức)`,
  gender: `${GENDERS.join(', ')} (hoặc Nữ, Nam)`,
};
export const ALLOWED_EN: Record<string, string> = {
  category: `${UNIT_CATEGORIES.join(', ')} (or Sở, Ban ngành, Xã, Phường, Đặc khu)`,
  employment: `${EMPLOYMENTS.join(', ')} (or Công chức, Viên chức)`,
  gender: `${GENDERS.join(', ')} (or Nữ, Nam)`,
};

/** YYYY-MM-DD or dd/mm/yyyy (also with - or .) as a calendar date YYYY-MM-DD, or null. */
export function parseDate(text: string): string | null {
  let match = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  let [y, m, d] = match ? [Number(match[1]), Number(match[2]), Number(match[3])] : [0, 0, 0];
  if (!match) {
    match = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text);
    if (!match) return null;
    [d, m, y] = [Number(match[1]), Number(match[2]), Number(match[3])];
  }
  if (y < 1900 || y > 2100) return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** YYYY-MM-DD as dd/mm/yyyy, as Vietnamese documents write dates. */
export function viDate(date: string): string {
  const [y, m, d] = date.split('-');
  return `${d}/${m}/${y}`;
}

