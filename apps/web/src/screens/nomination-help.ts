/**
 * What the nomination screens tell people: what each form means and the term it starts with, the
 * rules a check reports as people call them, and the form's field a problem names.
 */
import type { Bilingual } from '@app/domain/bilingual';
import type { Form, NominationProblem } from '../types';

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
