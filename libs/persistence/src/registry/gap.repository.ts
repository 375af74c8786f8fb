import {
  balancedCommunes,
  departmentsSummary,
  gapStatus,
  gapSummary,
  ON_SITE_STAGES,
  type CommuneGap,
  type CommuneGapDetail,
  type DepartmentGap,
  type DepartmentsGap,
  type DepartmentTotals,
  type GapCounts,
  type GapFilter,
  type GapTotals,
  type GapView,
  type ProvinceFieldGap,
  type ProvinceGap,
} from '@app/registry';
import type { DataSource } from 'typeorm';

/**
 * The gap's SQL (the definitions, types and sentences are @app/registry's `gap`): one row per
 * (commune, field) with a quota row, officials on its books or officials seconded in, summed per
 * commune, per field and over the province in GROUP BYs over the whole province at once, never a
 * loop over communes. Each cell's present and balances are `presentOf` and `balanceOf` in SQL.
 */

/** A commune row as it comes from SQL; the view's balance is picked by column, both are computed. */
interface CountsRow {
  quota: number;
  on_books: number;
  seconded_in: number;
  seconded_out: number;
  present: number;
  balance: number;
}

interface CommuneRow extends CountsRow {
  unit_id: string;
  name: string;
  category: CommuneGap['category'];
  difficult_area: boolean;
  short_fields: number;
  over_fields: number;
}

interface FieldRow extends CountsRow {
  field_id: string;
  name_vi: string;
  name_en: string;
  short_communes: number;
  shortage: number;
  over_communes: number;
  surplus: number;
}

interface TotalsRow extends CountsRow {
  communes: number;
  short_communes: number;
  shortage: number;
  over_communes: number;
  surplus: number;
}

interface DepartmentRow {
  unit_id: string | null;
  name: string | null;
  category: DepartmentGap['category'] | null;
  departments: number;
  on_books: number;
  seconded_out: number;
  seconded_in: number;
  present: number;
  share_percent: number | null;
}

const ACTIVE_CASES = `
  active AS (
    SELECT DISTINCT ON (cs.official_id) cs.official_id, cs.sending_unit_id, cs.receiving_unit_id
      FROM secondment.case_summary cs
     WHERE cs.stage IN (${ON_SITE_STAGES.map((s) => `'${s}'`).join(', ')}) AND cs.closed_at IS NULL
     ORDER BY cs.official_id, cs.stage_opened_at DESC, cs.case_id DESC
  )`;

/**
 * The cells of the gap: one row per (commune, field) that has a quota row, officials on its books
 * or officials seconded in, with both balances. Parameters: $1 field id or null, $2 difficult-area
 * flag or null, $3 one commune's id or null.
 */
const CELLS = `
  WITH ${ACTIVE_CASES},
  communes AS (
    SELECT u.id, u.name, u.category, u.difficult_area
      FROM secondment.org_unit u
     WHERE u.kind = 'commune' AND ($2::boolean IS NULL OR u.difficult_area = $2::boolean) AND ($3::text IS NULL OR u.id = $3::text)
  ),
  quotas AS (
    SELECT q.unit_id, q.field_id, q.quota
      FROM secondment.staffing_quota q JOIN communes c ON c.id = q.unit_id
     WHERE $1::text IS NULL OR q.field_id = $1::text
  ),
  books AS (
    SELECT o.unit_id, o.field_id, count(*)::int AS on_books, count(a.official_id) FILTER (WHERE a.sending_unit_id = o.unit_id)::int AS seconded_out
      FROM secondment.official o
      JOIN communes c ON c.id = o.unit_id
      LEFT JOIN active a ON a.official_id = o.id
     WHERE o.field_id IS NOT NULL AND ($1::text IS NULL OR o.field_id = $1::text)
     GROUP BY o.unit_id, o.field_id
  ),
  incoming AS (
    SELECT a.receiving_unit_id AS unit_id, o.field_id, count(*)::int AS seconded_in
      FROM active a
      JOIN secondment.official o ON o.id = a.official_id
      JOIN communes c ON c.id = a.receiving_unit_id
     WHERE o.field_id IS NOT NULL AND ($1::text IS NULL OR o.field_id = $1::text)
     GROUP BY a.receiving_unit_id, o.field_id
  ),
  keys AS (
    SELECT unit_id, field_id FROM quotas UNION SELECT unit_id, field_id FROM books UNION SELECT unit_id, field_id FROM incoming
  ),
  counted AS (
    SELECT k.unit_id, k.field_id, COALESCE(q.quota, 0) AS quota, COALESCE(b.on_books, 0) AS on_books,
           COALESCE(b.seconded_out, 0) AS seconded_out, COALESCE(i.seconded_in, 0) AS seconded_in
      FROM keys k
      LEFT JOIN quotas q ON q.unit_id = k.unit_id AND q.field_id = k.field_id
      LEFT JOIN books b ON b.unit_id = k.unit_id AND b.field_id = k.field_id
      LEFT JOIN incoming i ON i.unit_id = k.unit_id AND i.field_id = k.field_id
  ),
  cells AS (
    SELECT c.*, c.on_books - c.seconded_out + c.seconded_in AS present,
           c.on_books - c.seconded_out + c.seconded_in - c.quota AS present_balance,
           c.on_books - c.quota AS books_balance
      FROM counted c
  )`;

/** Per commune, over its cells, in one view; `balanceColumn` is one of the two names cells computes. */
function communeTotals(balanceColumn: string): string {
  return `,
  commune_totals AS (
    SELECT c.id AS unit_id, c.name, c.category, c.difficult_area,
           COALESCE(sum(x.quota), 0)::int AS quota, COALESCE(sum(x.on_books), 0)::int AS on_books,
           COALESCE(sum(x.seconded_in), 0)::int AS seconded_in, COALESCE(sum(x.seconded_out), 0)::int AS seconded_out,
           COALESCE(sum(x.present), 0)::int AS present, COALESCE(sum(x.${balanceColumn}), 0)::int AS balance,
           count(x.unit_id) FILTER (WHERE x.${balanceColumn} < 0)::int AS short_fields,
           count(x.unit_id) FILTER (WHERE x.${balanceColumn} > 0)::int AS over_fields
      FROM communes c LEFT JOIN cells x ON x.unit_id = c.id
     GROUP BY c.id, c.name, c.category, c.difficult_area
  )`;
}

const COUNTS_SELECT = `quota, on_books, seconded_in, seconded_out, present, balance`;

function balanceColumnOf(view: GapView): string {
  return view === 'books' ? 'books_balance' : 'present_balance';
}

function counts(row: CountsRow): GapCounts {
  return { quota: row.quota, onBooks: row.on_books, secondedIn: row.seconded_in, secondedOut: row.seconded_out, present: row.present, balance: row.balance };
}

function commune(row: CommuneRow): CommuneGap {
  return {
    unitId: row.unit_id,
    name: row.name,
    category: row.category,
    difficultArea: row.difficult_area,
    ...counts(row),
    shortFields: row.short_fields,
    overFields: row.over_fields,
  };
}

export class GapRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Whether a field of expertise exists (a filter naming an unknown field is refused, not answered with zeros). */
  async fieldExists(fieldId: string): Promise<boolean> {
    const rows = await this.dataSource.query<unknown[]>(`SELECT 1 FROM secondment.expertise_field WHERE id = $1`, [fieldId]);
    return rows.length > 0;
  }

  /** A unit's kind, or null when there is no such unit. */
  async unitKind(unitId: string): Promise<'department' | 'commune' | null> {
    const [row] = await this.dataSource.query<{ kind: 'department' | 'commune' }[]>(`SELECT kind FROM secondment.org_unit WHERE id = $1`, [unitId]);
    return row?.kind ?? null;
  }

  /**
   * The province's gap in one view: totals, the summary sentence, per-field totals and the communes
   * sorted by balance ascending (the most short first; ties by unit id). Two queries.
   */
  async province(filter: GapFilter = {}): Promise<ProvinceGap> {
    const view = filter.view ?? 'present';
    const status = filter.status ?? 'all';
    const balance = balanceColumnOf(view);
    const params = [filter.fieldId ?? null, filter.difficultArea ?? null, null];

    const communeRows = await this.dataSource.query<CommuneRow[]>(
      `${CELLS}${communeTotals(balance)}
       SELECT unit_id, name, category, difficult_area, ${COUNTS_SELECT}, short_fields, over_fields
         FROM commune_totals
        WHERE $4::text = 'all' OR ($4::text = 'short' AND balance < 0) OR ($4::text = 'over' AND balance > 0)
        ORDER BY balance, unit_id COLLATE "C"`,
      [...params, status],
    );

    // The per-field rows (every field of the filter, in the province's order) and one totals row.
    const rows = await this.dataSource.query<((FieldRow & { level: 'field' }) | (TotalsRow & { level: 'total' }))[]>(
      `${CELLS}${communeTotals(balance)},
       by_field AS (
         SELECT 'field' AS level, f.id AS field_id, f.name_vi, f.name_en, f.position, 0 AS communes,
                COALESCE(sum(x.quota), 0)::int AS quota, COALESCE(sum(x.on_books), 0)::int AS on_books,
                COALESCE(sum(x.seconded_in), 0)::int AS seconded_in, COALESCE(sum(x.seconded_out), 0)::int AS seconded_out,
                COALESCE(sum(x.present), 0)::int AS present, COALESCE(sum(x.${balance}), 0)::int AS balance,
                count(x.unit_id) FILTER (WHERE x.${balance} < 0)::int AS short_communes,
                COALESCE(-sum(x.${balance}) FILTER (WHERE x.${balance} < 0), 0)::int AS shortage,
                count(x.unit_id) FILTER (WHERE x.${balance} > 0)::int AS over_communes,
                COALESCE(sum(x.${balance}) FILTER (WHERE x.${balance} > 0), 0)::int AS surplus
           FROM secondment.expertise_field f LEFT JOIN cells x ON x.field_id = f.id
          WHERE $1::text IS NULL OR f.id = $1::text
          GROUP BY f.id, f.name_vi, f.name_en, f.position
       ),
       total AS (
         SELECT 'total' AS level, NULL::text AS field_id, NULL::text AS name_vi, NULL::text AS name_en, NULL::int AS position, count(*)::int AS communes,
                COALESCE(sum(quota), 0)::int AS quota, COALESCE(sum(on_books), 0)::int AS on_books,
                COALESCE(sum(seconded_in), 0)::int AS seconded_in, COALESCE(sum(seconded_out), 0)::int AS seconded_out,
                COALESCE(sum(present), 0)::int AS present, COALESCE(sum(balance), 0)::int AS balance,
                count(*) FILTER (WHERE balance < 0)::int AS short_communes,
                COALESCE(-sum(balance) FILTER (WHERE balance < 0), 0)::int AS shortage,
                count(*) FILTER (WHERE balance > 0)::int AS over_communes,
                COALESCE(sum(balance) FILTER (WHERE balance > 0), 0)::int AS surplus
           FROM commune_totals
       )
       SELECT * FROM (SELECT * FROM by_field UNION ALL SELECT * FROM total) r
        ORDER BY level = 'total', position, field_id COLLATE "C"`,
      params,
    );

    const fieldRows = rows.filter((row): row is FieldRow & { level: 'field' } => row.level === 'field');
    const total = rows.find((row): row is TotalsRow & { level: 'total' } => row.level === 'total');
    if (!total) throw new Error('the gap query returned no totals row');
    const counted = {
      communes: total.communes,
      ...counts(total),
      shortCommunes: total.short_communes,
      shortage: total.shortage,
      overCommunes: total.over_communes,
      surplus: total.surplus,
    };
    const totals: GapTotals = { ...counted, balancedCommunes: balancedCommunes(counted) };
    const byField: ProvinceFieldGap[] = fieldRows.map((row) => ({
      fieldId: row.field_id,
      nameVi: row.name_vi,
      nameEn: row.name_en,
      ...counts(row),
      shortCommunes: row.short_communes,
      shortage: row.shortage,
      overCommunes: row.over_communes,
      surplus: row.surplus,
    }));
    const field = filter.fieldId ? byField.find((f) => f.fieldId === filter.fieldId) : undefined;
    return { view, totals, summary: gapSummary(totals, field), byField, communes: communeRows.map(commune) };
  }

  /** One commune (ward, special zone) with its per-field rows in the province's field order; null when it is not a commune. */
  async commune(unitId: string, view: GapView = 'present'): Promise<CommuneGapDetail | null> {
    const balance = balanceColumnOf(view);
    const params = [null, null, unitId];
    const [row] = await this.dataSource.query<CommuneRow[]>(
      `${CELLS}${communeTotals(balance)}
       SELECT unit_id, name, category, difficult_area, ${COUNTS_SELECT}, short_fields, over_fields FROM commune_totals`,
      params,
    );
    if (!row) return null;
    const fieldRows = await this.dataSource.query<FieldRow[]>(
      `${CELLS}
       SELECT x.field_id, f.name_vi, f.name_en, x.quota, x.on_books, x.seconded_in, x.seconded_out, x.present, x.${balance} AS balance
         FROM cells x JOIN secondment.expertise_field f ON f.id = x.field_id
        ORDER BY f.position, f.id COLLATE "C"`,
      params,
    );
    const gap = commune(row);
    return {
      view,
      ...gap,
      status: gapStatus(gap.balance),
      fields: fieldRows.map((f) => ({ fieldId: f.field_id, nameVi: f.name_vi, nameEn: f.name_en, ...counts(f) })),
    };
  }

  /**
   * The sending side: each department's (or agency's) officials on its books, those seconded out
   * now (active cases it sent), those seconded in, and the share seconded out. One query, ordered
   * by unit id; the totals row is the province's departments together.
   */
  async departments(): Promise<DepartmentsGap> {
    const rows = await this.dataSource.query<(DepartmentRow & { level: 'department' | 'total' })[]>(
      `WITH ${ACTIVE_CASES},
       per_unit AS (
         SELECT u.id AS unit_id, u.name, u.category,
                (SELECT count(*) FROM secondment.official o WHERE o.unit_id = u.id)::int AS on_books,
                (SELECT count(*) FROM secondment.official o JOIN active a ON a.official_id = o.id AND a.sending_unit_id = u.id WHERE o.unit_id = u.id)::int AS seconded_out,
                (SELECT count(*) FROM active a WHERE a.receiving_unit_id = u.id)::int AS seconded_in
           FROM secondment.org_unit u
          WHERE u.kind = 'department'
       ),
       shaped AS (
         SELECT 'department' AS level, unit_id, name, category, 1 AS departments, on_books, seconded_out, seconded_in FROM per_unit
         UNION ALL
         SELECT 'total', NULL, NULL, NULL, count(*)::int, COALESCE(sum(on_books), 0)::int, COALESCE(sum(seconded_out), 0)::int, COALESCE(sum(seconded_in), 0)::int FROM per_unit
       )
       SELECT level, unit_id, name, category, departments, on_books, seconded_out, seconded_in, on_books - seconded_out + seconded_in AS present,
              CASE WHEN on_books = 0 THEN NULL ELSE round(100.0 * seconded_out / on_books, 1)::float8 END AS share_percent
         FROM shaped
        ORDER BY level = 'total', unit_id COLLATE "C"`,
    );
    const departments: DepartmentGap[] = rows
      .filter((row) => row.level === 'department')
      .map((row) => ({
        unitId: row.unit_id as string,
        name: row.name as string,
        category: row.category as DepartmentGap['category'],
        onBooks: row.on_books,
        secondedOut: row.seconded_out,
        secondedIn: row.seconded_in,
        present: row.present,
        sharePercent: row.share_percent,
      }));
    const total = rows.find((row) => row.level === 'total');
    if (!total) throw new Error('the departments query returned no totals row');
    const totals: DepartmentTotals = {
      departments: total.departments,
      onBooks: total.on_books,
      secondedOut: total.seconded_out,
      secondedIn: total.seconded_in,
      present: total.present,
      sharePercent: total.share_percent,
    };
    return { totals, summary: departmentsSummary(totals), departments };
  }
}
