import { ageOn } from '@app/domain';
import ExcelJS from 'exceljs';
import {
  bytesBehind,
  decodeCp1252,
  decodeCsvBytes,
  decodeTcvn3,
  decodeVni,
  detectLegacyEncoding,
  diffRecords,
  firstInvalidUtf8,
  headerKey,
  IMPORT_RULES,
  ImportFileError,
  isVietnameseSyllable,
  mojibakeIn,
  parseCsv,
  parseDate,
  readTable,
  REGISTRY_COLUMNS,
  REGISTRY_KINDS,
  toRegistryCsv,
  toRegistryXlsx,
  validateTable,
  type ImportError,
  type OfficialRecord,
  type QuotaRecord,
  type RegistryKind,
  type RegistryRecord,
  type RegistrySnapshot,
  type UnitRecord,
} from './registry-import';

/**
 * Pure specs of the registry import: reading CSV and .xlsx, the encodings, header mapping, every
 * row rule, the diff that makes a second import change nothing, and the export's round trip.
 */

const TODAY = '2026-06-15';

const hex = (text: string) => Buffer.from(text.replace(/\s+/g, ''), 'hex');
const latin1 = (bytes: Buffer) => bytes.toString('latin1');
const csv = (text: string) => readTable({ buffer: Buffer.from(text, 'utf8'), fileName: 'x.csv' });

/** What readTable refuses the file with. */
async function refusal(promise: Promise<unknown>): Promise<ImportFileError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ImportFileError) return error;
    throw error;
  }
  throw new Error('expected an ImportFileError');
}

function snapshot(kind: RegistryKind, existing: RegistryRecord[] = [], extra: Partial<RegistrySnapshot> = {}): RegistrySnapshot {
  const key = (r: RegistryRecord) => (kind === 'quotas' ? `${(r as QuotaRecord).unitId}\u0000${(r as QuotaRecord).fieldId}` : (r as UnitRecord).id);
  return {
    unitIds: new Set(['so-tai-chinh', 'xa-cu-bao', 'xa-ea-kar']),
    fieldIds: new Set(['dat-dai', 'tai-chinh-ke-toan', 'xay-dung']),
    existing: new Map(existing.map((r) => [key(r), r])),
    unitsOnCases: new Set(),
    ...extra,
  };
}

/** The errors of a CSV for a kind, as [row, column, rule]. */
async function errorsOf(kind: RegistryKind, text: string, snap = snapshot(kind)): Promise<[number, string | null, string][]> {
  const validation = validateTable(kind, await csv(text), snap, { today: TODAY });
  return validation.errors.map((e) => [e.row, e.column, e.rule]);
}

const OFFICIAL_HEADER = 'id,fullName,title,unitId,fieldId,rank,employment,isLeader,inLeadershipPlan,birthDate,gender';

const official = (overrides: Partial<OfficialRecord> = {}): OfficialRecord => ({
  id: 'cc-9001',
  fullName: 'Nguyễn Văn Đức',
  title: 'Chuyên viên',
  unitId: 'so-tai-chinh',
  fieldId: 'tai-chinh-ke-toan',
  rank: 'Chuyên viên chính',
  employment: 'civil_servant',
  isLeader: false,
  inLeadershipPlan: false,
  birthDate: '1985-03-02',
  gender: 'male',
  ...overrides,
});

describe('CSV reading', () => {
  it('reads quoted fields with delimiters, doubled quotes and line breaks inside, and any line end', () => {
    const { delimiter, records } = parseCsv('a,b,c\r\n"x, y","say ""hi""","line 1\nline 2"\n1,2,3\r4,5,6\n');
    expect(delimiter).toBe(',');
    expect(records).toEqual([
      ['a', 'b', 'c'],
      ['x, y', 'say "hi"', 'line 1\nline 2'],
      ['1', '2', '3'],
      ['4', '5', '6'],
    ]);
  });

  it('takes the delimiter the header uses most: semicolons (Excel in a Vietnamese locale) and tabs', () => {
    expect(parseCsv('id;name;"a,b"\nx;"y;z";w').records).toEqual([
      ['id', 'name', 'a,b'],
      ['x', 'y;z', 'w'],
    ]);
    expect(parseCsv('id\tname\nx\ty').delimiter).toBe('\t');
    expect(parseCsv('sep=;\r\nid;name,with comma\r\nx;y,z\r\n')).toEqual({ delimiter: ';', records: [['id', 'name,with comma'], ['x', 'y,z']] });
    expect(parseCsv('id\nx').delimiter).toBe(',');
  });

  it('keeps empty fields and a last line without a line end', () => {
    expect(parseCsv('a,,c\n,,\nx').records).toEqual([['a', '', 'c'], ['', '', ''], ['x']]);
  });

  it('refuses a quoted field that never closes, naming its row', () => {
    expect(() => parseCsv('a,b\n"open,2\n3,4\n')).toThrow(ImportFileError);
    try {
      parseCsv('a,b\nx,y\n"open,2\n3,4\n');
    } catch (error) {
      expect(error).toMatchObject({ status: 400, rule: 'csv_syntax', extensions: { row: 3 } });
    }
  });

  it('drops a UTF-8 byte-order mark, and reads UTF-16 with its mark', () => {
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('Mã đơn vị,Tên đơn vị\n', 'utf8')]);
    expect(decodeCsvBytes(withBom)).toBe('Mã đơn vị,Tên đơn vị\n');
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Họ và tên\tGiới tính\n', 'utf16le')]);
    expect(decodeCsvBytes(utf16)).toBe('Họ và tên\tGiới tính\n');
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
    expect(await refusal(readTable({ buffer: hex('d0cf11e0a1b11ae1 0000'), fileName: 'a.xls' }))).toMatchObject({ status: 415, rule: 'file_format' });
    expect(await refusal(readTable({ buffer: Buffer.from('id,name\n'), fileName: 'a.xlsx' }))).toMatchObject({ status: 415, rule: 'file_format' });
    expect(await refusal(readTable({ buffer: Buffer.from([0x00, 0x01, 0x02, 0x03]), fileName: 'a.bin' }))).toMatchObject({ status: 415 });
    expect(await refusal(readTable({ buffer: hex('504b0304 1400 0000 0800'), fileName: 'a.csv' }))).toMatchObject({ status: 415, rule: 'file_format' });
    expect(await refusal(readTable({ buffer: Buffer.alloc(0) }))).toMatchObject({ status: 400, rule: 'required' });
  });
});

describe('legacy Vietnamese encodings', () => {
  // TCVN3 (ABC) bytes, from the code table (checked against glibc iconv TCVN5712-1):
  // D4 ễ, A8 ă, A7 Đ, F8 ứ, AD ư, EA ờ, E9 ộ, AB ô, BE ắ, DD í, B5 à, EB ở, AA ê, DE ị, D6 ệ.
  const TCVN3 = {
    nguyenVanDuc: hex('4e677579d46e 20 56a86e 20 a7f863'), // Nguyễn Văn Đức
    truong: hex('5472adea6e67'), // Trường
    phuongBuonMaThuot: hex('5068adea6e67 20 4275ab6e 20 4d61 20 546875e974'), // Phường Buôn Ma Thuột
    soTaiChinh: hex('53eb 20 54b569 20 6368dd6e68'), // Sở Tài chính
    daklak: hex('a7be6b 20 4cbe6b'), // Đắk Lắk
    leThiDieu: hex('4caa 20 5468de 20 4469d675'), // Lê Thị Diệu
  };
  // VNI-Windows bytes, from the VNI table: base letter + mark. E3 (ngã on â/ê/ô), EA (ă), D1 (Đ),
  // F6 (ư), F9 (sắc), F4 (ơ), F8 (huyền), E4 (nặng on â/ê/ô), E2 (circumflex), FB (hỏi), ED (í), E9 (sắc on ă).
  const VNI = {
    nguyenVanDuc: hex('4e67757965e36e 20 5661ea6e 20 d1f6f963'), // Nguyeãn Vaên Ñöùc
    truong: hex('5472f6f4f86e67'), // Tröôøng
    phuongBuonMaThuot: hex('5068f6f4f86e67 20 42756fe26e 20 4d61 20 5468756fe474'), // Phöôøng Buoân Ma Thuoät
    soTaiChinh: hex('53f4fb 20 5461f869 20 6368ed6e68'), // Sôû Taøi chính
    daklak: hex('d161e96b 20 4c61e96b'), // Ñaék Laék
  };

  it('reads TCVN3 bytes through the code table', () => {
    expect(decodeTcvn3(latin1(TCVN3.nguyenVanDuc))).toBe('Nguyễn Văn Đức');
    expect(decodeTcvn3(latin1(TCVN3.truong))).toBe('Trường');
    expect(decodeTcvn3(latin1(TCVN3.phuongBuonMaThuot))).toBe('Phường Buôn Ma Thuột');
    expect(decodeTcvn3(latin1(TCVN3.soTaiChinh))).toBe('Sở Tài chính');
    expect(decodeTcvn3(latin1(TCVN3.daklak))).toBe('Đắk Lắk');
    expect(decodeTcvn3(latin1(TCVN3.leThiDieu))).toBe('Lê Thị Diệu');
  });

  it('reads VNI bytes through the code table', () => {
    expect(decodeVni(latin1(VNI.nguyenVanDuc))).toBe('Nguyễn Văn Đức');
    expect(decodeVni(latin1(VNI.truong))).toBe('Trường');
    expect(decodeVni(latin1(VNI.phuongBuonMaThuot))).toBe('Phường Buôn Ma Thuột');
    expect(decodeVni(latin1(VNI.soTaiChinh))).toBe('Sở Tài chính');
    expect(decodeVni(latin1(VNI.daklak))).toBe('Đắk Lắk');
    expect(decodeVni('NGUYEÃN VAÊN ÑÖÙC')).toBe('NGUYỄN VĂN ĐỨC');
    expect(decodeVni('Hoaøng Thò Kyø Duyeân')).toBe('Hoàng Thị Kỳ Duyên');
  });

  it('knows the bytes Windows-1252 shows, and the way back', () => {
    expect(decodeCp1252('\x80\x8c\x9c\xa7')).toBe('€Œœ§');
    expect(bytesBehind('€Œœ§Ô')).toBe('\x80\x8c\x9c\xa7\xd4');
    expect(bytesBehind('Nguyễn')).toBeNull();
  });

  it('finds where UTF-8 breaks', () => {
    expect(firstInvalidUtf8(Buffer.from('Nguyễn Văn', 'utf8'))).toBe(-1);
    expect(firstInvalidUtf8(TCVN3.nguyenVanDuc)).toBe(4);
    expect(firstInvalidUtf8(hex('c0af'))).toBe(0); // an overlong '/'
    expect(firstInvalidUtf8(hex('eda080'))).toBe(0); // a surrogate
  });

  function file(lines: Buffer[]): Buffer {
    return Buffer.concat(lines.flatMap((line) => [line, Buffer.from('\r\n')]));
  }

  it('refuses a TCVN3 file, naming the encoding and showing how a line should read', async () => {
    const bytes = file([Buffer.from('id,fullName,unitId,employment'), Buffer.concat([Buffer.from('cc-1,'), TCVN3.nguyenVanDuc, Buffer.from(',so-tai-chinh,civil_servant')]), Buffer.concat([Buffer.from('cc-2,'), TCVN3.leThiDieu, Buffer.from(',xa-ea-kar,civil_servant')])]);
    expect(detectLegacyEncoding(bytes).encoding).toBe('TCVN3');
    const refused = await refusal(readTable({ buffer: bytes, fileName: 'can-bo.csv' }));
    expect(refused).toMatchObject({ status: 415, slug: 'legacy-encoding', rule: 'legacy_encoding', extensions: { encoding: 'TCVN3', sample: { line: 2, reads: 'cc-1,Nguyễn Văn Đức,so-tai-chinh,civil_servant' } } });
    expect(refused.messages.en).toMatch(/TCVN3 \(ABC/);
    expect(refused.messages.en).toMatch(/UTF-8/);
    expect(refused.messages.vi).toMatch(/TCVN3/);
  });

  it('refuses a VNI file, naming the encoding', async () => {
    const bytes = file([Buffer.from('unitId;name;category'), Buffer.concat([Buffer.from('so-tai-chinh;'), VNI.soTaiChinh, Buffer.from(';department')]), Buffer.concat([Buffer.from('xa-a;'), VNI.phuongBuonMaThuot, Buffer.from(';ward')])]);
    expect(detectLegacyEncoding(bytes).encoding).toBe('VNI');
    const refused = await refusal(readTable({ buffer: bytes }));
    expect(refused).toMatchObject({ status: 415, extensions: { encoding: 'VNI', sample: { line: 2, reads: 'so-tai-chinh;Sở Tài chính;department' } } });
    expect(refused.messages.vi).toMatch(/VNI/);
  });

  it('refuses a Windows-1258 file (ê EA + combining tilde DE), and an unknown 8-bit file without naming an encoding', async () => {
    const cp1258 = file([Buffer.from('id,fullName'), Buffer.concat([Buffer.from('cc-1,'), hex('4e677579eade6e'), Buffer.from(' '), hex('56e36e')])]); // Nguyễn Văn
    expect(await refusal(readTable({ buffer: cp1258 }))).toMatchObject({ status: 415, extensions: { encoding: 'Windows-1258' } });
    const german = file([Buffer.from('id,fullName'), Buffer.from('cc-1,J\xfcrgen M\xfcller', 'latin1')]);
    const refused = await refusal(readTable({ buffer: german }));
    expect(refused).toMatchObject({ status: 415, extensions: { encoding: 'unknown', sample: { line: 2, found: 'cc-1,Jürgen Müller', reads: null } } });
    expect(refused.messages.en).toMatch(/not UTF-8/);
  });

  it('finds TCVN3 and VNI text that reached UTF-8 through a Windows code page (mojibake)', () => {
    const tcvnMojibake = decodeCp1252(latin1(TCVN3.nguyenVanDuc));
    expect(tcvnMojibake).toBe('NguyÔn V¨n §øc');
    expect(mojibakeIn(tcvnMojibake)).toEqual({ encoding: 'TCVN3', reads: 'Nguyễn Văn Đức' });
    expect(mojibakeIn(decodeCp1252(latin1(TCVN3.phuongBuonMaThuot)))).toEqual({ encoding: 'TCVN3', reads: 'Phường Buôn Ma Thuột' });
    expect(mojibakeIn('Hµ Néi')).toEqual({ encoding: 'TCVN3', reads: 'Hà Nội' });
    expect(mojibakeIn('ViÖt Nam')).toEqual({ encoding: 'TCVN3', reads: 'Việt Nam' });
    expect(mojibakeIn(decodeCp1252(latin1(VNI.nguyenVanDuc)))).toEqual({ encoding: 'VNI', reads: 'Nguyễn Văn Đức' });
    expect(mojibakeIn('Nguyeãn Vaên An')).toEqual({ encoding: 'VNI', reads: 'Nguyễn Văn An' });
    expect(mojibakeIn(decodeCp1252(latin1(VNI.soTaiChinh)))).toEqual({ encoding: 'VNI', reads: 'Sở Tài chính' });
    // UTF-8 bytes read as Windows-1252 and saved again.
    expect(mojibakeIn(decodeCp1252(latin1(Buffer.from('Nguyễn Văn Đức', 'utf8'))))).toEqual({ encoding: 'UTF-8 read as Windows-1252', reads: 'Nguyễn Văn Đức' });
  });

  it('leaves real Vietnamese, minority names and foreign names alone', () => {
    for (const text of [
      'Nguyễn Văn An',
      'Hoàng Thị Ánh',
      'Lê Hà',
      'Hà Nội',
      'Chuyên viên',
      'Xã Cư Bao',
      'Phường Buôn Ma Thuột',
      'Y Moan Êban',
      'H Hen Niê',
      'Ea Kar',
      'Y Bhim Mlô',
      'José',
      'Jürgen Müller',
      'Café',
      'Sở Tài chính',
      'Trần Thị Bình',
      'Đinh Quang Huy',
      'Tô Hoài',
      'Bùi Văn Khánh',
      'Lò Văn Hùng',
      'Mùa A Páo',
    ]) {
      expect([text, mojibakeIn(text)]).toEqual([text, null]);
    }
  });

  it('judges Vietnamese syllables: one tone, a vowel group, sensible capitals', () => {
    for (const word of ['Nguyễn', 'trường', 'NGHIÊNG', 'khuya', 'quốc', 'Đắk', 'giữa', 'gì', 'Thuột', 'Ánh']) expect([word, isVietnameseSyllable(word)]).toEqual([word, true]);
    for (const word of ['NguyÔn', 'V¨n', 'Hµ', 'Nguyeãn', 'Vaên', 'Tröôøng', 'Müller', 'ấấ', 'Nguyễễn']) expect([word, isVietnameseSyllable(word)]).toEqual([word, false]);
  });

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
    expect(await refusal(readTable({ buffer: Buffer.from([0xef, 0xbb, 0xbf]) }).then((table) => validateTable('units', table, snapshot('units'))))).toMatchObject({ status: 400 });
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

describe('changes and the round trip', () => {
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
          const table = await readTable({ buffer: body, fileName: `x.${format}` });
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
    const table = await readTable({ buffer: Buffer.from(await workbook.xlsx.writeBuffer()), fileName: 'cong-chuc.xlsx' });
    expect(table.records).toEqual([
      { row: 1, cells: ['Mã công chức', 'Họ và tên', 'Mã đơn vị', 'Loại hình', 'Lãnh đạo', 'Ngày sinh', 'Chức danh'] },
      { row: 3, cells: ['cc-1', 'Nguyễn Văn Đức', 'so-tai-chinh', 'Công chức', 'true', '1985-03-02', 'Chuyên viên'] },
    ]);
    const validation = validateTable('officials', table, snapshot('officials'), { today: TODAY });
    expect(validation.errors).toEqual([]);
    expect(validation.records[0]).toMatchObject({ row: 3, record: { fullName: 'Nguyễn Văn Đức', isLeader: true, birthDate: '1985-03-02', title: 'Chuyên viên' } });
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
