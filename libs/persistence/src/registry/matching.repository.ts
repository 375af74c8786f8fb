import {
  addMonths,
  ageOn,
  compareDates,
  DEFAULT_ELIGIBILITY_RULES,
  eligibilityProblems,
  retirementDate,
  type Bilingual,
  type CaseRules,
  type EligibilityRules,
  type LocalDate,
  type OfficialFacts,
} from '@app/domain';
import type { DataSource } from 'typeorm';
import { holdsOfficial } from './eligibility.repository';
import { ProvinceRulesRepository } from '../cases/province-rules.repository';
import { GapRepository } from './gap.repository';

/**
 * Matching: who could fill a commune's shortage in a field of expertise, ranked with the reasons
 * for the rank, and the redistribution view (officials of communes over their quota in a field who
 * could go to communes short in it).
 *
 * Who is a candidate (both views)
 * - an official of the field, on the books of a sending unit: a department (or agency) for a
 *   commune's candidates, a commune over in the field for redistribution;
 * - not on an open case: no unreleased reservation (secondment.case_reservation, released_at IS
 *   NULL) and no case_summary row that is not closed;
 * - eligible for a secondment starting on the planned start (30 days from today unless the caller
 *   says otherwise): no problem from eligibilityProblems with form 'secondment' and the province's
 *   current eligibility rules, the sending unit's share included (its staff on its books, and its
 *   open reservations other than transfers as those away). A unit without room in its share is
 *   dropped before anything sensitive is read; the protection (pregnancy, child under 36 months) is
 *   then read only for the officials about to be listed, in rank order, each read logged in
 *   secondment.personal_data_read (who, why) in the transaction that reads it.
 *
 * The gap is the working view ('present', GapRepository): a commune's shortBy in a field is
 * max(0, quota − present), its over is max(0, present − quota).
 *
 * The score of a commune's candidate (integer points, higher first; ties by official id), each part
 * a reason in the answer (see MATCHING_POINTS):
 * - share_room: 10 per place left in the sending department's share (places it may still second
 *   before the share is reached, this one included), at most 10 places: the department that loses
 *   least by sending goes first;
 * - field_surplus: 5 per official of the field the department keeps at home above its own quota in
 *   that field (no quota row: every one of them counts), at most 10: a department with a deep bench
 *   in the field first;
 * - grade (ngạch): chuyên viên cao cấp (and equivalent, '… cao cấp') 30, chuyên viên chính ('… chính')
 *   20, chuyên viên (and other '… viên' grades) 10, cán sự, nhân viên or none 0;
 * - experience: only for a commune in a remote/difficult area, 15 for an official aged 35 or more
 *   on the planned start (age stands for experience: the registry keeps no service record);
 * - retires_during_term: −20 for an official whose normal retirement date falls before the end of a
 *   term of the province's default secondment length from the planned start.
 *
 * Redistribution pairs, per field (in the province's field order), the communes over in it (most
 * over first, ties by unit id) with the communes short in it (most short first, ties by unit id),
 * greedily: the most over gives to the most short as many officials as the smaller of what the one
 * has over, what the other lacks and what the giving commune's share still allows, then the next;
 * a commune's share is spent across fields. The officials a commune gives are its eligible ones of
 * the field in id order.
 */

/** The points of each part of a candidate's score. */
export const MATCHING_POINTS = {
  /** Per place left in the sending department's share, counted up to `shareRoomCap` places. */
  shareRoomPerPlace: 10,
  shareRoomCap: 10,
  /** Per official of the field the department keeps at home above its own quota, up to `fieldSurplusCap`. */
  fieldSurplusPerOfficial: 5,
  fieldSurplusCap: 10,
  grade: { senior: 30, principal: 20, specialist: 10, other: 0 },
  /** A commune in a remote/difficult area prefers officials at least this old on the planned start. */
  experiencedAge: 35,
  experience: 15,
  retiresDuringTerm: -20,
} as const;

/** How many protections are read at once while walking down the ranking. */
const READ_CHUNK = 25;

export interface MatchReason {
  code: 'share_room' | 'field_surplus' | 'grade' | 'experience' | 'retires_during_term';
  points: number;
  text: Bilingual;
}

export interface MatchCandidate {
  officialId: string;
  name: string;
  unitId: string;
  unitName: string;
  /** The place in the ranking, from 1. */
  rank: number;
  /** The civil-service grade (ngạch) in the registry, e.g. Chuyên viên chính; null when none is recorded. */
  grade: string | null;
  score: number;
  reasons: MatchReason[];
}

export interface CommuneNeed {
  unitId: string;
  name: string;
  difficultArea: boolean;
  fieldId: string;
  quota: number;
  present: number;
  /** max(0, quota − present): 0 when the commune is not short in the field. */
  shortBy: number;
}

export interface CandidateList {
  commune: CommuneNeed;
  /** The start the eligibility was judged for. */
  plannedStart: LocalDate;
  candidates: MatchCandidate[];
}

export interface RedistributionMove {
  fieldId: string;
  from: { unitId: string; name: string; over: number };
  to: { unitId: string; name: string; short: number };
  officials: { officialId: string; name: string }[];
}

/** What a nomination from a suggestion needs: the commune, the official, the field and the shortage. */
export interface SuggestionFacts {
  commune: { unitId: string; name: string };
  official: { id: string; name: string; unitId: string; fieldId: string | null };
  field: { id: string; nameVi: string; nameEn: string } | null;
  /** The commune's shortage in the official's field (working view); 0 when not short or no field. */
  shortBy: number;
}

export interface MatchingOptions {
  /** The account reading: every read of a protection is logged under it. */
  readBy: string;
  plannedStart: LocalDate;
}

/** One official of the pool, as SQL gives it: not on an open case, with the sending unit's counts. */
interface PoolRow {
  id: string;
  name: string;
  unit_id: string;
  unit_name: string;
  staff: number;
  away: number;
  field_quota: number | null;
  rank: string | null;
  employment: OfficialFacts['employment'];
  is_leader: boolean;
  in_leadership_plan: boolean;
  birth_date: LocalDate | null;
  gender: OfficialFacts['gender'];
}

const NUMBER_VI = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 2 });
const NUMBER_EN = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

/**
 * How many more officials a unit may send before its share is passed: the k ≥ 0 such that
 * (away + k) / staff is within the share and (away + k + 1) / staff is not, computed with the same
 * arithmetic as eligibilityProblems so the two never disagree.
 */
export function shareRoom(staff: number, away: number, maxSharePercent: number): number {
  if (staff <= 0) return 0;
  const within = (n: number) => (n / staff) * 100 <= maxSharePercent;
  let most = Math.max(0, Math.floor((staff * maxSharePercent) / 100));
  while (within(most + 1)) most += 1;
  while (most > 0 && !within(most)) most -= 1;
  return Math.max(0, most - away);
}

/** The grade's class: '… cao cấp' senior, '… chính' principal, '… viên' specialist, anything else other. */
export function gradeClass(rank: string | null): keyof (typeof MATCHING_POINTS)['grade'] {
  if (!rank) return 'other';
  const text = rank.normalize('NFC').trim().toLowerCase();
  if (/cao cấp$/.test(text)) return 'senior';
  if (/ chính$/.test(text)) return 'principal';
  if (/^(cán sự|nhân viên)/.test(text)) return 'other';
  if (/viên$/.test(text)) return 'specialist';
  return 'other';
}

const GRADE_LABELS: Record<keyof (typeof MATCHING_POINTS)['grade'], Bilingual> = {
  senior: { vi: 'ngạch cao cấp', en: 'senior grade' },
  principal: { vi: 'ngạch chính', en: 'principal grade' },
  specialist: { vi: 'ngạch chuyên viên', en: 'specialist grade' },
  other: { vi: 'ngạch cán sự hoặc chưa ghi ngạch', en: 'clerk grade or none recorded' },
};


function factsOf(row: PoolRow, protectedUntil: LocalDate | null): OfficialFacts {
  return {
    id: row.id,
    unitId: row.unit_id,
    employment: row.employment,
    isLeader: row.is_leader,
    inLeadershipPlan: row.in_leadership_plan,
    birthDate: row.birth_date,
    gender: row.gender,
    protectedUntil,
  };
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
    const cell = commune.fields.find((f) => f.fieldId === fieldId);
    const quota = cell?.quota ?? 0;
    const present = cell?.present ?? 0;
    return { unitId: commune.unitId, name: commune.name, difficultArea: commune.difficultArea, fieldId, quota, present, shortBy: Math.max(0, quota - present) };
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

    // The field's officials each department keeps at home: the pool is exactly them.
    const atHome = new Map<string, number>();
    for (const row of pool) atHome.set(row.unit_id, (atHome.get(row.unit_id) ?? 0) + 1);

    const scored = pool
      .map((row) => ({ row, room: shareRoom(row.staff, row.away, eligibility.departmentMaxSharePercent) }))
      // No room in the share: refused whatever the rest, so nothing sensitive is read for them.
      .filter((item) => item.room > 0)
      .map(({ row, room }) => {
        const reasons = this.reasons(row, room, atHome.get(row.unit_id) ?? 0, commune, field, eligibility, rules, options.plannedStart);
        return { row, reasons, score: reasons.reduce((sum, r) => sum + r.points, 0) };
      })
      .sort((a, b) => b.score - a.score || (a.row.id < b.row.id ? -1 : a.row.id > b.row.id ? 1 : 0));

    // Down the ranking, reading protections only for as many as are still missing from the list.
    const chosen: typeof scored = [];
    let next = 0;
    while (next < scored.length && chosen.length < options.limit) {
      const chunk = scored.slice(next, next + Math.min(READ_CHUNK, options.limit - chosen.length));
      next += chunk.length;
      const protections = await this.readProtections(
        chunk.map((item) => item.row.id),
        options.readBy,
        `matching for ${unitId}`,
      );
      for (const item of chunk) {
        if (this.eligible(item.row, protections.get(item.row.id) ?? null, eligibility, options.plannedStart, 0)) chosen.push(item);
      }
    }

    return {
      commune,
      plannedStart: options.plannedStart,
      candidates: chosen.map((item, i) => ({
        officialId: item.row.id,
        name: item.row.name,
        unitId: item.row.unit_id,
        unitName: item.row.unit_name,
        rank: i + 1,
        grade: item.row.rank,
        score: item.score,
        reasons: item.reasons,
      })),
    };
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
      const byId = (a: { unitId: string }, b: { unitId: string }) => (a.unitId < b.unitId ? -1 : a.unitId > b.unitId ? 1 : 0);
      const overs = gap.communes
        .filter((c) => c.balance > 0)
        .map((c) => ({ unitId: c.unitId, name: c.name, over: c.balance, left: c.balance }))
        .sort((a, b) => b.over - a.over || byId(a, b));
      const shorts = gap.communes
        .filter((c) => c.balance < 0)
        .map((c) => ({ unitId: c.unitId, name: c.name, short: -c.balance, left: -c.balance }))
        .sort((a, b) => b.short - a.short || byId(a, b));
      if (overs.length === 0 || shorts.length === 0) continue;

      const pool = await this.pool(
        field,
        'commune',
        overs.map((o) => o.unitId),
      );
      const byUnit = new Map<string, PoolRow[]>();
      for (const row of [...pool].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) byUnit.set(row.unit_id, [...(byUnit.get(row.unit_id) ?? []), row]);

      let i = 0;
      let j = 0;
      while (i < overs.length && j < shorts.length) {
        const from = overs[i];
        const to = shorts[j];
        const waiting = byUnit.get(from.unitId) ?? [];
        const first = waiting[0];
        const room = first ? shareRoom(first.staff, first.away + (planned.get(from.unitId) ?? 0), eligibility.departmentMaxSharePercent) : 0;
        const wanted = Math.min(from.left, to.left, room);
        if (wanted === 0) {
          i += 1;
          continue;
        }
        const picked: PoolRow[] = [];
        while (picked.length < wanted && waiting.length > 0) {
          const chunk = waiting.splice(0, wanted - picked.length);
          const protections = await this.readProtections(
            chunk.map((row) => row.id),
            options.readBy,
            `redistribution from ${from.unitId} to ${to.unitId}`,
          );
          for (const row of chunk) {
            if (this.eligible(row, protections.get(row.id) ?? null, eligibility, options.plannedStart, (planned.get(from.unitId) ?? 0) + picked.length)) picked.push(row);
          }
        }
        if (picked.length > 0) {
          moves.push({
            fieldId: field,
            from: { unitId: from.unitId, name: from.name, over: from.over },
            to: { unitId: to.unitId, name: to.name, short: to.short },
            officials: picked.map((row) => ({ officialId: row.id, name: row.name })),
          });
          planned.set(from.unitId, (planned.get(from.unitId) ?? 0) + picked.length);
          from.left -= picked.length;
          to.left -= picked.length;
        }
        // A commune with no one left to give (or none eligible) is done; so is a commune no longer short.
        if (picked.length < wanted || from.left === 0) i += 1;
        if (to.left === 0) j += 1;
      }
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
  private pool(fieldId: string, kind: 'department' | 'commune', unitIds: string[] | null): Promise<PoolRow[]> {
    return this.dataSource.query<PoolRow[]>(
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
       SELECT o.id, o.full_name AS name, o.unit_id, u.name AS unit_name, COALESCE(s.staff, 0) AS staff, COALESCE(a.away, 0) AS away,
              q.quota AS field_quota, o.rank, o.employment, o.is_leader, o.in_leadership_plan, o.birth_date::text AS birth_date, o.gender
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

  /** No eligibility problem for a secondment from the official's unit, with `alsoAway` more of its officials counted as away. */
  private eligible(row: PoolRow, protectedUntil: LocalDate | null, rules: EligibilityRules, plannedStart: LocalDate, alsoAway: number): boolean {
    const problems = eligibilityProblems(factsOf(row, protectedUntil), {
      form: 'secondment',
      plannedStart,
      activeCaseId: null,
      department: { staff: row.staff, away: row.away + alsoAway },
      rules,
    });
    return problems.length === 0;
  }

  /** The parts of a candidate's score, each with its points and its words. */
  private reasons(
    row: PoolRow,
    room: number,
    atHome: number,
    commune: CommuneNeed,
    field: { nameVi: string; nameEn: string },
    eligibility: EligibilityRules,
    rules: CaseRules,
    plannedStart: LocalDate,
  ): MatchReason[] {
    const P = MATCHING_POINTS;
    const reasons: MatchReason[] = [];
    const maxVi = NUMBER_VI.format(eligibility.departmentMaxSharePercent);
    const maxEn = NUMBER_EN.format(eligibility.departmentMaxSharePercent);

    reasons.push({
      code: 'share_room',
      points: P.shareRoomPerPlace * Math.min(room, P.shareRoomCap),
      text: {
        vi: `${row.unit_name} còn được cử thêm ${room} người trong tỷ lệ biệt phái ${maxVi}% (đang có ${row.away}/${row.staff} người đi biệt phái hoặc đang được đề xuất).`,
        en: `${row.unit_name} may still send ${room} more within its ${maxEn}% share (${row.away} of ${row.staff} away or nominated now).`,
      },
    });

    const surplus = Math.max(0, atHome - (row.field_quota ?? 0));
    const quotaVi = row.field_quota === null ? 'không giao định biên riêng cho lĩnh vực này' : `định biên ${row.field_quota}`;
    const quotaEn = row.field_quota === null ? 'no quota of its own for the field' : `a quota of ${row.field_quota}`;
    reasons.push({
      code: 'field_surplus',
      points: P.fieldSurplusPerOfficial * Math.min(surplus, P.fieldSurplusCap),
      text: {
        vi: `${row.unit_name} có ${atHome} công chức lĩnh vực ${field.nameVi} đang làm việc tại đơn vị, ${quotaVi}: dôi ${surplus} người.`,
        en: `${row.unit_name} has ${atHome} officials of ${field.nameEn} at work at home and ${quotaEn}: ${surplus} above it.`,
      },
    });

    const grade = gradeClass(row.rank);
    reasons.push({
      code: 'grade',
      points: P.grade[grade],
      text: {
        vi: row.rank ? `Ngạch ${row.rank} (${GRADE_LABELS[grade].vi}).` : 'Sổ đăng ký chưa ghi ngạch.',
        en: row.rank ? `Grade ${row.rank} (${GRADE_LABELS[grade].en}).` : 'The registry records no grade.',
      },
    });

    if (commune.difficultArea) {
      const age = row.birth_date ? ageOn(row.birth_date, plannedStart) : null;
      const experienced = age !== null && age >= P.experiencedAge;
      reasons.push({
        code: 'experience',
        points: experienced ? P.experience : 0,
        text:
          age === null
            ? { vi: `${commune.name} thuộc vùng khó khăn, ưu tiên người có kinh nghiệm; sổ đăng ký chưa ghi ngày sinh.`, en: `${commune.name} is in a difficult area and prefers experienced officials; the registry records no birth date.` }
            : experienced
              ? { vi: `${commune.name} thuộc vùng khó khăn, ưu tiên người có kinh nghiệm: ${age} tuổi khi bắt đầu.`, en: `${commune.name} is in a difficult area and prefers experienced officials: ${age} years old at the start.` }
              : {
                  vi: `${commune.name} thuộc vùng khó khăn, ưu tiên người có kinh nghiệm (từ ${P.experiencedAge} tuổi): ${age} tuổi khi bắt đầu.`,
                  en: `${commune.name} is in a difficult area and prefers experienced officials (${P.experiencedAge} or older): ${age} at the start.`,
                },
      });
    }

    const termMonths = rules.terms.secondment.defaultMonths ?? 36;
    if (row.birth_date && row.gender) {
      const retires = retirementDate(row.birth_date, row.gender);
      const termEnd = addMonths(plannedStart, termMonths);
      if (compareDates(retires, termEnd) < 0) {
        reasons.push({
          code: 'retires_during_term',
          points: P.retiresDuringTerm,
          text: {
            vi: `Nghỉ hưu ngày ${retires}, trước khi hết thời hạn biệt phái ${termMonths} tháng (${termEnd}).`,
            en: `Retires on ${retires}, before a ${termMonths}-month secondment would end (${termEnd}).`,
          },
        });
      }
    }
    return reasons;
  }
}
