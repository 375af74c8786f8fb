import { performance } from 'node:perf_hooks';
import { ageOn, localDateOf, type Bilingual } from '@app/domain';
import ExcelJS from 'exceljs';
import type { DataSource, EntityManager } from 'typeorm';
import { EMPLOYMENTS, GENDERS, kindOfCategory, UNIT_CATEGORIES, type Employment, type Gender, type UnitCategory } from './registry.entities';

/**
 * Import and export of the staffing registry (units, officials, quotas) as CSV or Excel .xlsx.
 *
 * - Reading: the format is judged by the content (an .xlsx is a zip, "PK"), then the name. CSV is
 *   UTF-8 (with or without a byte-order mark) or UTF-16 with its mark; comma, semicolon or tab
 *   separated; RFC 4180 quoting. Every text is trimmed, its runs of white space made one space, and
 *   normalised to Unicode NFC.
 * - Legacy Vietnamese encodings are refused, naming the encoding: a file that is not UTF-8 is
 *   scored as TCVN3 (ABC), VNI and Windows-1258 (415 legacy_encoding); a UTF-8 cell whose text is
 *   TCVN3 or VNI read through a Windows code page (mojibake such as "NguyÔn V¨n An" or
 *   "Nguyeãn Vaên An") is a row error `legacy_encoding` that says how it should read.
 * - Validation is pure (`validateTable` over a `RegistrySnapshot` of the database): every bad row,
 *   with its spreadsheet row number (the header is row 1), column, value and rule.
 * - Commit: one transaction, the table locked against a concurrent import, the file validated again
 *   inside it, then batched upserts (unnest) of the rows that differ; unchanged rows are not written,
 *   so a second import of the same file changes nothing and bumps no updated_at.
 */

// ---------------------------------------------------------------------------------------------
// Kinds, columns, limits.

export const REGISTRY_KINDS = ['units', 'officials', 'quotas'] as const;
export type RegistryKind = (typeof REGISTRY_KINDS)[number];

export function isRegistryKind(value: string): value is RegistryKind {
  return (REGISTRY_KINDS as readonly string[]).includes(value);
}

export interface ColumnSpec {
  /** The English header, and the field's name in errors. */
  key: string;
  /** The Vietnamese header written by exports. */
  vi: string;
  /** Other headers accepted on import (compared without case, diacritics, spaces or punctuation). */
  aliases: readonly string[];
  required: boolean;
}

const column = (key: string, vi: string, required: boolean, aliases: string[] = []): ColumnSpec => ({ key, vi, aliases, required });

/** The columns of each kind, in export order. */
export const REGISTRY_COLUMNS: Record<RegistryKind, readonly ColumnSpec[]> = {
  units: [
    column('id', 'Mã đơn vị', true, ['unitId']),
    column('name', 'Tên đơn vị', true, ['unitName', 'Tên']),
    column('category', 'Loại', true, ['Loại đơn vị', 'Phân loại']),
    column('difficultArea', 'Vùng khó khăn', false, ['Vùng sâu, vùng xa', 'Địa bàn khó khăn']),
  ],
  officials: [
    column('id', 'Mã công chức', true, ['officialId', 'Mã cán bộ', 'Mã số']),
    column('fullName', 'Họ và tên', true, ['name', 'Họ tên']),
    column('title', 'Chức danh', false, ['Chức vụ']),
    column('unitId', 'Mã đơn vị', true),
    column('fieldId', 'Mã lĩnh vực', false, ['field']),
    column('rank', 'Ngạch', false),
    column('employment', 'Loại hình', true, ['Loại hình công chức, viên chức']),
    column('isLeader', 'Lãnh đạo', false, ['leader', 'Lãnh đạo, quản lý']),
    column('inLeadershipPlan', 'Quy hoạch', false, ['leadershipPlan', 'Trong quy hoạch']),
    column('birthDate', 'Ngày sinh', false, ['dateOfBirth']),
    column('gender', 'Giới tính', false),
  ],
  quotas: [
    column('unitId', 'Mã đơn vị', true),
    column('fieldId', 'Mã lĩnh vực', true, ['field']),
    column('quota', 'Biên chế', true, ['Chỉ tiêu biên chế', 'Số biên chế']),
  ],
};

export const IMPORT_LIMITS = {
  unitName: 200,
  fullName: 150,
  title: 200,
  rank: 100,
  quota: 100_000,
  minAge: 18,
  maxAge: 70,
  /** Data rows per file. */
  rows: 50_000,
  /** Errors listed in a report (errorCount has them all). */
  reportedErrors: 5_000,
} as const;

/** org_unit.id's check in the migration. */
const UNIT_ID = /^[a-z0-9][a-z0-9-]{0,99}$/;
/** The identifiers the case API accepts for an official (NominationDto). */
const OFFICIAL_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$/;

// ---------------------------------------------------------------------------------------------
// Records, snapshot, report.

export interface UnitRecord {
  id: string;
  name: string;
  category: UnitCategory;
  difficultArea: boolean;
}

export interface OfficialRecord {
  id: string;
  fullName: string;
  title: string | null;
  unitId: string;
  fieldId: string | null;
  rank: string | null;
  employment: Employment;
  isLeader: boolean;
  inLeadershipPlan: boolean;
  /** YYYY-MM-DD */
  birthDate: string | null;
  gender: Gender | null;
}

export interface QuotaRecord {
  unitId: string;
  fieldId: string;
  quota: number;
}

export interface RecordOf {
  units: UnitRecord;
  officials: OfficialRecord;
  quotas: QuotaRecord;
}
export type RegistryRecord = RecordOf[RegistryKind];

/** What validation needs to know of the database. */
export interface RegistrySnapshot {
  /** Every unit id (officials and quotas refer to them). */
  unitIds: ReadonlySet<string>;
  fieldIds: ReadonlySet<string>;
  /** The existing rows of the kind being imported, by their key (id; unitId + U+0000 + fieldId for quotas). */
  existing: ReadonlyMap<string, RegistryRecord>;
  /** Units that cases name as sending or receiving unit: their kind may not change. */
  unitsOnCases: ReadonlySet<string>;
  /** Officials on a case not yet closed, with its id: their unit may not change under it. */
  officialsOnOpenCases?: ReadonlyMap<string, string>;
}

export const IMPORT_RULES = [
  'missing_column',
  'unknown_column',
  'duplicate_column',
  'required',
  'id_format',
  'duplicate',
  'too_long',
  'control_character',
  'legacy_encoding',
  'unknown_unit',
  'unknown_field',
  'enum',
  'boolean',
  'date',
  'future_date',
  'age',
  'plan_needs_leader',
  'quota',
  'kind_change',
  'moved_on_open_case',
] as const;
export type ImportRule = (typeof IMPORT_RULES)[number];

export interface ImportError {
  /** The spreadsheet row: the header is row 1, the first data row 2 (blank lines count, as a spreadsheet shows them). */
  row: number;
  /** The field (the English header), or for an unknown column the header as written. */
  column: string | null;
  /** The header as the file wrote it. */
  header: string | null;
  value: string | null;
  rule: ImportRule;
  message: Bilingual;
}

export interface ImportChanges {
  inserted: number;
  updated: number;
  unchanged: number;
}

export interface ImportReport {
  kind: RegistryKind;
  format: 'csv' | 'xlsx';
  dryRun: boolean;
  /** Whether the rows were written (false for a dry run and for a refused file). */
  committed: boolean;
  /** Data rows (blank rows are not counted). */
  rows: number;
  /** Rows without an error. */
  valid: number;
  errorCount: number;
  /** The errors, row by row (at most IMPORT_LIMITS.reportedErrors of them). */
  errors: ImportError[];
  changes: ImportChanges;
  durationMs: number;
}

/** A problem with the file as a whole: it cannot be read, so no row is judged. */
export class ImportFileError extends Error {
  constructor(
    readonly status: 400 | 413 | 415,
    readonly slug: string,
    readonly rule: string,
    readonly messages: Bilingual,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(messages.en);
  }
}

/** A commit refused because some rows are bad; nothing was written. */
export class ImportRefusedError extends Error {
  constructor(readonly report: ImportReport) {
    super(`${report.errorCount} errors in ${report.rows} rows; nothing imported`);
  }
}

// ---------------------------------------------------------------------------------------------
// Text: folding, cleaning.

/** Lower case, no diacritics (đ → d), punctuation and white space as single spaces. */
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[\s_,;/.()-]+/g, ' ')
    .trim();
}

/** A header's key: folded, letters and digits only ("Họ và tên" → "hovaten", "full_name" → "fullname"). */
export function headerKey(text: string): string {
  return fold(text).replace(/[^a-z0-9]/g, '');
}

/** NFC, trimmed, runs of white space (including no-break spaces) as one space. */
export function cleanText(text: string): string {
  return text.normalize('NFC').replace(/\s+/g, ' ').trim();
}

// ---------------------------------------------------------------------------------------------
// Legacy Vietnamese encodings.

export type LegacyEncoding = 'TCVN3' | 'VNI' | 'Windows-1258' | 'UTF-8 read as Windows-1252';

export const ENCODING_LABELS: Record<LegacyEncoding, Bilingual> = {
  TCVN3: { vi: 'TCVN3 (ABC, phông .Vn)', en: 'TCVN3 (ABC, the .Vn fonts)' },
  VNI: { vi: 'VNI (VNI-Windows)', en: 'VNI (VNI-Windows)' },
  'Windows-1258': { vi: 'Windows-1258', en: 'Windows-1258' },
  'UTF-8 read as Windows-1252': { vi: 'UTF-8 bị đọc nhầm thành Windows-1252', en: 'UTF-8 read as Windows-1252' },
};

/**
 * TCVN3 (TCVN 5712:1993), bytes 0x80–0xFF; 0x00–0x7F are ASCII. The ABC (.VnTime) fonts use the
 * lower-case letters at 0xA8–0xFE and the plain capitals Ă Â Ê Ô Ơ Ư Đ at 0xA1–0xA7; 0xB0–0xB4 are
 * the five tone marks alone. Checked against glibc iconv's TCVN5712-1. The mappings the specs rely
 * on: "Nguyễn" = 4E 67 75 79 D4 6E (D4 ễ), "Văn" = 56 A8 6E (A8 ă), "Đức" = A7 F8 63 (A7 Đ, F8 ứ),
 * "Trường" = 54 72 AD EA 6E 67 (AD ư, EA ờ), "Thuột" = 54 68 75 E9 74 (E9 ộ), "Lắk" = 4C BE 6B (BE ắ).
 */
const TCVN3_HIGH: readonly number[] = [
  0x00c0, 0x1ea2, 0x00c3, 0x00c1, 0x1ea0, 0x1eb6, 0x1eac, 0x00c8, 0x1eba, 0x1ebc, 0x00c9, 0x1eb8, 0x1ec6, 0x00cc, 0x1ec8, 0x0128, // 0x80
  0x00cd, 0x1eca, 0x00d2, 0x1ece, 0x00d5, 0x00d3, 0x1ecc, 0x1ed8, 0x1edc, 0x1ede, 0x1ee0, 0x1eda, 0x1ee2, 0x00d9, 0x1ee6, 0x0168, // 0x90
  0x00a0, 0x0102, 0x00c2, 0x00ca, 0x00d4, 0x01a0, 0x01af, 0x0110, 0x0103, 0x00e2, 0x00ea, 0x00f4, 0x01a1, 0x01b0, 0x0111, 0x1eb0, // 0xa0
  0x0300, 0x0309, 0x0303, 0x0301, 0x0323, 0x00e0, 0x1ea3, 0x00e3, 0x00e1, 0x1ea1, 0x1eb2, 0x1eb1, 0x1eb3, 0x1eb5, 0x1eaf, 0x1eb4, // 0xb0
  0x1eae, 0x1ea6, 0x1ea8, 0x1eaa, 0x1ea4, 0x1ec0, 0x1eb7, 0x1ea7, 0x1ea9, 0x1eab, 0x1ea5, 0x1ead, 0x00e8, 0x1ec2, 0x1ebb, 0x1ebd, // 0xc0
  0x00e9, 0x1eb9, 0x1ec1, 0x1ec3, 0x1ec5, 0x1ebf, 0x1ec7, 0x00ec, 0x1ec9, 0x1ec4, 0x1ebe, 0x1ed2, 0x0129, 0x00ed, 0x1ecb, 0x00f2, // 0xd0
  0x1ed4, 0x1ecf, 0x00f5, 0x00f3, 0x1ecd, 0x1ed3, 0x1ed5, 0x1ed7, 0x1ed1, 0x1ed9, 0x1edd, 0x1edf, 0x1ee1, 0x1edb, 0x1ee3, 0x00f9, // 0xe0
  0x1ed6, 0x1ee7, 0x0169, 0x00fa, 0x1ee5, 0x1eeb, 0x1eed, 0x1eef, 0x1ee9, 0x1ef1, 0x1ef3, 0x1ef7, 0x1ef9, 0x00fd, 0x1ef5, 0x1ed0, // 0xf0
];

/** TCVN3 bytes (given as a Latin-1 string, one character per byte) as Unicode NFC. */
export function decodeTcvn3(bytes: string): string {
  let out = '';
  for (const char of bytes) {
    const code = char.charCodeAt(0);
    out += code >= 0x80 && code <= 0xff ? String.fromCharCode(TCVN3_HIGH[code - 0x80]) : char;
  }
  return out.normalize('NFC');
}

/**
 * VNI-Windows writes a letter as its ASCII base followed by a mark byte (Latin-1 letters in the
 * VNI fonts): tones on a, e, o, u, y, ơ, ư are ù (sắc, F9), ø (huyền, F8), û (hỏi, FB), õ (ngã, F5),
 * ï (nặng, EF); â ê ô are the base + â (E2) and their tones á à å ã ä (E1 E0 E5 E3 E4); ă is a + ê
 * (EA) and its tones é è ú ü ë (E9 E8 FA FC EB); ơ = ô (F4), ư = ö (F6), đ = ñ (F1), i's tones are
 * í ì æ ó ò (ED EC E6 F3 F2), ỵ = î (EE); capitals are the upper-case forms (Ñ = Đ, D1). So
 * "Nguyễn" = "Nguyeãn" (65 E3), "Văn" = "Vaên" (61 EA), "Đức" = "Ñöùc" (D1 F6 F9), "Trường" =
 * "Tröôøng" (F6 F4 F8), "Thuột" = "Thuoät" (6F E4).
 */
const VNI_TO_UNICODE: ReadonlyMap<string, string> = (() => {
  const TONES = ['', '\u0301', '\u0300', '\u0309', '\u0303', '\u0323'];
  const PLAIN = ['', 'ù', 'ø', 'û', 'õ', 'ï'];
  const CIRCUMFLEX = ['â', 'á', 'à', 'å', 'ã', 'ä'];
  const BREVE = ['ê', 'é', 'è', 'ú', 'ü', 'ë'];
  const map = new Map<string, string>();
  const add = (vni: string, unicode: string) => {
    if (vni.length === 1 && vni.charCodeAt(0) < 0x80) return;
    map.set(vni, unicode.normalize('NFC'));
    map.set(vni.toUpperCase(), unicode.toUpperCase().normalize('NFC'));
  };
  for (let tone = 1; tone < 6; tone += 1) {
    for (const base of ['a', 'e', 'o', 'u']) add(base + PLAIN[tone], base + TONES[tone]);
    if (tone < 5) add('y' + PLAIN[tone], 'y' + TONES[tone]);
    add('ô' + PLAIN[tone], 'ơ' + TONES[tone]);
    add('ö' + PLAIN[tone], 'ư' + TONES[tone]);
  }
  for (let tone = 0; tone < 6; tone += 1) {
    for (const base of ['a', 'e', 'o']) add(base + CIRCUMFLEX[tone], base + '\u0302' + TONES[tone]);
    add('a' + BREVE[tone], 'a\u0306' + TONES[tone]);
  }
  add('ô', 'ơ');
  add('ö', 'ư');
  ['í', 'ì', 'æ', 'ó', 'ò'].forEach((mark, i) => add(mark, 'i' + TONES[i + 1]));
  add('î', 'y\u0323');
  add('ñ', 'đ');
  return map;
})();

/** VNI bytes (a Latin-1 string) as Unicode NFC. */
export function decodeVni(bytes: string): string {
  let out = '';
  for (let i = 0; i < bytes.length; ) {
    const pair = VNI_TO_UNICODE.get(bytes.slice(i, i + 2));
    if (pair !== undefined) {
      out += pair;
      i += 2;
      continue;
    }
    out += VNI_TO_UNICODE.get(bytes[i]) ?? bytes[i];
    i += 1;
  }
  return out.normalize('NFC');
}

const CP1258 = new TextDecoder('windows-1258');
function decodeCp1258(bytes: string): string {
  return CP1258.decode(Buffer.from(bytes, 'latin1')).normalize('NFC');
}

/**
 * Windows-1252 at 0x80–0x9F (0xA0–0xFF are Latin-1). Node's TextDecoder reads "windows-1252" as
 * Latin-1, so the table is written out; the five unassigned bytes stay C1 controls.
 */
const CP1252_80_9F = [
  0x20ac, 0x0081, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008d, 0x017d, 0x008f,
  0x0090, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x009d, 0x017e, 0x0178,
];
/** A character as Windows-1252 (or Latin-1, for the C1 controls) shows a byte ≥ 0x80 → that byte. */
const BYTE_OF_CHAR: ReadonlyMap<number, number> = (() => {
  const map = new Map<number, number>();
  for (let byte = 0x80; byte <= 0xff; byte += 1) map.set(byte, byte);
  CP1252_80_9F.forEach((code, i) => map.set(code, 0x80 + i));
  return map;
})();

/** Bytes as a Windows-1252 editor shows them. */
export function decodeCp1252(bytes: string): string {
  let out = '';
  for (const char of bytes) {
    const code = char.charCodeAt(0);
    out += code >= 0x80 && code <= 0x9f ? String.fromCharCode(CP1252_80_9F[code - 0x80]) : char;
  }
  return out;
}

/** The bytes a Windows code page would have read as `text` (a Latin-1 string), or null if some character is not one of its. */
export function bytesBehind(text: string): string | null {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (code < 0x80) out += char;
    else {
      const byte = BYTE_OF_CHAR.get(code);
      if (byte === undefined) return null;
      out += String.fromCharCode(byte);
    }
  }
  return out;
}

const NON_ASCII = /[\u0080-\uffff]/;
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/;

const INITIALS = ['ngh', 'ng', 'nh', 'ch', 'gh', 'gi', 'kh', 'ph', 'qu', 'th', 'tr', 'b', 'c', 'd', 'đ', 'g', 'h', 'k', 'l', 'm', 'n', 'p', 'r', 's', 't', 'v', 'x'];
const VOWELS = [
  'uyê', 'uya', 'uyu', 'iêu', 'yêu', 'oai', 'oay', 'oao', 'oeo', 'uây', 'uôi', 'ươi', 'ươu', 'uêu',
  'ai', 'ao', 'au', 'ay', 'âu', 'ây', 'eo', 'êu', 'ia', 'iê', 'iu', 'oa', 'oă', 'oe', 'oi', 'ôi', 'ơi', 'oo', 'ua', 'uâ', 'uê', 'ui', 'uô', 'uơ', 'ưa', 'ưi', 'ươ', 'ưu', 'uy', 'yê',
  'a', 'ă', 'â', 'e', 'ê', 'i', 'o', 'ô', 'ơ', 'u', 'ư', 'y',
];
/** Final consonants; k for the place names of the Central Highlands (Đắk Lắk). */
const FINALS = ['ch', 'ng', 'nh', 'c', 'k', 'm', 'n', 'p', 't'];
const SYLLABLE = new RegExp(`^(?:${INITIALS.join('|')})?(?:${VOWELS.join('|')})(?:${FINALS.join('|')})?$`, 'u');
const TONE_MARK = /[\u0300\u0301\u0303\u0309\u0323]/g;

/** A Vietnamese syllable as written in Unicode: one onset, a vowel group, a final, at most one tone, sensible capitals. */
export function isVietnameseSyllable(word: string): boolean {
  if (!/^\p{L}[\p{L}\p{M}]*$/u.test(word)) return false;
  const tail = word.slice(1);
  if (tail !== tail.toLowerCase() && word !== word.toUpperCase()) return false;
  const decomposed = word.toLowerCase().normalize('NFD');
  if ((decomposed.match(TONE_MARK)?.length ?? 0) > 1) return false;
  return SYLLABLE.test(decomposed.replace(TONE_MARK, '').normalize('NFC'));
}

/** Words (split at white space, ASCII punctuation and digits) that hold a character outside ASCII. */
function nonAsciiWords(text: string, limit = 2_000): string[] {
  const words: string[] = [];
  for (const word of text.split(/[\s!-@[-`{-~]+/)) {
    if (NON_ASCII.test(word)) words.push(word);
    if (words.length >= limit) break;
  }
  return words;
}

function vietnameseShare(words: string[], decode: (word: string) => string): number {
  if (words.length === 0) return 0;
  return words.filter((word) => isVietnameseSyllable(decode(word))).length / words.length;
}

const CELL_CANDIDATES: [LegacyEncoding, (bytes: string) => string][] = [
  ['TCVN3', decodeTcvn3],
  ['VNI', decodeVni],
  ['UTF-8 read as Windows-1252', (bytes) => new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(bytes, 'latin1')).normalize('NFC')],
];

function tryDecode(decode: (bytes: string) => string, bytes: string): string | null {
  try {
    return decode(bytes);
  } catch {
    return null;
  }
}

/**
 * Whether a (UTF-8, NFC) text is legacy Vietnamese read through a Windows code page: every
 * character outside ASCII is one Windows-1252 shows for a byte, its words are not Vietnamese as
 * they stand, and read back as TCVN3, VNI (or as UTF-8: a double encoding) they are.
 */
export function mojibakeIn(text: string): { encoding: LegacyEncoding; reads: string } | null {
  if (!NON_ASCII.test(text)) return null;
  const bytes = bytesBehind(text);
  if (bytes === null) return null;
  const words = nonAsciiWords(text);
  if (vietnameseShare(words, (word) => word) > 0.5) return null;
  const byteWords = nonAsciiWords(bytes);
  let best: { encoding: LegacyEncoding; reads: string; share: number } | null = null;
  for (const [encoding, decode] of CELL_CANDIDATES) {
    const share = vietnameseShare(byteWords, (word) => tryDecode(decode, word) ?? '');
    const reads = tryDecode(decode, bytes);
    if (reads !== null && share >= 0.8 && reads !== text && (!best || share > best.share)) best = { encoding, reads, share };
  }
  return best && { encoding: best.encoding, reads: best.reads };
}

/** The offset of the first byte that breaks UTF-8, or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i];
    const length = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (length === 0 || i + length > bytes.length) return i;
    for (let k = 1; k < length; k += 1) if ((bytes[i + k] & 0xc0) !== 0x80) return i;
    const second = bytes[i + 1];
    if ((b === 0xe0 && second < 0xa0) || (b === 0xed && second > 0x9f) || (b === 0xf0 && second < 0x90) || (b === 0xf4 && second > 0x8f)) return i;
    i += length;
  }
  return -1;
}

const FILE_CANDIDATES: [LegacyEncoding, (bytes: string) => string][] = [
  ['TCVN3', decodeTcvn3],
  ['VNI', decodeVni],
  ['Windows-1258', decodeCp1258],
];

export interface EncodingVerdict {
  /** The legacy encoding the bytes read best as, or null when none reads as Vietnamese. */
  encoding: LegacyEncoding | null;
  /** The first line with bytes outside ASCII: as a Windows editor shows it, and as the encoding reads it. */
  sample: { line: number; found: string; reads: string | null };
}

/**
 * Which legacy encoding bytes that are not UTF-8 are in: the one that turns the most words of the
 * lines that are not UTF-8 into Vietnamese syllables (lines that are UTF-8, such as a header typed
 * in Unicode above rows pasted from an old document, are left out of the count).
 */
export function detectLegacyEncoding(bytes: Buffer): EncodingVerdict {
  const lines: { number: number; text: string }[] = [];
  let start = 0;
  for (let i = 0, number = 1; i <= bytes.length; i += 1) {
    if (i === bytes.length || bytes[i] === 0x0a) {
      const line = bytes.subarray(start, i);
      if (firstInvalidUtf8(line) >= 0) lines.push({ number, text: line.toString('latin1').replace(/\r$/, '') });
      start = i + 1;
      number += 1;
    }
  }
  const words = nonAsciiWords(lines.map((line) => line.text).join('\n'));
  let best: { encoding: LegacyEncoding; share: number } | null = null;
  for (const [encoding, decode] of FILE_CANDIDATES) {
    const share = vietnameseShare(words, decode);
    if (share >= 0.5 && (!best || share > best.share)) best = { encoding, share };
  }
  const first = lines[0] ?? { number: 1, text: '' };
  const text = first.text.trim().slice(0, 120);
  const decode = best && FILE_CANDIDATES.find(([encoding]) => encoding === best.encoding)![1];
  return { encoding: best?.encoding ?? null, sample: { line: first.number, found: decodeCp1252(text), reads: decode ? decode(text) : null } };
}

function legacyFileError(verdict: EncodingVerdict): ImportFileError {
  const { encoding, sample } = verdict;
  const shown = sample.reads ? ` (dòng ${sample.line}: «${sample.found}» đúng ra là «${sample.reads}»)` : ` (dòng ${sample.line}: «${sample.found}»)`;
  const shownEn = sample.reads ? ` (line ${sample.line}: "${sample.found}" should read "${sample.reads}")` : ` (line ${sample.line}: "${sample.found}")`;
  const messages: Bilingual = encoding
    ? {
        vi: `Tệp có vẻ được gõ bằng bảng mã ${ENCODING_LABELS[encoding].vi}, không phải Unicode${shown}. Hãy chuyển mã sang Unicode (ví dụ bằng công cụ chuyển mã của Unikey) rồi lưu lại dưới dạng «CSV UTF-8» hoặc .xlsx và nhập lại.`,
        en: `The file looks like ${ENCODING_LABELS[encoding].en} text, not Unicode${shownEn}. Convert it to Unicode (Unikey's converter does it) and save it as "CSV UTF-8" or .xlsx, then import it again.`,
      }
    : {
        vi: `Tệp không phải văn bản UTF-8${shown}. Hãy lưu lại dưới dạng «CSV UTF-8» hoặc .xlsx và nhập lại.`,
        en: `The file is not UTF-8 text${shownEn}. Save it as "CSV UTF-8" or .xlsx and import it again.`,
      };
  return new ImportFileError(415, 'legacy-encoding', 'legacy_encoding', messages, { encoding: encoding ?? 'unknown', sample });
}

// ---------------------------------------------------------------------------------------------
// Reading a file into a table of text cells.

export interface ImportFile {
  buffer: Buffer;
  fileName?: string;
  mediaType?: string;
}

export interface TableRecord {
  /** The spreadsheet row number (1-based). */
  row: number;
  cells: string[];
}

export interface Table {
  format: 'csv' | 'xlsx';
  /** Non-blank records, the header first. */
  records: TableRecord[];
}

const XLSX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function unsupported(vi: string, en: string): ImportFileError {
  return new ImportFileError(415, 'unsupported-import-file', 'file_format', { vi, en });
}

/** csv or xlsx, judged by the first bytes first (an .xlsx is a zip), then by the name and declared type. */
export function sniffFormat(file: ImportFile): 'csv' | 'xlsx' {
  const b = file.buffer;
  if (b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04) return 'xlsx';
  const name = (file.fileName ?? '').toLowerCase();
  const oldExcel = b.length >= 4 && b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0;
  if (oldExcel || name.endsWith('.xls')) {
    return fail(unsupported('Tệp Excel cũ (.xls) không được hỗ trợ: hãy lưu lại dưới dạng .xlsx hoặc «CSV UTF-8».', 'Old Excel files (.xls) are not supported: save it as .xlsx or "CSV UTF-8".'));
  }
  if (name.endsWith('.xlsx') || name.endsWith('.xlsm') || file.mediaType === XLSX_MEDIA_TYPE) {
    return fail(unsupported('Tệp có đuôi .xlsx nhưng không phải bảng tính Excel hợp lệ.', 'The file is named .xlsx but is not an Excel workbook.'));
  }
  const utf16 = b.length >= 2 && ((b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff));
  if (!utf16 && b.subarray(0, 8192).includes(0)) {
    return fail(unsupported('Chỉ nhận tệp CSV hoặc Excel .xlsx.', 'Only CSV or Excel .xlsx files are accepted.'));
  }
  return 'csv';
}

function fail(error: ImportFileError): never {
  throw error;
}

/** The text of a CSV file: UTF-8 (a byte-order mark dropped) or UTF-16 with its mark; anything else is refused, naming the legacy encoding it looks like. */
export function decodeCsvBytes(bytes: Buffer): string {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  const body = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  if (firstInvalidUtf8(body) >= 0) throw legacyFileError(detectLegacyEncoding(Buffer.from(body)));
  return body.toString('utf8');
}

/**
 * RFC 4180 records: fields separated by the delimiter the first line uses most (comma, semicolon
 * or tab; or the one a "sep=" line names), quoted fields with "" for a quote and line breaks
 * inside, CRLF, LF or CR line ends. Each record keeps its index (its spreadsheet row is index + 1).
 */
export function parseCsv(text: string): { delimiter: string; records: string[][] } {
  let source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  // Excel's "sep=;" first line names the delimiter; Excel hides it, so the header stays row 1.
  const hint = /^sep=([^\r\n])(?:\r\n|\n|\r)/i.exec(source);
  if (hint) source = source.slice(hint[0].length);
  const delimiter = hint ? hint[1] : detectDelimiter(source);
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  let fieldStart = true;
  let quoteOpenedInRecord = 0;
  for (let i = 0; i < source.length; ) {
    const char = source[i];
    if (quoted) {
      if (char === '"') {
        if (source[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i += 1;
        continue;
      }
      field += char;
      i += 1;
      continue;
    }
    if (char === '"' && fieldStart) {
      quoted = true;
      fieldStart = false;
      quoteOpenedInRecord = records.length;
      i += 1;
      continue;
    }
    if (char === delimiter) {
      record.push(field);
      field = '';
      fieldStart = true;
      i += 1;
      continue;
    }
    if (char === '\r' || char === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      fieldStart = true;
      i += char === '\r' && source[i + 1] === '\n' ? 2 : 1;
      continue;
    }
    field += char;
    fieldStart = false;
    i += 1;
  }
  if (quoted) {
    const row = quoteOpenedInRecord + 1;
    throw new ImportFileError(
      400,
      'csv-syntax',
      'csv_syntax',
      { vi: `Tệp CSV có một ô mở dấu ngoặc kép ở dòng ${row} mà không đóng lại.`, en: `A quoted field opened on row ${row} is never closed.` },
      { row },
    );
  }
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return { delimiter, records };
}

function detectDelimiter(text: string): string {
  const counts = new Map<string, number>([
    [',', 0],
    [';', 0],
    ['\t', 0],
  ]);
  let quoted = false;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === '\n' || char === '\r')) break;
    else if (!quoted && counts.has(char)) counts.set(char, counts.get(char)! + 1);
  }
  let best = ',';
  for (const [char, count] of counts) if (count > counts.get(best)!) best = char;
  return best;
}

/** A leading = + - @ that an export guarded with ' (so a spreadsheet never runs it) comes back without it. */
function unguard(text: string): string {
  return /^'[=+\-@]/.test(text) ? text.slice(1) : text;
}

/** An Excel cell's value as the text an import reads: dates as YYYY-MM-DD, numbers as written, formulas by their result. */
export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10);
  if ('richText' in value) return value.richText.map((run) => run.text).join('');
  if ('formula' in value || 'sharedFormula' in value) return cellText(value.result);
  if ('hyperlink' in value) return value.text;
  if ('error' in value) return String(value.error);
  return '';
}

async function readXlsx(buffer: Buffer): Promise<TableRecord[]> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(buffer as unknown as ExcelJS.Buffer);
  } catch {
    throw unsupported('Không đọc được bảng tính: hãy lưu lại dưới dạng Excel .xlsx hoặc «CSV UTF-8».', 'The workbook could not be read: save it as Excel .xlsx or "CSV UTF-8".');
  }
  const sheet = workbook.worksheets[0];
  const records: TableRecord[] = [];
  sheet?.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: false }, (cell, columnNumber) => {
      cells[columnNumber - 1] = cellText(cell.value);
    });
    records.push({ row: rowNumber, cells: Array.from(cells, (cell) => cleanText(cell ?? '')) });
  });
  return records.filter((record) => record.cells.some((cell) => cell !== ''));
}

/** The file as a table of cleaned text cells, blank rows left out (their numbers kept). */
export async function readTable(file: ImportFile): Promise<Table> {
  if (file.buffer.length === 0) throw new ImportFileError(400, 'validation-failed', 'required', { vi: 'Tệp rỗng.', en: 'The file is empty.' });
  const format = sniffFormat(file);
  if (format === 'xlsx') return { format, records: await readXlsx(file.buffer) };
  const { records } = parseCsv(decodeCsvBytes(file.buffer));
  return {
    format,
    records: records
      .map((cells, index) => ({ row: index + 1, cells: cells.map((cell) => cleanText(unguard(cell.trim()))) }))
      .filter((record) => record.cells.some((cell) => cell !== '')),
  };
}

// ---------------------------------------------------------------------------------------------
// Values.

const choices = <T extends string>(entries: [T, string[]][]): Map<string, T> => {
  const map = new Map<string, T>();
  for (const [value, words] of entries) for (const word of [value, ...words]) map.set(fold(word), value);
  return map;
};

const CATEGORY_WORDS = choices<UnitCategory>([
  ['department', ['Sở']],
  ['agency', ['Ban ngành', 'Ban', 'Ngành', 'Cơ quan']],
  ['commune', ['Xã']],
  ['ward', ['Phường']],
  ['special_zone', ['Đặc khu']],
]);
const EMPLOYMENT_WORDS = choices<Employment>([
  ['civil_servant', ['Công chức']],
  ['public_employee', ['Viên chức']],
]);
const GENDER_WORDS = choices<Gender>([
  ['female', ['Nữ']],
  ['male', ['Nam']],
]);
const BOOLEAN_WORDS = choices<'true' | 'false'>([
  ['true', ['1', 'có', 'yes', 'x']],
  ['false', ['0', 'không', 'no']],
]);

/** How an export in Vietnamese writes the values (and the import reads them back). */
export const VALUE_LABELS_VI = {
  category: { department: 'Sở', agency: 'Ban ngành', commune: 'Xã', ward: 'Phường', special_zone: 'Đặc khu' } satisfies Record<UnitCategory, string>,
  employment: { civil_servant: 'Công chức', public_employee: 'Viên chức' } satisfies Record<Employment, string>,
  gender: { female: 'Nữ', male: 'Nam' } satisfies Record<Gender, string>,
  boolean: { true: 'Có', false: 'Không' },
};

const ALLOWED_VI: Record<string, string> = {
  category: `${UNIT_CATEGORIES.join(', ')} (hoặc Sở, Ban ngành, Xã, Phường, Đặc khu)`,
  employment: `${EMPLOYMENTS.join(', ')} (hoặc Công chức, Viên chức)`,
  gender: `${GENDERS.join(', ')} (hoặc Nữ, Nam)`,
};
const ALLOWED_EN: Record<string, string> = {
  category: `${UNIT_CATEGORIES.join(', ')} (or Sở, Ban ngành, Xã, Phường, Đặc khu)`,
  employment: `${EMPLOYMENTS.join(', ')} (or Công chức, Viên chức)`,
  gender: `${GENDERS.join(', ')} (or Nữ, Nam)`,
};

/** YYYY-MM-DD or dd/mm/yyyy (also with - or .) as a calendar date YYYY-MM-DD, or null. */
export function parseDate(text: string): string | null {
  let match = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  let [y, m, d] = match ? [Number(match[1]), Number(match[2]), Number(match[3])] : [0, 0, 0];
  if (!match) {
    match = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text);
    if (!match) return null;
    [d, m, y] = [Number(match[1]), Number(match[2]), Number(match[3])];
  }
  if (y < 1900 || y > 2100) return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}


function viDate(date: string): string {
  const [y, m, d] = date.split('-');
  return `${d}/${m}/${y}`;
}

// ---------------------------------------------------------------------------------------------
// Validation.

interface HeaderMap {
  row: number;
  /** For each column of the file: its spec, or null (blank or unknown header). */
  specs: (ColumnSpec | null)[];
  /** Field key → column index. */
  index: Map<string, number>;
  headers: string[];
}

function columnLookup(kind: RegistryKind): Map<string, ColumnSpec> {
  const lookup = new Map<string, ColumnSpec>();
  for (const spec of REGISTRY_COLUMNS[kind]) for (const name of [spec.key, spec.vi, ...spec.aliases]) lookup.set(headerKey(name), spec);
  return lookup;
}

function mapHeader(kind: RegistryKind, record: TableRecord, errors: ImportError[]): HeaderMap {
  const lookup = columnLookup(kind);
  const map: HeaderMap = { row: record.row, specs: [], index: new Map(), headers: record.cells };
  record.cells.forEach((header, i) => {
    if (header === '') {
      map.specs.push(null);
      return;
    }
    const spec = lookup.get(headerKey(header)) ?? null;
    map.specs.push(spec);
    if (!spec) {
      const known = REGISTRY_COLUMNS[kind].map((s) => s.vi).join(', ');
      errors.push({
        row: record.row,
        column: header,
        header,
        value: header,
        rule: 'unknown_column',
        message: {
          vi: `Cột «${header}» không có trong mẫu nhập ${KIND_LABELS[kind].vi}; các cột được nhận: ${known} (hoặc tên tiếng Anh: ${REGISTRY_COLUMNS[kind].map((s) => s.key).join(', ')}).`,
          en: `Column "${header}" is not one of the ${kind} columns: ${REGISTRY_COLUMNS[kind].map((s) => s.key).join(', ')} (or in Vietnamese: ${known}).`,
        },
      });
    } else if (map.index.has(spec.key)) {
      map.specs[i] = null;
      errors.push({
        row: record.row,
        column: spec.key,
        header,
        value: header,
        rule: 'duplicate_column',
        message: { vi: `Cột «${header}» xuất hiện hai lần (cùng là ${spec.vi}).`, en: `Column "${header}" appears twice (both are ${spec.key}).` },
      });
    } else {
      map.index.set(spec.key, i);
    }
  });
  for (const spec of REGISTRY_COLUMNS[kind]) {
    if (spec.required && !map.index.has(spec.key)) {
      errors.push({
        row: record.row,
        column: spec.key,
        header: null,
        value: null,
        rule: 'missing_column',
        message: { vi: `Thiếu cột bắt buộc «${spec.vi}» (${spec.key}).`, en: `The required column ${spec.key} ("${spec.vi}") is missing.` },
      });
    }
  }
  return map;
}

const KIND_LABELS: Record<RegistryKind, Bilingual> = {
  units: { vi: 'đơn vị', en: 'units' },
  officials: { vi: 'công chức', en: 'officials' },
  quotas: { vi: 'biên chế', en: 'quotas' },
};

/** Reads the cells of one row and collects its errors. */
class RowReader {
  readonly errors: ImportError[] = [];

  constructor(
    private readonly header: HeaderMap,
    readonly row: number,
    private readonly cells: string[],
  ) {}

  has(key: string): boolean {
    return this.header.index.has(key);
  }

  raw(key: string): string {
    const i = this.header.index.get(key);
    return i === undefined ? '' : (this.cells[i] ?? '');
  }

  private headerOf(key: string): string {
    const i = this.header.index.get(key);
    return i === undefined ? key : this.header.headers[i];
  }

  fail(key: string, rule: ImportRule, message: Bilingual, value: string | null = this.raw(key)): void {
    const shown = value === null ? null : value.length > 200 ? `${value.slice(0, 200)}…` : value;
    this.errors.push({ row: this.row, column: key, header: this.has(key) ? this.headerOf(key) : null, value: shown, rule, message });
  }

  required(key: string): void {
    const h = this.headerOf(key);
    this.fail(key, 'required', { vi: `«${h}» không được để trống.`, en: `${key} is required.` }, '');
  }

  /** A text: required or not, at most `max` characters, not mojibake, no control characters. */
  text(key: string, max: number, required: boolean): string | null {
    const value = this.raw(key);
    if (value === '') {
      if (required) this.required(key);
      return null;
    }
    const h = this.headerOf(key);
    const legacy = mojibakeIn(value);
    if (legacy) {
      const label = ENCODING_LABELS[legacy.encoding];
      this.fail(key, 'legacy_encoding', {
        vi: `«${h}» có vẻ là chữ gõ bằng bảng mã ${label.vi} bị đọc như Windows-1252: «${value}» đúng ra là «${legacy.reads}». Hãy chuyển mã tệp sang Unicode rồi nhập lại.`,
        en: `${key} looks like ${label.en} text read as Windows-1252: "${value}" should read "${legacy.reads}". Convert the file to Unicode and import it again.`,
      });
      return null;
    }
    if (CONTROL_CHARACTER.test(value)) {
      this.fail(key, 'control_character', { vi: `«${h}» chứa ký tự điều khiển.`, en: `${key} contains a control character.` });
      return null;
    }
    const length = [...value].length;
    if (length > max) {
      this.fail(key, 'too_long', { vi: `«${h}» dài ${length} ký tự, tối đa ${max}.`, en: `${key} is ${length} characters long; at most ${max}.` });
      return null;
    }
    return value;
  }

  id(key: string, pattern: RegExp, required: boolean, shape: Bilingual): string | null {
    const value = this.raw(key);
    if (value === '') {
      if (required) this.required(key);
      return null;
    }
    if (!pattern.test(value)) {
      this.fail(key, 'id_format', { vi: `«${this.headerOf(key)}» «${value}» không đúng dạng mã: ${shape.vi}.`, en: `${key} "${value}" is not an identifier: ${shape.en}.` });
      return null;
    }
    return value;
  }

  choice<T extends string>(key: string, words: Map<string, T>, required: boolean): T | null {
    const value = this.raw(key);
    if (value === '') {
      if (required) this.required(key);
      return null;
    }
    const found = words.get(fold(value));
    if (found === undefined) {
      this.fail(key, 'enum', { vi: `«${this.headerOf(key)}» «${value}» không hợp lệ; phải là ${ALLOWED_VI[key]}.`, en: `${key} "${value}" is not allowed; use ${ALLOWED_EN[key]}.` });
      return null;
    }
    return found;
  }

  /** A yes/no: true/false, có/không, 1/0 (yes/no, x); blank is no. */
  flag(key: string): boolean | null {
    const value = this.raw(key);
    if (value === '') return false;
    const found = BOOLEAN_WORDS.get(fold(value));
    if (found === undefined) {
      this.fail(key, 'boolean', { vi: `«${this.headerOf(key)}» «${value}» phải là Có/Không (hoặc true/false, 1/0).`, en: `${key} "${value}" must be true/false (or có/không, 1/0).` });
      return null;
    }
    return found === 'true';
  }

  date(key: string, today: string): string | null | undefined {
    const value = this.raw(key);
    if (value === '') return null;
    const h = this.headerOf(key);
    const date = parseDate(value);
    if (!date) {
      this.fail(key, 'date', { vi: `«${h}» «${value}» không phải ngày hợp lệ dạng dd/mm/yyyy hoặc YYYY-MM-DD.`, en: `${key} "${value}" is not a calendar date (YYYY-MM-DD or dd/mm/yyyy).` });
      return undefined;
    }
    if (date > today) {
      this.fail(key, 'future_date', { vi: `«${h}» ${viDate(date)} là ngày trong tương lai.`, en: `${key} ${date} is in the future.` });
      return undefined;
    }
    const age = ageOn(date, today);
    if (age < IMPORT_LIMITS.minAge || age > IMPORT_LIMITS.maxAge) {
      this.fail(key, 'age', {
        vi: `«${h}» ${viDate(date)}: công chức ${age} tuổi, ngoài khoảng ${IMPORT_LIMITS.minAge}–${IMPORT_LIMITS.maxAge} tuổi.`,
        en: `${key} ${date}: an official aged ${age}, outside ${IMPORT_LIMITS.minAge}–${IMPORT_LIMITS.maxAge}.`,
      });
      return undefined;
    }
    return date;
  }

  /** A unit the registry holds (its existence is the only check: any other text names no unit). */
  unitRef(key: string, unitIds: ReadonlySet<string>, required: boolean): string | null {
    const value = this.raw(key);
    if (value === '') {
      if (required) this.required(key);
      return null;
    }
    if (!unitIds.has(value)) {
      this.fail(key, 'unknown_unit', { vi: `Không có đơn vị mã «${value}».`, en: `There is no unit ${value}.` });
      return null;
    }
    return value;
  }

  /** A field of expertise by its id; the message lists the ids. */
  fieldRef(key: string, fieldIds: ReadonlySet<string>, required: boolean): string | null {
    const value = this.raw(key);
    if (value === '') {
      if (required) this.required(key);
      return null;
    }
    if (!fieldIds.has(value)) {
      this.fail(key, 'unknown_field', {
        vi: `Không có lĩnh vực mã «${value}»; các mã: ${[...fieldIds].sort().join(', ')}.`,
        en: `There is no field ${value}; the fields are ${[...fieldIds].sort().join(', ')}.`,
      });
      return null;
    }
    return value;
  }
}

const UNIT_SHAPE: Bilingual = { vi: 'chữ thường không dấu, số và dấu gạch ngang (ví dụ xa-ea-kar), tối đa 100 ký tự', en: 'lower-case letters, digits and hyphens (e.g. xa-ea-kar), up to 100 characters' };
const OFFICIAL_SHAPE: Bilingual = { vi: 'chữ, số và . _ : - (không dấu, không khoảng trắng), tối đa 200 ký tự', en: 'letters, digits and . _ : - (no spaces), up to 200 characters' };

export function recordKey(kind: RegistryKind, record: RegistryRecord): string {
  return kind === 'quotas' ? `${(record as QuotaRecord).unitId}\u0000${(record as QuotaRecord).fieldId}` : (record as UnitRecord | OfficialRecord).id;
}

/** The fields of each kind, compared one by one to tell an update from an unchanged row. */
const FIELDS: { [K in RegistryKind]: (keyof RecordOf[K])[] } = {
  units: ['id', 'name', 'category', 'difficultArea'],
  officials: ['id', 'fullName', 'title', 'unitId', 'fieldId', 'rank', 'employment', 'isLeader', 'inLeadershipPlan', 'birthDate', 'gender'],
  quotas: ['unitId', 'fieldId', 'quota'],
};

export function sameRecord(kind: RegistryKind, a: RegistryRecord, b: RegistryRecord): boolean {
  return (FIELDS[kind] as string[]).every((field) => (a as unknown as Record<string, unknown>)[field] === (b as unknown as Record<string, unknown>)[field]);
}

function readUnit(reader: RowReader, snapshot: RegistrySnapshot): UnitRecord | null {
  const id = reader.id('id', UNIT_ID, true, UNIT_SHAPE);
  const name = reader.text('name', IMPORT_LIMITS.unitName, true);
  const category = reader.choice('category', CATEGORY_WORDS, true);
  const difficult = reader.flag('difficultArea');
  if (id === null || name === null || category === null || difficult === null) return null;
  const existing = snapshot.existing.get(id) as UnitRecord | undefined;
  if (existing && kindOfCategory(existing.category) !== kindOfCategory(category) && snapshot.unitsOnCases.has(id)) {
    const from = kindOfCategory(existing.category);
    reader.fail('category', 'kind_change', {
      vi: `Đơn vị ${id} đang là ${from === 'department' ? 'đơn vị cử đi (sở, ban, ngành)' : 'đơn vị tiếp nhận (xã, phường, đặc khu)'} trong các hồ sơ biệt phái; không đổi sang loại «${VALUE_LABELS_VI.category[category]}» được.`,
      en: `Unit ${id} is a ${from === 'department' ? 'sending (department)' : 'receiving (commune)'} unit in secondment cases; its category cannot become ${category}, which is the other kind.`,
    });
    return null;
  }
  return { id, name, category, difficultArea: reader.has('difficultArea') ? difficult : (existing?.difficultArea ?? false) };
}

function readOfficial(reader: RowReader, snapshot: RegistrySnapshot, today: string): OfficialRecord | null {
  const id = reader.id('id', OFFICIAL_ID, true, OFFICIAL_SHAPE);
  const fullName = reader.text('fullName', IMPORT_LIMITS.fullName, true);
  const title = reader.text('title', IMPORT_LIMITS.title, false);
  const unitId = reader.unitRef('unitId', snapshot.unitIds, true);
  const fieldId = reader.fieldRef('fieldId', snapshot.fieldIds, false);
  const rank = reader.text('rank', IMPORT_LIMITS.rank, false);
  const employment = reader.choice('employment', EMPLOYMENT_WORDS, true);
  const isLeader = reader.flag('isLeader');
  const inPlan = reader.flag('inLeadershipPlan');
  const birthDate = reader.date('birthDate', today);
  const gender = reader.choice('gender', GENDER_WORDS, false);
  if (reader.errors.length > 0 || id === null || fullName === null || unitId === null || employment === null || isLeader === null || inPlan === null || birthDate === undefined) {
    return null;
  }
  const existing = snapshot.existing.get(id) as OfficialRecord | undefined;
  // A column the file does not have keeps what the registry holds (a new official gets the default).
  const keep = <K extends keyof OfficialRecord>(key: K, value: OfficialRecord[K], fallback: OfficialRecord[K]): OfficialRecord[K] =>
    reader.has(key) ? value : existing ? existing[key] : fallback;
  const record: OfficialRecord = {
    id,
    fullName,
    title: keep('title', title, null),
    unitId,
    fieldId: keep('fieldId', fieldId, null),
    rank: keep('rank', rank, null),
    employment,
    isLeader: keep('isLeader', isLeader, false),
    inLeadershipPlan: keep('inLeadershipPlan', inPlan, false),
    birthDate: keep('birthDate', birthDate, null),
    gender: keep('gender', gender, null),
  };
  const openCase = snapshot.officialsOnOpenCases?.get(id);
  if (existing && existing.unitId !== unitId && openCase) {
    // The case names the official's unit as its sending unit: a move now would leave the case naming the wrong one.
    reader.fail('unitId', 'moved_on_open_case', {
      vi: `Công chức ${id} đang có hồ sơ ${openCase} chưa kết thúc với đơn vị cử đi ${existing.unitId}; chưa chuyển sang đơn vị ${unitId} được cho đến khi hồ sơ kết thúc.`,
      en: `Official ${id} has case ${openCase} open with ${existing.unitId} as the sending unit; they cannot move to ${unitId} until it is closed.`,
    });
    return null;
  }
  if (record.inLeadershipPlan && !record.isLeader) {
    reader.fail('inLeadershipPlan', 'plan_needs_leader', {
      vi: 'Chỉ người giữ chức vụ lãnh đạo, quản lý mới được đưa vào quy hoạch: «Quy hoạch» là Có thì «Lãnh đạo» phải là Có.',
      en: 'Only a leader or manager can be in the leadership plan: inLeadershipPlan true needs isLeader true.',
    });
    return null;
  }
  return record;
}

function readQuota(reader: RowReader, snapshot: RegistrySnapshot): QuotaRecord | null {
  const unitId = reader.unitRef('unitId', snapshot.unitIds, true);
  const fieldId = reader.fieldRef('fieldId', snapshot.fieldIds, true);
  const text = reader.raw('quota');
  let quota: number | null = null;
  if (text === '') reader.required('quota');
  else if (!/^\d+$/.test(text) || Number(text) > IMPORT_LIMITS.quota) {
    reader.fail('quota', 'quota', {
      vi: `Biên chế «${text}» phải là số nguyên từ 0 đến ${IMPORT_LIMITS.quota.toLocaleString('vi-VN')} (không dấu phân cách hàng nghìn).`,
      en: `quota "${text}" must be a whole number from 0 to ${IMPORT_LIMITS.quota} (no thousands separator).`,
    });
  } else quota = Number(text);
  return unitId === null || fieldId === null || quota === null ? null : { unitId, fieldId, quota };
}

export interface Validation<K extends RegistryKind = RegistryKind> {
  rows: number;
  valid: number;
  errors: ImportError[];
  /** The valid rows as records, in file order. */
  records: { row: number; record: RecordOf[K] }[];
}

export interface ValidateOptions {
  /** YYYY-MM-DD, for the age rules; today in Vietnam by default. */
  today?: string;
  onProgress?: (done: number, total: number) => void;
  progressEvery?: number;
}

/** Every rule on every row of a table, against what the database holds. */
export function validateTable<K extends RegistryKind>(kind: K, table: Table, snapshot: RegistrySnapshot, options: ValidateOptions = {}): Validation<K> {
  const today = options.today ?? localDateOf(Date.now());
  const errors: ImportError[] = [];
  const [headerRecord, ...dataRecords] = table.records;
  if (!headerRecord) {
    throw new ImportFileError(400, 'empty-import-file', 'header', {
      vi: 'Tệp không có dòng tiêu đề (dòng 1: tên các cột) và không có dữ liệu.',
      en: 'The file has no header row (row 1: the column names) and no data.',
    });
  }
  if (dataRecords.length > IMPORT_LIMITS.rows) {
    throw new ImportFileError(
      413,
      'too-many-rows',
      'too_many_rows',
      { vi: `Tệp có ${dataRecords.length} dòng dữ liệu; tối đa ${IMPORT_LIMITS.rows} dòng mỗi lần nhập.`, en: `The file has ${dataRecords.length} data rows; at most ${IMPORT_LIMITS.rows} per import.` },
      { rows: dataRecords.length },
    );
  }
  for (const cell of headerRecord.cells) {
    const legacy = mojibakeIn(cell);
    if (legacy) {
      throw legacyFileError({ encoding: legacy.encoding, sample: { line: headerRecord.row, found: cell, reads: legacy.reads } });
    }
  }
  const header = mapHeader(kind, headerRecord, errors);
  if (errors.some((e) => e.rule !== 'unknown_column')) return { rows: dataRecords.length, valid: 0, errors, records: [] };

  const records: { row: number; record: RecordOf[K] }[] = [];
  const firstRowOf = new Map<string, number>();
  const every = options.progressEvery ?? 1_000;
  dataRecords.forEach((data, i) => {
    const reader = new RowReader(header, data.row, data.cells);
    const record =
      kind === 'units' ? readUnit(reader, snapshot) : kind === 'officials' ? readOfficial(reader, snapshot, today) : readQuota(reader, snapshot);
    // A repeated key is found on every row that has one, bad or not.
    const key = kind === 'quotas' ? (reader.raw('unitId') && reader.raw('fieldId') ? `${reader.raw('unitId')}\u0000${reader.raw('fieldId')}` : '') : reader.raw('id');
    const first = key === '' ? undefined : firstRowOf.get(key);
    if (first !== undefined) {
      const column = kind === 'quotas' ? 'fieldId' : 'id';
      const what = kind === 'quotas' ? { vi: 'Cặp đơn vị – lĩnh vực', en: 'The unit and field pair' } : { vi: 'Mã', en: 'The id' };
      reader.fail(column, 'duplicate', {
        vi: `${what.vi} «${key.replace('\u0000', ' – ')}» đã có ở dòng ${first} của tệp.`,
        en: `${what.en} ${key.replace('\u0000', ' + ')} is already on row ${first} of the file.`,
      });
    } else if (key !== '') firstRowOf.set(key, data.row);
    if (record && first === undefined) records.push({ row: data.row, record: record as RecordOf[K] });
    errors.push(...reader.errors);
    if (options.onProgress && (i + 1) % every === 0) options.onProgress(i + 1, dataRecords.length);
  });
  return { rows: dataRecords.length, valid: records.length, errors, records };
}

export interface Diff<K extends RegistryKind = RegistryKind> {
  inserts: RecordOf[K][];
  updates: RecordOf[K][];
  unchanged: number;
}

/** Which valid rows are new, which change a row, which are as the registry holds them. */
export function diffRecords<K extends RegistryKind>(kind: K, records: { record: RecordOf[K] }[], snapshot: RegistrySnapshot): Diff<K> {
  const diff: Diff<K> = { inserts: [], updates: [], unchanged: 0 };
  for (const { record } of records) {
    const existing = snapshot.existing.get(recordKey(kind, record));
    if (!existing) diff.inserts.push(record);
    else if (!sameRecord(kind, existing, record)) diff.updates.push(record);
    else diff.unchanged += 1;
  }
  return diff;
}

// ---------------------------------------------------------------------------------------------
// Export.

export type HeaderLanguage = 'vi' | 'en';

function exportValues(kind: RegistryKind, record: RegistryRecord, language: HeaderLanguage): (string | number)[] {
  const vi = language === 'vi';
  const yes = (value: boolean) => (vi ? VALUE_LABELS_VI.boolean[value ? 'true' : 'false'] : String(value));
  if (kind === 'units') {
    const r = record as UnitRecord;
    return [r.id, r.name, vi ? VALUE_LABELS_VI.category[r.category] : r.category, yes(r.difficultArea)];
  }
  if (kind === 'officials') {
    const r = record as OfficialRecord;
    return [
      r.id,
      r.fullName,
      r.title ?? '',
      r.unitId,
      r.fieldId ?? '',
      r.rank ?? '',
      vi ? VALUE_LABELS_VI.employment[r.employment] : r.employment,
      yes(r.isLeader),
      yes(r.inLeadershipPlan),
      r.birthDate ? (vi ? viDate(r.birthDate) : r.birthDate) : '',
      r.gender ? (vi ? VALUE_LABELS_VI.gender[r.gender] : r.gender) : '',
    ];
  }
  const r = record as QuotaRecord;
  return [r.unitId, r.fieldId, r.quota];
}

export function exportHeaders(kind: RegistryKind, language: HeaderLanguage): string[] {
  return REGISTRY_COLUMNS[kind].map((spec) => (language === 'vi' ? spec.vi : spec.key));
}

function csvCell(value: string | number): string {
  const text = String(value);
  // A leading = + - @ is guarded with ' so a spreadsheet never runs it as a formula (the import takes it off).
  const safe = /^[=+\-@]/.test(text) ? `'${text}` : text;
  return /[",;\r\n]/.test(safe) || safe !== text ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** CSV in UTF-8 with a byte-order mark (so Excel shows the diacritics), comma separated, CRLF line ends. */
export function toRegistryCsv(kind: RegistryKind, records: RegistryRecord[], language: HeaderLanguage): Buffer {
  const lines = [exportHeaders(kind, language), ...records.map((record) => exportValues(kind, record, language))].map((cells) => cells.map(csvCell).join(','));
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(lines.join('\r\n') + '\r\n', 'utf8')]);
}

const SHEET_NAMES: Record<RegistryKind, Bilingual> = {
  units: { vi: 'Đơn vị', en: 'Units' },
  officials: { vi: 'Công chức', en: 'Officials' },
  quotas: { vi: 'Biên chế', en: 'Quotas' },
};

/** One worksheet, the header frozen and filtered; every value a text cell but the quota. */
export async function toRegistryXlsx(kind: RegistryKind, records: RegistryRecord[], language: HeaderLanguage): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Secondment engine';
  const sheet = workbook.addWorksheet(SHEET_NAMES[kind][language], { views: [{ state: 'frozen', ySplit: 1 }] });
  const headers = exportHeaders(kind, language);
  sheet.columns = headers.map((header, i) => ({ header, width: i === 1 && kind !== 'quotas' ? 32 : Math.max(12, header.length + 2) }));
  sheet.getRow(1).font = { bold: true };
  for (const record of records) sheet.addRow(exportValues(kind, record, language));
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: headers.length } };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

// ---------------------------------------------------------------------------------------------
// The database.

type Queryable = Pick<EntityManager, 'query'>;

const TABLES: Record<RegistryKind, string> = { units: 'secondment.org_unit', officials: 'secondment.official', quotas: 'secondment.staffing_quota' };

const SELECTS: Record<RegistryKind, string> = {
  units: `SELECT id, name, category, difficult_area AS "difficultArea" FROM secondment.org_unit`,
  officials: `SELECT id, full_name AS "fullName", title, unit_id AS "unitId", field_id AS "fieldId", rank, employment, is_leader AS "isLeader",
                     in_leadership_plan AS "inLeadershipPlan", to_char(birth_date, 'YYYY-MM-DD') AS "birthDate", gender
              FROM secondment.official`,
  quotas: `SELECT unit_id AS "unitId", field_id AS "fieldId", quota FROM secondment.staffing_quota`,
};
const ORDER: Record<RegistryKind, string> = {
  units: `ORDER BY CASE kind WHEN 'department' THEN 0 ELSE 1 END, id`,
  officials: `ORDER BY id`,
  quotas: `ORDER BY "unitId", "fieldId"`,
};

/** The ids an official row names in the file (so only those officials are read). */
function idsInTable(kind: RegistryKind, table: Table): string[] {
  if (kind !== 'officials' || table.records.length === 0) return [];
  const index = table.records[0].cells.findIndex((cell) => columnLookup(kind).get(headerKey(cell))?.key === 'id');
  return index < 0 ? [] : [...new Set(table.records.slice(1).map((record) => record.cells[index] ?? '').filter((id) => id !== ''))];
}

async function loadSnapshot(db: Queryable, kind: RegistryKind, table: Table): Promise<RegistrySnapshot> {
  const units = await db.query<{ id: string }[]>(`SELECT id FROM secondment.org_unit`);
  const fields = await db.query<{ id: string }[]>(`SELECT id FROM secondment.expertise_field`);
  const rows =
    kind === 'officials'
      ? await db.query<RegistryRecord[]>(`${SELECTS.officials} WHERE id = ANY($1::text[])`, [idsInTable(kind, table)])
      : await db.query<RegistryRecord[]>(SELECTS[kind]);
  const openCases =
    kind === 'officials'
      ? await db.query<{ officialId: string; caseId: string }[]>(
          `SELECT official_id AS "officialId", min(case_id) AS "caseId" FROM secondment.case_summary WHERE closed_at IS NULL AND official_id = ANY($1::text[]) GROUP BY official_id`,
          [idsInTable(kind, table)],
        )
      : [];
  const onCases =
    kind === 'units'
      ? await db.query<{ id: string }[]>(`SELECT sending_unit_id AS id FROM secondment.case_summary UNION SELECT receiving_unit_id FROM secondment.case_summary`)
      : [];
  return {
    unitIds: new Set(units.map((u) => u.id)),
    fieldIds: new Set(fields.map((f) => f.id)),
    existing: new Map(rows.map((row) => [recordKey(kind, row), row])),
    unitsOnCases: new Set(onCases.map((u) => u.id)),
    officialsOnOpenCases: new Map(openCases.map((c) => [c.officialId, c.caseId])),
  };
}

const WRITE_CHUNK = 2_000;

async function writeRecords(db: Queryable, kind: RegistryKind, records: RegistryRecord[]): Promise<void> {
  if (records.length === 0) return;
  if (kind === 'units') {
    const rows = records as UnitRecord[];
    await db.query(
      `INSERT INTO secondment.org_unit AS u (id, name, kind, category, difficult_area)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::boolean[])
       ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, kind = EXCLUDED.kind, category = EXCLUDED.category, difficult_area = EXCLUDED.difficult_area, updated_at = clock_timestamp()
       WHERE (u.name, u.kind, u.category, u.difficult_area) IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.kind, EXCLUDED.category, EXCLUDED.difficult_area)`,
      [rows.map((r) => r.id), rows.map((r) => r.name), rows.map((r) => kindOfCategory(r.category)), rows.map((r) => r.category), rows.map((r) => r.difficultArea)],
    );
  } else if (kind === 'officials') {
    const rows = records as OfficialRecord[];
    await db.query(
      `INSERT INTO secondment.official AS o (id, full_name, title, unit_id, field_id, rank, employment, is_leader, in_leadership_plan, birth_date, gender)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::boolean[], $9::boolean[], $10::date[], $11::text[])
       ON CONFLICT (id) DO UPDATE SET full_name = EXCLUDED.full_name, title = EXCLUDED.title, unit_id = EXCLUDED.unit_id, field_id = EXCLUDED.field_id, rank = EXCLUDED.rank,
         employment = EXCLUDED.employment, is_leader = EXCLUDED.is_leader, in_leadership_plan = EXCLUDED.in_leadership_plan, birth_date = EXCLUDED.birth_date,
         gender = EXCLUDED.gender, updated_at = clock_timestamp()
       WHERE (o.full_name, o.title, o.unit_id, o.field_id, o.rank, o.employment, o.is_leader, o.in_leadership_plan, o.birth_date, o.gender)
         IS DISTINCT FROM (EXCLUDED.full_name, EXCLUDED.title, EXCLUDED.unit_id, EXCLUDED.field_id, EXCLUDED.rank, EXCLUDED.employment, EXCLUDED.is_leader,
                           EXCLUDED.in_leadership_plan, EXCLUDED.birth_date, EXCLUDED.gender)`,
      [
        rows.map((r) => r.id),
        rows.map((r) => r.fullName),
        rows.map((r) => r.title),
        rows.map((r) => r.unitId),
        rows.map((r) => r.fieldId),
        rows.map((r) => r.rank),
        rows.map((r) => r.employment),
        rows.map((r) => r.isLeader),
        rows.map((r) => r.inLeadershipPlan),
        rows.map((r) => r.birthDate),
        rows.map((r) => r.gender),
      ],
    );
  } else {
    const rows = records as QuotaRecord[];
    await db.query(
      `INSERT INTO secondment.staffing_quota AS q (unit_id, field_id, quota)
       SELECT * FROM unnest($1::text[], $2::text[], $3::integer[])
       ON CONFLICT (unit_id, field_id) DO UPDATE SET quota = EXCLUDED.quota, updated_at = clock_timestamp()
       WHERE q.quota IS DISTINCT FROM EXCLUDED.quota`,
      [rows.map((r) => r.unitId), rows.map((r) => r.fieldId), rows.map((r) => r.quota)],
    );
  }
}

export interface ImportProgress {
  kind: RegistryKind;
  phase: 'read' | 'validate' | 'write';
  done: number;
  total: number;
}

export interface ImportOptions {
  dryRun: boolean;
  /** Called every `progressEvery` rows validated, after each batch written, and once the file is read. */
  onProgress?: (progress: ImportProgress) => void;
  progressEvery?: number;
  /** YYYY-MM-DD; today in Vietnam by default. */
  today?: string;
}

export interface RegistryExport {
  body: Buffer;
  mediaType: string;
  fileName: string;
  rows: number;
}

const EXPORT_FILE_NAMES: Record<RegistryKind, string> = { units: 'don-vi', officials: 'cong-chuc', quotas: 'bien-che' };

/** Imports (dry run or all-or-nothing commit) and exports of the registry. */
export class RegistryImportRepository {
  constructor(private readonly dataSource: DataSource) {}

  async importFile(kind: RegistryKind, file: ImportFile, options: ImportOptions): Promise<ImportReport> {
    const started = performance.now();
    const progress = (phase: ImportProgress['phase'], done: number, total: number) => options.onProgress?.({ kind, phase, done, total });
    const table = await readTable(file);
    progress('read', Math.max(0, table.records.length - 1), Math.max(0, table.records.length - 1));
    const validateOptions: ValidateOptions = { today: options.today, progressEvery: options.progressEvery, onProgress: (done, total) => progress('validate', done, total) };
    const reportOf = (validation: Validation, changes: ImportChanges, committed: boolean): ImportReport => ({
      kind,
      format: table.format,
      dryRun: options.dryRun,
      committed,
      rows: validation.rows,
      valid: validation.valid,
      errorCount: validation.errors.length,
      errors: validation.errors.slice(0, IMPORT_LIMITS.reportedErrors),
      changes,
      durationMs: Math.round(performance.now() - started),
    });
    const changesOf = (diff: Diff): ImportChanges => ({ inserted: diff.inserts.length, updated: diff.updates.length, unchanged: diff.unchanged });

    if (options.dryRun) {
      // One snapshot for every read; nothing is written.
      return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
        const snapshot = await loadSnapshot(manager, kind, table);
        const validation = validateTable(kind, table, snapshot, validateOptions);
        return reportOf(validation, changesOf(diffRecords(kind, validation.records, snapshot)), false);
      });
    }

    return this.dataSource.transaction(async (manager) => {
      // Another import of the same kind waits; reads go on. A units import also holds the cases
      // still while it checks that no unit a case names changes kind.
      await manager.query(`LOCK TABLE ${TABLES[kind]} IN SHARE ROW EXCLUSIVE MODE`);
      if (kind === 'units') await manager.query(`LOCK TABLE secondment.case_summary IN SHARE MODE`);
      const snapshot = await loadSnapshot(manager, kind, table);
      const validation = validateTable(kind, table, snapshot, validateOptions);
      const diff = diffRecords(kind, validation.records, snapshot);
      if (validation.errors.length > 0) throw new ImportRefusedError(reportOf(validation, changesOf(diff), false));
      const writes = [...diff.inserts, ...diff.updates];
      for (let i = 0; i < writes.length; i += WRITE_CHUNK) {
        await writeRecords(manager, kind, writes.slice(i, i + WRITE_CHUNK));
        progress('write', Math.min(i + WRITE_CHUNK, writes.length), writes.length);
      }
      return reportOf(validation, changesOf(diff), true);
    });
  }

  async records(kind: RegistryKind): Promise<RegistryRecord[]> {
    const sql = kind === 'units' ? `${SELECTS.units} ${ORDER.units}` : `SELECT * FROM (${SELECTS[kind]}) r ${ORDER[kind]}`;
    return this.dataSource.query<RegistryRecord[]>(sql);
  }

  async exportFile(kind: RegistryKind, format: 'csv' | 'xlsx', language: HeaderLanguage, today = localDateOf(Date.now())): Promise<RegistryExport> {
    const records = await this.records(kind);
    const body = format === 'xlsx' ? await toRegistryXlsx(kind, records, language) : toRegistryCsv(kind, records, language);
    return {
      body,
      mediaType: format === 'xlsx' ? XLSX_MEDIA_TYPE : 'text/csv; charset=utf-8',
      fileName: `${EXPORT_FILE_NAMES[kind]}-${today}.${format}`,
      rows: records.length,
    };
  }
}
