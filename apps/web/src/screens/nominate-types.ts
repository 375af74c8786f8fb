/**
 * Shapes of the API the nomination and staffing-gap screens read (POST /cases/check,
 * /batch/nominations/check, /registry/officials, /gap…), and the names people read for the rules
 * a check reports. Only what the screens use.
 */
import type { Bilingual } from '@app/domain/labels';
import type { Form, Problem } from '../types';

/** One reason POST /cases would refuse a nomination (POST /cases/check). */
export interface NominationProblem {
  type: string;
  status: number;
  rule: string;
  field?: string;
  messages: Bilingual;
  legalBasis?: string;
  overridable: boolean;
}

export interface NominationCheck {
  ok: boolean;
  problems: NominationProblem[];
}

export interface BatchNominationCheck {
  ok: boolean;
  refused: number;
  results: { index: number; ok: boolean; problems: NominationProblem[] }[];
}

/** The body of POST /cases (and of the check, where position and reason may still be missing). */
export interface NominationBody {
  form: Form;
  officialId: string;
  sendingUnitId?: string;
  receivingUnitId: string;
  position?: string;
  plannedStart: string;
  term?: { months: number; days?: number };
  reason?: string;
  legalBasisOverride?: string;
  eligibilityOverrides?: { rule: OverridableRule; reason: string }[];
}

export type OverridableRule = 'department_share' | 'protected_parent';
export const OVERRIDABLE_RULES: readonly OverridableRule[] = ['department_share', 'protected_parent'];

/** GET /registry/officials */
export interface RegistryOfficial {
  id: string;
  name: string;
  title: string | null;
  unitId: string;
  unitName: string;
  fieldId: string | null;
  rank: string | null;
  employment: string;
  isLeader: boolean;
  inLeadershipPlan: boolean;
  onCase: string | null;
}

export interface RegistryOfficialPage {
  items: RegistryOfficial[];
  total: number;
  page: number;
  pageSize: number;
}

/** GET /registry/units/:unitId/positions */
export interface JobPosition {
  id: string;
  unitId: string;
  name: string;
  fieldId: string | null;
}

/** GET /registry/fields */
export interface ExpertiseField {
  id: string;
  name: Bilingual;
}

export interface GapCounts {
  quota: number;
  onBooks: number;
  secondedIn: number;
  secondedOut: number;
  present: number;
  balance: number;
}

export interface FieldGap extends GapCounts {
  fieldId: string;
  nameVi: string;
  nameEn: string;
}

export interface ProvinceFieldGap extends FieldGap {
  shortCommunes: number;
  shortage: number;
  overCommunes: number;
  surplus: number;
}

export interface CommuneGap extends GapCounts {
  unitId: string;
  name: string;
  category: string;
  difficultArea: boolean;
  shortFields: number;
  overFields: number;
}

/** GET /gap */
export interface ProvinceGap {
  view: 'present' | 'books';
  totals: GapCounts & { communes: number; shortCommunes: number; shortage: number; overCommunes: number; surplus: number; balancedCommunes: number };
  summary: Bilingual;
  byField: ProvinceFieldGap[];
  communes: CommuneGap[];
}

/** GET /gap/communes/:unitId */
export interface CommuneGapDetail extends CommuneGap {
  view: 'present' | 'books';
  status: 'short' | 'over' | 'balanced';
  fields: FieldGap[];
}

export interface MatchReason {
  code: string;
  points: number;
  text: Bilingual;
}

export interface MatchCandidate {
  officialId: string;
  name: string;
  unitId: string;
  unitName: string;
  rank: number;
  grade: string | null;
  score: number;
  reasons: MatchReason[];
}

/** GET /gap/communes/:unitId/candidates */
export interface CandidateList {
  commune: { unitId: string; name: string; difficultArea: boolean; fieldId: string; quota: number; present: number; shortBy: number };
  plannedStart: string;
  candidates: MatchCandidate[];
}

/** A refused batch (422 batch-refused) carries each item's result. */
export interface BatchRefusal extends Problem {
  results?: { index?: number; caseId: string; status: 'done' | 'refused' | 'not_attempted'; problem?: Problem }[];
}

/** What each form means, in one line, and the term it takes. */
export const FORM_HELP: Record<Form, Bilingual> = {
  secondment: {
    vi: 'Cử công chức đến làm việc có thời hạn tại xã, tối đa 36 tháng; vẫn thuộc biên chế của sở cử đi.',
    en: 'Sends the official to work at the commune for a fixed term, at most 36 months; they stay on the sending department’s books.',
  },
  reinforcement: {
    vi: 'Biệt phái ngắn hạn để hỗ trợ xã khi cần gấp: tối đa 6 tháng.',
    en: 'A short secondment to help a commune in need: at most 6 months.',
  },
  rotation: {
    vi: 'Luân chuyển cán bộ lãnh đạo, quản lý trong quy hoạch để rèn luyện: tối thiểu 36 tháng.',
    en: 'Rotates a leader or manager in the leadership plan, for training: at least 36 months.',
  },
  transfer: {
    vi: 'Chuyển hẳn công chức sang đơn vị khác: không có thời hạn.',
    en: 'Moves the official to the other unit for good: no term.',
  },
};

/** The term a form starts with in the form, and the hint beside it. */
export const TERM_DEFAULTS: Record<Form, { months: number | null; hint: Bilingual }> = {
  secondment: { months: 36, hint: { vi: 'Mặc định 36 tháng; dài hơn cần căn cứ pháp lý riêng.', en: '36 months by default; longer needs a specific legal basis.' } },
  reinforcement: { months: 6, hint: { vi: 'Tối đa 6 tháng.', en: 'At most 6 months.' } },
  rotation: { months: 36, hint: { vi: 'Tối thiểu 36 tháng.', en: 'At least 36 months.' } },
  transfer: { months: null, hint: { vi: 'Điều động không có thời hạn.', en: 'A transfer has no term.' } },
};

/** The rules a check may report, as people call them. */
export const RULE_LABELS: Record<string, Bilingual> = {
  required: { vi: 'Thiếu thông tin bắt buộc', en: 'Required information missing' },
  exists: { vi: 'Không có trong danh bạ', en: 'Not in the registry' },
  in_sending_unit: { vi: 'Công chức không thuộc đơn vị cử đi', en: 'Not an official of the sending unit' },
  different_units: { vi: 'Đơn vị nhận trùng đơn vị cử đi', en: 'The receiving unit is the sending unit' },
  transfer_has_no_term: { vi: 'Điều động không có thời hạn', en: 'A transfer has no term' },
  positive_term: { vi: 'Thời hạn phải lớn hơn 0', en: 'The term must be longer than zero' },
  whole_number: { vi: 'Thời hạn không hợp lệ', en: 'The term is not valid' },
  secondment_term_cap: { vi: 'Biệt phái quá 36 tháng', en: 'Secondment over 36 months' },
  reinforcement_term_cap: { vi: 'Tăng cường quá 6 tháng', en: 'Reinforcement over 6 months' },
  rotation_min_term: { vi: 'Luân chuyển dưới 36 tháng', en: 'Rotation under 36 months' },
  rotation_term_cap: { vi: 'Luân chuyển quá thời hạn tối đa', en: 'Rotation over its maximum' },
  one_active_case: { vi: 'Công chức đang có hồ sơ chưa kết thúc', en: 'The official already has an open case' },
  department_share: { vi: 'Vượt tỷ lệ biệt phái của sở', en: 'Over the department’s share' },
  rotation_leadership_plan: { vi: 'Không trong quy hoạch lãnh đạo', en: 'Not in the leadership plan' },
  rotation_service_years: { vi: 'Không còn đủ thời gian công tác', en: 'Too few years of service left' },
  protected_parent: { vi: 'Đang mang thai hoặc nuôi con dưới 36 tháng', en: 'Pregnant or raising a child under 36 months' },
  duplicate_in_batch: { vi: 'Công chức trùng trong danh sách', en: 'The official is twice in the list' },
  not_authorised: { vi: 'Không có thẩm quyền', en: 'Not authorised' },
  own_case: { vi: 'Không được tự đề cử chính mình', en: 'Nobody may nominate themselves' },
};

export function ruleLabel(rule: string): Bilingual {
  return RULE_LABELS[rule] ?? { vi: `Quy định «${rule}»`, en: `Rule “${rule}”` };
}

/** The form's field a problem names, without the batch's `nominations[i].` prefix. */
export function problemField(problem: NominationProblem): string | undefined {
  return problem.field?.replace(/^nominations\[\d+\]\./, '');
}

/** A day `days` after the ISO day `from`. */
export function addDays(from: string, days: number): string {
  const date = new Date(`${from}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}
