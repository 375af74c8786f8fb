/**
 * The fields of each action's form, one row per field of the action's request body (the DTOs of
 * /api/docs: CommentDto, ReasonDto, ResubmitDto, PartyOpinionDto, IssueDecisionDto, …). The
 * generic ActionForm renders them, checks them and sends them.
 */
import { RATING_LABELS, REPORT_LABELS } from '@app/domain/labels';
import { MAX_LENGTH } from '@app/domain/limits';
import { DEFAULT_CASE_RULES } from '@app/domain/rules';
import type { Bilingual } from '../i18n';
import type { ActionName } from '../types';
import type { AttachmentKind } from '../screens/case-types';
import type { ActionFormSpec, FieldSpec, FormContext } from './action-form';

const L = {
  comment: { vi: 'Ý kiến', en: 'Comment' },
  reason: { vi: 'Lý do', en: 'Reason' },
  documentNumber: { vi: 'Số văn bản', en: 'Document number' },
  documentDate: { vi: 'Ngày văn bản', en: 'Document date' },
  decisionNumber: { vi: 'Số quyết định', en: 'Decision number' },
  decisionDate: { vi: 'Ngày ký quyết định', en: 'Decision date' },
  signerName: { vi: 'Người ký', en: 'Signed by' },
  signerTitle: { vi: 'Chức vụ người ký', en: "Signer's title" },
  effectiveDate: { vi: 'Ngày hiệu lực', en: 'Effective date' },
  term: { vi: 'Thời hạn', en: 'Term' },
  legalBasis: { vi: 'Căn cứ pháp lý riêng (nếu vượt thời hạn thông thường)', en: 'Specific legal basis (for a term beyond the usual cap)' },
  opinion: { vi: 'Ý kiến của Ban Thường vụ', en: "The committee's opinion" },
  agree: { vi: 'đồng ý', en: 'agree' },
  disagree: { vi: 'không đồng ý', en: 'disagree' },
  arrivedOn: { vi: 'Ngày đến nhận công tác', en: 'Arrived on' },
  assignedWork: { vi: 'Công việc được giao', en: 'Work assigned' },
  period: { vi: 'Kỳ', en: 'Period' },
  rating: { vi: 'Xếp loại', en: 'Rating' },
  kind: { vi: 'Loại báo cáo', en: 'Kind of report' },
  summary: { vi: 'Nội dung báo cáo', en: 'Summary' },
  by: { vi: 'Gia hạn thêm', en: 'Extend by' },
  lastDay: { vi: 'Ngày làm việc cuối cùng tại xã', en: 'Last day at the commune' },
  returnedOn: { vi: 'Ngày trở về', en: 'Returned on' },
  placementPosition: { vi: 'Vị trí bố trí', en: 'Position given' },
  placementUnit: { vi: 'Đơn vị bố trí', en: 'Unit' },
  placementNote: { vi: 'Ghi chú', en: 'Note' },
  receivingUnit: { vi: 'Xã/phường nhận', en: 'Receiving commune' },
  position: { vi: 'Vị trí việc làm', en: 'Job position' },
  plannedStart: { vi: 'Ngày dự kiến bắt đầu', en: 'Planned start' },
  proposalReason: { vi: 'Lý do đề xuất', en: 'Reason for the nomination' },
  attachments: { vi: 'Hồ sơ kèm theo quyết định', en: 'The decision dossier' },
} satisfies Record<string, Bilingual>;

const comment = (required: FieldSpec['required'] = false): FieldSpec => ({ kind: 'textarea', name: 'comment', label: L.comment, maxLength: MAX_LENGTH.text, required });
const reason = (hint?: Bilingual): FieldSpec => ({ kind: 'textarea', name: 'reason', label: L.reason, required: true, maxLength: MAX_LENGTH.text, hint });
const docNumber = (name: string, label: Bilingual, hint?: Bilingual): FieldSpec => ({ kind: 'text', name, label, required: true, maxLength: MAX_LENGTH.documentNumber, hint });
const decidedOn = (name: string, label: Bilingual): FieldSpec => ({ kind: 'date', name, label, required: true, notAfterToday: true, initial: (c) => c.today });
const notTransfer = (c: FormContext) => c.summary.form !== 'transfer';

/** "Leave empty: as nominated (36 months)". */
function asNominated(c: FormContext): Bilingual {
  const t = c.state?.term;
  if (!t) return { vi: 'Để trống: theo đề xuất.', en: 'Leave empty: as nominated.' };
  const vi = `${t.months} tháng${t.days ? ` ${t.days} ngày` : ''}`;
  const en = `${t.months} months${t.days ? ` ${t.days} days` : ''}`;
  return { vi: `Để trống: theo đề xuất (${vi}).`, en: `Leave empty: as nominated (${en}).` };
}

/** Every kind of document a decision's dossier may hold, in the order the form offers them (a new kind in the domain's ATTACHMENT_KINDS fails the build until it is placed here). */
const DOSSIER_KINDS = ['units_agreement', 'meeting_record', 'health_certificate', 'signed_decision', 'other'] as const satisfies readonly AttachmentKind[];
const _everyKindOffered: Exclude<AttachmentKind, (typeof DOSSIER_KINDS)[number]> extends never ? true : never = true;

/** The kinds a decision's dossier needs: the case's own rules (and a recent health certificate for a rotation). */
function requiredKinds(c: FormContext): AttachmentKind[] {
  const kinds = c.state?.rules?.requiredDecisionAttachments ?? DEFAULT_CASE_RULES.requiredDecisionAttachments;
  return c.summary.form === 'rotation' && !kinds.includes('health_certificate') ? [...kinds, 'health_certificate'] : kinds;
}

export const ACTION_FORMS: Record<ActionName, ActionFormSpec> = {
  approve: {
    intro: { vi: 'Hồ sơ chuyển sang bước tiếp theo.', en: 'The case moves on to the next step.' },
    fields: [comment()],
  },
  reject: {
    danger: true,
    intro: { vi: 'Không chấp thuận sẽ kết thúc hồ sơ; người đề xuất được thông báo lý do.', en: 'Rejecting closes the case; the proposer is told why.' },
    fields: [reason()],
  },
  returnForChanges: {
    intro: { vi: 'Hồ sơ trở lại người đề xuất để chỉnh sửa và gửi lại.', en: 'The case goes back to the proposer to be revised and resubmitted.' },
    fields: [reason({ vi: 'Nêu rõ cần bổ sung, chỉnh sửa gì.', en: 'Say what needs to change.' })],
  },
  resubmit: {
    intro: { vi: 'Chỉ những mục bạn thay đổi được gửi đi.', en: 'Only what you change is sent.' },
    fields: [
      { kind: 'commune', name: 'changes.receivingUnitId', label: L.receivingUnit, onlyChanged: true, initial: (c) => c.summary.receivingUnitId },
      { kind: 'text', name: 'changes.position', label: L.position, maxLength: MAX_LENGTH.position, onlyChanged: true, initial: (c) => c.summary.position },
      { kind: 'date', name: 'changes.plannedStart', label: L.plannedStart, onlyChanged: true, initial: (c) => c.state?.plannedStart },
      { kind: 'term', name: 'changes.term', label: L.term, onlyChanged: true, shown: notTransfer, initial: (c) => ({ months: c.state?.term ? String(c.state.term.months) : '', days: c.state?.term?.days ? String(c.state.term.days) : '' }) },
      { kind: 'textarea', name: 'changes.reason', label: L.proposalReason, maxLength: MAX_LENGTH.text, onlyChanged: true, initial: (c) => c.state?.reason ?? '' },
      { kind: 'text', name: 'changes.legalBasisOverride', label: L.legalBasis, maxLength: MAX_LENGTH.legalBasis, onlyChanged: true, wide: true, initial: (c) => c.state?.legalBasisOverride ?? '' },
      comment(),
    ],
  },
  withdraw: {
    danger: true,
    intro: { vi: 'Rút đề xuất sẽ kết thúc hồ sơ.', en: 'Withdrawing closes the case.' },
    fields: [reason()],
  },
  recordPartyOpinion: {
    intro: { vi: 'Ghi theo thông báo kết luận của Ban Thường vụ. Không đồng ý sẽ kết thúc hồ sơ và cần nêu lý do.', en: "As the standing committee's notice says. Disagreeing closes the case and needs the reason." },
    fields: [
      docNumber('documentNumber', L.documentNumber, { vi: 'Ví dụ: 125-TB/TU', en: 'E.g. 125-TB/TU' }),
      decidedOn('documentDate', L.documentDate),
      { kind: 'select', name: 'opinion', label: L.opinion, required: true, options: [{ value: 'agree', label: L.agree }, { value: 'disagree', label: L.disagree }], initial: () => 'agree' },
      comment((values) => values.opinion === 'disagree'),
    ],
  },
  issueDecision: {
    intro: {
      vi: 'Ghi quyết định đã ký. Hồ sơ kèm theo phải có văn bản thống nhất giữa hai cơ quan và biên bản gặp công chức.',
      en: "Record the signed decision. The dossier must hold the units' written agreement and the record of the meeting with the official.",
    },
    fields: [
      docNumber('decisionNumber', L.decisionNumber, { vi: 'Ví dụ: 1234/QĐ-UBND', en: 'E.g. 1234/QĐ-UBND' }),
      decidedOn('decisionDate', L.decisionDate),
      { kind: 'text', name: 'signer.name', label: L.signerName, required: true, maxLength: MAX_LENGTH.personName, hint: { vi: 'Họ và tên', en: 'Full name' } },
      { kind: 'text', name: 'signer.title', label: L.signerTitle, required: true, maxLength: MAX_LENGTH.personName, hint: { vi: 'Ví dụ: Giám đốc Sở Nội vụ', en: 'E.g. Director of Home Affairs' } },
      { kind: 'date', name: 'effectiveDate', label: L.effectiveDate, required: true, notBefore: { field: 'decisionDate', label: L.decisionDate }, initial: (c) => (c.state?.plannedStart && c.state.plannedStart >= c.today ? c.state.plannedStart : null) },
      {
        kind: 'term',
        name: 'term',
        label: L.term,
        shown: notTransfer,
        hint: asNominated,
      },
      { kind: 'text', name: 'legalBasisOverride', label: L.legalBasis, maxLength: MAX_LENGTH.legalBasis, wide: true, shown: notTransfer },
      {
        kind: 'documents',
        name: 'attachments',
        label: L.attachments,
        kinds: DOSSIER_KINDS,
        requiredKinds,
        datedKinds: ['health_certificate'],
        hint: { vi: 'Tệp được tải lên ngay khi chọn.', en: 'Files upload as soon as they are chosen.' },
      },
    ],
  },
  correctDecision: {
    intro: { vi: 'Đính chính bằng văn bản; chỉ điền những nội dung thay đổi.', en: 'A correction is made by a document; fill in only what changes.' },
    check: (values): Record<string, Bilingual> => {
      const changed = Object.entries(values).some(([name, value]) => name.startsWith('changes.') && (typeof value === 'string' ? value.trim() !== '' : 'months' in value && (value.months.trim() !== '' || value.days.trim() !== '')));
      return changed
        ? {}
        : { 'changes.decisionNumber': { vi: 'Điền ít nhất một nội dung được đính chính (số, ngày, người ký, ngày hiệu lực, thời hạn hoặc căn cứ pháp lý).', en: 'Fill in at least one thing the correction changes (number, date, signer, effective date, term or legal basis).' } };
    },
    fields: [
      docNumber('documentNumber', { vi: 'Số văn bản đính chính', en: 'Correcting document number' }),
      decidedOn('documentDate', L.documentDate),
      reason(),
      { kind: 'text', name: 'changes.decisionNumber', label: { vi: 'Số quyết định mới', en: 'New decision number' }, maxLength: MAX_LENGTH.documentNumber },
      { kind: 'date', name: 'changes.decisionDate', label: { vi: 'Ngày quyết định mới', en: 'New decision date' } },
      { kind: 'text', name: 'changes.signer.name', label: { vi: 'Người ký mới', en: 'New signer' }, maxLength: MAX_LENGTH.personName, required: (v) => typeof v['changes.signer.title'] === 'string' && v['changes.signer.title'].trim() !== '' },
      { kind: 'text', name: 'changes.signer.title', label: { vi: 'Chức vụ người ký mới', en: "New signer's title" }, maxLength: MAX_LENGTH.personName, required: (v) => typeof v['changes.signer.name'] === 'string' && v['changes.signer.name'].trim() !== '' },
      { kind: 'date', name: 'changes.effectiveDate', label: { vi: 'Ngày hiệu lực mới', en: 'New effective date' } },
      { kind: 'term', name: 'changes.term', label: { vi: 'Thời hạn mới', en: 'New term' }, shown: notTransfer },
      { kind: 'text', name: 'changes.legalBasisOverride', label: L.legalBasis, maxLength: MAX_LENGTH.legalBasis, wide: true, shown: notTransfer },
    ],
  },
  revokeDecision: {
    danger: true,
    intro: { vi: 'Thu hồi quyết định trước khi bắt đầu thời hạn; hồ sơ kết thúc.', en: 'Revokes the decision before the term starts; the case closes.' },
    fields: [docNumber('documentNumber', { vi: 'Số văn bản thu hồi', en: 'Revoking document number' }), decidedOn('documentDate', L.documentDate), reason()],
  },
  confirmArrival: {
    intro: { vi: 'Xác nhận công chức đã đến nhận công tác tại đơn vị.', en: 'Confirm the official has arrived at the unit.' },
    fields: [
      { kind: 'date', name: 'arrivedOn', label: L.arrivedOn, required: true, notAfterToday: true, initial: (c) => c.today },
      { kind: 'textarea', name: 'assignedWork', label: L.assignedWork, maxLength: MAX_LENGTH.text, hint: { vi: 'Ví dụ: Phụ trách kế toán ngân sách xã', en: "E.g. In charge of the commune's budget accounting" } },
    ],
  },
  recordEvaluation: {
    fields: [
      { kind: 'text', name: 'period', label: L.period, required: true, maxLength: MAX_LENGTH.period, hint: { vi: 'Ví dụ: 2027', en: 'E.g. 2027' } },
      { kind: 'select', name: 'rating', label: L.rating, required: true, options: (['excellent', 'good', 'satisfactory', 'unsatisfactory'] as const).map((value) => ({ value, label: RATING_LABELS[value] })) },
      { kind: 'text', name: 'documentNumber', label: L.documentNumber, maxLength: MAX_LENGTH.documentNumber, hint: { vi: 'Ví dụ: 45/BC-UBND', en: 'E.g. 45/BC-UBND' } },
      comment(),
    ],
  },
  submitReport: {
    fields: [
      { kind: 'select', name: 'kind', label: L.kind, required: true, options: (['weekly', 'periodic', 'final'] as const).map((value) => ({ value, label: REPORT_LABELS[value] })), initial: () => 'periodic' },
      { kind: 'text', name: 'period', label: L.period, required: true, maxLength: MAX_LENGTH.period, hint: { vi: 'Ví dụ: Quý IV/2026', en: 'E.g. Q4 2026' } },
      { kind: 'textarea', name: 'summary', label: L.summary, required: true, maxLength: MAX_LENGTH.reportSummary },
    ],
  },
  extend: {
    fields: [
      docNumber('decisionNumber', L.decisionNumber),
      decidedOn('decisionDate', L.decisionDate),
      { kind: 'term', name: 'by', label: L.by, required: true, hint: { vi: 'Tính từ ngày sau ngày hết hạn hiện tại.', en: 'From the day after the current end.' } },
      reason(),
      { kind: 'text', name: 'legalBasisOverride', label: L.legalBasis, maxLength: MAX_LENGTH.legalBasis, wide: true },
    ],
  },
  recallEarly: {
    danger: true,
    fields: [docNumber('decisionNumber', L.decisionNumber), decidedOn('decisionDate', L.decisionDate), { kind: 'date', name: 'lastDay', label: L.lastDay, required: true }, reason()],
  },
  decideEnd: {
    intro: { vi: 'Thời hạn kết thúc vào ngày cuối cùng của thời hạn.', en: 'The term ends on its last day.' },
    fields: [docNumber('decisionNumber', L.decisionNumber), decidedOn('decisionDate', L.decisionDate), { kind: 'textarea', name: 'reason', label: L.reason, maxLength: MAX_LENGTH.text }],
  },
  confirmReturn: {
    fields: [
      { kind: 'date', name: 'returnedOn', label: L.returnedOn, required: true, notAfterToday: true, initial: (c) => c.today },
      { kind: 'text', name: 'placement.position', label: L.placementPosition, required: true, maxLength: MAX_LENGTH.position },
      { kind: 'text', name: 'placement.unitName', label: L.placementUnit, required: true, maxLength: MAX_LENGTH.unitName, initial: (c) => c.summary.sendingUnitName },
      { kind: 'textarea', name: 'placement.note', label: L.placementNote, maxLength: MAX_LENGTH.text },
    ],
  },
};
