import type { Bilingual } from '@app/domain';
import { ImportFileError } from './model';

/**
 * Legacy Vietnamese encodings, refused naming the encoding: a file that is not UTF-8 is scored as
 * TCVN3 (ABC), VNI and Windows-1258 (415 legacy_encoding); a UTF-8 cell whose text is TCVN3 or VNI
 * read through a Windows code page (mojibake such as "NguyÔn V¨n An" or "Nguyeãn Vaên An") is a
 * row error `legacy_encoding` that says how it should read. Pure: bytes in, text and verdicts out.
 */

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

/** A Latin-1 string (one character per byte) as its bytes. */
function bytesOf(latin1: string): Uint8Array {
  return Uint8Array.from(latin1, (char) => char.charCodeAt(0));
}

/** Bytes as a Latin-1 string, one character per byte. */
export function latin1Of(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 0x2000) out += String.fromCharCode(...bytes.subarray(i, i + 0x2000));
  return out;
}

const CP1258 = new TextDecoder('windows-1258');
function decodeCp1258(bytes: string): string {
  return CP1258.decode(bytesOf(bytes)).normalize('NFC');
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
export const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/;

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
  ['UTF-8 read as Windows-1252', (bytes) => new TextDecoder('utf-8', { fatal: true }).decode(bytesOf(bytes)).normalize('NFC')],
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
export function detectLegacyEncoding(bytes: Uint8Array): EncodingVerdict {
  const lines: { number: number; text: string }[] = [];
  let start = 0;
  for (let i = 0, number = 1; i <= bytes.length; i += 1) {
    if (i === bytes.length || bytes[i] === 0x0a) {
      const line = bytes.subarray(start, i);
      if (firstInvalidUtf8(line) >= 0) lines.push({ number, text: latin1Of(line).replace(/\r$/, '') });
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

export function legacyFileError(verdict: EncodingVerdict): ImportFileError {
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

