/** The province's totals above the gap screen's charts. */
import type { ComponentChildren } from 'preact';
import { formatNumber } from '../../format';
import { useLanguage, useT } from '../../i18n';
import type { ProvinceGap } from '../../types';
import { S } from './strings';

function Stat({ tone, value, label }: { tone?: 'short' | 'over'; value: ComponentChildren; label: ComponentChildren }) {
  return (
    <div class={tone ? `stat stat-${tone}` : 'stat'}>
      <div class="value">{value}</div>
      <div class="label">{label}</div>
    </div>
  );
}

/** The province's figures: how many communes are short or over, by how many, and the whole count against the quota. */
export function Totals({ gap }: { gap: ProvinceGap }) {
  const t = useT();
  const { language } = useLanguage();
  const { totals } = gap;
  return (
    <section aria-label={gap.summary[language]}>
      <p class="gap-summary">{gap.summary[language]}</p>
      <div class="stats">
        <Stat tone="short" value={formatNumber(totals.shortCommunes, language)} label={t(S.shortCommunes)} />
        <Stat tone="short" value={formatNumber(totals.shortage, language)} label={t(S.shortage)} />
        <Stat tone="over" value={formatNumber(totals.overCommunes, language)} label={t(S.overCommunes)} />
        <Stat tone="over" value={formatNumber(totals.surplus, language)} label={t(S.surplus)} />
        <Stat
          value={
            <>
              {formatNumber(gap.view === 'books' ? totals.onBooks : totals.present, language)}/{formatNumber(totals.quota, language)}
            </>
          }
          label={
            <>
              {t(gap.view === 'books' ? S.onBooks : S.present)}/{t(S.quota)}
            </>
          }
        />
      </div>
    </section>
  );
}
