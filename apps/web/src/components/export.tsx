/** Export of a list through the API (CSV for any tool, .xlsx for Excel), the same on every screen. */
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { ApiError, download, type Query } from '../api';
import { COMMON, useT } from '../i18n';
import { Button, ProblemMessage } from './ui';

const S = {
  failed: { vi: 'Không xuất được tệp.', en: 'The file could not be exported.' },
};

/** The two buttons (for a page's actions) and the refusal to show, if the last export failed. */
export function useExport(path: string, query: Query = {}): { buttons: JSX.Element; problem: JSX.Element | null } {
  const t = useT();
  const [exporting, setExporting] = useState<'csv' | 'xlsx' | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const exportAs = async (format: 'csv' | 'xlsx') => {
    setExporting(format);
    setError(null);
    try {
      await download(path, { ...query, format });
    } catch (failure) {
      setError(failure instanceof ApiError ? failure : new ApiError(0, { type: 'about:blank', title: t(S.failed), status: 0, detail: String(failure) }));
    } finally {
      setExporting(null);
    }
  };
  const buttons = (
    <>
      <Button busy={exporting === 'csv'} onClick={() => void exportAs('csv')}>
        {t(COMMON.exportCsv)}
      </Button>
      <Button busy={exporting === 'xlsx'} onClick={() => void exportAs('xlsx')}>
        {t(COMMON.exportXlsx)}
      </Button>
    </>
  );
  const problem = error ? (
    <>
      <p class="visually-hidden">{t(S.failed)}</p>
      <ProblemMessage error={error} />
    </>
  ) : null;
  return { buttons, problem };
}
