import { DEFAULT_ELIGIBILITY_RULES, type LocalDate } from '@app/domain';
import {
  candidatesOf,
  chooseEligible,
  needOf,
  pairCommunes,
  rankPool,
  redistributionSides,
  type CandidateList,
  type CommuneNeed,
  type PoolOfficial,
  type RedistributionMove,
  type SuggestionFacts,
} from '@app/registry';
import type { DataSource } from 'typeorm';
import { holdsOfficial } from './eligibility.repository';
import { ProvinceRulesRepository } from '../cases/province-rules.repository';
import { GapRepository } from './gap.repository';

/**
 * Matching's reads: the pool of candidates, the gap and the rules, and the protections read (and
 * logged) as the ranking is walked down. Who is a candidate, the score, its reasons and the
 * redistribution's pairing are @app/registry's `matching`.
 */

/** How many protections are read at once while walking down the ranking. */
const READ_CHUNK = 25;

export interface MatchingOptions {
  /** The account reading: every read of a protection is logged under it. */
  readBy: string;
  plannedStart: LocalDate;
}

export class MatchingRepository {
  private readonly gap: GapRepository;
  private readonly rules: ProvinceRulesRepository;

  constructor(private readonly dataSource: DataSource) {
    this.gap = new GapRepository(dataSource);
    this.rules = new ProvinceRulesRepository(dataSource);
  }

  /** A commune's need in a field (working view); null when the unit is not a commune. */
  async need(unitId: string, fieldId: string): Promise<CommuneNeed | null> {
    const commune = await this.gap.commune(unitId, 'present');
    if (!commune) return null;
    return needOf(
      commune,
      fieldId,
      commune.fields.find((f) => f.fieldId === fieldId),
    );
  }

  /**
   * The ranked candidates for a commune's need in a field: at most `limit`, best first. Null when
   * the unit is not a commune (the caller has checked the field exists).
   */
  async candidates(unitId: string, fieldId: string, options: MatchingOptions & { limit: number }): Promise<CandidateList | null> {
    const commune = await this.need(unitId, fieldId);
    if (!commune) return null;
    const [rules, field] = await Promise.all([this.rules.current(), this.field(fieldId)]);
    const eligibility = rules.eligibility ?? DEFAULT_ELIGIBILITY_RULES;
    const pool = await this.pool(fieldId, 'department', null);
    const ranked = rankPool(pool, { commune, field, eligibility, rules, plannedStart: options.plannedStart });
    const chosen = await chooseEligible(ranked, { limit: options.limit, chunk: READ_CHUNK, eligibility, plannedStart: options.plannedStart }, (ids) =>
      this.readProtections(ids, options.readBy, `matching for ${unitId}`),
    );
    return { commune, plannedStart: options.plannedStart, candidates: candidatesOf(chosen) };
  }

  /** The redistribution view: for each field (or the one given), the greedy pairing of over and short communes with the officials who could move. */
  async redistribution(fieldId: string | undefined, options: MatchingOptions): Promise<RedistributionMove[]> {
    const rules = await this.rules.current();
    const eligibility = rules.eligibility ?? DEFAULT_ELIGIBILITY_RULES;
    const fields = fieldId
      ? [fieldId]
      : (await this.dataSource.query<{ id: string }[]>(`SELECT id FROM secondment.expertise_field ORDER BY position, id COLLATE "C"`)).map((f) => f.id);
    // Officials a commune gives in this view count against its share for the next (across fields).
    const planned = new Map<string, number>();
    const moves: RedistributionMove[] = [];
    for (const field of fields) {
      const gap = await this.gap.province({ view: 'present', fieldId: field });
      const { overs, shorts } = redistributionSides(gap.communes);
      if (overs.length === 0 || shorts.length === 0) continue;
      const pool = await this.pool(
        field,
        'commune',
        overs.map((o) => o.unitId),
      );
      moves.push(
        ...(await pairCommunes({
          fieldId: field,
          overs,
          shorts,
          pool,
          eligibility,
          plannedStart: options.plannedStart,
          planned,
          readProtections: (ids, from, to) => this.readProtections(ids, options.readBy, `redistribution from ${from.unitId} to ${to.unitId}`),
        })),
      );
    }
    return moves;
  }

  /** What a nomination from a suggestion needs; null when there is no such official. */
  async suggestion(unitId: string, officialId: string): Promise<SuggestionFacts | null> {
    const [row] = await this.dataSource.query<
      { id: string; name: string; unit_id: string; field_id: string | null; commune_name: string; name_vi: string | null; name_en: string | null }[]
    >(
      `SELECT o.id, o.full_name AS name, o.unit_id, o.field_id, c.name AS commune_name, f.name_vi, f.name_en
         FROM secondment.official o
         JOIN secondment.org_unit c ON c.id = $1
         LEFT JOIN secondment.expertise_field f ON f.id = o.field_id
        WHERE o.id = $2`,
      [unitId, officialId],
    );
    if (!row) return null;
    const need = row.field_id ? await this.need(unitId, row.field_id) : null;
    return {
      commune: { unitId, name: row.commune_name },
      official: { id: row.id, name: row.name, unitId: row.unit_id, fieldId: row.field_id },
      field: row.field_id && row.name_vi && row.name_en ? { id: row.field_id, nameVi: row.name_vi, nameEn: row.name_en } : null,
      shortBy: need?.shortBy ?? 0,
    };
  }

  /**
   * The officials of a field on the books of units of one kind (or of the units given), not on an
   * open case, each with its unit's staff (officials on its books), those away (open reservations
   * other than transfers) and the unit's own quota in the field.
   */
  private pool(fieldId: string, kind: 'department' | 'commune', unitIds: string[] | null): Promise<PoolOfficial[]> {
    return this.dataSource.query<PoolOfficial[]>(
      `WITH units AS (
         SELECT u.id, u.name FROM secondment.org_unit u WHERE u.kind = $2 AND ($3::text[] IS NULL OR u.id = ANY($3::text[]))
       ),
       staff AS (
         SELECT o.unit_id, count(*)::int AS staff FROM secondment.official o JOIN units u ON u.id = o.unit_id GROUP BY o.unit_id
       ),
       away AS (
         SELECT r.sending_unit_id AS unit_id, count(*)::int AS away
           FROM secondment.case_reservation r JOIN units u ON u.id = r.sending_unit_id
          WHERE ${holdsOfficial('r')} AND r.form <> 'transfer'
          GROUP BY r.sending_unit_id
       )
       SELECT o.id, o.full_name AS name, o.unit_id AS "unitId", u.name AS "unitName", COALESCE(s.staff, 0) AS staff, COALESCE(a.away, 0) AS away,
              q.quota AS "fieldQuota", o.rank, o.employment, o.is_leader AS "isLeader", o.in_leadership_plan AS "inLeadershipPlan",
              o.birth_date::text AS "birthDate", o.gender
         FROM secondment.official o
         JOIN units u ON u.id = o.unit_id
         LEFT JOIN staff s ON s.unit_id = o.unit_id
         LEFT JOIN away a ON a.unit_id = o.unit_id
         LEFT JOIN secondment.staffing_quota q ON q.unit_id = o.unit_id AND q.field_id = o.field_id
        WHERE o.field_id = $1
          AND NOT EXISTS (SELECT 1 FROM secondment.case_reservation r WHERE r.official_id = o.id AND ${holdsOfficial('r')})
          AND NOT EXISTS (SELECT 1 FROM secondment.case_summary cs WHERE cs.official_id = o.id AND cs.closed_at IS NULL)
        ORDER BY o.id COLLATE "C"`,
      [fieldId, kind, unitIds],
    );
  }

  private async field(fieldId: string): Promise<{ nameVi: string; nameEn: string }> {
    const [row] = await this.dataSource.query<{ nameVi: string; nameEn: string }[]>(`SELECT name_vi AS "nameVi", name_en AS "nameEn" FROM secondment.expertise_field WHERE id = $1`, [
      fieldId,
    ]);
    return row ?? { nameVi: fieldId, nameEn: fieldId };
  }

  /** Reads the protection of these officials, logging one read per official with who and why; their last protected day by official. */
  private async readProtections(officialIds: string[], readBy: string, purpose: string): Promise<Map<string, LocalDate>> {
    if (officialIds.length === 0) return new Map();
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`INSERT INTO secondment.personal_data_read (official_id, read_by, purpose) SELECT id, $2, $3 FROM unnest($1::text[]) WITH ORDINALITY AS t(id, n) ORDER BY n`, [
        officialIds,
        readBy,
        purpose,
      ]);
      const rows = await manager.query<{ officialId: string; until: LocalDate }[]>(
        `SELECT official_id AS "officialId", protected_until::text AS until FROM secondment.official_protection WHERE official_id = ANY($1::text[])`,
        [officialIds],
      );
      return new Map(rows.map((row) => [row.officialId, row.until]));
    });
  }
}
