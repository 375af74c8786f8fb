/** The gap screen's table of communes (the charts' accessible version), sorted by any column. */
import { Empty } from '../../components/ui';
import { compareVi, formatNumber, matchesSearch } from '../../format';
import { useLanguage, useT, type Bilingual } from '../../i18n';
import { Link, setQuery } from '../../router';
import type { CommuneGap } from '../../types';
import { S, balanceClass, signed } from './strings';

export type SortKey = 'name' | 'quota' | 'present' | 'balance' | 'shortFields' | 'overFields' | 'secondedIn';
export type Sort = SortKey | `-${SortKey}`;

const COLUMNS: { key: SortKey; label: Bilingual; numeric: boolean }[] = [
  { key: 'name', label: S.commune, numeric: false },
  { key: 'quota', label: S.quota, numeric: true },
  { key: 'present', label: S.present, numeric: true },
  { key: 'balance', label: S.balance, numeric: true },
  { key: 'shortFields', label: S.shortFields, numeric: true },
  { key: 'overFields', label: S.overFields, numeric: true },
  { key: 'secondedIn', label: S.secondedIn, numeric: true },
];

/** The communes whose name matches the search, in the order asked (ties by name). */
export function sortCommunes(communes: readonly CommuneGap[], q: string, sort: Sort): CommuneGap[] {
  const list = communes.filter((commune) => matchesSearch(q, commune.name));
  const key = sort.replace(/^-/, '') as SortKey;
  const direction = sort.startsWith('-') ? -1 : 1;
  return [...list].sort((a, b) => {
    const order = key === 'name' ? compareVi(a.name, b.name) : a[key] - b[key];
    return direction * (order || compareVi(a.name, b.name));
  });
}

function SortHeads({ sort }: { sort: Sort }) {
  const t = useT();
  return (
    <tr>
      {COLUMNS.map((column) => {
        const active = sort.replace(/^-/, '') === column.key;
        const descending = active && sort.startsWith('-');
        return (
          <th key={column.key} scope="col" class={column.numeric ? 'num' : undefined} aria-sort={active ? (descending ? 'descending' : 'ascending') : undefined}>
            <button
              type="button"
              class="sort-btn"
              aria-label={t(S.sortBy, { column: t(column.label) })}
              onClick={() => setQuery({ sort: active && !descending ? `-${column.key}` : column.key })}
            >
              {t(column.label)}
              <span aria-hidden="true" class="sort-mark">
                {active ? (descending ? ' ▼' : ' ▲') : ' ↕'}
              </span>
            </button>
          </th>
        );
      })}
    </tr>
  );
}

export function GapTable({ communes, sort, view, communeId, hrefOf }: { communes: CommuneGap[]; sort: Sort; view: 'present' | 'books'; communeId: string | null; hrefOf: (unitId: string) => string }) {
  const t = useT();
  const { language } = useLanguage();
  return (
    <section aria-labelledby="gap-table-title">
      <h2 id="gap-table-title">{t(S.table)}</h2>
      {communes.length === 0 ? (
        <Empty>{t(S.none)}</Empty>
      ) : (
        <div class="table-wrap">
          <table class="cards gap-table">
            <caption>{t(S.tableCaption, { n: formatNumber(communes.length, language), by: `${t(COLUMNS.find((c) => c.key === sort.replace(/^-/, ''))?.label ?? S.balance)} (${t(sort.startsWith('-') ? S.descending : S.ascending)})` })}</caption>
            <thead>
              <SortHeads sort={sort} />
            </thead>
            <tbody>
              {communes.map((commune) => (
                <tr key={commune.unitId} class={commune.unitId === communeId ? 'chosen' : undefined}>
                  <th scope="row" data-label={t(S.commune)}>
                    <Link href={hrefOf(commune.unitId)}>{commune.name}</Link>
                    {commune.difficultArea ? <span class="badge badge-difficult">{t(S.difficult)}</span> : null}
                  </th>
                  <td class="num" data-label={t(S.quota)}>
                    {formatNumber(commune.quota, language)}
                  </td>
                  <td class="num" data-label={view === 'books' ? t(S.onBooks) : t(S.present)}>
                    {formatNumber(view === 'books' ? commune.onBooks : commune.present, language)}
                  </td>
                  <td class={balanceClass(commune.balance)} data-label={t(S.balance)}>
                    {signed(commune.balance, language)}
                  </td>
                  <td class="num" data-label={t(S.shortFields)}>
                    {formatNumber(commune.shortFields, language)}
                  </td>
                  <td class="num" data-label={t(S.overFields)}>
                    {formatNumber(commune.overFields, language)}
                  </td>
                  <td class="num" data-label={t(S.secondedIn)}>
                    {formatNumber(commune.secondedIn, language)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
