import { useId, useState } from 'react';
import type { OverviewTexts } from './Overview.i18n';
import { ColumnHeads } from '../../../shared/ColumnHeads';

/**
 * One series as a small bar chart, hand-drawn in SVG (no charting library: a few hundred bytes instead of
 * tens of KB). Colours are design tokens, so it follows the light and dark theme. The chart is one tab stop:
 * focus shows the tooltip for the latest day, the arrow keys (and Home/End) move between days, a mouse
 * shows the day under the pointer; the tooltip text is also the chart's live description. "Show as table"
 * gives the same figures as a table, "Download CSV" the same figures as a file (its accessible name carries the
 * chart's title, so the page's several are told apart).
 */
const W = 300;
const H = 72;
const GAP = 2;

export interface ChartProps {
  title: string;
  days: string[];
  counts: number[];
  x: OverviewTexts;
  formatDay: (day: string) => string;
  formatCount: (n: number) => string;
  onCsv: () => void;
}

export function OverviewChart({ title, days, counts, x, formatDay, formatCount, onCsv }: ChartProps) {
  const id = useId();
  const [active, setActive] = useState<number | null>(null);
  const [table, setTable] = useState(false);
  const max = Math.max(1, ...counts);
  const total = counts.reduce((a, b) => a + b, 0);
  const step = W / counts.length;
  const tip = active === null ? '' : x.point(formatDay(days[active]), formatCount(counts[active]));

  function onKey(event: React.KeyboardEvent) {
    const last = counts.length - 1;
    const at = active ?? last;
    const next = event.key === 'ArrowLeft' ? Math.max(0, at - 1) : event.key === 'ArrowRight' ? Math.min(last, at + 1) : event.key === 'Home' ? 0 : event.key === 'End' ? last : null;
    if (next === null) return;
    event.preventDefault();
    setActive(next);
  }

  return (
    <figure className="pa-ov-chart" aria-labelledby={`${id}-title`}>
      <figcaption className="pa-ov-chart-head">
        <span id={`${id}-title`} className="pa-ov-chart-title">
          {title}
        </span>
        <span className="pa-muted">{x.total(formatCount(total))}</span>
      </figcaption>
      {table ? (
        <table className="pa-table pa-ov-table">
          <caption className="pa-sr">{title}</caption>
          <ColumnHeads labels={[x.day, x.count]} />
          <tbody>
            {days.map((day, i) => (
              <tr key={day}>
                <th scope="row" className="pa-nowrap">
                  {formatDay(day)}
                </th>
                <td>{formatCount(counts[i])}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <div
          className="pa-ov-plot"
          role="group"
          tabIndex={0}
          aria-label={`${title}. ${x.chartHelp}`}
          aria-describedby={`${id}-tip`}
          onFocus={() => setActive((a) => a ?? counts.length - 1)}
          onBlur={() => setActive(null)}
          onKeyDown={onKey}
          onMouseLeave={() => setActive(null)}
        >
          <svg viewBox={`0 0 ${W} ${H}`} preserveAspectRatio="none" aria-hidden="true" focusable="false">
            <line className="pa-ov-axis" x1="0" x2={W} y1={H - 0.5} y2={H - 0.5} />
            {counts.map((n, i) => {
              const h = n === 0 ? 0 : Math.max(2, (n / max) * (H - 4));
              return (
                <g key={days[i]} onMouseEnter={() => setActive(i)}>
                  <rect className="pa-ov-hit" x={i * step} y="0" width={step} height={H} />
                  <rect className={i === active ? 'pa-ov-bar pa-ov-bar--active' : 'pa-ov-bar'} x={i * step + GAP / 2} y={H - 1 - h} width={step - GAP} height={h} />
                </g>
              );
            })}
          </svg>
          <div id={`${id}-tip`} className={active === null ? 'pa-ov-tip pa-sr' : `pa-ov-tip ${active < counts.length / 2 ? 'pa-ov-tip--left' : 'pa-ov-tip--right'}`} role="status">
            {tip}
          </div>
        </div>
      )}
      <div className="pa-ov-chart-actions">
        <button type="button" className="pa-btn" onClick={() => setTable((v) => !v)}>
          {table ? x.showChart : x.showTable}
        </button>
        <button type="button" className="pa-btn" aria-label={x.csvChart(title)} onClick={onCsv}>
          {x.csv}
        </button>
      </div>
    </figure>
  );
}
