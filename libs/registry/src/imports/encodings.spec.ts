import { bytesBehind, decodeCp1252, decodeTcvn3, decodeVni, detectLegacyEncoding, firstInvalidUtf8, isVietnameseSyllable, mojibakeIn } from './encodings';
import { decodeCsvBytes, sniffFormat } from './file';
import { refusal } from '../testing/import-fixtures';

/** The legacy Vietnamese encodings: the code tables, the detector of a file's encoding, and mojibake in a UTF-8 cell. */

const hex = (text: string) => Buffer.from(text.replace(/\s+/g, ''), 'hex');
const latin1 = (bytes: Buffer) => bytes.toString('latin1');

/** What reading a CSV upload's text refuses it with. */
const csvRefusal = (bytes: Uint8Array, fileName?: string) => refusal(Promise.resolve().then(() => sniffFormat({ bytes, fileName }) && decodeCsvBytes(bytes)));

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
    const refused = await csvRefusal(bytes, 'can-bo.csv');
    expect(refused).toMatchObject({ status: 415, slug: 'legacy-encoding', rule: 'legacy_encoding', extensions: { encoding: 'TCVN3', sample: { line: 2, reads: 'cc-1,Nguyễn Văn Đức,so-tai-chinh,civil_servant' } } });
    expect(refused.messages.en).toMatch(/TCVN3 \(ABC/);
    expect(refused.messages.en).toMatch(/UTF-8/);
    expect(refused.messages.vi).toMatch(/TCVN3/);
  });

  it('refuses a VNI file, naming the encoding', async () => {
    const bytes = file([Buffer.from('unitId;name;category'), Buffer.concat([Buffer.from('so-tai-chinh;'), VNI.soTaiChinh, Buffer.from(';department')]), Buffer.concat([Buffer.from('xa-a;'), VNI.phuongBuonMaThuot, Buffer.from(';ward')])]);
    expect(detectLegacyEncoding(bytes).encoding).toBe('VNI');
    const refused = await csvRefusal(bytes);
    expect(refused).toMatchObject({ status: 415, extensions: { encoding: 'VNI', sample: { line: 2, reads: 'so-tai-chinh;Sở Tài chính;department' } } });
    expect(refused.messages.vi).toMatch(/VNI/);
  });

  it('refuses a Windows-1258 file (ê EA + combining tilde DE), and an unknown 8-bit file without naming an encoding', async () => {
    const cp1258 = file([Buffer.from('id,fullName'), Buffer.concat([Buffer.from('cc-1,'), hex('4e677579eade6e'), Buffer.from(' '), hex('56e36e')])]); // Nguyễn Văn
    expect(await csvRefusal(cp1258)).toMatchObject({ status: 415, extensions: { encoding: 'Windows-1258' } });
    const german = file([Buffer.from('id,fullName'), Buffer.from('cc-1,J\xfcrgen M\xfcller', 'latin1')]);
    const refused = await csvRefusal(german);
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

});

describe('the text of a CSV upload', () => {
  it('drops a UTF-8 byte-order mark, and reads UTF-16 with its mark', () => {
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('Mã đơn vị,Tên đơn vị\n', 'utf8')]);
    expect(decodeCsvBytes(withBom)).toBe('Mã đơn vị,Tên đơn vị\n');
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Họ và tên\tGiới tính\n', 'utf16le')]);
    expect(decodeCsvBytes(utf16)).toBe('Họ và tên\tGiới tính\n');
  });
});
