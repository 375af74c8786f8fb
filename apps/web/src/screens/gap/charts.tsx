/** The gap as two diverging bar charts: by field and by commune (the table below has every number). */
import type { ComponentChildren } from 'preact';
import { Empty } from '../../components/ui';
import { compareVi, formatNumber } from '../../format';
import { useLanguage, useT } from '../../i18n';
import { Link } from '../../router';
import type { CommuneGap, ProvinceFieldGap } from '../../types';
import { S, fieldName, signed } from './strings';

const CHART_ROWS = 30;

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

export function FieldChart({ fields, onField }: { fields: ProvinceFieldGap[]; onField: (fieldId: string) => void }) {
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

export function CommuneChart({ communes, hrefOf }: { communes: CommuneGap[]; hrefOf: (unitId: string) => string }) {
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
