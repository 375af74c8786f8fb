/** The chosen commune on the gap screen: its figures, its need per field, and the suggestions for a field. */
import { useMemo } from 'preact/hooks';
import { withQuery } from '../../api';
import { Button, Loading, ProblemMessage } from '../../components/ui';
import { useResource } from '../../data';
import { compareVi, formatNumber } from '../../format';
import { useLanguage, useT } from '../../i18n';
import { Link, setQuery, useLocation } from '../../router';
import { useSession } from '../../session';
import type { CommuneGapDetail, Role } from '../../types';
import { S, balanceClass, fieldName, signed } from './strings';
import { Suggestions } from './suggestions';

const SUGGESTION_READERS: readonly Role[] = ['home_affairs_officer', 'department_head', 'hr_officer', 'auditor', 'party_secretariat'];

/** The chosen commune: its need per field and, for the field asked, the suggested officials. */
export function CommunePanel({ communeId, view, closeHref }: { communeId: string; view: 'present' | 'books'; closeHref: string }) {
  const t = useT();
  const { language } = useLanguage();
  const { me } = useSession();
  const { query } = useLocation();
  const detail = useResource<CommuneGapDetail>(withQuery(`/gap/communes/${encodeURIComponent(communeId)}`, { view: view === 'books' ? 'books' : undefined }));
  const canSuggest = me ? SUGGESTION_READERS.includes(me.role) : false;
  const fields = useMemo(() => [...(detail.data?.fields ?? [])].sort((a, b) => a.balance - b.balance || compareVi(fieldName(a, 'vi'), fieldName(b, 'vi'))), [detail.data]);
  const mostShort = fields.find((field) => field.balance < 0)?.fieldId;
  const suggestFor = query.get('suggest') ?? query.get('field') ?? mostShort ?? null;
  const data = detail.data;
  return (
    <section class="card commune-panel" aria-labelledby="commune-title">
      <div class="panel-head">
        <h2 id="commune-title" tabIndex={-1}>
          {data?.name ?? communeId}
          {data ? (
            <span class={`badge status-${data.status}`}>
              {data.status === 'short' ? t(S.shortBy, { n: -data.balance }) : data.status === 'over' ? t(S.overBy, { n: data.balance }) : t(S.balanced)}
            </span>
          ) : null}
        </h2>
        <Link href={closeHref} class="btn btn-secondary">
          {t(S.close)}
        </Link>
      </div>
      {detail.error ? <ProblemMessage error={detail.error} onRetry={() => void detail.reload()} /> : null}
      {detail.loading ? <Loading /> : null}
      {data ? (
        <>
          <dl class="facts">
            <dt>{t(S.quota)}</dt>
            <dd>{formatNumber(data.quota, language)}</dd>
            <dt>{t(view === 'books' ? S.onBooks : S.present)}</dt>
            <dd>{formatNumber(view === 'books' ? data.onBooks : data.present, language)}</dd>
            <dt>{t(S.balance)}</dt>
            <dd>{signed(data.balance, language)}</dd>
            {data.difficultArea ? (
              <>
                <dt>{t(S.difficult)}</dt>
                <dd>✓</dd>
              </>
            ) : null}
          </dl>
          <h3>{t(S.needTitle)}</h3>
          <div class="table-wrap">
            <table class="cards">
              <thead>
                <tr>
                  <th scope="col">{t(S.field)}</th>
                  <th scope="col" class="num">
                    {t(S.quota)}
                  </th>
                  <th scope="col" class="num">
                    {t(view === 'books' ? S.onBooks : S.present)}
                  </th>
                  <th scope="col" class="num">
                    {t(S.balance)}
                  </th>
                  {canSuggest ? (
                    <th scope="col">
                      <span class="visually-hidden">{t(S.suggest)}</span>
                    </th>
                  ) : null}
                </tr>
              </thead>
              <tbody>
                {fields.map((field) => (
                  <tr key={field.fieldId} class={field.fieldId === suggestFor ? 'chosen' : undefined}>
                    <th scope="row" data-label={t(S.field)}>
                      {fieldName(field, language)}
                    </th>
                    <td class="num" data-label={t(S.quota)}>
                      {formatNumber(field.quota, language)}
                    </td>
                    <td class="num" data-label={t(view === 'books' ? S.onBooks : S.present)}>
                      {formatNumber(view === 'books' ? field.onBooks : field.present, language)}
                    </td>
                    <td class={balanceClass(field.balance)} data-label={t(S.balance)}>
                      {signed(field.balance, language)}
                    </td>
                    {canSuggest ? (
                      <td data-label={t(S.suggest)}>
                        <Button
                          variant={field.fieldId === suggestFor ? 'primary' : 'secondary'}
                          aria-pressed={field.fieldId === suggestFor}
                          aria-label={t(S.suggestFor, { field: fieldName(field, language) })}
                          onClick={() => setQuery({ suggest: field.fieldId })}
                        >
                          {t(S.suggest)}
                        </Button>
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {!canSuggest ? <p class="hint">{t(S.noSuggestionsRole)}</p> : suggestFor ? <Suggestions communeId={communeId} fieldId={suggestFor} /> : <p class="hint">{t(S.chooseField)}</p>}
        </>
      ) : null}
    </section>
  );
}
