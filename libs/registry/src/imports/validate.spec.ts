import { ageOn } from '@app/domain';
import { parseCsv, unguardFormula } from '@app/spreadsheets';
import { OFFICIAL_HEADER, official, refusal, snapshot, TODAY } from '../testing/import-fixtures';
import { decodeCp1252 } from './encodings';
import { csvTable, decodeCsvBytes, type Table } from './file';
import { IMPORT_RULES, REGISTRY_COLUMNS, REGISTRY_KINDS, type ImportError, type OfficialRecord, type RegistryKind, type UnitRecord } from './model';
import { headerKey } from './text';
import { diffRecords, validateTable } from './validate';
import { parseDate } from './values';

/**
 * Pure specs of the registry import's judgement: header mapping, every row rule, a mojibake cell,
 * the diff that makes a second import change nothing, and progress.
 */

const hex = (text: string) => Buffer.from(text.replace(/\s+/g, ''), 'hex');
const latin1 = (bytes: Buffer) => bytes.toString('latin1');

/** A CSV upload's bytes as the table validation reads (the reader itself is @app/spreadsheets'). */
const readCsv = (bytes: Uint8Array): Promise<Table> => Promise.resolve().then(() => csvTable(parseCsv(decodeCsvBytes(bytes)).records, unguardFormula));
const csv = (text: string) => readCsv(Buffer.from(text, 'utf8'));

/** The errors of a CSV for a kind, as [row, column, rule]. */
async function errorsOf(kind: RegistryKind, text: string, snap = snapshot(kind)): Promise<[number, string | null, string][]> {
  const validation = validateTable(kind, await csv(text), snap, { today: TODAY });
  return validation.errors.map((e) => [e.row, e.column, e.rule]);
}

describe('legacy encodings in a cell', () => {
  it('reports a mojibake cell as a row error naming the encoding, and refuses a mojibake header as a whole', async () => {
    const validation = validateTable('officials', await csv(`id,fullName,unitId,employment\ncc-1,NguyÔn V¨n §øc,so-tai-chinh,civil_servant\n`), snapshot('officials'), { today: TODAY });
    expect(validation.errors).toEqual([
      expect.objectContaining({ row: 2, column: 'fullName', rule: 'legacy_encoding', value: 'NguyÔn V¨n §øc', message: { vi: expect.stringMatching(/TCVN3.*Nguyễn Văn Đức/), en: expect.stringMatching(/TCVN3.*Nguyễn Văn Đức/) } }),
    ]);
    const header = decodeCp1252(latin1(hex('4d b7 20 ae ac 6e 20 76 de'))); // "Mã đơn vị" in TCVN3 → "M· ®¬n vÞ"
    expect(header).toBe('M· ®¬n vÞ');
    expect(() => validateTable('units', { format: 'csv', records: [{ row: 1, cells: [header, 'name', 'category'] }] }, snapshot('units'))).toThrow(
      expect.objectContaining({ status: 415, extensions: expect.objectContaining({ encoding: 'TCVN3' }) }),
    );
  });
});

describe('header mapping', () => {
  it('accepts English and Vietnamese headers without regard to case, diacritics, spaces or punctuation', async () => {
    for (const header of [
      OFFICIAL_HEADER,
      'ID,FULL_NAME,Title,unit_id,field id,RANK,Employment,is leader,in_leadership_plan,birth-date,Gender',
      'Mã công chức,Họ và tên,Chức danh,Mã đơn vị,Mã lĩnh vực,Ngạch,Loại hình,Lãnh đạo,Quy hoạch,Ngày sinh,Giới tính',
      'MÃ CÔNG CHỨC,HỌ VÀ TÊN,CHỨC DANH,MÃ ĐƠN VỊ,MÃ LĨNH VỰC,NGẠCH,LOẠI HÌNH,LÃNH ĐẠO,QUY HOẠCH,NGÀY SINH,GIỚI TÍNH',
      'ma cong chuc,ho va ten,chuc danh,ma don vi,ma linh vuc,ngach,loai hinh,lanh dao,quy hoach,ngay sinh,gioi tinh',
    ]) {
      const validation = validateTable('officials', await csv(`${header}\ncc-1,Nguyễn Văn Đức,Chuyên viên,so-tai-chinh,dat-dai,Chuyên viên,Công chức,Không,Không,02/03/1985,Nam\n`), snapshot('officials'), {
        today: TODAY,
      });
      expect([header, validation.errors]).toEqual([header, []]);
      expect(validation.records[0].record).toEqual(official({ id: 'cc-1', fieldId: 'dat-dai', rank: 'Chuyên viên' }));
    }
  });

  it('maps every header of every kind to one column only (no alias is shared)', () => {
    for (const kind of REGISTRY_KINDS) {
      const keys = REGISTRY_COLUMNS[kind].flatMap((spec) => [spec.key, spec.vi, ...spec.aliases].map((name) => `${headerKey(name)}→${spec.key}`));
      const byName = new Map<string, Set<string>>();
      for (const entry of keys) {
        const [name, key] = entry.split('→');
        byName.set(name, (byName.get(name) ?? new Set()).add(key));
      }
      for (const [name, targets] of byName) expect([kind, name, [...targets]]).toEqual([kind, name, [expect.any(String)]]);
    }
    expect(headerKey('Họ và tên')).toBe('hovaten');
    expect(headerKey('Mã đơn vị')).toBe('madonvi');
  });

  it('reports unknown, duplicate and missing columns on row 1', async () => {
    expect(await errorsOf('units', 'id,name,Ghi chú\nxa-a,Xã A,x\n')).toEqual([
      [1, 'Ghi chú', 'unknown_column'],
      [1, 'category', 'missing_column'],
    ]);
    expect(await errorsOf('units', 'Mã đơn vị,id,Tên đơn vị,Loại\nxa-a,xa-a,Xã A,Xã\n')).toEqual([[1, 'id', 'duplicate_column']]);
    // An unknown column alone still lets every row be judged.
    expect(await errorsOf('units', 'id,name,category,Ghi chú\nxa-a,Xã A,nope,\n')).toEqual([
      [1, 'Ghi chú', 'unknown_column'],
      [2, 'category', 'enum'],
    ]);
  });
});

describe('row rules', () => {
  it('units: required, id format, too long, bad category, bad flag, duplicate id', async () => {
    const long = 'Đ'.repeat(201);
    expect(
      await errorsOf(
        'units',
        [
          'id,name,category,difficultArea',
          'xa-a,Xã A,Xã,Có', // good
          ',Xã B,commune,', // required id
          'Xa B,Xã B,commune,', // id format
          `xa-c,${long},commune,`, // too long
          'xa-d,,ward,', // required name
          'xa-e,Xã E,village,', // enum
          'xa-f,Xã F,,', // required category
          'xa-g,Xã G,commune,maybe', // boolean
          'xa-a,Xã A lần hai,commune,', // duplicate
        ].join('\n'),
      ),
    ).toEqual([
      [3, 'id', 'required'],
      [4, 'id', 'id_format'],
      [5, 'name', 'too_long'],
      [6, 'name', 'required'],
      [7, 'category', 'enum'],
      [8, 'category', 'required'],
      [9, 'difficultArea', 'boolean'],
      [10, 'id', 'duplicate'],
    ]);
  });

  it('units: a unit named by cases may change category within its kind, not to the other kind', async () => {
    const existing: UnitRecord[] = [
      { id: 'xa-cu-bao', name: 'Xã Cư Bao', category: 'commune', difficultArea: false },
      { id: 'xa-ea-kar', name: 'Xã Ea Kar', category: 'commune', difficultArea: false },
    ];
    const snap = snapshot('units', existing, { unitsOnCases: new Set(['xa-cu-bao']) });
    expect(await errorsOf('units', 'id,name,category\nxa-cu-bao,Phường Cư Bao,ward\nxa-ea-kar,Ban Ea Kar,agency\n', snap)).toEqual([]);
    const refused = validateTable('units', await csv('id,name,category\nxa-cu-bao,Ban Cư Bao,agency\n'), snap);
    expect(refused.errors).toEqual([expect.objectContaining({ row: 2, column: 'category', rule: 'kind_change', value: 'agency', message: { vi: expect.stringMatching(/xa-cu-bao/), en: expect.stringMatching(/xa-cu-bao/) } })]);
  });

  it('officials: one on an open case keeps their unit until the case closes; other changes pass', async () => {
    const existing: OfficialRecord[] = [
      { id: 'cc-1', fullName: 'Nguyễn Văn An', title: null, unitId: 'so-tai-chinh', fieldId: null, rank: null, employment: 'civil_servant', isLeader: false, inLeadershipPlan: false, birthDate: null, gender: null },
    ];
    const snap = snapshot('officials', existing, { officialsOnOpenCases: new Map([['cc-1', 'HS-2026-AAAA1111']]) });
    const moved = validateTable('officials', await csv('id,fullName,unitId,employment\ncc-1,Nguyễn Văn An,xa-ea-kar,civil_servant\n'), snap);
    expect(moved.errors).toEqual([expect.objectContaining({ row: 2, column: 'unitId', rule: 'moved_on_open_case', message: { vi: expect.stringMatching(/HS-2026-AAAA1111/), en: expect.stringMatching(/HS-2026-AAAA1111/) } })]);
    expect(await errorsOf('officials', 'id,fullName,unitId,employment\ncc-1,Nguyễn Văn Ân,so-tai-chinh,civil_servant\n', snap)).toEqual([]);
    expect(await errorsOf('officials', 'id,fullName,unitId,employment\ncc-1,Nguyễn Văn An,xa-ea-kar,civil_servant\n', snapshot('officials', existing))).toEqual([]);
  });

  it('officials: every rule', async () => {
    const rows = [
      OFFICIAL_HEADER,
      'cc-1,Nguyễn Văn An,Chuyên viên,so-tai-chinh,dat-dai,Chuyên viên,civil_servant,false,false,1985-03-02,male', // good
      ',Thiếu Mã,,so-tai-chinh,,,civil_servant,,,,', // required id
      'cc 3,Có Khoảng Trắng,,so-tai-chinh,,,civil_servant,,,,', // id format
      'cc-4,,,so-tai-chinh,,,civil_servant,,,,', // required fullName
      'cc-5,Đơn Vị Lạ,,so-khong-co,,,civil_servant,,,,', // unknown unit
      'cc-6,Lĩnh Vực Lạ,,so-tai-chinh,thien-van,,civil_servant,,,,', // unknown field
      'cc-7,Loại Hình Lạ,,so-tai-chinh,,,contractor,,,,', // enum employment
      'cc-8,Giới Tính Lạ,,so-tai-chinh,,,civil_servant,,,,other', // enum gender
      'cc-9,Ngày Sai,,so-tai-chinh,,,civil_servant,,,31/02/1980,', // date
      'cc-10,Tương Lai,,so-tai-chinh,,,civil_servant,,,2026-07-01,', // future
      'cc-11,Quá Trẻ,,so-tai-chinh,,,civil_servant,,,2010-01-01,', // age
      'cc-12,Quá Tuổi,,so-tai-chinh,,,civil_servant,,,1950-01-01,', // age
      'cc-13,Quy Hoạch,,so-tai-chinh,,,civil_servant,không,có,,', // plan needs leader
      'cc-14,Cờ Lạ,,so-tai-chinh,,,civil_servant,perhaps,,,', // boolean
      `cc-15,${'A'.repeat(151)},,so-tai-chinh,,,civil_servant,,,,`, // too long
      'cc-1,Trùng Mã,,so-tai-chinh,,,civil_servant,,,,', // duplicate
      'cc-17,Thiếu Loại Hình,,so-tai-chinh,,,,,,,', // required employment
      'cc-18,"Xuống\u0007dòng",,so-tai-chinh,,,civil_servant,,,,', // control character
      'cc-19,Lãnh Đạo Quy Hoạch,Trưởng phòng,so-tai-chinh,,,civil_servant,có,có,15/06/2008,nữ', // good: exactly 18 today
      'cc-20,Bảy Mươi,,so-tai-chinh,,,public_employee,1,0,16/06/1955,Nữ', // good: 70 until tomorrow
      'cc-21,Bảy Mươi Mốt,,so-tai-chinh,,,public_employee,1,0,15/06/1955,Nữ', // age: 71 today
    ];
    expect(await errorsOf('officials', rows.join('\n'))).toEqual([
      [3, 'id', 'required'],
      [4, 'id', 'id_format'],
      [5, 'fullName', 'required'],
      [6, 'unitId', 'unknown_unit'],
      [7, 'fieldId', 'unknown_field'],
      [8, 'employment', 'enum'],
      [9, 'gender', 'enum'],
      [10, 'birthDate', 'date'],
      [11, 'birthDate', 'future_date'],
      [12, 'birthDate', 'age'],
      [13, 'birthDate', 'age'],
      [14, 'inLeadershipPlan', 'plan_needs_leader'],
      [15, 'isLeader', 'boolean'],
      [16, 'fullName', 'too_long'],
      [17, 'id', 'duplicate'],
      [18, 'employment', 'required'],
      [19, 'fullName', 'control_character'],
      [22, 'birthDate', 'age'],
    ]);
  });

  it('finds a repeated id even when the first row with it is bad, and names that row', async () => {
    const validation = validateTable('officials', await csv(`${OFFICIAL_HEADER}\ncc-1,A,,so-tai-chinh,,,contractor,,,,\ncc-1,B,,so-tai-chinh,,,civil_servant,,,,\n`), snapshot('officials'), { today: TODAY });
    expect(validation.errors.map((e) => [e.row, e.column, e.rule])).toEqual([
      [2, 'employment', 'enum'],
      [3, 'id', 'duplicate'],
    ]);
    expect(validation.errors[1].message.en).toMatch(/row 2/);
    expect(validation.valid).toBe(0);
  });

  it('refuses a file with no header row', async () => {
    expect(() => validateTable('units', { format: 'csv', records: [] }, snapshot('units'))).toThrow(expect.objectContaining({ status: 400, rule: 'header' }));
    expect(await refusal(readCsv(Buffer.from([0xef, 0xbb, 0xbf])).then((table) => validateTable('units', table, snapshot('units'))))).toMatchObject({ status: 400 });
  });

  it('names the known units and fields when a reference is unknown, whatever its shape', async () => {
    const validation = validateTable('quotas', await csv('unitId,fieldId,quota\nXã Cư Bao,Quản lý đất đai,1\n'), snapshot('quotas'), { today: TODAY });
    expect(validation.errors.map((e) => [e.column, e.rule])).toEqual([
      ['unitId', 'unknown_unit'],
      ['fieldId', 'unknown_field'],
    ]);
    expect(validation.errors[1].message.en).toMatch(/dat-dai, tai-chinh-ke-toan, xay-dung/);
  });

  it('officials: several bad cells of one row are each reported', async () => {
    const validation = validateTable('officials', await csv(`${OFFICIAL_HEADER}\ncc-1,,,nowhere,nofield,,x,y,z,99/99/9999,q\n`), snapshot('officials'), { today: TODAY });
    expect(validation).toMatchObject({ rows: 1, valid: 0, records: [] });
    expect(validation.errors.map((e: ImportError) => [e.column, e.rule])).toEqual([
      ['fullName', 'required'],
      ['unitId', 'unknown_unit'],
      ['fieldId', 'unknown_field'],
      ['employment', 'enum'],
      ['isLeader', 'boolean'],
      ['inLeadershipPlan', 'boolean'],
      ['birthDate', 'date'],
      ['gender', 'enum'],
    ]);
    for (const error of validation.errors) {
      expect(error.message.vi).toMatch(/\S/);
      expect(error.message.en).toMatch(/\S/);
      expect(IMPORT_RULES).toContain(error.rule);
    }
  });

  it('officials: a column the file leaves out keeps what the registry holds; inLeadershipPlan is judged against the kept isLeader', async () => {
    const existing = official({ id: 'cc-1', isLeader: true, inLeadershipPlan: false, birthDate: '1980-01-01', gender: 'female' });
    const snap = snapshot('officials', [existing]);
    const validation = validateTable('officials', await csv('id,fullName,unitId,employment,inLeadershipPlan\ncc-1,Nguyễn Văn Đức,xa-ea-kar,civil_servant,có\n'), snap, { today: TODAY });
    expect(validation.errors).toEqual([]);
    expect(validation.records[0].record).toEqual({ ...existing, unitId: 'xa-ea-kar', inLeadershipPlan: true });
    // A new official gets the defaults instead.
    const fresh = validateTable('officials', await csv('id,fullName,unitId,employment\ncc-2,Trần Thị B,so-tai-chinh,viên chức\n'), snap, { today: TODAY });
    expect(fresh.records[0].record).toEqual({
      id: 'cc-2',
      fullName: 'Trần Thị B',
      title: null,
      unitId: 'so-tai-chinh',
      fieldId: null,
      rank: null,
      employment: 'public_employee',
      isLeader: false,
      inLeadershipPlan: false,
      birthDate: null,
      gender: null,
    });
  });

  it('quotas: required, unknown unit and field, whole numbers from 0, duplicate pair', async () => {
    expect(
      await errorsOf(
        'quotas',
        [
          'Mã đơn vị;Mã lĩnh vực;Biên chế',
          'xa-cu-bao;dat-dai;3', // good
          'xa-cu-bao;xay-dung;0', // good
          'xa-khong;dat-dai;2', // unknown unit
          'xa-cu-bao;thien-van;2', // unknown field
          'xa-ea-kar;dat-dai;2.5', // not whole
          'xa-ea-kar;xay-dung;-1', // negative
          'xa-ea-kar;tai-chinh-ke-toan;1.000', // a thousands separator
          'so-tai-chinh;tai-chinh-ke-toan;', // required
          ';dat-dai;1', // required unit
          'xa-cu-bao;dat-dai;4', // duplicate pair
          'so-tai-chinh;dat-dai;100001', // too many
        ].join('\n'),
      ),
    ).toEqual([
      [4, 'unitId', 'unknown_unit'],
      [5, 'fieldId', 'unknown_field'],
      [6, 'quota', 'quota'],
      [7, 'quota', 'quota'],
      [8, 'quota', 'quota'],
      [9, 'quota', 'required'],
      [10, 'unitId', 'required'],
      [11, 'fieldId', 'duplicate'],
      [12, 'quota', 'quota'],
    ]);
  });

  it('reads dates as YYYY-MM-DD or dd/mm/yyyy, real calendar days only, and counts ages in full years', () => {
    expect(parseDate('1985-03-02')).toBe('1985-03-02');
    expect(parseDate('2/3/1985')).toBe('1985-03-02');
    expect(parseDate('02.03.1985')).toBe('1985-03-02');
    expect(parseDate('29/02/1984')).toBe('1984-02-29');
    for (const bad of ['29/02/1985', '1985-13-01', '03/1985', '1985/03/02', '02/03/85', 'hôm qua']) expect([bad, parseDate(bad)]).toEqual([bad, null]);
    expect(ageOn('2008-06-15', '2026-06-15')).toBe(18);
    expect(ageOn('2008-06-16', '2026-06-15')).toBe(17);
    expect(ageOn('1984-02-29', '2026-02-28')).toBe(41);
  });
});

describe('changes', () => {
  it('counts inserted, updated and unchanged rows; an unchanged row is one whose every value is the same', async () => {
    const snap = snapshot('officials', [official({ id: 'cc-1' }), official({ id: 'cc-2', fullName: 'Lê Thị Diệu', gender: 'female' })]);
    const table = await csv(
      [
        OFFICIAL_HEADER,
        'cc-1,Nguyễn Văn Đức,Chuyên viên,so-tai-chinh,tai-chinh-ke-toan,Chuyên viên chính,civil_servant,false,false,1985-03-02,male',
        'cc-2,Lê Thị Diệu,Chuyên viên,xa-ea-kar,tai-chinh-ke-toan,Chuyên viên chính,civil_servant,false,false,1985-03-02,female', // moved
        'cc-3,Hoàng Văn Công,,so-tai-chinh,,,civil_servant,,,,',
      ].join('\n'),
    );
    const validation = validateTable('officials', table, snap, { today: TODAY });
    const diff = diffRecords('officials', validation.records, snap);
    expect({ inserts: diff.inserts.map((r) => r.id), updates: diff.updates.map((r) => r.id), unchanged: diff.unchanged }).toEqual({ inserts: ['cc-3'], updates: ['cc-2'], unchanged: 1 });
  });

  it('reports progress every N rows', async () => {
    const lines = [OFFICIAL_HEADER, ...Array.from({ length: 25 }, (_, i) => `cc-${i},Người ${i},,so-tai-chinh,,,civil_servant,,,,`)];
    const seen: [number, number][] = [];
    validateTable('officials', await csv(lines.join('\n')), snapshot('officials'), { today: TODAY, progressEvery: 10, onProgress: (done, total) => seen.push([done, total]) });
    expect(seen).toEqual([
      [10, 25],
      [20, 25],
    ]);
  });
});
