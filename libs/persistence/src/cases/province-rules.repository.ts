import { DEFAULT_CASE_RULES, rulesProblems, type CaseRules } from '@app/domain';
import type { DataSource } from 'typeorm';

export class InvalidRulesError extends Error {
  constructor(readonly problems: { field: string; rule: string }[]) {
    super(`the province rules are not valid: ${problems.map((p) => `${p.field} ${p.rule}`).join('; ')}`);
    this.name = 'InvalidRulesError';
  }
}

/**
 * The province's lifecycle rules, versioned: a change is a new row, never an edit. A case copies the
 * current version when it starts; running cases keep the rules they began with.
 */
export class ProvinceRulesRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The current rules; on a fresh database, the defaults become version 1. */
  async current(): Promise<CaseRules> {
    const latest = await this.latest();
    if (latest) return latest;
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('secondment.province_rules'))`);
      const [row] = await manager.query<{ version: number; rules: CaseRules }[]>(`SELECT version, rules FROM secondment.province_rules ORDER BY version DESC LIMIT 1`);
      if (row) return { ...row.rules, version: row.version };
      const [created] = await manager.query<{ version: number }[]>(`INSERT INTO secondment.province_rules (rules, created_by, note) VALUES ($1, 'system', 'defaults') RETURNING version`, [
        JSON.stringify(DEFAULT_CASE_RULES),
      ]);
      return { ...DEFAULT_CASE_RULES, version: created.version };
    });
  }

  /** Publishes a new version; cases started from now on use it. */
  async publish(rules: Omit<CaseRules, 'version'>, createdBy: string, note?: string): Promise<CaseRules> {
    const problems = rulesProblems({ ...rules, version: 1 });
    if (problems.length > 0) throw new InvalidRulesError(problems);
    const [created] = await this.dataSource.query<{ version: number }[]>(`INSERT INTO secondment.province_rules (rules, created_by, note) VALUES ($1, $2, $3) RETURNING version`, [
      JSON.stringify(rules),
      createdBy,
      note ?? null,
    ]);
    return { ...rules, version: created.version };
  }

  private async latest(): Promise<CaseRules | null> {
    const [row] = await this.dataSource.query<{ version: number; rules: CaseRules }[]>(`SELECT version, rules FROM secondment.province_rules ORDER BY version DESC LIMIT 1`);
    return row ? { ...row.rules, version: row.version } : null;
  }
}
