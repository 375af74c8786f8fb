import type { CaseListItem } from '@app/persistence';
import ExcelJS from 'exceljs';
import { EXPORT_COLUMNS, toCsv, toXlsx } from './export';

const row = (overrides: Partial<CaseListItem> = {}): CaseListItem => ({
  caseId: 'HS-2026-7Q2M4K9D',
  version: 5,
  form: 'secondment',
  stage: 'serving',
  outcome: null,
  officialId: 'cc-0001',
  officialName: 'Nguyễn Văn An',
  sendingUnitId: 'so-tai-chinh',
  sendingUnitName: 'Sở Tài chính',
  receivingUnitId: 'xa-cu-bao',
  receivingUnitName: 'Xã Cư Bao',
  position: 'Công chức Tài chính – Kế toán',
  proposerId: 'hr.taichinh',
  proposerName: 'Trần Thị Bình',
  proposedAt: '2026-11-25T02:00:00.000Z',
  stageOpenedAt: '2026-12-01T00:00:00.000Z',
  stageDeadline: null,
  escalationLevel: 0,
  decisionNumber: '1234/QĐ-UBND',
  decisionDate: '2026-11-28',
  effectiveDate: '2026-12-01',
  termEnd: '2029-11-30',
  overdue: false,
  nextTimerAt: null,
  closedAt: null,
  stageOverdue: false,
  ...overrides,
});

describe('case list exports', () => {
  it('writes CSV in UTF-8 with a BOM, Vietnamese headings, dd/mm/yyyy dates and CRLF line ends', () => {
    const csv = toCsv([row()]);
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = csv.subarray(3).toString('utf8').split('\r\n');
    expect(lines[0]).toBe(EXPORT_COLUMNS.map((c) => c.header).join(','));
    expect(lines[1]).toBe(
      'HS-2026-7Q2M4K9D,Nguyễn Văn An,cc-0001,Biệt phái,Sở Tài chính,Xã Cư Bao,Công chức Tài chính – Kế toán,đang công tác,,,,1234/QĐ-UBND,28/11/2026,01/12/2026,30/11/2029,Trần Thị Bình,25/11/2026',
    );
    expect(lines[2]).toBe('');
  });

  it('quotes commas, quotes and line breaks, and neutralises cells a spreadsheet would run as formulas', () => {
    const csv = toCsv([row({ position: 'Kế toán, "ngân sách"\nxã', officialName: '=HYPERLINK("http://x")', receivingUnitName: '+1', sendingUnitName: '-2', proposerName: '@me' })]);
    const text = csv.subarray(3).toString('utf8');
    expect(text).toContain('"Kế toán, ""ngân sách""\nxã"');
    expect(text).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(text).toContain(`"'+1"`);
    expect(text).toContain(`"'-2"`);
    expect(text).toContain(`"'@me"`);
  });

  it('writes an .xlsx that Excel (and ExcelJS) reads back with the same rows', async () => {
    const buffer = await toXlsx([row(), row({ caseId: 'HS-2026-0000000B', officialName: 'Y Moan Êban', overdue: true })]);
    expect(buffer.subarray(0, 2).toString()).toBe('PK');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    expect(sheet.name).toBe('Hồ sơ');
    expect(sheet.rowCount).toBe(3);
    expect(sheet.getRow(1).getCell(1).value).toBe('Mã hồ sơ');
    expect(sheet.getRow(3).getCell(2).value).toBe('Y Moan Êban');
    expect(sheet.getRow(3).getCell(11).value).toBe('Có');
  });
});
