import type { EventType, HumanCommandType, Language } from '@app/domain';
import type { DailyDigestFacts, WeeklyDigestFacts } from './digests';
import type { CaseFacts, NotificationFacts } from './planner';
import { NOTIFICATION_KINDS, type NotificationKind } from './routes';
import { renderNotification, type RenderedMessage } from './templates';

const PUBLIC_URL = 'https://bietphai.daklak.gov.vn/';
const CASE_ID = 'HS-2026-7K3M9Q2X';
const CASE_LINK = `https://bietphai.daklak.gov.vn/cases/${CASE_ID}`;

interface Given {
  at?: string;
  actorName?: string;
  onBehalfOfName?: string | null;
  actions?: HumanCommandType[];
  asDeputyOf?: string | null;
  case?: Partial<CaseFacts>;
}

/** A secondment of Nguyễn Văn An from Sở Tài chính to Xã Cư Bao, as it stands after an event of `type` with `data`. */
function facts(type: EventType, data: Record<string, unknown>, given: Given = {}): NotificationFacts {
  return {
    case: {
      caseId: CASE_ID,
      form: 'secondment',
      officialName: 'Nguyễn Văn An',
      sendingUnit: 'Sở Tài chính',
      receivingUnit: 'Xã Cư Bao',
      position: 'Chuyên viên tài chính – kế toán',
      stage: 'serving',
      stageDeadline: null,
      decisionNumber: '1234/QĐ-UBND',
      effectiveDate: '2026-03-05',
      termEnd: '2029-03-04',
      ...given.case,
    },
    // 01:30 on 4 January 2029 in Vietnam.
    event: {
      type,
      version: 9,
      at: given.at ?? '2029-01-03T18:30:00.000Z',
      actorName: given.actorName ?? 'Hệ thống',
      onBehalfOfName: given.onBehalfOfName ?? null,
      data,
    },
    actions: given.actions ?? [],
    asDeputyOf: given.asDeputyOf ?? null,
  };
}

/** A proposal before its department review. */
const IN_REVIEW: Partial<CaseFacts> = { stage: 'department_review', stageDeadline: '2026-01-20', decisionNumber: null, effectiveDate: null, termEnd: null };

const STEP_OPENED = facts(
  'CaseProposed',
  { plannedStart: '2026-03-01', term: { months: 36, days: 0 }, reason: 'Xã thiếu công chức tài chính – kế toán' },
  { at: '2026-01-12T02:00:00.000Z', actorName: 'Trần Thị Bình', actions: ['approve', 'returnForChanges'], asDeputyOf: 'Lê Văn Cường', case: IN_REVIEW },
);

const DECISION_ISSUED = facts(
  'DecisionIssued',
  {
    decisionNumber: '1234/QĐ-UBND',
    decisionDate: '2026-02-26',
    signer: { name: 'Phạm Ngọc Nghị', title: 'Phó Chủ tịch Thường trực UBND tỉnh' },
    effectiveDate: '2026-03-05',
    term: { months: 36, days: 0 },
    termEnd: '2029-03-04',
    attachments: [],
    legalBasisOverride: null,
  },
  { at: '2026-02-26T03:00:00.000Z', actorName: 'Huỳnh Thị Giang', onBehalfOfName: 'Ngô Quốc Hải', case: { stage: 'decision_issued' } },
);

const BY_KIND: Record<Exclude<NotificationKind, 'weekly_digest' | 'daily_digest'>, NotificationFacts> = {
  step_opened: STEP_OPENED,
  decision_taken: DECISION_ISSUED,
  deadline_missed: facts(
    'StageDeadlinePassed',
    { stage: 'department_review', deadline: '2026-01-20', level: 2, timerKey: 'deadline:department_review:2' },
    { case: IN_REVIEW },
  ),
  term_ending: facts(
    'TermEndReminderDue',
    { termEnd: '2029-03-04', daysBefore: 60, timerKey: 'term-end:60' },
    { actions: ['extend', 'decideEnd'], case: { stage: 'ending' } },
  ),
  term_overdue: facts('TermEndOverdue', { termEnd: '2029-03-04', timerKey: 'term-end:overdue' }, { case: { stage: 'ending' } }),
  evaluation_due: facts('EvaluationDue', { period: 1, dueOn: '2027-03-05', timerKey: 'evaluation:2026-03-05:1' }, { actions: ['recordEvaluation'] }),
};

const WEEKLY: WeeklyDigestFacts = {
  day: '2029-01-07',
  horizonDays: 90,
  termsEnding: [
    {
      caseId: CASE_ID,
      officialName: 'Nguyễn Văn An',
      form: 'secondment',
      sendingUnit: 'Sở Tài chính',
      receivingUnit: 'Xã Cư Bao',
      termEnd: '2029-03-04',
      stage: 'ending',
      undecided: true,
    },
    {
      caseId: 'HS-2026-4PZ8W1QR',
      officialName: 'Hoàng Thị Mai',
      form: 'rotation',
      sendingUnit: 'Sở Xây dựng',
      receivingUnit: 'Phường Buôn Ma Thuột',
      termEnd: '2029-03-31',
      stage: 'serving',
      undecided: false,
    },
  ],
  overdueSteps: [
    {
      caseId: 'HS-2026-9TQ2M5VX',
      officialName: 'Lê Quang Huy',
      sendingUnit: 'Sở Nông nghiệp và Môi trường',
      receivingUnit: 'Xã Ea Kao',
      stage: 'home_affairs_appraisal',
      due: '2029-01-02',
      escalationLevel: 1,
    },
  ],
  overdueTerms: [],
};

const DAILY: DailyDigestFacts = {
  day: '2026-02-26',
  items: [
    { kind: 'decision_taken', occurredAt: '2026-02-26T03:00:00.000Z', facts: DECISION_ISSUED },
    {
      kind: 'step_opened',
      occurredAt: '2026-02-26T04:00:00.000Z',
      facts: { ...STEP_OPENED, case: { ...STEP_OPENED.case, caseId: 'HS-2026-4PZ8W1QR', officialName: 'Hoàng Thị Mai' } },
    },
  ],
};

type CaseKind = keyof typeof BY_KIND;
const CASE_KINDS = Object.keys(BY_KIND) as CaseKind[];

function render(kind: CaseKind, language: Language): RenderedMessage {
  return renderNotification(kind, BY_KIND[kind], language, PUBLIC_URL);
}

describe('renderNotification: every case message carries the case essentials', () => {
  it.each(CASE_KINDS)('%s in Vietnamese', (kind) => {
    const m = render(kind, 'vi');
    expect(m.subject.startsWith('[Biệt phái] ')).toBe(true);
    expect(m.subject).toContain(CASE_ID);
    expect(m.subject).toContain('Nguyễn Văn An');
    expect(m.subject.length).toBeLessThanOrEqual(120);
    for (const part of [
      `Mã hồ sơ: ${CASE_ID}`,
      'Người được biệt phái: Nguyễn Văn An',
      'Hình thức: Biệt phái',
      'Đơn vị cử đi → đơn vị đến: Sở Tài chính → Xã Cư Bao',
      'Vị trí việc làm: Chuyên viên tài chính – kế toán',
      'Giai đoạn hiện tại: ',
      `Xem hồ sơ: ${CASE_LINK}`,
    ]) {
      expect(m.text).toContain(part);
    }
    expect(m.link).toBe(CASE_LINK);
    expect(m.html).toContain('<html lang="vi">');
    expect(m.html).toContain(`<a href="${CASE_LINK}">`);
    expect(m.text).not.toMatch(/\d{4}-\d{2}-\d{2}/);
  });

  it.each(CASE_KINDS)('%s in English', (kind) => {
    const m = render(kind, 'en');
    expect(m.subject.startsWith('[Secondment] ')).toBe(true);
    expect(m.subject).toContain(CASE_ID);
    expect(m.subject).toContain('Nguyễn Văn An');
    for (const part of [
      `Case: ${CASE_ID}`,
      'Official: Nguyễn Văn An',
      'Form: Secondment',
      'From → to: Sở Tài chính → Xã Cư Bao',
      'Position: Chuyên viên tài chính – kế toán',
      'Current stage: ',
      `Open the case: ${CASE_LINK}`,
    ]) {
      expect(m.text).toContain(part);
    }
    expect(m.html).toContain('<html lang="en">');
    expect(m.text).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    expect(m.text).not.toContain('Hồ sơ');
  });

  it('shows the decision, its effective date and the term end when the case has them', () => {
    const vi = render('term_ending', 'vi');
    expect(vi.text).toContain('Quyết định: số 1234/QĐ-UBND, có hiệu lực từ ngày 05/03/2026');
    expect(vi.text).toContain('Ngày hết thời hạn: 04/03/2029');
    const en = render('term_ending', 'en');
    expect(en.text).toContain('Decision: No. 1234/QĐ-UBND, effective 5 March 2026');
    expect(en.text).toContain('Term ends: 4 March 2029');
  });

  it('keeps the subject short, cutting the headline rather than the tag, case id or official', () => {
    const long = facts(
      'StageDeadlinePassed',
      { stage: 'party_committee_approval', deadline: '2026-02-10', level: 3 },
      { case: { officialName: 'Tôn Nữ Thị Phương Thảo Nguyên', stage: 'party_committee_approval' } },
    );
    const m = renderNotification('deadline_missed', long, 'vi', PUBLIC_URL);
    expect(m.subject.length).toBeLessThanOrEqual(120);
    expect(m.subject.endsWith('…')).toBe(true);
    expect(m.subject.startsWith(`[Biệt phái] ${CASE_ID} – Tôn Nữ Thị Phương Thảo Nguyên: Quá hạn xử lý bước`)).toBe(true);
  });

  it('strips trailing slashes from the public URL', () => {
    expect(renderNotification('term_ending', BY_KIND.term_ending, 'vi', 'https://bietphai.daklak.gov.vn//').link).toBe(CASE_LINK);
    expect(renderNotification('weekly_digest', WEEKLY, 'vi', 'https://bietphai.daklak.gov.vn/').link).toBe('https://bietphai.daklak.gov.vn/pipeline');
  });
});

describe('step_opened', () => {
  it('says an action awaits, lists the actions, names the deputy and what happened', () => {
    const vi = render('step_opened', 'vi');
    expect(vi.subject).toBe(`[Biệt phái] ${CASE_ID} – Nguyễn Văn An: Hồ sơ chờ Ông/Bà xử lý`);
    expect(vi.text).toContain('Hồ sơ đang chờ Ông/Bà xử lý ở bước “thủ trưởng sở xem xét”.');
    expect(vi.text).toContain('Việc cần làm: phê duyệt, trả lại để chỉnh sửa');
    expect(vi.text).toContain('với tư cách người được Lê Văn Cường ủy quyền');
    expect(vi.text).toContain('Diễn biến: Có đề xuất biệt phái mới.');
    expect(vi.text).toContain('Lý do: Xã thiếu công chức tài chính – kế toán');
    expect(vi.text).toContain('Ngày dự kiến bắt đầu: 01/03/2026');
    expect(vi.text).toContain('Thời hạn: 36 tháng');
    expect(vi.text).toContain('Người thực hiện: Trần Thị Bình, ngày 12/01/2026');
    expect(vi.text).toContain('Hạn xử lý bước hiện tại: 20/01/2026');

    const en = render('step_opened', 'en');
    expect(en.subject).toContain('Awaiting your action');
    expect(en.text).toContain('The case awaits your action at “department review”.');
    expect(en.text).toContain('To do: approve, return for changes');
    expect(en.text).toContain('You receive this as deputy of Lê Văn Cường.');
    expect(en.text).toContain('Stage deadline: 20 January 2026');
    expect(en.text).toContain('Term: 36 months');
  });
});

describe('decision_taken', () => {
  it('DecisionIssued: number, date, signer, effective date, term, and who acted on whose behalf', () => {
    const vi = render('decision_taken', 'vi');
    expect(vi.subject).toBe(`[Biệt phái] ${CASE_ID} – Nguyễn Văn An: Đã ban hành Quyết định số 1234/QĐ-UBND`);
    expect(vi.text).toContain('Đã ban hành Quyết định số 1234/QĐ-UBND ngày 26/02/2026 về việc biệt phái Nguyễn Văn An.');
    expect(vi.text).toContain('Người ký: Phạm Ngọc Nghị, Phó Chủ tịch Thường trực UBND tỉnh');
    expect(vi.text).toContain('Hiệu lực từ ngày: 05/03/2026');
    expect(vi.text).toContain('Thời hạn: 36 tháng, đến hết ngày 04/03/2029');
    expect(vi.text).toContain('Người thực hiện: Huỳnh Thị Giang (thay mặt Ngô Quốc Hải), ngày 26/02/2026');
    expect(vi.text).not.toContain('Việc cần làm');

    const en = render('decision_taken', 'en');
    expect(en.subject).toBe(`[Secondment] ${CASE_ID} – Nguyễn Văn An: Decision No. 1234/QĐ-UBND issued`);
    expect(en.text).toContain('Decision No. 1234/QĐ-UBND of 26 February 2026 on the secondment of Nguyễn Văn An was issued.');
    expect(en.text).toContain('Effective from: 5 March 2026');
    expect(en.text).toContain('Term: 36 months, to 4 March 2029');
    expect(en.text).toContain('By: Huỳnh Thị Giang (on behalf of Ngô Quốc Hải), 26 February 2026');
  });

  const decided = (type: EventType, data: Record<string, unknown>) =>
    facts(type, data, { at: '2026-06-30T09:00:00.000Z', actorName: 'Lê Văn Cường' });

  it.each<[EventType, Record<string, unknown>, string[], string[]]>([
    [
      'StageApproved',
      { stage: 'department_review', comment: 'Đồng ý cử đi', nextStage: 'home_affairs_appraisal' },
      ['Hồ sơ đã được phê duyệt ở bước “thủ trưởng sở xem xét” và chuyển sang bước “Sở Nội vụ thẩm định”.', 'Ý kiến: Đồng ý cử đi'],
      ['The case was approved at “department review” and moves on to “Home Affairs appraisal”.'],
    ],
    [
      'CaseRejected',
      { stage: 'home_affairs_appraisal', reason: 'Vượt tỷ lệ biệt phái của sở' },
      ['Hồ sơ không được chấp thuận ở bước “Sở Nội vụ thẩm định”; hồ sơ kết thúc.', 'Lý do: Vượt tỷ lệ biệt phái của sở'],
      ['The case was rejected at “Home Affairs appraisal” and is closed.', 'Reason: Vượt tỷ lệ biệt phái của sở'],
    ],
    [
      'ReturnedForChanges',
      { stage: 'department_review', reason: 'Bổ sung biên bản làm việc' },
      ['Hồ sơ được trả lại ở bước “thủ trưởng sở xem xét” để người đề xuất chỉnh sửa, bổ sung.', 'Lý do: Bổ sung biên bản làm việc'],
      ['The case was returned at “department review” for the proposer to revise.'],
    ],
    [
      'CaseWithdrawn',
      { stage: 'department_review', reason: 'Công chức nghỉ thai sản' },
      ['Đề xuất đã được rút ở bước “thủ trưởng sở xem xét”; hồ sơ kết thúc.', 'Lý do: Công chức nghỉ thai sản'],
      ['The proposal was withdrawn at “department review”; the case is closed.'],
    ],
    [
      'PartyOpinionRecorded',
      { documentNumber: '215-CV/TU', documentDate: '2026-02-20', opinion: 'agree', comment: null, nextStage: 'awaiting_decision' },
      ['Đã ghi nhận ý kiến của Ban Thường vụ: đồng ý (văn bản số 215-CV/TU ngày 20/02/2026).'],
      ["The Party committee's opinion was recorded: agree (document No. 215-CV/TU of 20 February 2026)."],
    ],
    [
      'DecisionCorrected',
      {
        correctsVersion: 6,
        correctsDecisionNumber: '1234/QĐ-UBND',
        documentNumber: '1301/QĐ-UBND',
        documentDate: '2026-03-02',
        reason: 'Sai ngày hiệu lực',
        changes: { effectiveDate: '2026-03-09' },
      },
      ['Quyết định số 1234/QĐ-UBND đã được đính chính theo văn bản số 1301/QĐ-UBND ngày 02/03/2026.', 'Nội dung đính chính: ngày hiệu lực: 09/03/2026', 'Lý do: Sai ngày hiệu lực'],
      ['Decision No. 1234/QĐ-UBND was corrected by document No. 1301/QĐ-UBND of 2 March 2026.', 'Changes: effective date: 9 March 2026'],
    ],
    [
      'DecisionRevoked',
      { revokesVersion: 6, revokesDecisionNumber: '1234/QĐ-UBND', documentNumber: '1402/QĐ-UBND', documentDate: '2026-03-03', reason: 'Thay đổi nhân sự' },
      ['Quyết định số 1234/QĐ-UBND đã bị thu hồi theo văn bản số 1402/QĐ-UBND ngày 03/03/2026.', 'Lý do: Thay đổi nhân sự'],
      ['Decision No. 1234/QĐ-UBND was revoked by document No. 1402/QĐ-UBND of 3 March 2026.'],
    ],
    [
      'ArrivalConfirmed',
      { arrivedOn: '2026-03-05', assignedWork: 'Phụ trách kế toán ngân sách xã' },
      ['Xã Cư Bao đã xác nhận tiếp nhận Nguyễn Văn An đến công tác từ ngày 05/03/2026.', 'Công việc được giao: Phụ trách kế toán ngân sách xã'],
      ['Xã Cư Bao confirmed that Nguyễn Văn An arrived on 5 March 2026.', 'Work assigned: Phụ trách kế toán ngân sách xã'],
    ],
    [
      'TermExtended',
      {
        decisionNumber: '455/QĐ-UBND',
        decisionDate: '2029-01-10',
        by: { months: 6, days: 0 },
        previousTermEnd: '2029-03-04',
        newTermEnd: '2029-09-04',
        reason: 'Xã chưa tuyển được',
        legalBasisOverride: null,
      },
      ['Thời hạn biệt phái được gia hạn thêm 6 tháng theo Quyết định số 455/QĐ-UBND ngày 10/01/2029, đến hết ngày 04/09/2029 (thời hạn cũ đến ngày 04/03/2029).'],
      ['The secondment was extended by 6 months by Decision No. 455/QĐ-UBND of 10 January 2029, to 4 September 2029 (previously 4 March 2029).'],
    ],
    [
      'EarlyRecallDecided',
      { decisionNumber: '77/QĐ-STC', decisionDate: '2027-05-02', previousTermEnd: '2029-03-04', lastDay: '2027-05-31', reason: 'Sở cần bố trí lại' },
      ['Đã quyết định kết thúc biệt phái trước hạn theo Quyết định số 77/QĐ-STC ngày 02/05/2027; ngày làm việc cuối cùng là 31/05/2027'],
      ['An early recall was decided by Decision No. 77/QĐ-STC of 2 May 2027; the last day is 31 May 2027'],
    ],
    [
      'EndDecided',
      { decisionNumber: '90/QĐ-STC', decisionDate: '2029-01-15', lastDay: '2029-03-04', reason: null },
      ['Đã quyết định kết thúc biệt phái theo Quyết định số 90/QĐ-STC ngày 15/01/2029; ngày làm việc cuối cùng là 04/03/2029.'],
      ['The end of the secondment was decided by Decision No. 90/QĐ-STC of 15 January 2029; the last day is 4 March 2029.'],
    ],
    [
      'ReturnConfirmed',
      { returnedOn: '2029-03-05', placement: { position: 'Phó Trưởng phòng Quản lý ngân sách', unitName: 'Sở Tài chính', note: null } },
      ['Đã xác nhận Nguyễn Văn An trở về công tác từ ngày 05/03/2029.', 'Bố trí công tác: Phó Trưởng phòng Quản lý ngân sách, Sở Tài chính'],
      ["Nguyễn Văn An's return was confirmed on 5 March 2029.", 'New post: Phó Trưởng phòng Quản lý ngân sách, Sở Tài chính'],
    ],
  ])('%s', (type, data, viParts, enParts) => {
    const vi = renderNotification('decision_taken', decided(type, data), 'vi', PUBLIC_URL);
    const en = renderNotification('decision_taken', decided(type, data), 'en', PUBLIC_URL);
    for (const part of viParts) expect(vi.text).toContain(part);
    for (const part of enParts) expect(en.text).toContain(part);
    expect(vi.text).toContain('Người thực hiện: Lê Văn Cường, ngày 30/06/2026');
    expect(en.text).toContain('By: Lê Văn Cường, 30 June 2026');
    expect(vi.subject).toContain(CASE_ID);
    expect(vi.subject).not.toContain('undefined');
    expect(en.text).not.toContain('undefined');
  });

  it('falls back to a plain sentence for an event it has no words for, and survives missing data', () => {
    const odd = facts('SomethingNew' as EventType, {}, { at: 'not a date', actorName: 'Lê Văn Cường' });
    const vi = renderNotification('decision_taken', odd, 'vi', PUBLIC_URL);
    expect(vi.subject).toBe(`[Biệt phái] ${CASE_ID} – Nguyễn Văn An: Hồ sơ có cập nhật mới`);
    expect(vi.text).toContain('Hồ sơ có cập nhật mới (SomethingNew).');
    expect(vi.text).toContain('Người thực hiện: Lê Văn Cường\n');
    const bare = renderNotification('decision_taken', facts('DecisionIssued', {}), 'en', PUBLIC_URL);
    expect(bare.text).not.toContain('undefined');
    expect(bare.text).not.toContain('Signed by');
  });
});

describe('reminders', () => {
  it('deadline_missed: the step, its deadline and the escalation level', () => {
    const vi = render('deadline_missed', 'vi');
    expect(vi.subject).toBe(`[Biệt phái] ${CASE_ID} – Nguyễn Văn An: Quá hạn xử lý bước “thủ trưởng sở xem xét”, cảnh báo lần 2`);
    expect(vi.text).toContain('Bước “thủ trưởng sở xem xét” có hạn xử lý đến ngày 20/01/2026 nhưng chưa được xử lý. Đây là cảnh báo quá hạn lần 2.');
    expect(vi.text).not.toContain('Người thực hiện');
    const en = render('deadline_missed', 'en');
    expect(en.subject).toContain('Overdue: department review, escalation level 2');
    expect(en.text).toContain('The step “department review” was due by 20 January 2026 and has not been completed. This is escalation level 2.');
  });

  it('term_ending: days left, the end date, and that the sending department must end or extend', () => {
    const vi = render('term_ending', 'vi');
    expect(vi.subject).toBe(`[Biệt phái] ${CASE_ID} – Nguyễn Văn An: Còn 60 ngày là hết thời hạn biệt phái`);
    expect(vi.text).toContain('Thời hạn biệt phái của Nguyễn Văn An tại Xã Cư Bao sẽ kết thúc vào ngày 04/03/2029 (còn 60 ngày).');
    expect(vi.text).toContain('Đề nghị Sở Tài chính (đơn vị cử đi) xem xét, quyết định kết thúc hoặc gia hạn');
    expect(vi.text).toContain('Việc cần làm: gia hạn, quyết định kết thúc');
    const en = render('term_ending', 'en');
    expect(en.subject).toContain('Secondment ends in 60 days');
    expect(en.text).toContain('ends on 4 March 2029, in 60 days.');
    expect(en.text).toContain('The sending department, Sở Tài chính, must decide to end or extend it before then.');
    expect(en.text).toContain('To do: extend the term, decide the end');
  });

  it('term_ending counts the days from the event’s local day when the reminder does not say, and uses the form', () => {
    // The event is at 01:30 on 4 January 2029 in Vietnam (18:30 UTC the day before): 59 days to 4 March.
    const rotation = facts('TermEndReminderDue', { termEnd: '2029-03-04' }, { case: { form: 'rotation' } });
    const vi = renderNotification('term_ending', rotation, 'vi', PUBLIC_URL);
    expect(vi.subject).toBe(`[Luân chuyển] ${CASE_ID} – Nguyễn Văn An: Còn 59 ngày là hết thời hạn luân chuyển`);
    expect(vi.text).toContain('Người được luân chuyển: Nguyễn Văn An');
    const tomorrow = facts('TermEndReminderDue', { termEnd: '2029-03-04', daysBefore: 1 }, { case: { form: 'rotation' } });
    const en = renderNotification('term_ending', tomorrow, 'en', PUBLIC_URL);
    expect(en.subject).toContain('Rotation ends in 1 day');
  });

  it('term_overdue: the term ended with no end-or-extend decision', () => {
    const vi = render('term_overdue', 'vi');
    expect(vi.subject).toContain('Hết thời hạn, chưa có quyết định kết thúc hoặc gia hạn');
    expect(vi.text).toContain('đã kết thúc vào ngày 04/03/2029 nhưng chưa có quyết định kết thúc hoặc gia hạn. Đề nghị Sở Tài chính khẩn trương xem xét, quyết định.');
    const en = render('term_overdue', 'en');
    expect(en.text).toContain('ended on 4 March 2029 with no decision to end or extend it.');
  });

  it('evaluation_due: the period and the due date', () => {
    const vi = render('evaluation_due', 'vi');
    expect(vi.subject).toContain('Đến hạn đánh giá kỳ 1');
    expect(vi.text).toContain('Đến kỳ đánh giá thứ 1 đối với Nguyễn Văn An trong thời gian biệt phái tại Xã Cư Bao; hạn hoàn thành: 05/03/2027.');
    expect(vi.text).toContain('Việc cần làm: ghi nhận đánh giá');
    const en = render('evaluation_due', 'en');
    expect(en.text).toContain("Evaluation no. 1 of Nguyễn Văn An's work at Xã Cư Bao is due by 5 March 2027.");
  });
});

describe('digests', () => {
  it('weekly_digest lists each section in order, with dates, units and "None" for an empty one', () => {
    const vi = renderNotification('weekly_digest', WEEKLY, 'vi', PUBLIC_URL);
    expect(vi.subject).toBe('Tổng hợp tuần 07/01/2029: 2 trường hợp sắp hết thời hạn, 1 bước quá hạn');
    expect(vi.link).toBe('https://bietphai.daklak.gov.vn/pipeline');
    expect(vi.text).toContain(`- ${CASE_ID} · Nguyễn Văn An (Biệt phái) · Sở Tài chính → Xã Cư Bao · hết hạn 04/03/2029 · chưa có quyết định kết thúc hoặc gia hạn`);
    expect(vi.text).toContain('- HS-2026-4PZ8W1QR · Hoàng Thị Mai (Luân chuyển) · Sở Xây dựng → Phường Buôn Ma Thuột · hết hạn 31/03/2029\n');
    expect(vi.text.indexOf(CASE_ID)).toBeLessThan(vi.text.indexOf('HS-2026-4PZ8W1QR'));
    expect(vi.text).toContain('- HS-2026-9TQ2M5VX · Lê Quang Huy · Sở Nông nghiệp và Môi trường → Xã Ea Kao · bước “Sở Nội vụ thẩm định”, hạn 02/01/2029 · cảnh báo lần 1');
    expect(vi.text).toContain('Đã hết thời hạn, chưa có quyết định kết thúc hoặc gia hạn (0)\n- Không có');
    expect(vi.html).toContain(`<a href="${CASE_LINK}">`);

    const en = renderNotification('weekly_digest', WEEKLY, 'en', PUBLIC_URL);
    expect(en.subject).toBe('Weekly summary 7 January 2029: 2 terms ending, 1 overdue step');
    expect(en.text).toContain('Terms ending within 90 days (2)');
    expect(en.text).toContain('ends 4 March 2029 · no decision to end or extend yet');
    expect(en.text).toContain('“Home Affairs appraisal” due 2 January 2029 · escalation level 1');
    expect(en.text).toContain('Terms over with no decision to end or extend (0)\n- None');
    expect(en.text).toContain('Open the pipeline: https://bietphai.daklak.gov.vn/pipeline');
  });

  it('weekly_digest with nothing to report says so in every section', () => {
    const quiet: WeeklyDigestFacts = { day: '2029-01-07', horizonDays: 90, termsEnding: [], overdueSteps: [], overdueTerms: [] };
    const m = renderNotification('weekly_digest', quiet, 'vi', PUBLIC_URL);
    expect(m.subject).toBe('Tổng hợp tuần 07/01/2029: 0 trường hợp sắp hết thời hạn, 0 bước quá hạn');
    expect(m.text.match(/- Không có/g)).toHaveLength(3);
  });

  it('daily_digest lists each held message on one line with its case link', () => {
    const vi = renderNotification('daily_digest', DAILY, 'vi', PUBLIC_URL);
    expect(vi.subject).toBe('Tổng hợp thông báo ngày 26/02/2026: 2 thông báo');
    expect(vi.link).toBe('https://bietphai.daklak.gov.vn/notifications');
    expect(vi.text).toContain(`- ${CASE_ID} – Nguyễn Văn An: Đã ban hành Quyết định số 1234/QĐ-UBND — ${CASE_LINK}\n`);
    expect(vi.text).toContain('- HS-2026-4PZ8W1QR – Hoàng Thị Mai: Hồ sơ chờ Ông/Bà xử lý — https://bietphai.daklak.gov.vn/cases/HS-2026-4PZ8W1QR');
    const en = renderNotification('daily_digest', DAILY, 'en', PUBLIC_URL);
    expect(en.subject).toBe('Daily summary 26 February 2026: 2 notifications');
    expect(en.text).toContain(`- ${CASE_ID} – Nguyễn Văn An: Decision No. 1234/QĐ-UBND issued — ${CASE_LINK}`);
    expect(renderNotification('daily_digest', { day: '2026-02-26', items: [] }, 'en', PUBLIC_URL).text).toContain('- None');
  });
});

describe('HTML', () => {
  it('escapes every interpolated value', () => {
    const reason = 'a & b "quoted" \'single\'';
    const evil = facts('CaseRejected', { stage: 'department_review', reason }, { actorName: '<b>Lê</b>', case: { officialName: '<script>alert(1)</script>' } });
    for (const language of ['vi', 'en'] as const) {
      const m = renderNotification('decision_taken', evil, language, PUBLIC_URL);
      expect(m.html).not.toContain('<script>');
      expect(m.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(m.html).toContain('&lt;b&gt;Lê&lt;/b&gt;');
      expect(m.html).toContain('a &amp; b &quot;quoted&quot; &#39;single&#39;');
      expect(m.text).toContain('<script>alert(1)</script>');
    }
    const weekly: WeeklyDigestFacts = { ...WEEKLY, termsEnding: [{ ...WEEKLY.termsEnding[0], officialName: '<script>x</script>' }] };
    expect(renderNotification('weekly_digest', weekly, 'vi', PUBLIC_URL).html).toContain('&lt;script&gt;x&lt;/script&gt;');
    const daily: DailyDigestFacts = { day: '2026-02-26', items: [{ kind: 'decision_taken', occurredAt: '2026-01-15T03:00:00.000Z', facts: evil }] };
    expect(renderNotification('daily_digest', daily, 'en', PUBLIC_URL).html).not.toContain('<script>');
  });

  it('is a whole, self-contained document with the same content as the text', () => {
    const m = render('term_ending', 'vi');
    expect(m.html.startsWith('<!DOCTYPE html>\n<html lang="vi">')).toBe(true);
    expect(m.html).toContain('<meta charset="utf-8">');
    expect(m.html).toContain(`<title>${m.subject}</title>`);
    expect(m.html).not.toMatch(/<script|<img|<link|src=|@import|url\(/i);
    expect(m.html).toContain('Thời hạn biệt phái của Nguyễn Văn An tại Xã Cư Bao sẽ kết thúc vào ngày 04/03/2029 (còn 60 ngày).');
    expect(m.html).toContain('<strong>Việc cần làm:</strong> gia hạn, quyết định kết thúc');
  });
});

describe('every kind', () => {
  it('renders in both languages without throwing, with a subject, text, HTML and a link', () => {
    const factsOf = (kind: NotificationKind) => (kind === 'weekly_digest' ? WEEKLY : kind === 'daily_digest' ? DAILY : BY_KIND[kind]);
    for (const kind of NOTIFICATION_KINDS) {
      for (const language of ['vi', 'en'] as const) {
        const m = renderNotification(kind, factsOf(kind), language, PUBLIC_URL);
        expect(m.subject.trim()).not.toBe('');
        expect(m.text.trim()).not.toBe('');
        expect(m.html).toContain(`<html lang="${language}">`);
        expect(m.link.startsWith('https://bietphai.daklak.gov.vn/')).toBe(true);
      }
    }
  });
});
