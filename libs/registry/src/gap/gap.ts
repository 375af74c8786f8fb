import type { Bilingual } from '@app/domain';

/**
 * The gap: shortage and surplus of staff per commune and field of expertise, against the staffing
 * quota, in two views.
 *
 * For a receiving unit U (kind 'commune': commune, ward or special zone) and a field F:
 * - `quota`: U's staffing quota for F (secondment.staffing_quota);
 * - `onBooks`: officials whose unit is U and whose field is F. The law keeps a seconded official on
 *   the sending unit's headcount, so these include U's own officials who are away: the books view
 *   (biên chế);
 * - `secondedOut`: those of them away now, on an active case sent by U;
 * - `secondedIn`: officials of F on an active case received by U (from a department or another
 *   commune);
 * - `present` = onBooks − secondedOut + secondedIn: who works at U now, the working view;
 * - `balance` = present − quota in the working view ('present'), onBooks − quota in the books view
 *   ('books'); negative means short, positive over.
 *
 * A case is active when its stage is posted, serving or ending and it is not closed: nominations
 * still in approval, returned and closed cases do not count. An official on two active cases
 * (the rules forbid it) counts once (on the case whose stage opened last).
 *
 * A field with no quota row for a commune counts (with quota 0) only when the commune has officials
 * of that field, on its books or seconded in; other fields are not listed for it. Officials with no
 * field are in no field's count. Every commune is listed, those with no quota and no officials with
 * zeros. A commune is short when its total balance (over its fields) is negative, over when
 * positive; it can be balanced overall and still short in one field and over in another, which its
 * `shortFields` and `overFields` say.
 *
 * The aggregation is SQL (GROUP BY over the whole province at once, GapRepository), never a loop
 * over communes; the arithmetic it does per cell is the one written here (`presentOf`, `balanceOf`),
 * and the sentences and statuses of its answers are made here.
 */

export const GAP_VIEWS = ['present', 'books'] as const;
export type GapView = (typeof GAP_VIEWS)[number];
export const GAP_STATUSES = ['short', 'over', 'all'] as const;
export type GapStatus = (typeof GAP_STATUSES)[number];

/** Stages in which the seconded official is on site at the receiving unit. */
export const ON_SITE_STAGES = ['posted', 'serving', 'ending'] as const;

export interface GapCounts {
  quota: number;
  onBooks: number;
  secondedIn: number;
  secondedOut: number;
  present: number;
  /** In the view asked for: present − quota, or onBooks − quota. Negative: short. */
  balance: number;
}

export interface CommuneGap extends GapCounts {
  unitId: string;
  name: string;
  category: 'commune' | 'ward' | 'special_zone';
  difficultArea: boolean;
  /** Fields in which the commune is short (balance < 0), whatever its total. */
  shortFields: number;
  /** Fields in which the commune is over (balance > 0). */
  overFields: number;
}

export interface FieldGap extends GapCounts {
  fieldId: string;
  nameVi: string;
  nameEn: string;
}

/** A field over the province: its counts, and how many communes are short or over in it. */
export interface ProvinceFieldGap extends FieldGap {
  shortCommunes: number;
  /** Staff missing in that field, summed over the communes short in it (a positive number). */
  shortage: number;
  overCommunes: number;
  /** Staff above quota in that field, summed over the communes over in it. */
  surplus: number;
}

export interface GapTotals extends GapCounts {
  communes: number;
  /** Communes whose total balance is negative, and the sum of their shortage (a positive number). */
  shortCommunes: number;
  shortage: number;
  /** Communes whose total balance is positive, and the sum of their surplus. */
  overCommunes: number;
  surplus: number;
  balancedCommunes: number;
}

export interface ProvinceGap {
  view: GapView;
  totals: GapTotals;
  summary: Bilingual;
  byField: ProvinceFieldGap[];
  communes: CommuneGap[];
}

export interface CommuneGapDetail extends CommuneGap {
  view: GapView;
  status: 'short' | 'over' | 'balanced';
  fields: FieldGap[];
}

export interface DepartmentGap {
  unitId: string;
  name: string;
  category: 'department' | 'agency';
  /** Officials of the department (every field, and those with none): its headcount, seconded officials included. */
  onBooks: number;
  /** Of them, those away now on an active case the department sent. */
  secondedOut: number;
  /** Officials of other units on an active case received by the department. */
  secondedIn: number;
  /** onBooks − secondedOut + secondedIn. */
  present: number;
  /** secondedOut / onBooks as a percentage, one decimal; null when the department has no officials. */
  sharePercent: number | null;
}

export interface DepartmentTotals {
  departments: number;
  onBooks: number;
  secondedOut: number;
  secondedIn: number;
  present: number;
  sharePercent: number | null;
}

export interface DepartmentsGap {
  totals: DepartmentTotals;
  summary: Bilingual;
  departments: DepartmentGap[];
}

export interface GapFilter {
  view?: GapView;
  /** Only this field (counts, totals and byField). */
  fieldId?: string;
  /** Only communes in (true) or out of (false) a remote/difficult area. */
  difficultArea?: boolean;
  /** Narrows the commune list only; totals, summary and byField cover every commune of the filter. */
  status?: GapStatus;
}

/** Who works at the unit now: those on its books, less those away on a case, plus those seconded in. */
export function presentOf(counts: Pick<GapCounts, 'onBooks' | 'secondedOut' | 'secondedIn'>): number {
  return counts.onBooks - counts.secondedOut + counts.secondedIn;
}

/** The balance in a view: present − quota in the working view, onBooks − quota in the books view; negative means short. */
export function balanceOf(view: GapView, counts: Pick<GapCounts, 'quota' | 'onBooks' | 'secondedOut' | 'secondedIn'>): number {
  return (view === 'books' ? counts.onBooks : presentOf(counts)) - counts.quota;
}

/** A balance in words: short below zero, over above, balanced at zero. */
export function gapStatus(balance: number): CommuneGapDetail['status'] {
  return balance < 0 ? 'short' : balance > 0 ? 'over' : 'balanced';
}

/** How many the unit lacks in a field: max(0, quota − present); 0 when it is not short. */
export function shortBy(quota: number, present: number): number {
  return Math.max(0, quota - present);
}

/** Communes neither short nor over overall. */
export function balancedCommunes(totals: Pick<GapTotals, 'communes' | 'shortCommunes' | 'overCommunes'>): number {
  return totals.communes - totals.shortCommunes - totals.overCommunes;
}

const NUMBER_VI = new Intl.NumberFormat('vi-VN');
const NUMBER_EN = new Intl.NumberFormat('en-US');
const PERCENT_VI = new Intl.NumberFormat('vi-VN', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const PERCENT_EN = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/**
 * The province's gap in the field's words: "64 xã, phường thiếu 619 người; 33 xã, phường thừa 182
 * người" / "64 communes short of 619; 33 with 182 over", prefixed with the field's name when the
 * figures are of one field.
 */
export function gapSummary(totals: Pick<GapTotals, 'shortCommunes' | 'shortage' | 'overCommunes' | 'surplus'>, field?: { nameVi: string; nameEn: string }): Bilingual {
  const { shortCommunes, shortage, overCommunes, surplus } = totals;
  const shortVi = shortCommunes > 0 ? `${NUMBER_VI.format(shortCommunes)} xã, phường thiếu ${NUMBER_VI.format(shortage)} người` : 'không có xã, phường nào thiếu người';
  const overVi = overCommunes > 0 ? `${NUMBER_VI.format(overCommunes)} xã, phường thừa ${NUMBER_VI.format(surplus)} người` : 'không có xã, phường nào thừa người';
  const shortEn = shortCommunes > 0 ? `${NUMBER_EN.format(shortCommunes)} ${shortCommunes === 1 ? 'commune' : 'communes'} short of ${NUMBER_EN.format(shortage)}` : 'no commune short';
  const overEn = overCommunes > 0 ? `${NUMBER_EN.format(overCommunes)} with ${NUMBER_EN.format(surplus)} over` : 'none over';
  const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
  const vi = `${shortVi}; ${overVi}`;
  const en = `${shortEn}; ${overEn}`;
  return field ? { vi: `${field.nameVi}: ${vi}`, en: `${field.nameEn}: ${en}` } : { vi: capitalise(vi), en: capitalise(en) };
}

/** "Các sở, ban, ngành có 2.521 người; đang biệt phái 150 người (6,0%)". */
export function departmentsSummary(totals: DepartmentTotals): Bilingual {
  const share = (format: Intl.NumberFormat) => (totals.sharePercent === null ? '' : ` (${format.format(totals.sharePercent)}%)`);
  return {
    vi: `${NUMBER_VI.format(totals.departments)} sở, ban, ngành có ${NUMBER_VI.format(totals.onBooks)} người trong biên chế; đang biệt phái ${NUMBER_VI.format(totals.secondedOut)} người${share(PERCENT_VI)}`,
    en: `${NUMBER_EN.format(totals.departments)} ${totals.departments === 1 ? 'department' : 'departments'} with ${NUMBER_EN.format(totals.onBooks)} on their books; ${NUMBER_EN.format(totals.secondedOut)} seconded out now${share(PERCENT_EN)}`,
  };
}

