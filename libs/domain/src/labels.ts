import type { Outcome, Role, Stage } from './case';
import type { EvaluationRating, HumanCommandType, ReportKind } from './commands';
import type { EventType } from './events';
import type { CaseForm } from './rules';
import type { Bilingual, Language } from './bilingual';

/** What people call each stage, form, outcome and action: one source for the API, exports and messages. */
export const STAGE_LABELS: Record<Stage | 'new', Bilingual> = {
  new: { vi: 'chưa đề xuất', en: 'not yet proposed' },
  proposed: { vi: 'đề xuất (chờ người đề xuất chỉnh sửa)', en: 'proposed (with the proposer for changes)' },
  department_review: { vi: 'thủ trưởng sở xem xét', en: 'department review' },
  home_affairs_appraisal: { vi: 'Sở Nội vụ thẩm định', en: 'Home Affairs appraisal' },
  party_committee_approval: { vi: 'Ban Thường vụ cho ý kiến', en: 'Party committee approval' },
  awaiting_decision: { vi: 'chờ ban hành quyết định', en: 'awaiting the decision' },
  decision_issued: { vi: 'đã có quyết định, chờ tiếp nhận', en: 'decision issued, awaiting arrival' },
  posted: { vi: 'đã tiếp nhận, chờ ngày hiệu lực', en: 'arrived, awaiting the effective date' },
  serving: { vi: 'đang công tác', en: 'serving' },
  ending: { vi: 'sắp hết thời hạn', en: 'term ending' },
  returned: { vi: 'đã trở về', en: 'returned' },
  closed: { vi: 'đã kết thúc', en: 'closed' },
};

export const ROLE_LABELS: Record<Role, Bilingual> = {
  hr_officer: { vi: 'cán bộ tổ chức của sở', en: 'HR officers' },
  department_head: { vi: 'thủ trưởng sở', en: 'department heads' },
  home_affairs_officer: { vi: 'cán bộ Sở Nội vụ', en: 'Home Affairs officers' },
  party_secretariat: { vi: 'Văn phòng Tỉnh ủy', en: 'the Party committee secretariat' },
  commune_leader: { vi: 'lãnh đạo xã, phường', en: 'commune leaders' },
  official: { vi: 'công chức', en: 'officials' },
  auditor: { vi: 'thanh tra', en: 'auditors' },
  system: { vi: 'hệ thống', en: 'the system' },
};

export const FORM_LABELS: Record<CaseForm, Bilingual> = {
  secondment: { vi: 'Biệt phái', en: 'Secondment' },
  reinforcement: { vi: 'Tăng cường', en: 'Reinforcement' },
  rotation: { vi: 'Luân chuyển', en: 'Rotation' },
  transfer: { vi: 'Điều động', en: 'Transfer' },
};

export const OUTCOME_LABELS: Record<Outcome, Bilingual> = {
  returned: { vi: 'đã trở về', en: 'returned' },
  transferred: { vi: 'đã điều động', en: 'transferred' },
  rejected: { vi: 'không được chấp thuận', en: 'rejected' },
  withdrawn: { vi: 'đã rút', en: 'withdrawn' },
  revoked: { vi: 'quyết định bị thu hồi', en: 'decision revoked' },
};

export const ACTION_LABELS: Record<HumanCommandType, Bilingual> = {
  approve: { vi: 'phê duyệt', en: 'approve' },
  reject: { vi: 'không chấp thuận', en: 'reject' },
  returnForChanges: { vi: 'trả lại để chỉnh sửa', en: 'return for changes' },
  resubmit: { vi: 'chỉnh sửa và gửi lại', en: 'revise and resubmit' },
  withdraw: { vi: 'rút đề xuất', en: 'withdraw' },
  recordPartyOpinion: { vi: 'ghi nhận ý kiến Ban Thường vụ', en: "record the Party committee's opinion" },
  issueDecision: { vi: 'ban hành quyết định', en: 'issue the decision' },
  correctDecision: { vi: 'đính chính quyết định', en: 'correct the decision' },
  revokeDecision: { vi: 'thu hồi quyết định', en: 'revoke the decision' },
  confirmArrival: { vi: 'xác nhận tiếp nhận', en: 'confirm arrival' },
  recordEvaluation: { vi: 'ghi nhận đánh giá', en: 'record the evaluation' },
  submitReport: { vi: 'nộp báo cáo', en: 'submit a report' },
  extend: { vi: 'gia hạn', en: 'extend the term' },
  recallEarly: { vi: 'kết thúc trước hạn', en: 'recall early' },
  decideEnd: { vi: 'quyết định kết thúc', en: 'decide the end' },
  confirmReturn: { vi: 'xác nhận trở về', en: 'confirm the return' },
};

export const RATING_LABELS: Record<EvaluationRating, Bilingual> = {
  excellent: { vi: 'hoàn thành xuất sắc nhiệm vụ', en: 'excellent' },
  good: { vi: 'hoàn thành tốt nhiệm vụ', en: 'good' },
  satisfactory: { vi: 'hoàn thành nhiệm vụ', en: 'satisfactory' },
  unsatisfactory: { vi: 'không hoàn thành nhiệm vụ', en: 'unsatisfactory' },
};

export const REPORT_LABELS: Record<ReportKind, Bilingual> = {
  weekly: { vi: 'tuần', en: 'weekly' },
  periodic: { vi: 'định kỳ', en: 'periodic' },
  final: { vi: 'tổng kết', en: 'final' },
};

/** What each event of a case is called in its timeline (a past act: who did what). */
export const EVENT_LABELS: Record<EventType, Bilingual> = {
  CaseProposed: { vi: 'đề xuất', en: 'nominated' },
  StageApproved: { vi: 'phê duyệt', en: 'approved' },
  CaseRejected: { vi: 'không chấp thuận', en: 'rejected' },
  ReturnedForChanges: { vi: 'trả lại để chỉnh sửa', en: 'returned for changes' },
  ProposalResubmitted: { vi: 'chỉnh sửa và gửi lại', en: 'revised and resubmitted' },
  CaseWithdrawn: { vi: 'rút đề xuất', en: 'withdrawn' },
  PartyOpinionRecorded: { vi: 'ghi nhận ý kiến Ban Thường vụ', en: "the Party committee's opinion recorded" },
  DecisionIssued: { vi: 'ban hành quyết định', en: 'decision issued' },
  DecisionCorrected: { vi: 'đính chính quyết định', en: 'decision corrected' },
  DecisionRevoked: { vi: 'thu hồi quyết định', en: 'decision revoked' },
  ArrivalConfirmed: { vi: 'xác nhận tiếp nhận', en: 'arrival confirmed' },
  TermStarted: { vi: 'bắt đầu thời hạn công tác', en: 'term started' },
  EvaluationRecorded: { vi: 'ghi nhận đánh giá', en: 'evaluation recorded' },
  ReportSubmitted: { vi: 'nộp báo cáo', en: 'report submitted' },
  TermExtended: { vi: 'gia hạn thời hạn công tác', en: 'term extended' },
  EarlyRecallDecided: { vi: 'quyết định kết thúc trước hạn', en: 'early recall decided' },
  EndDecided: { vi: 'quyết định kết thúc thời hạn', en: 'end of the term decided' },
  TermCompleted: { vi: 'hết thời hạn công tác', en: 'term completed' },
  ReturnConfirmed: { vi: 'xác nhận trở về đơn vị cũ', en: 'return confirmed' },
  CaseClosed: { vi: 'kết thúc hồ sơ', en: 'case closed' },
  StageDeadlinePassed: { vi: 'quá hạn xử lý', en: 'step deadline passed' },
  TermEndReminderDue: { vi: 'nhắc sắp hết thời hạn', en: 'term-end reminder' },
  TermEndOverdue: { vi: 'hết thời hạn mà chưa có quyết định', en: 'term ended without a decision' },
  EvaluationDue: { vi: 'đến kỳ đánh giá', en: 'evaluation due' },
};

/** A stage's name in the language asked for; an unknown value is shown as it is. */
export function stageLabel(stage: string, language: Language = 'vi'): string {
  return (STAGE_LABELS as Record<string, Bilingual>)[stage]?.[language] ?? stage;
}

/** A label with its first letter in capitals, for the start of a cell or a line. */
export function capitalised(text: string): string {
  return text.charAt(0).toLocaleUpperCase('vi') + text.slice(1);
}
