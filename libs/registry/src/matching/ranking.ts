import {
  addMonths,
  ageOn,
  compareDates,
  eligibilityProblems,
  retirementDate,
  withinDepartmentShare,
  type Bilingual,
  type CaseRules,
  type EligibilityRules,
  type LocalDate,
  type OfficialFacts,
} from '@app/domain';
import { shortBy } from '../gap/gap';

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
 * The gap is the working view ('present'): a commune's shortBy in a field is
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
 * The redistribution view pairs communes over and short in a field: see ./redistribution.
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

/** What a nomination from a suggestion needs: the commune, the official, the field and the shortage. */
export interface SuggestionFacts {
  commune: { unitId: string; name: string };
  official: { id: string; name: string; unitId: string; fieldId: string | null };
  field: { id: string; nameVi: string; nameEn: string } | null;
  /** The commune's shortage in the official's field (working view); 0 when not short or no field. */
  shortBy: number;
}

/** One official of the pool: not on an open case, with the sending unit's counts. */
export interface PoolOfficial {
  id: string;
  name: string;
  unitId: string;
  unitName: string;
  /** Officials on the unit's books. */
  staff: number;
  /** The unit's officials away or nominated (open reservations other than transfers). */
  away: number;
  /** The unit's own quota in the field; null when it has no quota row for it. */
  fieldQuota: number | null;
  rank: string | null;
  employment: OfficialFacts['employment'];
  isLeader: boolean;
  inLeadershipPlan: boolean;
  birthDate: LocalDate | null;
  gender: OfficialFacts['gender'];
}

/** A commune's need in a field from its gap cell (working view); a field with no cell is quota 0, present 0. */
export function needOf(commune: { unitId: string; name: string; difficultArea: boolean }, fieldId: string, cell?: { quota: number; present: number }): CommuneNeed {
  const quota = cell?.quota ?? 0;
  const present = cell?.present ?? 0;
  return { unitId: commune.unitId, name: commune.name, difficultArea: commune.difficultArea, fieldId, quota, present, shortBy: shortBy(quota, present) };
}

/**
 * How many more officials a unit may send before its share is passed: the k ≥ 0 such that
 * (away + k) / staff is within the share and (away + k + 1) / staff is not, computed with the same
 * test as the department_share rule (withinDepartmentShare), so the two never disagree.
 */
export function shareRoom(staff: number, away: number, maxSharePercent: number): number {
  if (staff <= 0) return 0;
  const within = (n: number) => withinDepartmentShare(n, staff, maxSharePercent);
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

/** Order by id, as PostgreSQL's "C" collation does. */
export function byId(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** No eligibility problem for a secondment from the official's unit, with `alsoAway` more of its officials counted as away. */
export function isEligible(official: PoolOfficial, protectedUntil: LocalDate | null, rules: EligibilityRules, plannedStart: LocalDate, alsoAway: number): boolean {
  const facts: OfficialFacts = {
    id: official.id,
    unitId: official.unitId,
    employment: official.employment,
    isLeader: official.isLeader,
    inLeadershipPlan: official.inLeadershipPlan,
    birthDate: official.birthDate,
    gender: official.gender,
    protectedUntil,
  };
  const problems = eligibilityProblems(facts, {
    form: 'secondment',
    plannedStart,
    activeCaseId: null,
    department: { staff: official.staff, away: official.away + alsoAway },
    rules,
  });
  return problems.length === 0;
}

/** What the score of a commune's candidates depends on besides the official. */
export interface RankingContext {
  commune: CommuneNeed;
  field: { nameVi: string; nameEn: string };
  eligibility: EligibilityRules;
  rules: CaseRules;
  plannedStart: LocalDate;
}

export interface ScoredOfficial {
  official: PoolOfficial;
  reasons: MatchReason[];
  score: number;
}

/**
 * The pool of a commune's candidates ranked, best first (ties by official id): each official
 * whose unit has room in its share, with the parts of its score. The field's officials a
 * department keeps at home are its officials in the pool. Protection is not read yet: the caller
 * walks down the ranking and drops those it makes ineligible.
 */
export function rankPool(pool: readonly PoolOfficial[], context: RankingContext): ScoredOfficial[] {
  const atHome = new Map<string, number>();
  for (const official of pool) atHome.set(official.unitId, (atHome.get(official.unitId) ?? 0) + 1);
  return (
    pool
      .map((official) => ({ official, room: shareRoom(official.staff, official.away, context.eligibility.departmentMaxSharePercent) }))
      // No room in the share: refused whatever the rest, so nothing sensitive is read for them.
      .filter((item) => item.room > 0)
      .map(({ official, room }) => {
        const reasons = candidateReasons(official, room, atHome.get(official.unitId) ?? 0, context);
        return { official, reasons, score: reasons.reduce((sum, r) => sum + r.points, 0) };
      })
      .sort((a, b) => b.score - a.score || byId(a.official.id, b.official.id))
  );
}

/** The chosen officials as the answer lists them, ranked from 1. */
export function candidatesOf(chosen: readonly ScoredOfficial[]): MatchCandidate[] {
  return chosen.map((item, i) => ({
    officialId: item.official.id,
    name: item.official.name,
    unitId: item.official.unitId,
    unitName: item.official.unitName,
    rank: i + 1,
    grade: item.official.rank,
    score: item.score,
    reasons: item.reasons,
  }));
}

const NUMBER_VI = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 2 });
const NUMBER_EN = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

/** The parts of a candidate's score, each with its points and its words. */
export function candidateReasons(official: PoolOfficial, room: number, atHome: number, context: RankingContext): MatchReason[] {
  const reasons = [shareRoomReason(official, room, context.eligibility), fieldSurplusReason(official, atHome, context.field), gradeReason(official)];
  if (context.commune.difficultArea) reasons.push(experienceReason(official, context.commune, context.plannedStart));
  const retires = retirementReason(official, context.rules, context.plannedStart);
  if (retires) reasons.push(retires);
  return reasons;
}

function shareRoomReason(official: PoolOfficial, room: number, eligibility: EligibilityRules): MatchReason {
  const maxVi = NUMBER_VI.format(eligibility.departmentMaxSharePercent);
  const maxEn = NUMBER_EN.format(eligibility.departmentMaxSharePercent);
  return {
    code: 'share_room',
    points: MATCHING_POINTS.shareRoomPerPlace * Math.min(room, MATCHING_POINTS.shareRoomCap),
    text: {
      vi: `${official.unitName} còn được cử thêm ${room} người trong tỷ lệ biệt phái ${maxVi}% (đang có ${official.away}/${official.staff} người đi biệt phái hoặc đang được đề xuất).`,
      en: `${official.unitName} may still send ${room} more within its ${maxEn}% share (${official.away} of ${official.staff} away or nominated now).`,
    },
  };
}

function fieldSurplusReason(official: PoolOfficial, atHome: number, field: RankingContext['field']): MatchReason {
  const surplus = Math.max(0, atHome - (official.fieldQuota ?? 0));
  const quotaVi = official.fieldQuota === null ? 'không giao định biên riêng cho lĩnh vực này' : `định biên ${official.fieldQuota}`;
  const quotaEn = official.fieldQuota === null ? 'no quota of its own for the field' : `a quota of ${official.fieldQuota}`;
  return {
    code: 'field_surplus',
    points: MATCHING_POINTS.fieldSurplusPerOfficial * Math.min(surplus, MATCHING_POINTS.fieldSurplusCap),
    text: {
      vi: `${official.unitName} có ${atHome} công chức lĩnh vực ${field.nameVi} đang làm việc tại đơn vị, ${quotaVi}: dôi ${surplus} người.`,
      en: `${official.unitName} has ${atHome} officials of ${field.nameEn} at work at home and ${quotaEn}: ${surplus} above it.`,
    },
  };
}

function gradeReason(official: PoolOfficial): MatchReason {
  const grade = gradeClass(official.rank);
  return {
    code: 'grade',
    points: MATCHING_POINTS.grade[grade],
    text: {
      vi: official.rank ? `Ngạch ${official.rank} (${GRADE_LABELS[grade].vi}).` : 'Sổ đăng ký chưa ghi ngạch.',
      en: official.rank ? `Grade ${official.rank} (${GRADE_LABELS[grade].en}).` : 'The registry records no grade.',
    },
  };
}

function experienceReason(official: PoolOfficial, commune: CommuneNeed, plannedStart: LocalDate): MatchReason {
  const P = MATCHING_POINTS;
  const age = official.birthDate ? ageOn(official.birthDate, plannedStart) : null;
  const experienced = age !== null && age >= P.experiencedAge;
  return {
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
  };
}

function retirementReason(official: PoolOfficial, rules: CaseRules, plannedStart: LocalDate): MatchReason | null {
  if (!official.birthDate || !official.gender) return null;
  const termMonths = rules.terms.secondment.defaultMonths ?? 36;
  const retires = retirementDate(official.birthDate, official.gender);
  const termEnd = addMonths(plannedStart, termMonths);
  if (compareDates(retires, termEnd) >= 0) return null;
  return {
    code: 'retires_during_term',
    points: MATCHING_POINTS.retiresDuringTerm,
    text: {
      vi: `Nghỉ hưu ngày ${retires}, trước khi hết thời hạn biệt phái ${termMonths} tháng (${termEnd}).`,
      en: `Retires on ${retires}, before a ${termMonths}-month secondment would end (${termEnd}).`,
    },
  };
}

/**
 * Down the ranking, `limit` officials who are eligible once their protection is known: the
 * protections are read `chunk` at a time, and only for as many as are still missing from the list.
 */
export async function chooseEligible(
  ranked: readonly ScoredOfficial[],
  options: { limit: number; chunk: number; eligibility: EligibilityRules; plannedStart: LocalDate },
  readProtections: (officialIds: string[]) => Promise<Map<string, LocalDate>>,
): Promise<ScoredOfficial[]> {
  const chosen: ScoredOfficial[] = [];
  let next = 0;
  while (next < ranked.length && chosen.length < options.limit) {
    const chunk = ranked.slice(next, next + Math.min(options.chunk, options.limit - chosen.length));
    next += chunk.length;
    const protections = await readProtections(chunk.map((item) => item.official.id));
    for (const item of chunk) {
      if (isEligible(item.official, protections.get(item.official.id) ?? null, options.eligibility, options.plannedStart, 0)) chosen.push(item);
    }
  }
  return chosen;
}
