import { addMonths, compareDates, type LocalDate } from './calendar';
import type { Bilingual } from './bilingual';
import type { CaseForm } from './rules';

/**
 * Who may be nominated: the rules that need the registry (the official's facts) and the other cases
 * (one active case per official, the department's share). The decider keeps the rules a case knows
 * by itself (terms, the decision dossier). The API checks these when a nomination is made and again
 * before the decision; matching ranks only officials who pass them.
 */

/** The registry's facts about an official that the rules need, and nothing more. */
export interface OfficialFacts {
  id: string;
  unitId: string;
  employment: 'civil_servant' | 'public_employee';
  isLeader: boolean;
  inLeadershipPlan: boolean;
  birthDate: LocalDate | null;
  gender: 'female' | 'male' | null;
  /**
   * The last day the official is protected from secondment (pregnant, or raising a child under 36
   * months), as Home Affairs recorded it; null when not protected. Sensitive: read only to decide.
   */
  protectedUntil: LocalDate | null;
}

/** The province's settings of these rules, where the law leaves room. */
export interface EligibilityRules {
  /** The share of a department's staff that may be away on secondment at once (percent). */
  departmentMaxSharePercent: number;
  /** Years of service a rotated leader must have left before retirement. */
  rotationMinServiceYears: number;
}

export const DEFAULT_ELIGIBILITY_RULES: EligibilityRules = { departmentMaxSharePercent: 7, rotationMinServiceYears: 10 };

export type EligibilityRule = 'one_active_case' | 'department_share' | 'rotation_leadership_plan' | 'rotation_service_years' | 'protected_parent';

/**
 * Whether `away` officials of a department of `staff` stay within its share: the one test of the
 * department_share rule, for the nomination check and for matching's room alike. In whole numbers:
 * 7 of 100 is exactly 7 %, which a floating-point share would put just above.
 */
export function withinDepartmentShare(away: number, staff: number, maxSharePercent: number): boolean {
  return away * 100 <= maxSharePercent * staff;
}

/** The rules Home Affairs may let pass for one case, with a recorded reason. */
export const OVERRIDABLE_RULES = ['department_share', 'protected_parent'] as const satisfies readonly EligibilityRule[];
export type OverridableRule = (typeof OVERRIDABLE_RULES)[number];

/** Home Affairs lets a rule pass for this case, and says why: part of the proposal's event. */
export interface EligibilityOverride {
  rule: OverridableRule;
  reason: string;
}

export interface EligibilityProblem {
  rule: EligibilityRule;
  legalBasis: string;
  message: Bilingual;
  /** Home Affairs may let it pass with a recorded reason. */
  overridable: boolean;
}

export interface NominationContext {
  form: CaseForm;
  plannedStart: LocalDate;
  /** The official's case that is not closed, other than the one being judged. */
  activeCaseId: string | null;
  /** The sending department's staff on its books and its officials away now or nominated (this one excluded). */
  department: { staff: number; away: number } | null;
  rules: EligibilityRules;
}

const LEGAL_BASIS: Record<EligibilityRule, string> = {
  one_active_case: 'Nghị định 170/2025/NĐ-CP (một công chức chỉ thực hiện một quyết định biệt phái tại một thời điểm)',
  department_share: 'Kế hoạch của UBND tỉnh về biệt phái công chức (tỷ lệ biệt phái của mỗi cơ quan)',
  rotation_leadership_plan: 'Quy định 65-QĐ/TW (chỉ luân chuyển cán bộ lãnh đạo, quản lý trong quy hoạch)',
  rotation_service_years: 'Quy định 65-QĐ/TW (còn đủ thời gian công tác để luân chuyển)',
  protected_parent: 'Luật Cán bộ, công chức 2025; Luật Viên chức (không biệt phái người đang mang thai hoặc nuôi con dưới 36 tháng tuổi)',
};

/**
 * The normal retirement age (Labour Code 2019 art. 169, Decree 135/2020/NĐ-CP): from 2021 it rises
 * by 3 months a year for men to 62 (in 2028) and by 4 months a year for women to 60 (in 2035); the
 * age that applies is the one of the year the official reaches it.
 */
export function retirementDate(birthDate: LocalDate, gender: 'female' | 'male'): LocalDate {
  const [startMonths, stepMonths, finalMonths] = gender === 'male' ? [60 * 12, 3, 62 * 12] : [55 * 12, 4, 60 * 12];
  for (let year = 2021; ; year += 1) {
    const months = Math.min(finalMonths, startMonths + stepMonths * (year - 2020));
    const reached = addMonths(birthDate, months);
    // The age of the year in which it is reached; the final age once the steps end.
    if (Number(reached.slice(0, 4)) <= year || months === finalMonths) return reached;
  }
}

/** Every rule the nomination breaks, each with its legal basis and whether Home Affairs may override it. */
export function eligibilityProblems(official: OfficialFacts, context: NominationContext): EligibilityProblem[] {
  const problems: EligibilityProblem[] = [];
  const add = (rule: EligibilityRule, overridable: boolean, vi: string, en: string) => problems.push({ rule, legalBasis: LEGAL_BASIS[rule], message: { vi, en }, overridable });

  if (context.activeCaseId !== null) {
    add('one_active_case', false, `Công chức đang có hồ sơ ${context.activeCaseId} chưa kết thúc.`, `The official already has case ${context.activeCaseId} open.`);
  }
  if (context.form !== 'transfer' && context.department && context.department.staff > 0) {
    const share = ((context.department.away + 1) / context.department.staff) * 100;
    if (!withinDepartmentShare(context.department.away + 1, context.department.staff, context.rules.departmentMaxSharePercent)) {
      const shown = share.toFixed(1);
      add(
        'department_share',
        true,
        `Cơ quan sẽ có ${context.department.away + 1}/${context.department.staff} công chức đi biệt phái (${shown}%), vượt tỷ lệ ${context.rules.departmentMaxSharePercent}%.`,
        `The department would have ${context.department.away + 1} of ${context.department.staff} staff away (${shown}%), over its ${context.rules.departmentMaxSharePercent}% share.`,
      );
    }
  }
  if (context.form === 'rotation') {
    if (!official.isLeader || !official.inLeadershipPlan) {
      add('rotation_leadership_plan', false, 'Chỉ luân chuyển cán bộ lãnh đạo, quản lý trong quy hoạch.', 'Only leaders and managers in the leadership plan may be rotated.');
    }
    if (!official.birthDate || !official.gender) {
      add('rotation_service_years', false, 'Hồ sơ công chức thiếu ngày sinh hoặc giới tính để tính thời gian công tác còn lại.', "The registry lacks the official's birth date or gender to count the years of service left.");
    } else {
      const retires = retirementDate(official.birthDate, official.gender);
      if (compareDates(addMonths(context.plannedStart, context.rules.rotationMinServiceYears * 12), retires) > 0) {
        add(
          'rotation_service_years',
          false,
          `Công chức nghỉ hưu ngày ${retires}, không còn đủ ${context.rules.rotationMinServiceYears} năm công tác tính từ ngày luân chuyển.`,
          `The official retires on ${retires}: fewer than ${context.rules.rotationMinServiceYears} years of service are left from the rotation.`,
        );
      }
    }
  }
  if (context.form !== 'transfer' && official.protectedUntil !== null && compareDates(official.protectedUntil, context.plannedStart) >= 0) {
    // Certain for public employees; for civil servants until the exact wording is confirmed, Home Affairs may decide with a reason.
    const employee = official.employment === 'public_employee';
    add(
      'protected_parent',
      !employee,
      'Không biệt phái người đang mang thai hoặc nuôi con dưới 36 tháng tuổi.',
      'No secondment of a woman who is pregnant or raising a child under 36 months.',
    );
  }
  return problems;
}
