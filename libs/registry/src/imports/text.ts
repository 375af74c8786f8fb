import { searchKey } from '@app/domain';

/** Text as the import compares and stores it. */

/** Lower case, no diacritics (đ → d), punctuation and white space as single spaces: the search key, punctuation blanked. */
export function fold(text: string): string {
  return searchKey(text)
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
