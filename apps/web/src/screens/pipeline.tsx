/**
 * The pipeline: every open case the caller may see (the province for Home Affairs and the
 * auditor), counted by stage and by unit, the overdue steps and terms, the terms ending soon, and
 * the case list under the same filters, exported to CSV or Excel through the API. The filters are
 * the page's query string: a view can be shared, and a reload or the back button keeps it.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { FORM_LABELS, OUTCOME_LABELS, STAGE_LABELS, capitalised } from '@app/domain/labels';
import { ApiError, withQuery } from '../api';
import { Combobox, UnitPicker } from '../components/combobox';
import { Button, Empty, Field, FormName, Loading, OverdueBadge, Page, Pager, ProblemMessage, StageBadge } from '../components/ui';
import { useExport } from '../components/export';
import { useResource, type Resource } from '../data';
import { formatDate, formatNumber, sortVi, today } from '../format';
import { COMMON, useLanguage, useT, type Bilingual } from '../i18n';
import { Link, setQuery, useLocation } from '../router';
import { useSession } from '../session';
import type { CasePage, CaseSummary, Pipeline, PipelineCell, RegistryField, Stage } from '../types';
import {
  FILTER_KEYS,
  FORMS,
  OPEN_STAGES,
  PAGE_SIZE,
  PROVINCE_WIDE,
  SORTS,
  activeFilterCount,
  apiFilter,
  pipelineHref,
  readFilters,
  type PipelineFilters,
  type Sort,
  type SortKey,
} from './pipeline-filters';
import './pipeline.css';

const S = {
  title: { vi: 'Tổng hợp hồ sơ', en: 'Pipeline' },
  scopeProvince: { vi: 'Phạm vi: toàn tỉnh.', en: 'Scope: the whole province.' },
  scopeUnit: { vi: 'Phạm vi: hồ sơ {unit} cử đi hoặc tiếp nhận.', en: 'Scope: cases {unit} sends or receives.' },
  scopeOwn: { vi: 'Phạm vi: hồ sơ của chính Ông/Bà.', en: 'Scope: your own cases.' },
  asOf: { vi: 'Số liệu ngày {day}', en: 'Figures as of {day}' },
  filters: { vi: 'Bộ lọc', en: 'Filters' },
  filtersActive: { vi: 'Bộ lọc ({n} đang áp dụng)', en: 'Filters ({n} applied)' },
  clearFilters: { vi: 'Xóa bộ lọc', en: 'Clear the filters' },
  search: { vi: 'Tìm theo tên công chức hoặc mã hồ sơ', en: "Search by the official's name or the case id" },
  searchHint: { vi: 'Có thể gõ không dấu: "nguyen van an"', en: 'Diacritics optional: "nguyen van an"' },
  any: { vi: 'Tất cả', en: 'Any' },
  status: { vi: 'Tình trạng', en: 'Status' },
  statusOpen: { vi: 'Đang xử lý', en: 'Open' },
  statusClosed: { vi: 'Đã kết thúc', en: 'Closed' },
  statusAll: { vi: 'Tất cả hồ sơ', en: 'All cases' },
  overdue: { vi: 'Quá hạn', en: 'Overdue' },
  overdueAny: { vi: 'Quá hạn (bước hoặc thời hạn)', en: 'Overdue (a step or a term)' },
  overdueStep: { vi: 'Bước xử lý quá hạn', en: 'Step past its deadline' },
  overdueTerm: { vi: 'Hết thời hạn chưa có quyết định', en: 'Term over, no decision' },
  ending: { vi: 'Thời hạn kết thúc', en: 'Term ends' },
  ending30: { vi: 'Trong 30 ngày tới', en: 'Within 30 days' },
  ending90: { vi: 'Trong 90 ngày tới', en: 'Within 90 days' },
  department: { vi: 'Sở, ngành cử đi', en: 'Sending department' },
  commune: { vi: 'Xã, phường tiếp nhận', en: 'Receiving commune' },
  field: { vi: 'Lĩnh vực chuyên môn', en: 'Field of expertise' },
  totals: { vi: 'Tổng số', en: 'Totals' },
  open: { vi: 'Hồ sơ đang xử lý', en: 'Open cases' },
  overdueSteps: { vi: 'Bước xử lý quá hạn', en: 'Steps overdue' },
  overdueTerms: { vi: 'Hết thời hạn chưa có quyết định', en: 'Terms overdue' },
  ending30Total: { vi: 'Hết thời hạn trong 30 ngày', en: 'Terms ending in 30 days' },
  ending90Total: { vi: 'Hết thời hạn trong 90 ngày', en: 'Terms ending in 90 days' },
  byStage: { vi: 'Theo bước xử lý', en: 'By stage' },
  stageOverdue: { vi: '{n} quá hạn', en: '{n} overdue' },
  stageOverdueLabel: { vi: '{stage}: {n} quá hạn', en: '{stage}: {n} overdue' },
  closedByOutcome: { vi: 'Đã kết thúc:', en: 'Closed:' },
  bySending: { vi: 'Theo đơn vị cử đi', en: 'By sending unit' },
  byReceiving: { vi: 'Theo đơn vị tiếp nhận', en: 'By receiving unit' },
  unit: { vi: 'Đơn vị', en: 'Unit' },
  total: { vi: 'Tổng', en: 'Total' },
  cellLabel: { vi: '{unit}, {stage}: {n} hồ sơ', en: '{unit}, {stage}: {n} cases' },
  unitLabel: { vi: 'Lọc theo {unit}', en: 'Filter by {unit}' },
  noOpen: { vi: 'Không có hồ sơ đang xử lý nào theo bộ lọc này.', en: 'No open case matches these filters.' },
  cases: { vi: 'Danh sách hồ sơ', en: 'Cases' },
  found: { vi: '{n} hồ sơ', en: '{n} cases' },
  updating: { vi: 'Đang cập nhật…', en: 'Updating…' },
  noCases: { vi: 'Không có hồ sơ nào theo bộ lọc này.', en: 'No case matches these filters.' },
  sort: { vi: 'Sắp xếp', en: 'Sort' },
  sortBy: { vi: 'Sắp xếp theo {column}', en: 'Sort by {column}' },
  proposedAt: { vi: 'Ngày đề xuất', en: 'Proposed' },
  from: { vi: 'Cử đi', en: 'From' },
  to: { vi: 'Tiếp nhận', en: 'To' },
} satisfies Record<string, Bilingual>;

const SORT_LABELS: Record<Sort, Bilingual> = {
  '-proposedAt': { vi: 'Mới đề xuất trước', en: 'Newest proposals first' },
  proposedAt: { vi: 'Đề xuất sớm nhất trước', en: 'Oldest proposals first' },
  stageDeadline: { vi: 'Hạn xử lý gần nhất trước', en: 'Nearest deadline first' },
  '-stageDeadline': { vi: 'Hạn xử lý xa nhất trước', en: 'Furthest deadline first' },
  termEnd: { vi: 'Hết thời hạn sớm nhất trước', en: 'Earliest term end first' },
  '-termEnd': { vi: 'Hết thời hạn muộn nhất trước', en: 'Latest term end first' },
  officialName: { vi: 'Tên công chức A → Z', en: 'Official A → Z' },
  '-officialName': { vi: 'Tên công chức Z → A', en: 'Official Z → A' },
  stage: { vi: 'Bước xử lý (A → Z)', en: 'Stage (A → Z)' },
  '-stage': { vi: 'Bước xử lý (Z → A)', en: 'Stage (Z → A)' },
  caseId: { vi: 'Mã hồ sơ tăng dần', en: 'Case id ascending' },
  '-caseId': { vi: 'Mã hồ sơ giảm dần', en: 'Case id descending' },
};

function stageName(t: (text: Bilingual) => string, stage: Stage): string {
  return capitalised(t(STAGE_LABELS[stage]));
}

/**
 * A read whose key changes with the filters: what was shown stays on screen while the new answer
 * comes (no blank page, no spinner), and `current` says whether it already answers these filters.
 */
function useKept<T>(resource: Resource<T>): { data: T | undefined; current: boolean } {
  const kept = useRef<T | undefined>(undefined);
  if (resource.data !== undefined) kept.current = resource.data;
  return { data: resource.data ?? kept.current, current: resource.data !== undefined };
}

function setFilter(changes: Record<string, string | null>): void {
  setQuery({ ...changes, page: null });
}

/** The name search: applied as the user pauses typing, or at once with Enter. */
function SearchBox({ value }: { value: string }) {
  const t = useT();
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  useEffect(() => {
    if (text.trim() === value.trim()) return;
    const timer = setTimeout(() => setFilter({ q: text.trim() || null }), 400);
    return () => clearTimeout(timer);
  }, [text, value]);
  return (
    <form
      role="search"
      class="pipeline-search"
      onSubmit={(event) => {
        event.preventDefault();
        setFilter({ q: text.trim() || null });
      }}
    >
      <Field label={t(S.search)} hint={t(S.searchHint)}>
        {(props) => <input {...props} type="search" name="q" autoComplete="off" maxLength={200} value={text} onInput={(event) => setText(event.currentTarget.value)} />}
      </Field>
    </form>
  );
}

const OVERDUE_CHOICES = [
  ['true', S.overdueAny],
  ['step', S.overdueStep],
  ['term', S.overdueTerm],
] as const;
const ENDING_CHOICES = [
  ['30', S.ending30],
  ['90', S.ending90],
] as const;

/** A filter's choice; `any`, when given, labels a first option that filters nothing. */
function Select<T extends string>({ label, value, any, options, onChange, name }: { label: string; value: T | null; any?: string; options: { value: T | ''; label: string }[]; onChange: (value: T | null) => void; name: string }) {
  const all = any === undefined ? options : [{ value: '' as const, label: any }, ...options];
  return (
    <Field label={label}>
      {(props) => (
        <select {...props} name={name} value={value ?? ''} onChange={(event) => onChange((event.currentTarget.value || null) as T | null)}>
          {all.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

function Filters({ filters, fields }: { filters: PipelineFilters; fields: RegistryField[] | undefined }) {
  const t = useT();
  const [open, setOpen] = useState(() => !window.matchMedia('(max-width: 720px)').matches);
  const count = activeFilterCount(filters);
  const fieldOptions = useMemo(() => (fields ?? []).map((field) => ({ value: field.id, label: t(field.name) })), [fields, t]);
  const any = t(S.any);
  const labelled = <T extends string>(choices: readonly (readonly [T, Bilingual])[]) => choices.map(([value, label]) => ({ value, label: t(label) }));
  return (
    <details class="card pipeline-filters" open={open} onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>
        <h2>{count ? t(S.filtersActive, { n: count }) : t(S.filters)}</h2>
      </summary>
      <div class="filters pipeline-filter-grid">
        <SearchBox value={filters.q} />
        <UnitPicker kind="department" label={t(S.department)} value={filters.department} onChange={(value) => setFilter({ department: value })} />
        <UnitPicker kind="commune" label={t(S.commune)} value={filters.commune} onChange={(value) => setFilter({ commune: value })} />
        {fields ? <Combobox name="field" label={t(S.field)} options={fieldOptions} value={filters.field} onChange={(value) => setFilter({ field: value })} /> : null}
        <Select
          name="status"
          label={t(S.status)}
          value={filters.status === 'open' ? null : filters.status}
          options={[
            { value: '', label: t(S.statusOpen) },
            { value: 'closed', label: t(S.statusClosed) },
            { value: 'all', label: t(S.statusAll) },
          ]}
          onChange={(value) => setFilter({ status: value })}
        />
        <Select name="form" label={t(COMMON.form)} value={filters.form} any={any} options={FORMS.map((form) => ({ value: form, label: capitalised(t(FORM_LABELS[form])) }))} onChange={(value) => setFilter({ form: value })} />
        <Select
          name="stage"
          label={t(COMMON.stage)}
          value={filters.stage}
          any={any}
          options={OPEN_STAGES.map((stage) => ({ value: stage, label: stageName(t, stage) }))}
          onChange={(value) => setFilter({ stage: value })}
        />
        <Select
          name="overdue"
          label={t(S.overdue)}
          value={filters.overdue}
          any={any}
          options={labelled(OVERDUE_CHOICES)}
          onChange={(value) => setFilter({ overdue: value })}
        />
        <Select
          name="ending"
          label={t(S.ending)}
          value={filters.ending}
          any={any}
          options={labelled(ENDING_CHOICES)}
          onChange={(value) => setFilter({ ending: value })}
        />
      </div>
      {count ? (
        <p class="pipeline-clear">
          <Button variant="link" onClick={() => setFilter(Object.fromEntries(FILTER_KEYS.map((key) => [key, null])))}>
            {t(S.clearFilters)}
          </Button>
        </p>
      ) : null}
    </details>
  );
}

function Totals({ pipeline, current, filters, query }: { pipeline: Pipeline; current: boolean; filters: PipelineFilters; query: URLSearchParams }) {
  const t = useT();
  const { language } = useLanguage();
  const tiles: { key: string; label: Bilingual; value: number; href: string; active: boolean }[] = [
    { key: 'open', label: S.open, value: pipeline.open, href: pipelineHref(query, { status: null, overdue: null, ending: null }), active: filters.status === 'open' && !filters.overdue && !filters.ending },
    { key: 'overdueSteps', label: S.overdueSteps, value: pipeline.overdueSteps, href: pipelineHref(query, { status: null, overdue: 'step', ending: null }), active: filters.overdue === 'step' },
    { key: 'overdueTerms', label: S.overdueTerms, value: pipeline.overdueTerms, href: pipelineHref(query, { status: null, overdue: 'term', ending: null }), active: filters.overdue === 'term' },
    { key: 'termsEndingIn30Days', label: S.ending30Total, value: pipeline.termsEndingIn30Days, href: pipelineHref(query, { status: null, overdue: null, ending: '30' }), active: filters.ending === '30' },
    { key: 'termsEndingIn90Days', label: S.ending90Total, value: pipeline.termsEndingIn90Days, href: pipelineHref(query, { status: null, overdue: null, ending: '90' }), active: filters.ending === '90' },
  ];
  return (
    <section aria-labelledby="totals-title">
      <h2 id="totals-title" class="visually-hidden">
        {t(S.totals)}
      </h2>
      <ul class="stats pipeline-totals" aria-busy={!current}>
        {tiles.map((tile) => (
          <li key={tile.key}>
            <Link
              href={tile.href}
              class={`stat${tile.active ? ' active' : ''}${tile.key.startsWith('overdue') && tile.value > 0 ? ' stat-alert' : ''}`}
              aria-current={tile.active ? 'true' : undefined}
              data-total={current ? tile.key : undefined}
            >
              <span class="value">{formatNumber(tile.value, language)}</span>
              <span class="label">{t(tile.label)}</span>
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}

function Stages({ pipeline, current, filters, query }: { pipeline: Pipeline; current: boolean; filters: PipelineFilters; query: URLSearchParams }) {
  const t = useT();
  const { language } = useLanguage();
  const counts = new Map(pipeline.byStage.map((row) => [row.stage, row]));
  // A case that has just returned is open for a moment at "returned": shown only then.
  const stages = counts.has('returned') ? [...OPEN_STAGES, 'returned' as const] : OPEN_STAGES;
  const closed = pipeline.closedByOutcome.filter((row) => row.count > 0);
  return (
    <section class="card pipeline-stages" aria-labelledby="stages-title">
      <h2 id="stages-title">{t(S.byStage)}</h2>
      <ol class="stage-tiles" aria-busy={!current}>
        {stages.map((stage) => {
          const row = counts.get(stage);
          const count = row?.count ?? 0;
          const overdue = row?.overdue ?? 0;
          const name = stageName(t, stage);
          const active = filters.stage === stage;
          return (
            <li key={stage} class={`stage-tile${count === 0 ? ' is-zero' : ''}${active ? ' active' : ''}`}>
              <Link href={pipelineHref(query, { stage: active ? null : stage, overdue: null })} aria-current={active ? 'true' : undefined}>
                <span class="stage-count" data-stage-count={current ? stage : undefined}>
                  {String(count)}
                </span>
                <span class="stage-name">{name}</span>
              </Link>
              {overdue > 0 ? (
                <Link class="stage-overdue" href={pipelineHref(query, { stage, overdue: 'true' })} aria-label={t(S.stageOverdueLabel, { stage: name, n: overdue })}>
                  {t(S.stageOverdue, { n: formatNumber(overdue, language) })}
                </Link>
              ) : null}
            </li>
          );
        })}
      </ol>
      {closed.length ? (
        <p class="closed-outcomes">
          <Link href={pipelineHref(query, { status: 'closed', stage: null, overdue: null, ending: null })}>{t(S.closedByOutcome)}</Link>{' '}
          {closed.map((row) => `${formatNumber(row.count, language)} ${t(OUTCOME_LABELS[row.outcome])}`).join(', ')}
        </p>
      ) : null}
    </section>
  );
}

/** Open cases by unit × stage: a row per unit (Vietnamese order), a column per stage that has any. */
function UnitMatrix({ title, id, cells, param, query, current }: { title: string; id: string; cells: PipelineCell[]; param: 'department' | 'commune'; query: URLSearchParams; current: boolean }) {
  const t = useT();
  const { language } = useLanguage();
  const stages = OPEN_STAGES.filter((stage) => cells.some((cell) => cell.stage === stage));
  const rows = useMemo(() => {
    const byUnit = new Map<string, { unitId: string; unitName: string; counts: Map<Stage, number>; total: number }>();
    for (const cell of cells) {
      const row = byUnit.get(cell.unitId) ?? { unitId: cell.unitId, unitName: cell.unitName, counts: new Map<Stage, number>(), total: 0 };
      row.counts.set(cell.stage, (row.counts.get(cell.stage) ?? 0) + cell.count);
      row.total += cell.count;
      byUnit.set(cell.unitId, row);
    }
    return sortVi([...byUnit.values()], (row) => row.unitName);
  }, [cells]);
  return (
    <section class="card unit-matrix" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {rows.length === 0 ? (
        <Empty>{t(S.noOpen)}</Empty>
      ) : (
        <div class="table-wrap">
          <table aria-labelledby={id} aria-busy={!current}>
            <thead>
              <tr>
                <th scope="col">{t(S.unit)}</th>
                {stages.map((stage) => (
                  <th scope="col" class="num" key={stage}>
                    {stageName(t, stage)}
                  </th>
                ))}
                <th scope="col" class="num">
                  {t(S.total)}
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.unitId}>
                  <th scope="row">
                    <Link href={pipelineHref(query, { [param]: row.unitId })} aria-label={t(S.unitLabel, { unit: row.unitName })}>
                      {row.unitName}
                    </Link>
                  </th>
                  {stages.map((stage) => {
                    const n = row.counts.get(stage) ?? 0;
                    return (
                      <td class="num" key={stage}>
                        {n ? (
                          <Link href={pipelineHref(query, { [param]: row.unitId, stage })} aria-label={t(S.cellLabel, { unit: row.unitName, stage: stageName(t, stage), n })}>
                            {formatNumber(n, language)}
                          </Link>
                        ) : (
                          <span class="zero">0</span>
                        )}
                      </td>
                    );
                  })}
                  <td class="num total">{formatNumber(row.total, language)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function SortHeader({ column, label, sort }: { column: SortKey; label: string; sort: Sort }) {
  const t = useT();
  const ascending = sort === column;
  const descending = sort === `-${column}`;
  return (
    <th scope="col" aria-sort={ascending ? 'ascending' : descending ? 'descending' : undefined}>
      <button type="button" class="sort-button" aria-label={t(S.sortBy, { column: label })} onClick={() => setQuery({ sort: ascending ? `-${column}` : column, page: null })}>
        {label}
        <span aria-hidden="true" class="sort-mark">
          {ascending ? '▲' : descending ? '▼' : ''}
        </span>
      </button>
    </th>
  );
}

function CaseRow({ item }: { item: CaseSummary }) {
  const t = useT();
  const late = item.stageOverdue || item.overdue;
  return (
    <tr class={late ? 'overdue' : undefined}>
      <td data-label={t(COMMON.caseId)}>
        <Link href={`/cases/${encodeURIComponent(item.caseId)}`} class="case-link">
          {item.caseId}
        </Link>
      </td>
      <td data-label={t(COMMON.official)}>{item.officialName}</td>
      <td data-label={t(COMMON.form)}>
        <FormName form={item.form} />
      </td>
      <td data-label={t(S.from)}>{item.sendingUnitName}</td>
      <td data-label={t(S.to)}>{item.receivingUnitName}</td>
      <td data-label={t(COMMON.stage)}>
        <span class="stage-cell">
          <StageBadge stage={item.stage} outcome={item.outcome} />
          {late ? <OverdueBadge /> : null}
        </span>
      </td>
      <td data-label={t(COMMON.deadline)} class={item.stageDeadline ? undefined : 'blank'}>
        {formatDate(item.stageDeadline)}
      </td>
      <td data-label={t(COMMON.termEnd)} class={item.termEnd ? undefined : 'blank'}>
        {formatDate(item.termEnd)}
      </td>
      <td data-label={t(S.proposedAt)}>{formatDate(item.proposedAt)}</td>
    </tr>
  );
}

function CaseList({ page, current, error, filters, onRetry }: { page: CasePage | undefined; current: boolean; error: ApiError | undefined; filters: PipelineFilters; onRetry: () => void }) {
  const t = useT();
  const { language } = useLanguage();
  return (
    <section class="pipeline-cases" aria-labelledby="cases-title" aria-busy={!current}>
      <div class="cases-header">
        <h2 id="cases-title">{t(S.cases)}</h2>
        <p class="cases-count" role="status" aria-live="polite">
          {current && page ? t(S.found, { n: formatNumber(page.total, language) }) : page || !error ? t(S.updating) : ''}
        </p>
        <div class="cases-sort">
          <Select<Sort>
            name="sort"
            label={t(S.sort)}
            value={filters.sort}
            options={SORTS.map((sort) => ({ value: sort, label: t(SORT_LABELS[sort]) }))}
            onChange={(value) => setQuery({ sort: value, page: null })}
          />
        </div>
      </div>
      {error ? <ProblemMessage error={error} onRetry={onRetry} /> : null}
      {!page ? (
        error ? null : <Loading />
      ) : page.items.length === 0 ? (
        <Empty>{t(S.noCases)}</Empty>
      ) : (
        <>
          <div class="table-wrap">
            <table class="cards case-table">
              <caption class="visually-hidden">{t(S.cases)}</caption>
              <thead>
                <tr>
                  <SortHeader column="caseId" label={t(COMMON.caseId)} sort={filters.sort} />
                  <SortHeader column="officialName" label={t(COMMON.official)} sort={filters.sort} />
                  <th scope="col">{t(COMMON.form)}</th>
                  <th scope="col">{t(S.from)}</th>
                  <th scope="col">{t(S.to)}</th>
                  <th scope="col">{t(COMMON.stage)}</th>
                  <SortHeader column="stageDeadline" label={t(COMMON.deadline)} sort={filters.sort} />
                  <SortHeader column="termEnd" label={t(COMMON.termEnd)} sort={filters.sort} />
                  <SortHeader column="proposedAt" label={t(S.proposedAt)} sort={filters.sort} />
                </tr>
              </thead>
              <tbody>
                {page.items.map((item) => (
                  <CaseRow key={item.caseId} item={item} />
                ))}
              </tbody>
            </table>
          </div>
          <Pager page={page.page} pageSize={page.pageSize} total={page.total} onPage={(next) => setQuery({ page: next > 1 ? String(next) : null })} />
        </>
      )}
    </section>
  );
}

export default function PipelineScreen() {
  const t = useT();
  const { me } = useSession();
  const { query } = useLocation();
  const filters = readFilters(query);
  const day = today();
  const filter = apiFilter(filters, day);
  const pipelineRead = useResource<Pipeline>(withQuery('/pipeline', filter));
  const listRead = useResource<CasePage>(withQuery('/cases', { ...filter, sort: filters.sort, page: filters.page, pageSize: PAGE_SIZE }));
  // Officials may not read the registry; the field filter is then left out.
  const fieldsRead = useResource<RegistryField[]>(me && me.role !== 'official' ? '/registry/fields' : null);
  const pipeline = useKept(pipelineRead);
  const list = useKept(listRead);

  const exporter = useExport('/cases/export', { ...filter, sort: filters.sort });

  const scope = !me ? '' : PROVINCE_WIDE.includes(me.role) ? t(S.scopeProvince) : me.unit ? t(S.scopeUnit, { unit: me.unit.name }) : t(S.scopeOwn);

  return (
    <Page
      title={t(S.title)}
      actions={exporter.buttons}
    >
      <p class="pipeline-meta">
        {scope}
        {pipeline.data ? (
          <>
            {' '}
            <span>{t(S.asOf, { day: formatDate(pipeline.data.asOf) })}</span>
          </>
        ) : null}
      </p>
      {exporter.problem}
      <Filters filters={filters} fields={fieldsRead.data} />
      {pipelineRead.error ? <ProblemMessage error={pipelineRead.error} onRetry={() => void pipelineRead.reload()} /> : null}
      {pipeline.data ? (
        <>
          <Totals pipeline={pipeline.data} current={pipeline.current} filters={filters} query={query} />
          <Stages pipeline={pipeline.data} current={pipeline.current} filters={filters} query={query} />
        </>
      ) : pipelineRead.error ? null : (
        <Loading />
      )}
      <CaseList page={list.data} current={list.current} error={listRead.error} filters={filters} onRetry={() => void listRead.reload()} />
      {pipeline.data ? (
        <div class="unit-matrices">
          <UnitMatrix id="by-sending" title={t(S.bySending)} cells={pipeline.data.bySendingUnit} param="department" query={query} current={pipeline.current} />
          <UnitMatrix id="by-receiving" title={t(S.byReceiving)} cells={pipeline.data.byReceivingUnit} param="commune" query={query} current={pipeline.current} />
        </div>
      ) : null}
    </Page>
  );
}
