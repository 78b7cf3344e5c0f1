import { useEffect, useState } from 'react';
import { kebab, overviewCsv, overviewCsvName, type CsvColumn } from '../../../../src/domain/overview/csv';
import { OVERVIEW_LINKS, OVERVIEW_SERIES, type OverviewData } from '../../../../src/surfaces/admin-api';
import { call } from '../api';
import { downloadCsv } from '../download';
import { errorText } from '../i18n';
import { OVERVIEW_TEXTS, type OverviewTexts } from './Overview.i18n';
import { OverviewChart } from './OverviewChart';
import './Overview.css';
import type { SectionProps } from './types';

type Stage = keyof OverviewData['funnel'];

/**
 * A link to another section (and its filter) by the URL hash. Set through `location.hash`, not followed:
 * the Custom UI document has a `<base>`, against which a bare `#…` link would load another page.
 */
function toHash(hash: string) {
  return {
    href: hash,
    onClick(event: React.MouseEvent) {
      event.preventDefault();
      location.hash = hash;
    },
  };
}
const FUNNEL: Stage[] = ['notInvited', 'invited', 'active'];
const BESIDE: Stage[] = ['inviteExpired', 'disabled'];

/**
 * Section "Overview" (issue 14), the page's first: the registration funnel, the last 30 days as one small
 * chart per series, and what needs attention, each figure linking to where to act on it. One resolver call
 * (`admin/overview`) that reads counters only.
 */
export function Overview({ t, lang }: SectionProps) {
  const x = OVERVIEW_TEXTS[lang];
  const [data, setData] = useState<OverviewData | null>(null);
  const [error, setError] = useState('');
  const locale = lang === 'de' ? 'de-DE' : 'en-GB';
  const number = new Intl.NumberFormat(locale);
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
  const dayFormat = new Intl.DateTimeFormat(locale, { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' });
  const formatDay = (day: string) => dayFormat.format(new Date(`${day}T00:00:00Z`));
  const formatCount = (n: number) => number.format(n);

  useEffect(() => {
    void call('admin/overview', {}).then((result) => {
      if (result.ok) setData(result.data);
      else setError(errorText(t, result.error));
    });
    // Only on the listed changes (none: on mount), not whenever a callback is recreated by a render.
  }, []);

  /** The days as shown (the site's time zone) and the given series' counts, as one CSV file. */
  function csv(d: OverviewData, stem: string, columns: CsvColumn[]) {
    downloadCsv(overviewCsvName(stem, d.days), [overviewCsv(d.days, columns)]);
  }
  const column = (d: OverviewData, s: (typeof OVERVIEW_SERIES)[number]): CsvColumn => ({ name: s, counts: d.series[s] });

  return (
    <section className="pa-section pa-ov" aria-labelledby="pa-overview-title" aria-busy={!data && !error}>
      <h2 id="pa-overview-title" className="pa-heading" tabIndex={-1}>
        {t.nav.overview}
      </h2>
      {error && <p className="pa-notice pa-notice--error">{error}</p>}
      {!data && !error && <p className="pa-muted">{t.loading}</p>}
      {data && (
        <>
          <p className="pa-muted">{x.intro(data.zone)}</p>
          {data.backfill.phase !== 'done' && (
            <p className="pa-notice" role="status">
              {x.backfill(formatCount(data.backfill.customers), formatCount(data.backfill.events))}
            </p>
          )}
          <Funnel data={data} x={x} formatCount={formatCount} percent={percent} />
          <Attention data={data} x={x} formatCount={formatCount} />
          <h3 className="pa-subtitle">{x.chartsTitle}</h3>
          <div className="pa-row">
            <button type="button" className="pa-btn" onClick={() => csv(data, x.csvName, OVERVIEW_SERIES.map((s) => column(data, s)))}>
              {x.csv}
            </button>
          </div>
          <div className="pa-ov-charts">
            {OVERVIEW_SERIES.map((s) => (
              <OverviewChart
                key={s}
                title={x.series[s]}
                days={data.days}
                counts={data.series[s]}
                x={x}
                formatDay={formatDay}
                formatCount={formatCount}
                onCsv={() => csv(data, `portal-access-${kebab(s)}`, [column(data, s)])}
              />
            ))}
          </div>
        </>
      )}
    </section>
  );
}

function Funnel({ data, x, formatCount, percent }: { data: OverviewData; x: OverviewTexts; formatCount: (n: number) => string; percent: Intl.NumberFormat }) {
  const all = (Object.values(data.funnel) as number[]).reduce((a, b) => a + b, 0);
  const card = (stage: Stage) => {
    const n = data.funnel[stage];
    return (
      <li key={stage} className={`pa-ov-stage pa-ov-stage--${stage}`}>
        <a {...toHash(`#customers?status=${OVERVIEW_LINKS.funnel[stage]}`)}>
          <span className="pa-ov-stage-name">{x.stages[stage]}</span>
          <span className="pa-ov-figure">{formatCount(n)}</span>
          <span className="pa-muted">{x.ofAll(percent.format(all === 0 ? 0 : n / all))}</span>
        </a>
      </li>
    );
  };
  return (
    <>
      <h3 className="pa-subtitle">{x.funnelTitle}</h3>
      <ol className="pa-ov-funnel" aria-label={x.funnelLabel}>
        {FUNNEL.map(card)}
      </ol>
      <ul className="pa-ov-funnel pa-ov-beside" aria-label={x.beside}>
        {BESIDE.map(card)}
      </ul>
    </>
  );
}

function Attention({ data, x, formatCount }: { data: OverviewData; x: OverviewTexts; formatCount: (n: number) => string }) {
  const items = [
    { key: 'expiring', label: x.expiringSoon, n: data.attention.expiringSoon, href: `#customers?status=${OVERVIEW_LINKS.attention.expiringSoon}`, act: x.actExpiring },
    { key: 'locked', label: x.locked, n: data.attention.locked, href: `#customers?status=${OVERVIEW_LINKS.attention.locked}`, act: x.actLocked },
    { key: 'delivery', label: x.deliveryProblems, n: data.attention.deliveryProblems, href: `#customers?status=${OVERVIEW_LINKS.attention.deliveryProblems}`, act: x.actDelivery },
  ];
  return (
    <>
      <h3 className="pa-subtitle">{x.attentionTitle}</h3>
      <ul className="pa-ov-attention">
        {items.map((item) => (
          <li key={item.key} className={item.n > 0 ? 'pa-ov-alert pa-ov-alert--on' : 'pa-ov-alert'}>
            <span className="pa-ov-figure">{formatCount(item.n)}</span>
            <span>{item.label}</span>
            <a {...toHash(item.href)}>{item.act}</a>
          </li>
        ))}
      </ul>
    </>
  );
}
