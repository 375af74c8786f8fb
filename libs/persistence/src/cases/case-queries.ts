import { addDays, searchKey, type CaseFacts, type CaseState, type CaseSummaryRow, type LocalDate } from '@app/domain';
import type { DataSource } from 'typeorm';
import { CASE_SUMMARY_COLUMNS, selectList } from './case-rows';

/**
 * Which cases a caller may see: everything (province-wide roles), or the cases that a unit of
 * theirs sends or receives, and the cases about them as an official.
 */
export type CaseScope = { all: true } | { all: false; unitIds: string[]; personIds: string[] };

export const CASE_SORTS = ['proposedAt', 'stageDeadline', 'termEnd', 'officialName', 'stage', 'caseId'] as const;
export type CaseSort = (typeof CASE_SORTS)[number];

export interface CaseFilter {
  stage?: string[];
  form?: string[];
  /** The sending unit (a department, or a commune giving up surplus staff). */
  sendingUnitId?: string;
  /** The receiving unit (a commune, ward or special zone, or another agency). */
  receivingUnitId?: string;
  officialId?: string;
  /** Open (not closed) cases only, or closed only. */
  open?: boolean;
  termEndsBefore?: LocalDate;
  termEndsAfter?: LocalDate;
  /**
   * true: a step past its deadline, or a term past its end with no end-or-extend decision (false:
   * neither); 'step': a step past its deadline (the pipeline's overdueSteps); 'term': a term past
   * its end with no decision (the pipeline's overdueTerms). Open cases only.
   */
  overdue?: boolean | 'step' | 'term';
  /** The official's field of expertise in the registry (secondment.official.field_id). */
  fieldId?: string;
  /** Free text on the official's name (diacritics optional) or the case id. */
  q?: string;
}

export interface CasePage {
  items: CaseListItem[];
  total: number;
  page: number;
  pageSize: number;
}

/** A case in a list: the summary row without the columns kept for the queries (the search key, the inbox's keys and facts). */
export type CaseListItem = Omit<CaseSummaryRow, 'officialNameKey' | 'awaits' | 'inboxFacts'> & { stageOverdue: boolean };

const SORT_COLUMNS: Record<CaseSort, string> = {
  proposedAt: 'proposed_at',
  stageDeadline: 'stage_deadline',
  termEnd: 'term_end',
  officialName: 'official_name_key',
  stage: 'stage',
  caseId: 'case_id',
};

/**
 * The sorts on a column that may be null, which put the nulls last both ways. The others are NOT
 * NULL, so they say nothing of nulls: `proposed_at DESC, case_id DESC` is the same order, and one
 * index on (proposed_at, case_id) serves it read backwards, as it serves the ascending order forwards.
 */
const NULLABLE_SORTS: ReadonlySet<CaseSort> = new Set(['stageDeadline', 'termEnd']);

const { officialNameKey: _key, awaits: _awaits, inboxFacts: _facts, ...LIST_COLUMNS } = CASE_SUMMARY_COLUMNS;

/**
 * The day by which the awaited action is due: the step's deadline; at the end of a term, its last
 * day (the end-or-extend decision); for an arrival, the effective date.
 */
const AWAITED_BY = `COALESCE(stage_deadline, CASE stage WHEN 'ending' THEN term_end WHEN 'decision_issued' THEN effective_date END)`;

class Where {
  readonly clauses: string[] = [];
  readonly params: unknown[] = [];
  add(sql: (p: (value: unknown) => string) => string): void {
    this.clauses.push(sql((value) => `$${this.params.push(value)}`));
  }
  get sql(): string {
    return this.clauses.length ? `WHERE ${this.clauses.join(' AND ')}` : '';
  }
}

function scoped(where: Where, scope: CaseScope): void {
  if (scope.all) return;
  where.add((p) => `(sending_unit_id = ANY(${p(scope.unitIds)}::text[]) OR receiving_unit_id = ANY(${p(scope.unitIds)}::text[]) OR official_id = ANY(${p(scope.personIds)}::text[]))`);
}

function filtered(where: Where, filter: CaseFilter, today: LocalDate): void {
  if (filter.stage?.length) where.add((p) => `stage = ANY(${p(filter.stage)}::text[])`);
  if (filter.form?.length) where.add((p) => `form = ANY(${p(filter.form)}::text[])`);
  if (filter.sendingUnitId) where.add((p) => `sending_unit_id = ${p(filter.sendingUnitId)}`);
  if (filter.receivingUnitId) where.add((p) => `receiving_unit_id = ${p(filter.receivingUnitId)}`);
  if (filter.officialId) where.add((p) => `official_id = ${p(filter.officialId)}`);
  if (filter.open !== undefined) where.add(() => (filter.open ? `closed_at IS NULL` : `closed_at IS NOT NULL`));
  if (filter.termEndsBefore) where.add((p) => `term_end < ${p(filter.termEndsBefore)}::date`);
  if (filter.termEndsAfter) where.add((p) => `term_end > ${p(filter.termEndsAfter)}::date`);
  if (filter.overdue === 'step') where.add((p) => `closed_at IS NULL AND stage_deadline < ${p(today)}::date`);
  else if (filter.overdue === 'term') where.add(() => `closed_at IS NULL AND overdue`);
  else if (filter.overdue !== undefined) {
    where.add((p) => `${filter.overdue ? '' : 'NOT '}(closed_at IS NULL AND (COALESCE(stage_deadline < ${p(today)}::date, false) OR overdue))`);
  }
  // The official's field as the registry has it now, as a semi-join: the planner either probes the
  // official's primary key per case row or reaches the cases of the field's officials through
  // case_summary_official_idx; the other filters keep their own indexes.
  if (filter.fieldId) where.add((p) => `official_id IN (SELECT o.id FROM secondment.official o WHERE o.field_id = ${p(filter.fieldId)})`);
  if (filter.q?.trim()) {
    const words = searchKey(filter.q).split(' ').filter(Boolean);
    for (const word of words) {
      const pattern = `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      where.add((p) => `(official_name_key LIKE ${p(pattern)} OR lower(case_id) LIKE ${p(pattern)})`);
    }
  }
}

/** The read side of the case list, the inbox and the pipeline: only the read models, never the events. */
export class CaseQueries {
  constructor(private readonly dataSource: DataSource) {}

  async list(scope: CaseScope, filter: CaseFilter, options: { sort: CaseSort; descending: boolean; page: number; pageSize: number; today: LocalDate }): Promise<CasePage> {
    const where = new Where();
    scoped(where, scope);
    filtered(where, filter, options.today);
    const direction = options.descending ? 'DESC' : 'ASC';
    const nulls = NULLABLE_SORTS.has(options.sort) ? ' NULLS LAST' : '';
    const order = `${SORT_COLUMNS[options.sort]} ${direction}${nulls}, case_id ${direction}`;
    const todayParam = `$${where.params.length + 1}`;
    // The count and the page are independent reads: asked at once, on two of the pool's connections.
    const [[{ total }], items] = await Promise.all([
      this.dataSource.query<{ total: number }[]>(`SELECT count(*)::int AS total FROM secondment.case_summary ${where.sql}`, where.params),
      this.dataSource.query<CaseListItem[]>(
        `SELECT ${selectList(LIST_COLUMNS)}, COALESCE(closed_at IS NULL AND stage_deadline < ${todayParam}::date, false) AS "stageOverdue"
           FROM secondment.case_summary ${where.sql} ORDER BY ${order} LIMIT ${options.pageSize} OFFSET ${(options.page - 1) * options.pageSize}`,
        [...where.params, options.today],
      ),
    ]);
    return { items, total, page: options.page, pageSize: options.pageSize };
  }

  /** One case's list row and full state, whatever the scope (the caller checks it). */
  async detail(caseId: string, today: LocalDate): Promise<{ row: CaseListItem; state: CaseState } | null> {
    const [row] = await this.dataSource.query<(CaseListItem & { state: CaseState })[]>(
      `SELECT ${selectList(LIST_COLUMNS)}, COALESCE(closed_at IS NULL AND stage_deadline < $2::date, false) AS "stageOverdue", state
         FROM secondment.case_summary WHERE case_id = $1`,
      [caseId, today],
    );
    if (!row) return null;
    const { state, ...rest } = row;
    return { row: rest, state };
  }

  /** The states of many cases (for batch checks), by id; cases that do not exist are absent. */
  async states(caseIds: string[]): Promise<Map<string, CaseState>> {
    const rows = await this.dataSource.query<{ caseId: string; state: CaseState }[]>(
      `SELECT case_id AS "caseId", state FROM secondment.case_summary WHERE case_id = ANY($1::text[])`,
      [caseIds],
    );
    return new Map(rows.map((row) => [row.caseId, row.state]));
  }

  /**
   * The inbox's candidates: the open cases filed under any of the caller's inbox keys (the domain's
   * `awaitedBy`, stored as case_summary.awaits and read off its GIN index of the open cases), in any
   * of the scopes, the earliest due first, each with the facts the rules read: not its whole state,
   * whose reading took several times as long as all the rest. A superset of the inbox: the caller
   * keeps the cases the rules give them an action on.
   */
  async awaiting(keys: string[], scopes: CaseScope[], today: LocalDate): Promise<{ row: CaseListItem; facts: CaseFacts }[]> {
    const where = new Where();
    where.add(() => `closed_at IS NULL`);
    where.add((p) => `awaits && ${p(keys)}::text[]`);
    if (!scopes.some((scope) => scope.all)) {
      const unitIds = scopes.flatMap((scope) => (scope.all ? [] : scope.unitIds));
      const personIds = scopes.flatMap((scope) => (scope.all ? [] : scope.personIds));
      scoped(where, { all: false, unitIds, personIds });
    }
    const rows = await this.dataSource.query<(CaseListItem & { facts: CaseFacts })[]>(
      `SELECT ${selectList(LIST_COLUMNS)}, COALESCE(stage_deadline < $${where.params.length + 1}::date, false) AS "stageOverdue", inbox_facts AS facts
         FROM secondment.case_summary ${where.sql} ORDER BY ${AWAITED_BY} ASC NULLS LAST, stage_opened_at, case_id`,
      [...where.params, today],
    );
    return rows.map(({ facts, ...row }) => ({ row, facts }));
  }

  /**
   * Counts for the pipeline: open cases by stage × sending unit and × receiving unit, overdue, terms
   * ending. The open cases are read once, grouped four ways at once (GROUPING SETS): by sending unit
   * and stage, by receiving unit and stage, by stage, and all together; each set comes back in the
   * order it is shown in. The closed cases are counted by outcome beside it.
   */
  async pipeline(scope: CaseScope, filter: CaseFilter, today: LocalDate): Promise<PipelineSummary> {
    const where = new Where();
    scoped(where, scope);
    filtered(where, filter, today);
    where.add(() => 'closed_at IS NULL');
    const n = where.params.length;
    const t = `$${n + 1}::date`;
    const [groups, closed] = await Promise.all([
      this.dataSource.query<PipelineGroupRow[]>(
        `SELECT GROUPING(sending_unit_id, sending_unit_name, receiving_unit_id, receiving_unit_name, stage)::int AS "set",
                sending_unit_id AS "sendingUnitId", sending_unit_name AS "sendingUnitName",
                receiving_unit_id AS "receivingUnitId", receiving_unit_name AS "receivingUnitName", stage,
                count(*)::int AS count,
                count(*) FILTER (WHERE stage_deadline < ${t})::int AS "overdueSteps",
                count(*) FILTER (WHERE overdue)::int AS "overdueTerms",
                count(*) FILTER (WHERE stage_deadline < ${t} OR overdue)::int AS overdue,
                count(*) FILTER (WHERE term_end >= ${t} AND term_end <= $${n + 2}::date)::int AS "termsEndingIn30Days",
                count(*) FILTER (WHERE term_end >= ${t} AND term_end <= $${n + 3}::date)::int AS "termsEndingIn90Days"
           FROM secondment.case_summary ${where.sql}
          GROUP BY GROUPING SETS ((sending_unit_id, sending_unit_name, stage), (receiving_unit_id, receiving_unit_name, stage), (stage), ())
          ORDER BY 1, sending_unit_name, receiving_unit_name, stage`,
        [...where.params, today, addDays(today, 30), addDays(today, 90)],
      ),
      this.closedCounts(scope, filter, today),
    ]);
    // GROUPING(...) is a bit mask of the columns a set leaves out, the first column the highest bit.
    const bySending = groups.filter((g) => g.set === GROUPED_BY_SENDING);
    const byReceiving = groups.filter((g) => g.set === GROUPED_BY_RECEIVING);
    const total = groups.find((g) => g.set === GROUPED_BY_NOTHING);
    return {
      asOf: today,
      open: total?.count ?? 0,
      overdueSteps: total?.overdueSteps ?? 0,
      overdueTerms: total?.overdueTerms ?? 0,
      termsEndingIn30Days: total?.termsEndingIn30Days ?? 0,
      termsEndingIn90Days: total?.termsEndingIn90Days ?? 0,
      byStage: groups.filter((g) => g.set === GROUPED_BY_STAGE).map((g) => ({ stage: g.stage!, count: g.count, overdue: g.overdue })),
      bySendingUnit: bySending.map((g) => ({ unitId: g.sendingUnitId!, unitName: g.sendingUnitName!, stage: g.stage!, count: g.count })),
      byReceivingUnit: byReceiving.map((g) => ({ unitId: g.receivingUnitId!, unitName: g.receivingUnitName!, stage: g.stage!, count: g.count })),
      closedByOutcome: closed,
    };
  }

  private async closedCounts(scope: CaseScope, filter: CaseFilter, today: LocalDate): Promise<{ outcome: string; count: number }[]> {
    const where = new Where();
    scoped(where, scope);
    filtered(where, { ...filter, open: false }, today);
    return this.dataSource.query(`SELECT outcome, count(*)::int AS count FROM secondment.case_summary ${where.sql} GROUP BY outcome ORDER BY outcome`, where.params);
  }
}

/** GROUPING(sending id, sending name, receiving id, receiving name, stage) of each grouping set. */
const GROUPED_BY_SENDING = 0b00110;
const GROUPED_BY_RECEIVING = 0b11000;
const GROUPED_BY_STAGE = 0b11110;
const GROUPED_BY_NOTHING = 0b11111;

interface PipelineGroupRow {
  set: number;
  sendingUnitId: string | null;
  sendingUnitName: string | null;
  receivingUnitId: string | null;
  receivingUnitName: string | null;
  stage: string | null;
  count: number;
  overdueSteps: number;
  overdueTerms: number;
  overdue: number;
  termsEndingIn30Days: number;
  termsEndingIn90Days: number;
}

export interface PipelineCell {
  unitId: string;
  unitName: string;
  stage: string;
  count: number;
}

export interface PipelineTotals {
  open: number;
  overdueSteps: number;
  overdueTerms: number;
  termsEndingIn30Days: number;
  termsEndingIn90Days: number;
}

export interface PipelineSummary extends PipelineTotals {
  asOf: LocalDate;
  byStage: { stage: string; count: number; overdue: number }[];
  bySendingUnit: PipelineCell[];
  byReceivingUnit: PipelineCell[];
  closedByOutcome: { outcome: string; count: number }[];
}
