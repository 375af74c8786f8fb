/** Text as the import compares and stores it. */

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
