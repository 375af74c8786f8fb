import {
  type Actor,
  type CaseEvent,
  type CaseForm,
  type CaseState,
  type EligibilityOverride,
  type EligibilityProblem,
  type EligibilityRules,
  type LocalDate,
  type OfficialFacts,
} from '@app/domain';
import { alreadyReserved, judgeNomination } from '@app/registry';
import type { DataSource, EntityManager } from 'typeorm';
import { affected } from '../accounts/accounts.repository';

/** The nomination breaks eligibility rules that no override given lets pass. */
export class EligibilityRefusedError extends Error {
  constructor(readonly problems: EligibilityProblem[]) {
    super(`the nomination breaks ${problems.map((p) => p.rule).join(', ')}`);
    this.name = 'EligibilityRefusedError';
  }
}

export interface NominationCheck {
  caseId: string;
  officialId: string;
  sendingUnitId: string;
  form: CaseForm;
  plannedStart: LocalDate;
  actor: Actor;
  rules: EligibilityRules | undefined;
  overrides: EligibilityOverride[];
}

/** How long a reservation whose case never started holds its official (a request that died midway). */
const LAPSE_MINUTES = 10;

/**
 * A reservation that holds its official: not released, and confirmed by its case's proposal or
 * still young enough that the proposal may be on its way. Every read of the holds uses it.
 */
export function holdsOfficial(alias: string): string {
  return `${alias}.released_at IS NULL AND (${alias}.confirmed_at IS NOT NULL OR ${alias}.reserved_at > clock_timestamp() - interval '${LAPSE_MINUTES} minutes')`;
}

const UNIQUE_VIOLATION = '23505';

/**
 * The eligibility rules that need the registry and the other cases, judged in PostgreSQL. A
 * nomination reserves its official in the same transaction as the checks, under a lock on the
 * sending department, so two nominations at once cannot both pass the department's share; a
 * partial unique index keeps one open case per official whatever happens. The store confirms the
 * reservation when the proposal is recorded and releases it when the case closes.
 */
export class EligibilityRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Judges the nomination and reserves its official, or refuses with every rule it breaks. A retry of the same case passes. */
  async reserve(check: NominationCheck): Promise<void> {
    let refused: EligibilityProblem[];
    try {
      // A refusal still commits: the read of the protected data it made stays in the log.
      refused = await this.dataSource.transaction(async (manager) => {
        // The sending unit locked first: its share is counted under the lock. Whether this case holds its
        // official already (a retry, or the same request racing itself) is read after the lock, in a
        // statement of its own, so that it sees a reservation committed while this one waited.
        await manager.query(`SELECT 1 FROM secondment.org_unit WHERE id = $1 FOR UPDATE`, [check.sendingUnitId]);
        const [held] = await manager.query<unknown[]>(`SELECT 1 FROM secondment.case_reservation WHERE case_id = $1`, [check.caseId]);
        if (held) return [];
        await manager.query(
          `UPDATE secondment.case_reservation SET released_at = clock_timestamp()
            WHERE released_at IS NULL AND confirmed_at IS NULL AND reserved_at < clock_timestamp() - $2 * interval '1 minute'
              AND (official_id = $1 OR sending_unit_id = $3)`,
          [check.officialId, LAPSE_MINUTES, check.sendingUnitId],
        );
        const problems = await this.judge(manager, check, 'nomination');
        if (problems.length > 0) return problems;
        await manager.query(
          `INSERT INTO secondment.case_reservation (case_id, official_id, sending_unit_id, form, reserved_by) VALUES ($1, $2, $3, $4, $5)`,
          [check.caseId, check.officialId, check.sendingUnitId, check.form, check.actor.id],
        );
        return [];
      });
    } catch (error) {
      // The index is the last word should two nominations of one official race past the checks.
      if ((error as { code?: string }).code === UNIQUE_VIOLATION) {
        const [other] = await this.dataSource.query<{ caseId: string }[]>(
          `SELECT case_id AS "caseId" FROM secondment.case_reservation WHERE official_id = $1 AND released_at IS NULL AND case_id <> $2 LIMIT 1`,
          [check.officialId, check.caseId],
        );
        throw new EligibilityRefusedError(alreadyReserved(check.officialId, check, other?.caseId ?? '?'));
      }
      throw error;
    }
    if (refused.length > 0) throw new EligibilityRefusedError(refused);
  }

  /** Gives back a reservation whose case did not start (the workflow refused the proposal). */
  async cancel(caseId: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM secondment.case_reservation WHERE case_id = $1 AND confirmed_at IS NULL`, [caseId]);
  }

  /** The rules judged again before the decision, against today's registry and the other cases; nothing is written but the read log. */
  async recheck(check: NominationCheck): Promise<EligibilityProblem[]> {
    return this.dataSource.transaction((manager) => this.judge(manager, check, 'decision'));
  }

  /**
   * The rules judged for nominations not made (the check before submitting), in the order a batch
   * would reserve them: each one that would be made counts against its department's share for the
   * ones after it, as the real batch's reservations do (`refusedOtherwise`: another rule refuses it,
   * so it reserves nothing). Nothing is written but the read log.
   */
  async preview(checks: readonly { check: NominationCheck; refusedOtherwise: boolean }[]): Promise<EligibilityProblem[][]> {
    return this.dataSource.transaction(async (manager) => {
      const counted = new Map<string, number>();
      const found: EligibilityProblem[][] = [];
      for (const { check, refusedOtherwise } of checks) {
        const problems = await this.judge(manager, check, 'check', counted.get(check.sendingUnitId) ?? 0);
        if (!refusedOtherwise && problems.length === 0 && check.form !== 'transfer') counted.set(check.sendingUnitId, (counted.get(check.sendingUnitId) ?? 0) + 1);
        found.push(problems);
      }
      return found;
    });
  }

  /**
   * `alsoAway`: officials of the department the caller is about to send besides those already reserved.
   * Every fact in one statement (a nomination's transaction is on the path people wait on): the
   * official, their protection — sensitive, read only to decide, and the read logged in the same
   * statement, for an official who exists — their other open case, and the department's staff and
   * officials away.
   */
  private async judge(manager: EntityManager, check: NominationCheck, moment: 'nomination' | 'decision' | 'check', alsoAway = 0): Promise<EligibilityProblem[]> {
    const purpose = moment === 'check' ? 'eligibility check before nominating (nothing made)' : `eligibility check before the ${moment} of case ${check.caseId}`;
    const [row] = await manager.query<(Omit<OfficialFacts, 'protectedUntil'> & { protectedUntil: LocalDate | null; activeCaseId: string | null; staff: number; away: number; logged: string })[]>(
      `WITH facts AS (
         SELECT id, unit_id AS "unitId", employment, is_leader AS "isLeader", in_leadership_plan AS "inLeadershipPlan", birth_date::text AS "birthDate", gender
           FROM secondment.official WHERE id = $1),
       logged AS (
         INSERT INTO secondment.personal_data_read (official_id, read_by, purpose) SELECT $1, $3, $4 WHERE EXISTS (SELECT 1 FROM facts) RETURNING 1)
       SELECT f.*,
              (SELECT protected_until::text FROM secondment.official_protection WHERE official_id = $1) AS "protectedUntil",
              (SELECT case_id FROM secondment.case_reservation r WHERE official_id = $1 AND ${holdsOfficial('r')} AND case_id <> $2 ORDER BY reserved_at LIMIT 1) AS "activeCaseId",
              (SELECT count(*)::int FROM secondment.official WHERE unit_id = $5) AS staff,
              (SELECT count(*)::int FROM secondment.case_reservation r WHERE sending_unit_id = $5 AND ${holdsOfficial('r')} AND form <> 'transfer' AND case_id <> $2) AS away,
              (SELECT count(*) FROM logged) AS logged
         FROM facts f`,
      [check.officialId, check.caseId, check.actor.id, purpose, check.sendingUnitId],
    );
    if (!row) return [];
    // eslint-disable-next-line @typescript-eslint/no-unused-vars -- `logged` only makes the statement read its insert
    const { protectedUntil, activeCaseId, staff, away, logged, ...facts } = row;
    return judgeNomination({ ...facts, protectedUntil }, check, { activeCaseId, department: { staff, away: away + alsoAway } }, check.overrides);
  }

  /** Records (or replaces) an official's protection; Home Affairs only, checked by the caller. */
  async protect(officialId: string, kind: 'pregnancy' | 'child_under_36_months', until: LocalDate, by: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO secondment.official_protection (official_id, kind, protected_until, recorded_by) VALUES ($1, $2, $3, $4)
       ON CONFLICT (official_id) DO UPDATE SET kind = EXCLUDED.kind, protected_until = EXCLUDED.protected_until, recorded_by = EXCLUDED.recorded_by, recorded_at = clock_timestamp()`,
      [officialId, kind, until, by],
    );
  }

  async unprotect(officialId: string): Promise<boolean> {
    return affected(await this.dataSource.query(`DELETE FROM secondment.official_protection WHERE official_id = $1 RETURNING 1`, [officialId])) > 0;
  }

  /** An official's protection, read for a purpose and logged; null when none is recorded. */
  async protection(officialId: string, readBy: string, purpose: string): Promise<{ kind: string; protectedUntil: LocalDate; recordedBy: string; recordedAt: string } | null> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`INSERT INTO secondment.personal_data_read (official_id, read_by, purpose) VALUES ($1, $2, $3)`, [officialId, readBy, purpose]);
      const [row] = await manager.query<{ kind: string; protectedUntil: LocalDate; recordedBy: string; recordedAt: string }[]>(
        `SELECT kind, protected_until::text AS "protectedUntil", recorded_by AS "recordedBy",
                to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "recordedAt"
           FROM secondment.official_protection WHERE official_id = $1`,
        [officialId],
      );
      return row ?? null;
    });
  }

  /** Who read an official's protected data, newest first. */
  async reads(officialId: string): Promise<{ readBy: string; purpose: string; readAt: string }[]> {
    return this.dataSource.query(
      `SELECT read_by AS "readBy", purpose, to_char(read_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "readAt"
         FROM secondment.personal_data_read WHERE official_id = $1 ORDER BY read_at DESC, id DESC`,
      [officialId],
    );
  }
}

/**
 * Keeps the reservation in step with the case, inside the transaction that stores its events: the
 * proposal confirms it, the close releases it.
 */
export async function followReservation(manager: EntityManager, caseId: string, events: CaseEvent[], after: CaseState): Promise<void> {
  if (events.some((e) => e.type === 'CaseProposed')) {
    await manager.query(`UPDATE secondment.case_reservation SET confirmed_at = clock_timestamp() WHERE case_id = $1 AND confirmed_at IS NULL`, [caseId]);
  }
  if (after.closedAt !== null) {
    await manager.query(`UPDATE secondment.case_reservation SET released_at = $2 WHERE case_id = $1 AND released_at IS NULL`, [caseId, after.closedAt]);
  }
}
