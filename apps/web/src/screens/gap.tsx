/**
 * Staffing gap (/gap): the communes short of or over their staffing quota, per field of
 * expertise, as a chart and as a table (the table is the chart's accessible version); a commune's
 * need per field and the officials the matching suggests for it, each with its reasons, and a
 * nomination from a suggestion in one step. Filters and the chosen commune live in the URL.
 */
import { useMemo } from 'preact/hooks';
import { withQuery } from '../api';
import { Loading, Page, ProblemMessage } from '../components/ui';
import { useResource } from '../data';
import { useT } from '../i18n';
import { setQuery, useLocation } from '../router';
import { useSession } from '../session';
import type { RegistryField, ProvinceGap } from '../types';
import { CommuneChart, FieldChart } from './gap/charts';
import { CommunePanel } from './gap/commune-panel';
import { GapFilters } from './gap/gap-filters';
import { GapTable, sortCommunes, type Sort } from './gap/gap-table';
import { S } from './gap/strings';
import { Totals } from './gap/totals';
import './gap.css';

export default function GapScreen() {
  const t = useT();
  const { me } = useSession();
  const { query } = useLocation();
  const fieldId = query.get('field') ?? '';
  const status = query.get('status') ?? '';
  const view = query.get('view') === 'books' ? 'books' : 'present';
  const q = query.get('q') ?? '';
  const communeId = query.get('commune');
  const sort = (query.get('sort') ?? 'balance') as Sort;
  const gap = useResource<ProvinceGap>(me?.role === 'official' ? null : withQuery('/gap', { fieldId: fieldId || undefined, status: status || undefined, view: view === 'books' ? 'books' : undefined }));
  const fields = useResource<RegistryField[]>(me?.role === 'official' ? null : '/registry/fields');

  const communes = useMemo(() => sortCommunes(gap.data?.communes ?? [], q, sort), [gap.data, q, sort]);

  if (me?.role === 'official') {
    return (
      <Page title={t(S.title)}>
        <p>{t(S.forbidden)}</p>
      </Page>
    );
  }

  const linkTo = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(query);
    for (const [k, v] of Object.entries(changes)) {
      if (v === null || v === '') next.delete(k);
      else next.set(k, v);
    }
    const text = next.toString();
    return `/gap${text ? `?${text}` : ''}`;
  };
  const communeHref = (id: string) => linkTo({ commune: id, suggest: null });

  return (
    <Page title={t(S.title)}>
      {gap.error ? <ProblemMessage error={gap.error} onRetry={() => void gap.reload()} /> : null}
      {gap.data ? <Totals gap={gap.data} /> : gap.loading ? <Loading /> : null}

      <GapFilters fields={fields.data} fieldId={fieldId} status={status} view={view} q={q} />

      {communeId ? <CommunePanel key={communeId} communeId={communeId} view={view} closeHref={linkTo({ commune: null, suggest: null })} /> : null}

      {gap.data ? (
        <div class="gap-charts">
          <FieldChart fields={gap.data.byField} onField={(id) => setQuery({ field: id, suggest: null })} />
          <CommuneChart communes={communes} hrefOf={communeHref} />
        </div>
      ) : null}

      {gap.data ? <GapTable communes={communes} sort={sort} view={view} communeId={communeId} hrefOf={communeHref} /> : null}
    </Page>
  );
}
