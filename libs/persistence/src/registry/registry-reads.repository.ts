import { searchKey } from '@app/domain';
import type { DataSource } from 'typeorm';
import type { Employment, Gender, UnitCategory } from '@app/registry';

/**
 * The read side of the staffing registry: the province, the fields of expertise, units with their
 * headcount and quota, officials (with whether they are on a case now), and the quotas.
 *
 * - A unit's `staff` is the number of officials on its books (`official.unit_id`), seconded-out
 *   ones included (the law keeps them on the sending unit's headcount); never stored twice.
 * - A unit's `quota` is the sum of its staffing_quota rows, null when it has none.
 * - An official is on a case (`onCase`) while a case about them is not closed (`closed_at IS NULL`),
 *   whatever its stage; with two such cases (the rules forbid it) the one proposed last.
 * - `q` is matched against the name folded the way `searchKey` folds the query (Unicode NFD,
 *   combining marks dropped, đ/Đ → d, lower case, white space collapsed), in SQL, so "cu bao"
 *   finds "Xã Cư Bao" and "DAK" finds "Đắk", however the name was stored (NFC or NFD).
 *
 * Birth date and gender are personal data: the repository returns them, and the API decides who
 * sees them.
 */

export interface RegistryProvince {
  id: string;
  name: string;
}

export interface RegistryField {
  id: string;
  name: { vi: string; en: string };
}

export interface RegistryPage<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface RegistryPaging {
  /** From 1. */
  page: number;
  pageSize: number;
}

export interface RegistryUnitFilter {
  kind?: 'department' | 'commune';
  category?: UnitCategory;
  difficultArea?: boolean;
  /** Any text; folded before the search. Blank means no search. */
  q?: string;
}

export interface RegistryUnitView {
  id: string;
  name: string;
  kind: 'department' | 'commune';
  category: UnitCategory;
  difficultArea: boolean;
  /** Officials on the unit's books. */
  staff: number;
  /** The sum of the unit's staffing quota over its fields; null when it has no quota row. */
  quota: number | null;
}

export interface RegistryUnitFieldView {
  /** null: the unit's officials with no field of expertise (they have no quota). */
  fieldId: string | null;
  /** The unit's quota for the field; null when it has no quota row for it. */
  quota: number | null;
  /** The unit's officials of the field. */
  staff: number;
}

export interface RegistryUnitDetail extends RegistryUnitView {
  /** Every field with a quota row or an official, in the fields' order; officials with no field last. */
  fields: RegistryUnitFieldView[];
}

export interface RegistryOfficialFilter {
  unitId?: string;
  fieldId?: string;
  /** The folded name contains it, or the id is exactly it. Blank means no search. */
  q?: string;
  inLeadershipPlan?: boolean;
  employment?: Employment;
}

export interface RegistryOfficialView {
  id: string;
  name: string;
  title: string | null;
  unitId: string;
  unitName: string;
  fieldId: string | null;
  rank: string | null;
  employment: Employment;
  isLeader: boolean;
  inLeadershipPlan: boolean;
  /** The case about the official that is not closed, if any. */
  onCase: string | null;
  /** Personal data: YYYY-MM-DD. */
  birthDate: string | null;
  /** Personal data. */
  gender: Gender | null;
}

export interface RegistryOfficialCase {
  caseId: string;
  form: string;
  stage: string;
  receivingUnitName: string;
  /** YYYY-MM-DD; null until a decision sets the term. */
  termEnd: string | null;
}

export interface RegistryOfficialDetail extends RegistryOfficialView {
  /** Every case about the official (their moves), the last proposed first. */
  cases: RegistryOfficialCase[];
}

export interface RegistryQuotaFilter {
  unitId?: string;
  fieldId?: string;
}

export interface RegistryQuotaView {
  unitId: string;
  fieldId: string;
  quota: number;
}

/**
 * SQL folding `column` as `searchKey` folds text: NFD, combining diacritics (U+0300–U+036F) dropped,
 * đ/Đ → d, lower case (ASCII is all that is left, so any collation lowers it), white space
 * collapsed. Needs PostgreSQL 13+ in a UTF8 database (normalize); no extension.
 */
export function foldedSql(column: string): string {
  return `btrim(regexp_replace(lower(translate(regexp_replace(normalize(${column}, NFD), '[\\u0300-\\u036f]', '', 'g'), 'đĐ', 'dd')), '\\s+', ' ', 'g'))`;
}

/** The query folded for `foldedSql`, or undefined when nothing is left to search for. */
function searchOf(q: string | undefined): string | undefined {
  if (q === undefined) return undefined;
  const key = searchKey(q.normalize('NFC'));
  return key === '' ? undefined : key;
}

/** Collects WHERE conditions with numbered parameters. */
class Conditions {
  readonly params: unknown[] = [];
  private readonly parts: string[] = [];

  /** Adds `sql`, where each `?` is the next parameter of `values`. */
  add(sql: string, ...values: unknown[]): void {
    let text = sql;
    for (const value of values) {
      this.params.push(value);
      const placeholder = `$${this.params.length}`;
      text = text.replace('?', () => placeholder);
    }
    this.parts.push(text);
  }

  /** The next parameter's placeholder, for LIMIT and OFFSET. */
  param(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  get where(): string {
    return this.parts.length === 0 ? '' : `WHERE ${this.parts.join(' AND ')}`;
  }
}

const UNIT_COLUMNS = `
  u.id, u.name, u.kind, u.category, u.difficult_area AS "difficultArea",
  (SELECT count(*)::int FROM secondment.official o WHERE o.unit_id = u.id) AS staff,
  (SELECT sum(q.quota)::int FROM secondment.staffing_quota q WHERE q.unit_id = u.id) AS quota`;

const OFFICIAL_FROM = `
  FROM secondment.official o
  JOIN secondment.org_unit u ON u.id = o.unit_id`;

const OFFICIAL_COLUMNS = `
  o.id, o.full_name AS name, o.title, o.unit_id AS "unitId", u.name AS "unitName", o.field_id AS "fieldId", o.rank, o.employment,
  o.is_leader AS "isLeader", o.in_leadership_plan AS "inLeadershipPlan",
  (SELECT c.case_id FROM secondment.case_summary c WHERE c.official_id = o.id AND c.closed_at IS NULL ORDER BY c.proposed_at DESC, c.case_id LIMIT 1) AS "onCase",
  o.birth_date::text AS "birthDate", o.gender`;

export class RegistryReadsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The province (the first by id, should there be more than one row); null when none is loaded. */
  async province(): Promise<RegistryProvince | null> {
    const [row] = await this.dataSource.query<RegistryProvince[]>(`SELECT id, name FROM secondment.province ORDER BY id LIMIT 1`);
    return row ?? null;
  }

  /** The fields of expertise in the province's order. */
  async fields(): Promise<RegistryField[]> {
    const rows = await this.dataSource.query<{ id: string; vi: string; en: string }[]>(
      `SELECT id, name_vi AS vi, name_en AS en FROM secondment.expertise_field ORDER BY position, id`,
    );
    return rows.map((row) => ({ id: row.id, name: { vi: row.vi, en: row.en } }));
  }

  async fieldExists(fieldId: string): Promise<boolean> {
    const rows = await this.dataSource.query<unknown[]>(`SELECT 1 FROM secondment.expertise_field WHERE id = $1`, [fieldId]);
    return rows.length > 0;
  }

  async officialExists(officialId: string): Promise<boolean> {
    const rows = await this.dataSource.query<unknown[]>(`SELECT 1 FROM secondment.official WHERE id = $1`, [officialId]);
    return rows.length > 0;
  }

  async unitExists(unitId: string): Promise<boolean> {
    const rows = await this.dataSource.query<unknown[]>(`SELECT 1 FROM secondment.org_unit WHERE id = $1`, [unitId]);
    return rows.length > 0;
  }

  /** Units of the filter, by folded name then id, with their staff and quota. */
  async units(filter: RegistryUnitFilter, paging: RegistryPaging): Promise<RegistryPage<RegistryUnitView>> {
    const where = new Conditions();
    if (filter.kind !== undefined) where.add('u.kind = ?', filter.kind);
    if (filter.category !== undefined) where.add('u.category = ?', filter.category);
    if (filter.difficultArea !== undefined) where.add('u.difficult_area = ?', filter.difficultArea);
    const key = searchOf(filter.q);
    if (key !== undefined) where.add(`strpos(${foldedSql('u.name')}, ?) > 0`, key);
    const [{ total }] = await this.dataSource.query<{ total: number }[]>(`SELECT count(*)::int AS total FROM secondment.org_unit u ${where.where}`, where.params);
    const items = await this.dataSource.query<RegistryUnitView[]>(
      `SELECT ${UNIT_COLUMNS} FROM secondment.org_unit u ${where.where}
       ORDER BY ${foldedSql('u.name')}, u.id
       LIMIT ${where.param(paging.pageSize)} OFFSET ${where.param((paging.page - 1) * paging.pageSize)}`,
      where.params,
    );
    return { items, total, page: paging.page, pageSize: paging.pageSize };
  }

  /** One unit with its staff and quota per field; null when there is no such unit. */
  async unit(unitId: string): Promise<RegistryUnitDetail | null> {
    const [unit] = await this.dataSource.query<RegistryUnitView[]>(`SELECT ${UNIT_COLUMNS} FROM secondment.org_unit u WHERE u.id = $1`, [unitId]);
    if (!unit) return null;
    const fields = await this.dataSource.query<RegistryUnitFieldView[]>(
      `WITH staff AS (
         SELECT field_id, count(*)::int AS staff FROM secondment.official WHERE unit_id = $1 GROUP BY field_id
       ), quota AS (
         SELECT field_id, quota FROM secondment.staffing_quota WHERE unit_id = $1
       )
       SELECT coalesce(s.field_id, q.field_id) AS "fieldId", q.quota, coalesce(s.staff, 0) AS staff
       FROM staff s
       FULL JOIN quota q ON q.field_id = s.field_id
       LEFT JOIN secondment.expertise_field f ON f.id = coalesce(s.field_id, q.field_id)
       ORDER BY f.position NULLS LAST, coalesce(s.field_id, q.field_id) NULLS LAST`,
      [unitId],
    );
    return { ...unit, fields };
  }

  /** Officials of the filter, by folded name then id. */
  async officials(filter: RegistryOfficialFilter, paging: RegistryPaging): Promise<RegistryPage<RegistryOfficialView>> {
    const where = new Conditions();
    if (filter.unitId !== undefined) where.add('o.unit_id = ?', filter.unitId);
    if (filter.fieldId !== undefined) where.add('o.field_id = ?', filter.fieldId);
    if (filter.inLeadershipPlan !== undefined) where.add('o.in_leadership_plan = ?', filter.inLeadershipPlan);
    if (filter.employment !== undefined) where.add('o.employment = ?', filter.employment);
    const key = searchOf(filter.q);
    if (key !== undefined) where.add(`(strpos(${foldedSql('o.full_name')}, ?) > 0 OR o.id = ?)`, key, (filter.q ?? '').trim());
    const [{ total }] = await this.dataSource.query<{ total: number }[]>(`SELECT count(*)::int AS total ${OFFICIAL_FROM} ${where.where}`, where.params);
    const items = await this.dataSource.query<RegistryOfficialView[]>(
      `SELECT ${OFFICIAL_COLUMNS} ${OFFICIAL_FROM} ${where.where}
       ORDER BY ${foldedSql('o.full_name')}, o.id
       LIMIT ${where.param(paging.pageSize)} OFFSET ${where.param((paging.page - 1) * paging.pageSize)}`,
      where.params,
    );
    return { items, total, page: paging.page, pageSize: paging.pageSize };
  }

  /** One official with every case about them; null when there is no such official. */
  async official(officialId: string): Promise<RegistryOfficialDetail | null> {
    const [official] = await this.dataSource.query<RegistryOfficialView[]>(`SELECT ${OFFICIAL_COLUMNS} ${OFFICIAL_FROM} WHERE o.id = $1`, [officialId]);
    if (!official) return null;
    const cases = await this.dataSource.query<RegistryOfficialCase[]>(
      `SELECT case_id AS "caseId", form, stage, receiving_unit_name AS "receivingUnitName", term_end::text AS "termEnd"
       FROM secondment.case_summary WHERE official_id = $1 ORDER BY proposed_at DESC, case_id`,
      [officialId],
    );
    return { ...official, cases };
  }

  /** Quota rows of the filter, by unit then the fields' order. */
  async quotas(filter: RegistryQuotaFilter): Promise<RegistryQuotaView[]> {
    const where = new Conditions();
    if (filter.unitId !== undefined) where.add('q.unit_id = ?', filter.unitId);
    if (filter.fieldId !== undefined) where.add('q.field_id = ?', filter.fieldId);
    return this.dataSource.query<RegistryQuotaView[]>(
      `SELECT q.unit_id AS "unitId", q.field_id AS "fieldId", q.quota
       FROM secondment.staffing_quota q JOIN secondment.expertise_field f ON f.id = q.field_id
       ${where.where}
       ORDER BY q.unit_id, f.position, q.field_id`,
      where.params,
    );
  }
}
