import { performance } from 'node:perf_hooks';
import { localDateOf } from '@app/domain';
import {
  diffRecords,
  IMPORT_LIMITS,
  ImportRefusedError,
  kindOfCategory,
  officialIdsIn,
  recordKey,
  registryFileName,
  validateTable,
  type Diff,
  type HeaderLanguage,
  type ImportChanges,
  type ImportFile,
  type ImportReport,
  type OfficialRecord,
  type QuotaRecord,
  type RegistryKind,
  type RegistryRecord,
  type RegistrySnapshot,
  type Table,
  type UnitRecord,
  type ValidateOptions,
  type Validation,
} from '@app/registry';
import { CSV_MEDIA_TYPE, XLSX_MEDIA_TYPE } from '@app/spreadsheets';
import type { DataSource, EntityManager } from 'typeorm';
import { readTable, toRegistryCsv, toRegistryXlsx } from './registry-files';

/**
 * Import and export of the staffing registry (units, officials, quotas): the SQL that loads what
 * validation judges against and stores the rows. Reading the file, validation and the diff are
 * @app/registry's (through ./registry-files).
 *
 * - Commit: one transaction, the table locked against a concurrent import, the file validated again
 *   inside it, then batched upserts (unnest) of the rows that differ; unchanged rows are not written,
 *   so a second import of the same file changes nothing and bumps no updated_at.
 * - A dry run reads one snapshot (REPEATABLE READ) and writes nothing.
 */

type Queryable = Pick<EntityManager, 'query'>;

const TABLES: Record<RegistryKind, string> = { units: 'secondment.org_unit', officials: 'secondment.official', quotas: 'secondment.staffing_quota' };

const SELECTS: Record<RegistryKind, string> = {
  units: `SELECT id, name, category, difficult_area AS "difficultArea" FROM secondment.org_unit`,
  officials: `SELECT id, full_name AS "fullName", title, unit_id AS "unitId", field_id AS "fieldId", rank, employment, is_leader AS "isLeader",
                     in_leadership_plan AS "inLeadershipPlan", to_char(birth_date, 'YYYY-MM-DD') AS "birthDate", gender
              FROM secondment.official`,
  quotas: `SELECT unit_id AS "unitId", field_id AS "fieldId", quota FROM secondment.staffing_quota`,
};
const ORDER: Record<RegistryKind, string> = {
  units: `ORDER BY CASE kind WHEN 'department' THEN 0 ELSE 1 END, id`,
  officials: `ORDER BY id`,
  quotas: `ORDER BY "unitId", "fieldId"`,
};

async function loadSnapshot(db: Queryable, kind: RegistryKind, table: Table): Promise<RegistrySnapshot> {
  const units = await db.query<{ id: string }[]>(`SELECT id FROM secondment.org_unit`);
  const fields = await db.query<{ id: string }[]>(`SELECT id FROM secondment.expertise_field`);
  const rows =
    kind === 'officials'
      ? await db.query<RegistryRecord[]>(`${SELECTS.officials} WHERE id = ANY($1::text[])`, [officialIdsIn(kind, table)])
      : await db.query<RegistryRecord[]>(SELECTS[kind]);
  const openCases =
    kind === 'officials'
      ? await db.query<{ officialId: string; caseId: string }[]>(
          `SELECT official_id AS "officialId", min(case_id) AS "caseId" FROM secondment.case_summary WHERE closed_at IS NULL AND official_id = ANY($1::text[]) GROUP BY official_id`,
          [officialIdsIn(kind, table)],
        )
      : [];
  const onCases =
    kind === 'units'
      ? await db.query<{ id: string }[]>(`SELECT sending_unit_id AS id FROM secondment.case_summary UNION SELECT receiving_unit_id FROM secondment.case_summary`)
      : [];
  return {
    unitIds: new Set(units.map((u) => u.id)),
    fieldIds: new Set(fields.map((f) => f.id)),
    existing: new Map(rows.map((row) => [recordKey(kind, row), row])),
    unitsOnCases: new Set(onCases.map((u) => u.id)),
    officialsOnOpenCases: new Map(openCases.map((c) => [c.officialId, c.caseId])),
  };
}

const WRITE_CHUNK = 2_000;

async function writeRecords(db: Queryable, kind: RegistryKind, records: RegistryRecord[]): Promise<void> {
  if (records.length === 0) return;
  if (kind === 'units') {
    const rows = records as UnitRecord[];
    await db.query(
      `INSERT INTO secondment.org_unit AS u (id, name, kind, category, difficult_area)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::boolean[])
       ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, kind = EXCLUDED.kind, category = EXCLUDED.category, difficult_area = EXCLUDED.difficult_area, updated_at = clock_timestamp()
       WHERE (u.name, u.kind, u.category, u.difficult_area) IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.kind, EXCLUDED.category, EXCLUDED.difficult_area)`,
      [rows.map((r) => r.id), rows.map((r) => r.name), rows.map((r) => kindOfCategory(r.category)), rows.map((r) => r.category), rows.map((r) => r.difficultArea)],
    );
  } else if (kind === 'officials') {
    const rows = records as OfficialRecord[];
    await db.query(
      `INSERT INTO secondment.official AS o (id, full_name, title, unit_id, field_id, rank, employment, is_leader, in_leadership_plan, birth_date, gender)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::boolean[], $9::boolean[], $10::date[], $11::text[])
       ON CONFLICT (id) DO UPDATE SET full_name = EXCLUDED.full_name, title = EXCLUDED.title, unit_id = EXCLUDED.unit_id, field_id = EXCLUDED.field_id, rank = EXCLUDED.rank,
         employment = EXCLUDED.employment, is_leader = EXCLUDED.is_leader, in_leadership_plan = EXCLUDED.in_leadership_plan, birth_date = EXCLUDED.birth_date,
         gender = EXCLUDED.gender, updated_at = clock_timestamp()
       WHERE (o.full_name, o.title, o.unit_id, o.field_id, o.rank, o.employment, o.is_leader, o.in_leadership_plan, o.birth_date, o.gender)
         IS DISTINCT FROM (EXCLUDED.full_name, EXCLUDED.title, EXCLUDED.unit_id, EXCLUDED.field_id, EXCLUDED.rank, EXCLUDED.employment, EXCLUDED.is_leader,
                           EXCLUDED.in_leadership_plan, EXCLUDED.birth_date, EXCLUDED.gender)`,
      [
        rows.map((r) => r.id),
        rows.map((r) => r.fullName),
        rows.map((r) => r.title),
        rows.map((r) => r.unitId),
        rows.map((r) => r.fieldId),
        rows.map((r) => r.rank),
        rows.map((r) => r.employment),
        rows.map((r) => r.isLeader),
        rows.map((r) => r.inLeadershipPlan),
        rows.map((r) => r.birthDate),
        rows.map((r) => r.gender),
      ],
    );
  } else {
    const rows = records as QuotaRecord[];
    await db.query(
      `INSERT INTO secondment.staffing_quota AS q (unit_id, field_id, quota)
       SELECT * FROM unnest($1::text[], $2::text[], $3::integer[])
       ON CONFLICT (unit_id, field_id) DO UPDATE SET quota = EXCLUDED.quota, updated_at = clock_timestamp()
       WHERE q.quota IS DISTINCT FROM EXCLUDED.quota`,
      [rows.map((r) => r.unitId), rows.map((r) => r.fieldId), rows.map((r) => r.quota)],
    );
  }
}

export interface ImportProgress {
  kind: RegistryKind;
  phase: 'read' | 'validate' | 'write';
  done: number;
  total: number;
}

export interface ImportOptions {
  dryRun: boolean;
  /** Called every `progressEvery` rows validated, after each batch written, and once the file is read. */
  onProgress?: (progress: ImportProgress) => void;
  progressEvery?: number;
  /** YYYY-MM-DD; today in Vietnam by default. */
  today?: string;
}

export interface RegistryExport {
  body: Buffer;
  mediaType: string;
  fileName: string;
  rows: number;
}

/** Imports (dry run or all-or-nothing commit) and exports of the registry. */
export class RegistryImportRepository {
  constructor(private readonly dataSource: DataSource) {}

  async importFile(kind: RegistryKind, file: ImportFile, options: ImportOptions): Promise<ImportReport> {
    const started = performance.now();
    const progress = (phase: ImportProgress['phase'], done: number, total: number) => options.onProgress?.({ kind, phase, done, total });
    const table = await readTable(file);
    progress('read', Math.max(0, table.records.length - 1), Math.max(0, table.records.length - 1));
    const validateOptions: ValidateOptions = { today: options.today, progressEvery: options.progressEvery, onProgress: (done, total) => progress('validate', done, total) };
    const reportOf = (validation: Validation, changes: ImportChanges, committed: boolean): ImportReport => ({
      kind,
      format: table.format,
      dryRun: options.dryRun,
      committed,
      rows: validation.rows,
      valid: validation.valid,
      errorCount: validation.errors.length,
      errors: validation.errors.slice(0, IMPORT_LIMITS.reportedErrors),
      changes,
      durationMs: Math.round(performance.now() - started),
    });
    const changesOf = (diff: Diff): ImportChanges => ({ inserted: diff.inserts.length, updated: diff.updates.length, unchanged: diff.unchanged });

    if (options.dryRun) {
      // One snapshot for every read; nothing is written.
      return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
        const snapshot = await loadSnapshot(manager, kind, table);
        const validation = validateTable(kind, table, snapshot, validateOptions);
        return reportOf(validation, changesOf(diffRecords(kind, validation.records, snapshot)), false);
      });
    }

    return this.dataSource.transaction(async (manager) => {
      // Another import of the same kind waits; reads go on. A units import also holds the cases
      // still while it checks that no unit a case names changes kind.
      await manager.query(`LOCK TABLE ${TABLES[kind]} IN SHARE ROW EXCLUSIVE MODE`);
      if (kind === 'units') await manager.query(`LOCK TABLE secondment.case_summary IN SHARE MODE`);
      const snapshot = await loadSnapshot(manager, kind, table);
      const validation = validateTable(kind, table, snapshot, validateOptions);
      const diff = diffRecords(kind, validation.records, snapshot);
      if (validation.errors.length > 0) throw new ImportRefusedError(reportOf(validation, changesOf(diff), false));
      const writes = [...diff.inserts, ...diff.updates];
      for (let i = 0; i < writes.length; i += WRITE_CHUNK) {
        await writeRecords(manager, kind, writes.slice(i, i + WRITE_CHUNK));
        progress('write', Math.min(i + WRITE_CHUNK, writes.length), writes.length);
      }
      return reportOf(validation, changesOf(diff), true);
    });
  }

  async records(kind: RegistryKind): Promise<RegistryRecord[]> {
    const sql = kind === 'units' ? `${SELECTS.units} ${ORDER.units}` : `SELECT * FROM (${SELECTS[kind]}) r ${ORDER[kind]}`;
    return this.dataSource.query<RegistryRecord[]>(sql);
  }

  async exportFile(kind: RegistryKind, format: 'csv' | 'xlsx', language: HeaderLanguage, today = localDateOf(Date.now())): Promise<RegistryExport> {
    const records = await this.records(kind);
    const body = format === 'xlsx' ? await toRegistryXlsx(kind, records, language) : toRegistryCsv(kind, records, language);
    return {
      body,
      mediaType: format === 'xlsx' ? XLSX_MEDIA_TYPE : CSV_MEDIA_TYPE,
      fileName: registryFileName(kind, format, today),
      rows: records.length,
    };
  }
}
