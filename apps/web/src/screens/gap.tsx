/**
 * Staffing gap (/gap): the communes short of or over their staffing quota, per field of
 * expertise, as a chart and as a table (the table is the chart's accessible version); a commune's
 * need per field and the officials the matching suggests for it, each with its reasons, and a
 * nomination from a suggestion in one step. Filters and the chosen commune live in the URL.
 */
import type { ComponentChildren } from 'preact';
import { useMemo, useState } from 'preact/hooks';
import { ApiError, newIdempotencyKey, send, withQuery } from '../api';
import { Button, DateInput, Dialog, Empty, Field, Loading, Page, ProblemMessage } from '../components/ui';
import { invalidate, useResource } from '../data';
import { compareVi, formatDate, formatNumber, matchesSearch } from '../format';
import { COMMON, useLanguage, useT, type Bilingual } from '../i18n';
import { Link, navigate, setQuery, useLocation } from '../router';
import { useSession } from '../session';
import type { CaseDetail, Role } from '../types';
import type { CandidateList, CommuneGap, CommuneGapDetail, ExpertiseField, MatchCandidate, ProvinceFieldGap, ProvinceGap } from './nominate-types';
import './gap.css';

const S = {
  title: { vi: 'Thiếu/thừa biên chế', en: 'Staffing gap' },
  shortCommunes: { vi: 'Xã/phường thiếu người', en: 'Communes short' },
  shortage: { vi: 'Số người còn thiếu', en: 'Staff missing' },
  overCommunes: { vi: 'Xã/phường thừa người', en: 'Communes over' },
  surplus: { vi: 'Số người thừa', en: 'Staff over quota' },
  quota: { vi: 'Định biên', en: 'Quota' },
  present: { vi: 'Hiện có', en: 'Present' },
  onBooks: { vi: 'Theo biên chế', en: 'On the books' },
  balance: { vi: 'Chênh lệch', en: 'Balance' },
  filters: { vi: 'Lọc', en: 'Filters' },
  field: { vi: 'Lĩnh vực', en: 'Field' },
  allFields: { vi: 'Tất cả lĩnh vực', en: 'Every field' },
  status: { vi: 'Tình trạng', en: 'Status' },
  all: { vi: 'Tất cả', en: 'All' },
  short: { vi: 'Thiếu người', en: 'Short' },
  over: { vi: 'Thừa người', en: 'Over' },
  balanced: { vi: 'Cân đối', en: 'Balanced' },
  view: { vi: 'Cách tính', en: 'Counted as' },
  viewPresent: { vi: 'Người đang làm việc tại xã', en: 'Who works there now' },
  viewBooks: { vi: 'Theo biên chế của xã', en: 'On the commune’s books' },
  viewHint: {
    vi: 'Đang làm việc: tính người được biệt phái đến, trừ người đi biệt phái.',
    en: 'Who works there: the seconded in count, the seconded out do not.',
  },
  search: { vi: 'Tìm xã/phường', en: 'Find a commune' },
  searchHint: { vi: 'Gõ tên, có hoặc không dấu', en: 'Type the name, diacritics optional' },
  byField: { vi: 'Theo lĩnh vực', en: 'By field' },
  byCommune: { vi: 'Theo xã/phường', en: 'By commune' },
  chartCaption: {
    vi: 'Thiếu (màu đỏ, bên trái) và thừa (màu xanh, bên phải) so với định biên. Bảng bên dưới có đầy đủ số liệu.',
    en: 'Short (red, to the left) and over (green, to the right) against the quota. The table below has every number.',
  },
  chartCut: { vi: 'Biểu đồ hiện {shown} xã thiếu nhiều nhất và thừa nhiều nhất trong {n} xã; bảng có đủ.', en: 'The chart shows the {shown} most short and most over of {n} communes; the table has them all.' },
  fieldChartValue: { vi: 'thiếu {short}, thừa {over}', en: '{short} short, {over} over' },
  table: { vi: 'Các xã/phường', en: 'The communes' },
  tableCaption: { vi: '{n} xã/phường, sắp xếp theo {by}', en: '{n} communes, sorted by {by}' },
  commune: { vi: 'Xã/phường', en: 'Commune' },
  shortFields: { vi: 'Lĩnh vực thiếu', en: 'Fields short' },
  overFields: { vi: 'Lĩnh vực thừa', en: 'Fields over' },
  secondedIn: { vi: 'Được biệt phái đến', en: 'Seconded in' },
  difficult: { vi: 'Vùng khó khăn', en: 'Difficult area' },
  sortBy: { vi: 'Sắp xếp theo {column}', en: 'Sort by {column}' },
  ascending: { vi: 'tăng dần', en: 'ascending' },
  descending: { vi: 'giảm dần', en: 'descending' },
  none: { vi: 'Không có xã/phường nào khớp bộ lọc.', en: 'No commune matches the filters.' },
  close: { vi: 'Đóng', en: 'Close' },
  needTitle: { vi: 'Nhu cầu theo lĩnh vực', en: 'Need per field' },
  shortBy: { vi: 'thiếu {n}', en: '{n} short' },
  overBy: { vi: 'thừa {n}', en: '{n} over' },
  suggest: { vi: 'Gợi ý', en: 'Suggest' },
  suggestFor: { vi: 'Gợi ý cho {field}', en: 'Suggestions for {field}' },
  suggestionsTitle: { vi: 'Công chức được gợi ý: {field}', en: 'Suggested officials: {field}' },
  suggestionsIntro: {
    vi: 'Công chức cùng lĩnh vực của các sở còn trong tỷ lệ biệt phái, không có hồ sơ đang mở, đủ điều kiện cho ngày bắt đầu {start}; xếp theo điểm.',
    en: 'Officials of the field from departments within their share, with no open case, eligible for a start on {start}; by score.',
  },
  notShort: { vi: 'Xã không thiếu người ở lĩnh vực này; danh sách để tham khảo.', en: 'The commune is not short in this field; the list is for planning ahead.' },
  noCandidates: { vi: 'Không có công chức phù hợp.', en: 'No suitable official.' },
  chooseField: { vi: 'Chọn «Gợi ý» ở một lĩnh vực để xem công chức phù hợp.', en: 'Choose “Suggest” on a field to see suitable officials.' },
  noSuggestionsRole: { vi: 'Vai trò của bạn không xem được gợi ý ghép nối.', en: 'Your role does not see the suggestions.' },
  rank: { vi: 'Hạng {n}', en: 'Rank {n}' },
  score: { vi: '{n} điểm', en: '{n} points' },
  points: { vi: '{n} điểm', en: '{n} points' },
  nominate: { vi: 'Đề cử', en: 'Nominate' },
  nominateLabel: { vi: 'Đề cử {name}', en: 'Nominate {name}' },
  onlyOwn: { vi: 'Chỉ Sở Nội vụ và cán bộ tổ chức của sở có công chức được đề cử.', en: 'Only Home Affairs and the HR officers of the official’s department may nominate.' },
  dialogTitle: { vi: 'Đề cử {name} biệt phái đến {commune}', en: 'Nominate {name} to {commune}' },
  dialogIntro: {
    vi: 'Biệt phái từ {unit}. Hệ thống kiểm tra các quy định khi gửi; nếu có vấn đề, không hồ sơ nào được tạo.',
    en: 'A secondment from {unit}. The rules are checked on submit; if one refuses, no case is made.',
  },
  start: { vi: 'Ngày dự kiến bắt đầu', en: 'Planned start' },
  months: { vi: 'Thời hạn (tháng)', en: 'Term (months)' },
  monthsHint: { vi: 'Biệt phái tối đa 36 tháng', en: 'A secondment lasts at most 36 months' },
  position: { vi: 'Vị trí việc làm', en: 'Job position' },
  reason: { vi: 'Lý do', en: 'Reason' },
  defaultReason: { vi: '{commune} thiếu {n} công chức lĩnh vực {field} (đề xuất từ gợi ý ghép nối)', en: '{commune} thiếu {n} công chức lĩnh vực {field} (đề xuất từ gợi ý ghép nối)' },
  defaultReasonNoShort: { vi: '{commune} cần công chức lĩnh vực {field} (đề xuất từ gợi ý ghép nối)', en: '{commune} cần công chức lĩnh vực {field} (đề xuất từ gợi ý ghép nối)' },
  send: { vi: 'Gửi đề cử', en: 'Submit' },
  forbidden: { vi: 'Công chức không xem được số liệu biên chế.', en: 'Officials do not see the staffing figures.' },
} satisfies Record<string, Bilingual>;

const SUGGESTION_READERS: readonly Role[] = ['home_affairs_officer', 'department_head', 'hr_officer', 'auditor', 'party_secretariat'];
const CHART_ROWS = 30;

type SortKey = 'name' | 'quota' | 'present' | 'balance' | 'shortFields' | 'overFields' | 'secondedIn';
const COLUMNS: { key: SortKey; label: Bilingual; numeric: boolean }[] = [
  { key: 'name', label: S.commune, numeric: false },
  { key: 'quota', label: S.quota, numeric: true },
  { key: 'present', label: S.present, numeric: true },
  { key: 'balance', label: S.balance, numeric: true },
  { key: 'shortFields', label: S.shortFields, numeric: true },
  { key: 'overFields', label: S.overFields, numeric: true },
  { key: 'secondedIn', label: S.secondedIn, numeric: true },
];

/** A signed count: "−3", "+2", "0", with the minus sign people read. */
function signed(n: number, language: 'vi' | 'en'): string {
  return `${n < 0 ? '−' : n > 0 ? '+' : ''}${formatNumber(Math.abs(n), language)}`;
}

function fieldName(field: { nameVi: string; nameEn: string }, language: 'vi' | 'en'): string {
  return language === 'vi' ? field.nameVi : field.nameEn;
}

export default function GapScreen() {
  const t = useT();
  const { language } = useLanguage();
  const { me } = useSession();
  const { query } = useLocation();
  const fieldId = query.get('field') ?? '';
  const status = query.get('status') ?? '';
  const view = query.get('view') === 'books' ? 'books' : 'present';
  const q = query.get('q') ?? '';
  const communeId = query.get('commune');
  const sort = (query.get('sort') ?? 'balance') as SortKey | `-${SortKey}`;
  const gap = useResource<ProvinceGap>(me?.role === 'official' ? null : withQuery('/gap', { fieldId: fieldId || undefined, status: status || undefined, view: view === 'books' ? 'books' : undefined }));
  const fields = useResource<ExpertiseField[]>(me?.role === 'official' ? null : '/registry/fields');

  const communes = useMemo(() => {
    const list = (gap.data?.communes ?? []).filter((commune) => matchesSearch(q, commune.name));
    const key = sort.replace(/^-/, '') as SortKey;
    const direction = sort.startsWith('-') ? -1 : 1;
    return [...list].sort((a, b) => {
      const order = key === 'name' ? compareVi(a.name, b.name) : a[key] - b[key];
      return direction * (order || compareVi(a.name, b.name));
    });
  }, [gap.data, q, sort]);

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

  return (
    <Page title={t(S.title)}>
      {gap.error ? <ProblemMessage error={gap.error} onRetry={() => void gap.reload()} /> : null}
      {gap.data ? <Totals gap={gap.data} /> : gap.loading ? <Loading /> : null}

      <section class="card" aria-label={t(S.filters)}>
        <div class="filters">
          <Field label={t(S.field)}>
            {(props) => (
              <select {...props} value={fieldId} onChange={(event) => setQuery({ field: event.currentTarget.value, suggest: null })}>
                <option value="">{t(S.allFields)}</option>
                {(fields.data ?? []).map((field) => (
                  <option key={field.id} value={field.id}>
                    {field.name[language]}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t(S.status)}>
            {(props) => (
              <select {...props} value={status} onChange={(event) => setQuery({ status: event.currentTarget.value })}>
                <option value="">{t(S.all)}</option>
                <option value="short">{t(S.short)}</option>
                <option value="over">{t(S.over)}</option>
              </select>
            )}
          </Field>
          <Field label={t(S.view)} hint={t(S.viewHint)}>
            {(props) => (
              <select {...props} value={view} onChange={(event) => setQuery({ view: event.currentTarget.value === 'books' ? 'books' : null })}>
                <option value="present">{t(S.viewPresent)}</option>
                <option value="books">{t(S.viewBooks)}</option>
              </select>
            )}
          </Field>
          <Field label={t(S.search)} hint={t(S.searchHint)}>
            {(props) => <input {...props} type="search" value={q} onInput={(event) => setQuery({ q: event.currentTarget.value })} />}
          </Field>
        </div>
      </section>

      {communeId ? <CommunePanel key={communeId} communeId={communeId} view={view} closeHref={linkTo({ commune: null, suggest: null })} /> : null}

      {gap.data ? (
        <div class="gap-charts">
          <FieldChart fields={gap.data.byField} onField={(id) => setQuery({ field: id, suggest: null })} />
          <CommuneChart communes={communes} hrefOf={(id) => linkTo({ commune: id, suggest: null })} />
        </div>
      ) : null}

      {gap.data ? (
        <section aria-labelledby="gap-table-title">
          <h2 id="gap-table-title">{t(S.table)}</h2>
          {communes.length === 0 ? (
            <Empty>{t(S.none)}</Empty>
          ) : (
            <div class="table-wrap">
              <table class="cards gap-table">
                <caption>{t(S.tableCaption, { n: formatNumber(communes.length, language), by: `${t(COLUMNS.find((c) => c.key === sort.replace(/^-/, ''))?.label ?? S.balance)} (${t(sort.startsWith('-') ? S.descending : S.ascending)})` })}</caption>
                <thead>
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
                </thead>
                <tbody>
                  {communes.map((commune) => (
                    <tr key={commune.unitId} class={commune.unitId === communeId ? 'chosen' : undefined}>
                      <th scope="row" data-label={t(S.commune)}>
                        <Link href={linkTo({ commune: commune.unitId, suggest: null })}>{commune.name}</Link>
                        {commune.difficultArea ? <span class="badge badge-difficult">{t(S.difficult)}</span> : null}
                      </th>
                      <td class="num" data-label={t(S.quota)}>
                        {formatNumber(commune.quota, language)}
                      </td>
                      <td class="num" data-label={view === 'books' ? t(S.onBooks) : t(S.present)}>
                        {formatNumber(view === 'books' ? commune.onBooks : commune.present, language)}
                      </td>
                      <td class={`num balance ${commune.balance < 0 ? 'is-short' : commune.balance > 0 ? 'is-over' : ''}`} data-label={t(S.balance)}>
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
      ) : null}
    </Page>
  );
}

function Totals({ gap }: { gap: ProvinceGap }) {
  const t = useT();
  const { language } = useLanguage();
  const { totals } = gap;
  return (
    <section aria-label={gap.summary[language]}>
      <p class="gap-summary">{gap.summary[language]}</p>
      <div class="stats">
        <div class="stat stat-short">
          <div class="value">{formatNumber(totals.shortCommunes, language)}</div>
          <div class="label">{t(S.shortCommunes)}</div>
        </div>
        <div class="stat stat-short">
          <div class="value">{formatNumber(totals.shortage, language)}</div>
          <div class="label">{t(S.shortage)}</div>
        </div>
        <div class="stat stat-over">
          <div class="value">{formatNumber(totals.overCommunes, language)}</div>
          <div class="label">{t(S.overCommunes)}</div>
        </div>
        <div class="stat stat-over">
          <div class="value">{formatNumber(totals.surplus, language)}</div>
          <div class="label">{t(S.surplus)}</div>
        </div>
        <div class="stat">
          <div class="value">
            {formatNumber(gap.view === 'books' ? totals.onBooks : totals.present, language)}/{formatNumber(totals.quota, language)}
          </div>
          <div class="label">
            {t(gap.view === 'books' ? S.onBooks : S.present)}/{t(S.quota)}
          </div>
        </div>
      </div>
    </section>
  );
}

/**
 * One row of a diverging bar chart: the shortage to the left of the middle in red, the surplus to
 * the right in green, scaled to the largest value shown. The bars are drawing only (aria-hidden):
 * the label and the numbers beside them are text.
 */
function DivergingRow({ label, short, over, max, value, spoken }: { label: ComponentChildren; short: number; over: number; max: number; value: string; spoken?: string }) {
  const width = (n: number) => `${max > 0 ? (n / max) * 50 : 0}%`;
  return (
    <li class="bar-row">
      <span class="bar-label">{label}</span>
      <span class="bar-track diverging" aria-hidden="true">
        {short > 0 ? <span class="bar bar-short" style={{ right: '50%', width: width(short) }} /> : null}
        {over > 0 ? <span class="bar bar-surplus" style={{ left: '50%', width: width(over) }} /> : null}
      </span>
      {spoken ? (
        <span class="bar-value">
          <span aria-hidden="true">{value}</span>
          <span class="visually-hidden">{spoken}</span>
        </span>
      ) : (
        <span class="bar-value">{value}</span>
      )}
    </li>
  );
}

function FieldChart({ fields, onField }: { fields: ProvinceFieldGap[]; onField: (fieldId: string) => void }) {
  const t = useT();
  const { language } = useLanguage();
  const max = Math.max(0, ...fields.map((field) => Math.max(field.shortage, field.surplus)));
  return (
    <figure class="card gap-chart" aria-labelledby="chart-fields-title">
      <h2 id="chart-fields-title">{t(S.byField)}</h2>
      <figcaption class="hint">{t(S.chartCaption)}</figcaption>
      <ul class="bar-chart">
        {fields.map((field) => (
          <DivergingRow
            key={field.fieldId}
            label={
              <button type="button" class="btn-link bar-link" onClick={() => onField(field.fieldId)}>
                {fieldName(field, language)}
              </button>
            }
            short={field.shortage}
            over={field.surplus}
            max={max}
            value={`${signed(-field.shortage, language)} / ${signed(field.surplus, language)}`}
            spoken={t(S.fieldChartValue, { short: formatNumber(field.shortage, language), over: formatNumber(field.surplus, language) })}
          />
        ))}
      </ul>
    </figure>
  );
}

function CommuneChart({ communes, hrefOf }: { communes: CommuneGap[]; hrefOf: (unitId: string) => string }) {
  const t = useT();
  const { language } = useLanguage();
  // The most short and the most over when they do not all fit; the table lists every one.
  const byBalance = [...communes].sort((a, b) => a.balance - b.balance || compareVi(a.name, b.name));
  const shown = byBalance.length <= CHART_ROWS ? byBalance : [...byBalance.slice(0, CHART_ROWS / 2), ...byBalance.slice(-CHART_ROWS / 2)];
  const max = Math.max(0, ...shown.map((commune) => Math.abs(commune.balance)));
  return (
    <figure class="card gap-chart" aria-labelledby="chart-communes-title">
      <h2 id="chart-communes-title">{t(S.byCommune)}</h2>
      <figcaption class="hint">
        {t(S.chartCaption)}
        {shown.length < byBalance.length ? ` ${t(S.chartCut, { shown: shown.length, n: byBalance.length })}` : ''}
      </figcaption>
      {shown.length === 0 ? (
        <Empty>{t(S.none)}</Empty>
      ) : (
        <ul class="bar-chart">
          {shown.map((commune) => (
            <DivergingRow
              key={commune.unitId}
              label={<Link href={hrefOf(commune.unitId)}>{commune.name}</Link>}
              short={Math.max(0, -commune.balance)}
              over={Math.max(0, commune.balance)}
              max={max}
              value={signed(commune.balance, language)}
            />
          ))}
        </ul>
      )}
    </figure>
  );
}

/** The chosen commune: its need per field and, for the field asked, the suggested officials. */
function CommunePanel({ communeId, view, closeHref }: { communeId: string; view: 'present' | 'books'; closeHref: string }) {
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
                    <td class={`num balance ${field.balance < 0 ? 'is-short' : field.balance > 0 ? 'is-over' : ''}`} data-label={t(S.balance)}>
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

function Suggestions({ communeId, fieldId }: { communeId: string; fieldId: string }) {
  const t = useT();
  const { language } = useLanguage();
  const { me } = useSession();
  const list = useResource<CandidateList>(withQuery(`/gap/communes/${encodeURIComponent(communeId)}/candidates`, { fieldId }));
  const fields = useResource<ExpertiseField[]>('/registry/fields');
  const [nominating, setNominating] = useState<MatchCandidate | null>(null);
  const field = fields.data?.find((f) => f.id === fieldId);
  const name = field ? field.name[language] : fieldId;
  const mayNominate = (candidate: MatchCandidate) => me?.role === 'home_affairs_officer' || (me?.role === 'hr_officer' && me.unit?.id === candidate.unitId);
  return (
    <section class="suggestions" aria-labelledby="suggestions-title">
      <h3 id="suggestions-title">{t(S.suggestionsTitle, { field: name })}</h3>
      {list.error ? <ProblemMessage error={list.error} onRetry={() => void list.reload()} /> : null}
      {list.loading ? <Loading /> : null}
      {list.data ? (
        <>
          <p class="hint">{t(S.suggestionsIntro, { start: formatDate(list.data.plannedStart) })}</p>
          {list.data.commune.shortBy === 0 ? <p class="hint">{t(S.notShort)}</p> : null}
          {list.data.candidates.length === 0 ? <Empty>{t(S.noCandidates)}</Empty> : null}
          {me?.role !== 'home_affairs_officer' && me?.role !== 'hr_officer' ? <p class="hint">{t(S.onlyOwn)}</p> : null}
          <ol class="candidates">
            {list.data.candidates.map((candidate) => (
              <li key={candidate.officialId} class="candidate" data-official={candidate.officialId}>
                <div class="candidate-head">
                  <span class="badge">{t(S.rank, { n: candidate.rank })}</span>
                  <strong class="candidate-name">{candidate.name}</strong>
                  <span class="candidate-score">{t(S.score, { n: formatNumber(candidate.score, language) })}</span>
                </div>
                <p class="candidate-meta">
                  {candidate.unitName}
                  {candidate.grade ? ` · ${candidate.grade}` : ''} · {candidate.officialId}
                </p>
                <ul class="reasons">
                  {candidate.reasons.map((reason) => (
                    <li key={reason.code} class={reason.points < 0 ? 'minus' : undefined}>
                      <span class="reason-points">{signed(reason.points, language)}</span> {reason.text[language]}
                    </li>
                  ))}
                </ul>
                {mayNominate(candidate) ? (
                  <Button variant="primary" aria-label={t(S.nominateLabel, { name: candidate.name })} onClick={() => setNominating(candidate)}>
                    {t(S.nominate)}
                  </Button>
                ) : null}
              </li>
            ))}
          </ol>
          {nominating ? <NominateDialog list={list.data} candidate={nominating} fieldName={name} onClose={() => setNominating(null)} /> : null}
        </>
      ) : null}
    </section>
  );
}

/** The suggestion route's nomination, with its start, term, position and reason shown and editable. */
function NominateDialog({ list, candidate, fieldName: field, onClose }: { list: CandidateList; candidate: MatchCandidate; fieldName: string; onClose: () => void }) {
  const t = useT();
  const { commune } = list;
  const [plannedStart, setPlannedStart] = useState<string | null>(list.plannedStart);
  const [months, setMonths] = useState('36');
  const [position, setPosition] = useState(`${field} – ${commune.name}`.slice(0, 300));
  const [reason, setReason] = useState(
    commune.shortBy > 0 ? t(S.defaultReason, { commune: commune.name, n: commune.shortBy, field }) : t(S.defaultReasonNoShort, { commune: commune.name, field }),
  );
  const [key] = useState(newIdempotencyKey);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const monthsValue = Number(months);
  const valid = plannedStart !== null && Number.isInteger(monthsValue) && monthsValue >= 1 && monthsValue <= 120 && position.trim() !== '' && reason.trim() !== '';
  const submit = async (event: Event) => {
    event.preventDefault();
    if (!valid) return;
    setBusy(true);
    setError(null);
    try {
      const made = await send<CaseDetail>(
        'POST',
        `/gap/communes/${encodeURIComponent(commune.unitId)}/candidates/${encodeURIComponent(candidate.officialId)}/nominate`,
        { plannedStart, term: { months: monthsValue, days: 0 }, position: position.trim(), reason: reason.trim() },
        key,
      );
      invalidate('/inbox', '/cases', '/pipeline', '/gap', '/registry/officials', '/notifications');
      navigate(`/cases/${encodeURIComponent(made.caseId)}`);
    } catch (failure) {
      setError(failure instanceof ApiError ? failure : new ApiError(0, { type: 'about:blank', title: String(failure), status: 0, detail: '' }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog open title={t(S.dialogTitle, { name: candidate.name, commune: commune.name })} onClose={onClose}>
      <form onSubmit={(event) => void submit(event)} noValidate>
        <p>{t(S.dialogIntro, { unit: candidate.unitName })}</p>
        <DateInput label={t(S.start)} value={plannedStart} onValue={setPlannedStart} required />
        <Field label={t(S.months)} hint={t(S.monthsHint)} required>
          {(props) => <input {...props} type="number" inputMode="numeric" min={1} max={120} step={1} value={months} onInput={(event) => setMonths(event.currentTarget.value)} />}
        </Field>
        <Field label={t(S.position)} required>
          {(props) => <input {...props} type="text" maxLength={300} value={position} onInput={(event) => setPosition(event.currentTarget.value)} />}
        </Field>
        <Field label={t(S.reason)} required>
          {(props) => <textarea {...props} rows={3} maxLength={2000} value={reason} onInput={(event) => setReason(event.currentTarget.value)} />}
        </Field>
        <ProblemMessage error={error} />
        <div class="dialog-actions">
          <Button onClick={onClose}>{t(COMMON.cancel)}</Button>
          <Button variant="primary" type="submit" busy={busy} disabled={!valid}>
            {t(S.send)}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
