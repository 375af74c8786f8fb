import { diffRecords, ImportFileError, REGISTRY_KINDS, validateTable, type OfficialRecord, type QuotaRecord, type RegistryRecord, type UnitRecord } from '@app/registry';
import { official, refusal, snapshot, TODAY } from '@app/registry/testing/import-fixtures';
import ExcelJS from 'exceljs';
import { readTable, toRegistryCsv, toRegistryXlsx } from './registry-files';

/**
 * The registry's files without a database: uploads read into tables (CSV and .xlsx, the refusals of
 * a file as a whole), and the export's bytes and round trip through the import.
 */

const hex = (text: string) => Buffer.from(text.replace(/\s+/g, ''), 'hex');
const csv = (text: string) => readTable({ bytes: Buffer.from(text, 'utf8'), fileName: 'x.csv' });

describe('reading a file into a table', () => {
  it('refuses a quoted field that never closes, naming its row', async () => {
    const refused = await refusal(csv('a,b\nx,y\n"open,2\n3,4\n'));
    expect(refused).toBeInstanceOf(ImportFileError);
    expect(refused).toMatchObject({ status: 400, rule: 'csv_syntax', extensions: { row: 3 } });
  });

  it('numbers rows as a spreadsheet does: header 1, blank lines counted but not read', async () => {
    const table = await csv('id,name,category\n\nso-a,Sở A,department\n"so-b","Sở\nB",agency\n,,\nso-c,Sở C,department\n');
    expect(table.records.map((r) => r.row)).toEqual([1, 3, 4, 6]);
    expect(table.records[2].cells).toEqual(['so-b', 'Sở B', 'agency']);
  });

  it('normalises every cell to NFC, trims it and makes runs of white space one space', async () => {
    const nfd = 'Nguyễn  Thị\u00a0Ánh'.normalize('NFD');
    expect(nfd).not.toBe(nfd.normalize('NFC'));
    const table = await csv(`id,fullName\ncc-1,"  ${nfd} "\n`);
    expect(table.records[1].cells[1]).toBe('Nguyễn Thị Ánh'.normalize('NFC'));
    expect(table.records[1].cells[1]).toBe(table.records[1].cells[1].normalize('NFC'));
  });

  it('takes off the guard an export puts before a leading = + - @', async () => {
    const table = await csv("id,title\ncc-1,'-Phó phòng\ncc-2,'=1+1\n");
    expect(table.records.slice(1).map((r) => r.cells[1])).toEqual(['-Phó phòng', '=1+1']);
  });

  it('refuses old .xls files, files named .xlsx that are not workbooks, and binary content', async () => {
    expect(await refusal(readTable({ bytes: hex('d0cf11e0a1b11ae1 0000'), fileName: 'a.xls' }))).toMatchObject({ status: 415, rule: 'file_format' });
    expect(await refusal(readTable({ bytes: Buffer.from('id,name\n'), fileName: 'a.xlsx' }))).toMatchObject({ status: 415, rule: 'file_format' });
    expect(await refusal(readTable({ bytes: Buffer.from([0x00, 0x01, 0x02, 0x03]), fileName: 'a.bin' }))).toMatchObject({ status: 415 });
    expect(await refusal(readTable({ bytes: hex('504b0304 1400 0000 0800'), fileName: 'a.csv' }))).toMatchObject({ status: 415, rule: 'file_format' });
    expect(await refusal(readTable({ bytes: Buffer.alloc(0) }))).toMatchObject({ status: 400, rule: 'required' });
  });
});

describe('changes and the round trip', () => {
  const VIETNAMESE = [
    // Every vowel with every tone, and đ/Đ.
    'Àà Ảả Ãã Áá Ạạ Ăă Ằằ Ẳẳ Ẵẵ Ắắ Ặặ Ââ Ầầ Ẩẩ Ẫẫ Ấấ Ậậ Đđ',
    'Èè Ẻẻ Ẽẽ Éé Ẹẹ Êê Ềề Ểể Ễễ Ếế Ệệ Ìì Ỉỉ Ĩĩ Íí Ịị',
    'Òò Ỏỏ Õõ Óó Ọọ Ôô Ồồ Ổổ Ỗỗ Ốố Ộộ Ơơ Ờờ Ởở Ỡỡ Ớớ Ợợ',
    'Ùù Ủủ Ũũ Úú Ụụ Ưư Ừừ Ửử Ữữ Ứứ Ựự Ỳỳ Ỷỷ Ỹỹ Ýý Ỵỵ',
  ];

  function fixture(): { units: UnitRecord[]; officials: OfficialRecord[]; quotas: QuotaRecord[] } {
    return {
      units: [
        { id: 'so-tai-chinh', name: 'Sở Tài chính', category: 'department', difficultArea: false },
        { id: 'ban-qlda', name: 'Ban Quản lý dự án, "đầu tư"; xây dựng', category: 'agency', difficultArea: false },
        { id: 'xa-cu-bao', name: 'Xã Cư Bao', category: 'commune', difficultArea: true },
        { id: 'phuong-a', name: 'Phường Buôn Ma Thuột', category: 'ward', difficultArea: false },
        { id: 'dac-khu-a', name: 'Đặc khu Trường Sa', category: 'special_zone', difficultArea: true },
      ],
      officials: [
        ...VIETNAMESE.map((name, i) => official({ id: `cc-${i}`, fullName: name, title: i === 0 ? '-Phó phòng' : `Chuyên viên ${i}`, gender: i % 2 ? 'female' : 'male' })),
        official({ id: 'cc-9', fullName: 'H Hen Niê', title: null, fieldId: null, rank: null, birthDate: null, gender: null, employment: 'public_employee', isLeader: true, inLeadershipPlan: true }),
      ],
      quotas: [
        { unitId: 'xa-cu-bao', fieldId: 'dat-dai', quota: 3 },
        { unitId: 'xa-cu-bao', fieldId: 'xay-dung', quota: 0 },
      ],
    };
  }

  for (const format of ['csv', 'xlsx'] as const) {
    for (const language of ['vi', 'en'] as const) {
      it(`an export (${format}, ${language} headers) read back reports every row unchanged`, async () => {
        const data = fixture();
        for (const kind of REGISTRY_KINDS) {
          const records = data[kind] as RegistryRecord[];
          const body = format === 'csv' ? toRegistryCsv(kind, records, language) : await toRegistryXlsx(kind, records, language);
          const snap = snapshot(kind, records, { unitIds: new Set(data.units.map((u) => u.id)) });
          const table = await readTable({ bytes: body, fileName: `x.${format}` });
          expect(table.format).toBe(format);
          const validation = validateTable(kind, table, snap, { today: TODAY });
          expect([kind, validation.errors]).toEqual([kind, []]);
          expect([kind, diffRecords(kind, validation.records, snap)]).toEqual([kind, { inserts: [], updates: [], unchanged: records.length }]);
          expect(validation.records.map((r) => r.record)).toEqual(records);
        }
      });
    }
  }

  it('writes CSV with a UTF-8 byte-order mark, CRLF line ends and Vietnamese headers and values by default', () => {
    const body = toRegistryCsv('officials', [official({ id: 'cc-1', isLeader: true, inLeadershipPlan: true, gender: 'female' })], 'vi');
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = body.subarray(3).toString('utf8');
    expect(text).toBe(
      'Mã công chức,Họ và tên,Chức danh,Mã đơn vị,Mã lĩnh vực,Ngạch,Loại hình,Lãnh đạo,Quy hoạch,Ngày sinh,Giới tính\r\n' +
        'cc-1,Nguyễn Văn Đức,Chuyên viên,so-tai-chinh,tai-chinh-ke-toan,Chuyên viên chính,Công chức,Có,Có,02/03/1985,Nữ\r\n',
    );
    expect(toRegistryCsv('units', [{ id: 'xa-a', name: 'Xã A', category: 'special_zone', difficultArea: false }], 'en').subarray(3).toString('utf8')).toBe(
      'id,name,category,difficultArea\r\nxa-a,Xã A,special_zone,false\r\n',
    );
  });

  it('reads an .xlsx whose cells are numbers, real dates, booleans, rich text and formulas', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Công chức');
    sheet.addRow(['Mã công chức', 'Họ và tên', 'Mã đơn vị', 'Loại hình', 'Lãnh đạo', 'Ngày sinh', 'Chức danh']);
    sheet.addRow([]);
    sheet.addRow(['cc-1', { richText: [{ text: 'Nguyễn ' }, { text: 'Văn Đức'.normalize('NFD') }] }, 'so-tai-chinh', 'Công chức', true, new Date(Date.UTC(1985, 2, 2)), { formula: '"Chuyên"&" viên"', result: 'Chuyên viên' }]);
    const quotas = workbook.addWorksheet('other');
    quotas.addRow(['ignored']);
    const table = await readTable({ bytes: Buffer.from(await workbook.xlsx.writeBuffer()), fileName: 'cong-chuc.xlsx' });
    expect(table.records).toEqual([
      { row: 1, cells: ['Mã công chức', 'Họ và tên', 'Mã đơn vị', 'Loại hình', 'Lãnh đạo', 'Ngày sinh', 'Chức danh'] },
      { row: 3, cells: ['cc-1', 'Nguyễn Văn Đức', 'so-tai-chinh', 'Công chức', 'true', '1985-03-02', 'Chuyên viên'] },
    ]);
    const validation = validateTable('officials', table, snapshot('officials'), { today: TODAY });
    expect(validation.errors).toEqual([]);
    expect(validation.records[0]).toMatchObject({ row: 3, record: { fullName: 'Nguyễn Văn Đức', isLeader: true, birthDate: '1985-03-02', title: 'Chuyên viên' } });
  });
});
