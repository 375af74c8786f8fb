/**
 * Vietnamese by default, English on request. Each screen keeps its own strings beside it as
 * `Bilingual` pairs (the domain's labels are shared with the API); `useT()` picks the reader's.
 */
import { createContext, type ComponentChildren } from 'preact';
import { useCallback, useContext, useEffect, useMemo, useState } from 'preact/hooks';
import type { Bilingual, Language } from '@app/domain/bilingual';
import { configureApi } from './api';

export type { Bilingual, Language };

const LANGUAGE_KEY = 'secondment.language';

function initialLanguage(): Language {
  const stored = localStorage.getItem(LANGUAGE_KEY);
  return stored === 'en' || stored === 'vi' ? stored : 'vi';
}

interface LanguageState {
  language: Language;
  setLanguage: (language: Language) => void;
}

const LanguageContext = createContext<LanguageState>({ language: 'vi', setLanguage: () => undefined });

export function LanguageProvider({ children }: { children: ComponentChildren }) {
  const [language, setLanguageState] = useState<Language>(initialLanguage);
  configureApi({ language });
  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);
  const setLanguage = useCallback((next: Language) => {
    localStorage.setItem(LANGUAGE_KEY, next);
    configureApi({ language: next });
    setLanguageState(next);
  }, []);
  const value = useMemo(() => ({ language, setLanguage }), [language, setLanguage]);
  return <LanguageContext.Provider value={value}>{children}</LanguageContext.Provider>;
}

export function useLanguage(): LanguageState {
  return useContext(LanguageContext);
}

/** `t(text)` in the reader's language; `t(text, { n: 3 })` fills `{n}`. */
export type Translate = (text: Bilingual, values?: Record<string, string | number>) => string;

export function translate(language: Language, text: Bilingual, values?: Record<string, string | number>): string {
  const chosen = text[language];
  return values ? chosen.replace(/\{(\w+)\}/g, (whole, key: string) => (key in values ? String(values[key]) : whole)) : chosen;
}

export function useT(): Translate {
  const { language } = useLanguage();
  return useCallback<Translate>((text, values) => translate(language, text, values), [language]);
}

/** Strings more than one screen uses. */
export const COMMON = {
  appName: { vi: 'Biệt phái công chức', en: 'Civil servant secondments' },
  province: { vi: 'Sở Nội vụ', en: 'Department of Home Affairs' },
  loading: { vi: 'Đang tải…', en: 'Loading…' },
  retry: { vi: 'Thử lại', en: 'Try again' },
  cancel: { vi: 'Hủy', en: 'Cancel' },
  close: { vi: 'Đóng', en: 'Close' },
  save: { vi: 'Lưu', en: 'Save' },
  submit: { vi: 'Gửi', en: 'Submit' },
  search: { vi: 'Tìm kiếm', en: 'Search' },
  all: { vi: 'Tất cả', en: 'All' },
  none: { vi: 'Không có', en: 'None' },
  empty: { vi: 'Không có mục nào.', en: 'Nothing here.' },
  overdue: { vi: 'Quá hạn', en: 'Overdue' },
  deadline: { vi: 'Hạn xử lý', en: 'Deadline' },
  official: { vi: 'Công chức', en: 'Official' },
  form: { vi: 'Hình thức', en: 'Form' },
  stage: { vi: 'Bước', en: 'Stage' },
  department: { vi: 'Đơn vị cử đi', en: 'Sending department' },
  commune: { vi: 'Xã/phường nhận', en: 'Receiving commune' },
  field: { vi: 'Lĩnh vực', en: 'Field' },
  position: { vi: 'Vị trí việc làm', en: 'Job position' },
  termEnd: { vi: 'Hết hạn', en: 'Term ends' },
  caseId: { vi: 'Mã hồ sơ', en: 'Case' },
  reason: { vi: 'Lý do', en: 'Reason' },
  required: { vi: 'bắt buộc', en: 'required' },
  page: { vi: 'Trang {page}/{pages}', en: 'Page {page} of {pages}' },
  previous: { vi: 'Trang trước', en: 'Previous' },
  next: { vi: 'Trang sau', en: 'Next' },
  exportCsv: { vi: 'Xuất CSV', en: 'Export CSV' },
  exportXlsx: { vi: 'Xuất Excel', en: 'Export Excel' },
  notFound: { vi: 'Không tìm thấy trang này.', en: 'This page does not exist.' },
  forbidden: { vi: 'Bạn không có quyền xem trang này.', en: 'You may not see this page.' },
} satisfies Record<string, Bilingual>;
