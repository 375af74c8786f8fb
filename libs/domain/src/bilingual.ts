/** A text in the two languages people read the system in. */
export interface Bilingual {
  vi: string;
  en: string;
}

export type Language = keyof Bilingual;
export const LANGUAGES: readonly Language[] = ['vi', 'en'];
