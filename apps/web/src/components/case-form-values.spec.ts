import { ACTION_FORMS } from './case-actions-table';
import { bodyOf, checkValues, initialValue, serverFieldErrors, type FieldSpec, type FormContext, type Values } from './case-form-values';
import type { ApiError } from '../api';
import type { Bilingual } from '../i18n';
import type { CaseSummary, Problem } from '../types';
import type { CaseState } from '../screens/case-types';

/** The Vietnamese text with its `{placeholders}` filled, as the screens' `t` does. */
const t = (text: Bilingual, values: Record<string, string | number> = {}) => text.vi.replace(/\{(\w+)\}/g, (whole, key: string) => (key in values ? String(values[key]) : whole));

/** A refusal as api.ts hands it to the form. */
const refusal = (status: number, problem: Problem) => ({ status, problem }) as ApiError;

const SUMMARY = {
  caseId: 'HS-2026-TEST0001',
  form: 'secondment',
  receivingUnitId: 'xa-cu-bao',
  position: 'Công chức Tài chính – Kế toán',
  sendingUnitName: 'Sở Tài chính',
} as unknown as CaseSummary;

function context(overrides: Partial<FormContext> = {}): FormContext {
  return {
    summary: SUMMARY,
    // The parts of the folded state the forms read.
    state: { form: 'secondment', plannedStart: '2026-12-26', term: { months: 36, days: 0 }, rules: { requiredDecisionAttachments: ['units_agreement', 'meeting_record'] } } as unknown as CaseState,
    today: '2026-11-26',
    ...overrides,
  };
}

function initial(fields: FieldSpec[], c: FormContext): Values {
  return Object.fromEntries(fields.map((field) => [field.name, initialValue(field, c)]));
}

describe('action forms', () => {
  it('asks a reason before rejecting, naming the field, and sends it trimmed', () => {
    const { fields } = ACTION_FORMS.reject;
    const c = context();
    const empty = initial(fields, c);
    expect(checkValues(fields, empty, c, t)).toEqual({ reason: '«Lý do» là bắt buộc.' });
    const filled = { ...empty, reason: '  Chưa có văn bản thống nhất  ' };
    expect(checkValues(fields, filled, c, t)).toEqual({});
    expect(bodyOf(fields, filled, empty, c)).toEqual({ reason: 'Chưa có văn bản thống nhất' });
  });

  it('approves with no body but an optional comment', () => {
    const { fields } = ACTION_FORMS.approve;
    const c = context();
    const values = initial(fields, c);
    expect(checkValues(fields, values, c, t)).toEqual({});
    expect(bodyOf(fields, values, values, c)).toEqual({});
    expect(bodyOf(fields, { ...values, comment: 'Đồng ý' }, values, c)).toEqual({ comment: 'Đồng ý' });
  });

  it('builds the decision: nested signer, dates as YYYY-MM-DD, the term only when given, the dossier in the order of its kinds', () => {
    const { fields } = ACTION_FORMS.issueDecision;
    const c = context();
    const first = initial(fields, c);
    // The decision is dated today and takes effect on the planned start unless changed.
    expect(first.decisionDate).toBe('26/11/2026');
    expect(first.effectiveDate).toBe('26/12/2026');
    const values: Values = {
      ...first,
      decisionNumber: '1234/QĐ-UBND',
      'signer.name': 'Nguyễn Thị Mai',
      'signer.title': 'Giám đốc Sở Nội vụ',
      attachments: {
        files: [
          { kind: 'meeting_record', documentId: 'sha256:b', name: 'Biên bản', fileName: 'bien-ban.pdf' },
          { kind: 'units_agreement', documentId: 'sha256:a', name: 'Văn bản thống nhất', fileName: 'vb.pdf' },
        ],
        issuedOn: {},
      },
    };
    expect(checkValues(fields, values, c, t)).toEqual({});
    expect(bodyOf(fields, values, first, c)).toEqual({
      decisionNumber: '1234/QĐ-UBND',
      decisionDate: '2026-11-26',
      signer: { name: 'Nguyễn Thị Mai', title: 'Giám đốc Sở Nội vụ' },
      effectiveDate: '2026-12-26',
      attachments: [
        { kind: 'units_agreement', documentId: 'sha256:a', name: 'Văn bản thống nhất' },
        { kind: 'meeting_record', documentId: 'sha256:b', name: 'Biên bản' },
      ],
    });
    expect(bodyOf(fields, { ...values, term: { months: '24', days: '' } }, first, c)).toMatchObject({ term: { months: 24, days: 0 } });
  });

  it('refuses before sending: a missing dossier document, a day that does not exist, a future decision, an effect before the decision, a term out of range', () => {
    const { fields } = ACTION_FORMS.issueDecision;
    const c = context();
    const values: Values = {
      ...initial(fields, c),
      decisionNumber: '1',
      'signer.name': 'A',
      'signer.title': 'B',
      decisionDate: '27/11/2026',
      effectiveDate: '31/02/2027',
      term: { months: '200', days: '' },
      attachments: { files: [{ kind: 'units_agreement', documentId: 'sha256:a', name: 'VB', fileName: 'vb.pdf' }], issuedOn: {} },
    };
    const errors = checkValues(fields, values, c, t);
    expect(errors.decisionDate).toBe('«Ngày ký quyết định» không được sau ngày hôm nay (26/11/2026).');
    expect(errors.effectiveDate).toBe('«Ngày hiệu lực»: ngày không hợp lệ, nhập theo dạng dd/mm/yyyy.');
    expect(errors.term).toContain('«Số tháng» phải là số nguyên từ 0 đến 120.');
    expect(errors.attachments).toBe('Cần tải lên: Biên bản gặp công chức.');
    const earlier = checkValues(fields, { ...values, decisionDate: '26/11/2026', effectiveDate: '25/11/2026' }, c, t);
    expect(earlier.effectiveDate).toBe('«Ngày hiệu lực» không được trước «Ngày ký quyết định».');
  });

  it('asks a rotation for a health certificate with its issue date', () => {
    const { fields } = ACTION_FORMS.issueDecision;
    const c = context({ summary: { ...SUMMARY, form: 'rotation' } });
    const agreement = { kind: 'units_agreement' as const, documentId: 'sha256:a', name: 'VB', fileName: 'vb.pdf' };
    const meeting = { kind: 'meeting_record' as const, documentId: 'sha256:b', name: 'BB', fileName: 'bb.pdf' };
    const health = { kind: 'health_certificate' as const, documentId: 'sha256:c', name: 'GCN', fileName: 'gcn.pdf' };
    const base = { ...initial(fields, c), decisionNumber: '1', 'signer.name': 'A', 'signer.title': 'B' };
    expect(checkValues(fields, { ...base, attachments: { files: [agreement, meeting], issuedOn: {} } }, c, t).attachments).toBe('Cần tải lên: Giấy chứng nhận sức khỏe.');
    expect(checkValues(fields, { ...base, attachments: { files: [agreement, meeting, health], issuedOn: {} } }, c, t).attachments).toBe('Nhập ngày cấp của: Giấy chứng nhận sức khỏe.');
    const dated = { ...base, attachments: { files: [agreement, meeting, health], issuedOn: { health_certificate: '01/10/2026' } } };
    expect(checkValues(fields, dated, c, t)).toEqual({});
    expect((bodyOf(fields, dated, base, c).attachments as unknown[])[2]).toEqual({ kind: 'health_certificate', documentId: 'sha256:c', name: 'GCN', issuedOn: '2026-10-01' });
  });

  it("needs the Party committee's reason only when it disagrees", () => {
    const { fields } = ACTION_FORMS.recordPartyOpinion;
    const c = context();
    const values: Values = { ...initial(fields, c), documentNumber: '125-TB/TU' };
    expect(values.opinion).toBe('agree');
    expect(checkValues(fields, values, c, t)).toEqual({});
    expect(checkValues(fields, { ...values, opinion: 'disagree' }, c, t)).toEqual({ comment: '«Ý kiến» là bắt buộc.' });
  });

  it('resubmits only what changed', () => {
    const { fields } = ACTION_FORMS.resubmit;
    const c = context({ state: { ...context().state!, reason: 'Lý do cũ' } });
    const first = initial(fields, c);
    expect(bodyOf(fields, first, first, c)).toEqual({});
    expect(bodyOf(fields, { ...first, 'changes.position': 'Công chức Văn phòng – Thống kê', comment: 'Đã sửa' }, first, c)).toEqual({
      changes: { position: 'Công chức Văn phòng – Thống kê' },
      comment: 'Đã sửa',
    });
    expect(bodyOf(fields, { ...first, 'changes.term': { months: '24', days: '' } }, first, c)).toEqual({ changes: { term: { months: 24, days: 0 } } });
  });

  it('a correction must change something, and a new signer needs both name and title', () => {
    const spec = ACTION_FORMS.correctDecision;
    const c = context();
    const values = { ...initial(spec.fields, c), documentNumber: '1300/QĐ-UBND', reason: 'Sai ngày hiệu lực' };
    expect(Object.keys(spec.check?.(values) ?? {})).toEqual(['changes.decisionNumber']);
    const signer = { ...values, 'changes.signer.name': 'Trịnh Văn Quang' };
    expect(spec.check?.(signer)).toEqual({});
    expect(checkValues(spec.fields, signer, c, t)).toEqual({ 'changes.signer.title': '«Chức vụ người ký mới» là bắt buộc.' });
  });

  it("places a refusal's messages beside the fields it names, in the reader's language", () => {
    const { fields } = ACTION_FORMS.issueDecision;
    const rule = refusal(422, {
      type: '/problems/rule-violated',
      title: 'Không đúng quy định',
      status: 422,
      detail: 'Thời hạn biệt phái vượt quá 36 tháng',
      messages: { vi: 'Thời hạn biệt phái vượt quá 36 tháng', en: 'The secondment term exceeds 36 months' },
      field: 'term',
    });
    expect(serverFieldErrors(fields, rule, 'en')).toEqual({ term: 'The secondment term exceeds 36 months' });
    const invalid = refusal(400, {
      type: '/problems/validation-failed',
      title: 'Yêu cầu không hợp lệ',
      status: 400,
      detail: '',
      errors: [
        { field: 'signer.name', rule: 'minLength', message: 'signer.name must not be empty' },
        { field: 'attachments[1].issuedOn', rule: 'localDate', message: 'attachments[1].issuedOn must be a date' },
      ],
    });
    expect(serverFieldErrors(fields, invalid, 'vi')).toEqual({ 'signer.name': 'signer.name must not be empty', attachments: 'attachments[1].issuedOn must be a date' });
  });
});
