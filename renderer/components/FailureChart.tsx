// Stacked bars of failures per UTC day by kind, drawn by uPlot on a canvas
// (fast at any range), with a tooltip for the day under the pointer, a legend,
// and the same numbers as a table for screen readers. Colours are the CSS
// kind variables, read again when the OS switches light/dark.
import { useEffect, useRef, useState } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { KIND_LABELS } from '../format/labels';
import { formatDay, formatNumber, plural } from '../format/intl-format';
import { KIND_COLORS } from '../stats/kind-colors';
import type { FailureSeries } from '../stats/failure-series';

const HEIGHT = 220;
const DAY_S = 86_400;

function cssColor(value: string, el: Element): string {
  const m = /^var\((--[\w-]+)\)$/.exec(value);
  return m ? getComputedStyle(el).getPropertyValue(m[1]!).trim() || '#888' : value;
}

function buildOptions(series: FailureSeries, width: number, el: Element, onHover: (day: number | null) => void): uPlot.Options {
  const axisStroke = cssColor('var(--muted)', el);
  const grid = cssColor('var(--border)', el);
  const bars = uPlot.paths.bars!({ size: [0.7, 48] });
  // Tallest stack first, so each kind's bar is drawn over the ones above it.
  const order = series.kinds.map((k, i) => ({ kind: k, i })).reverse();
  return {
    width,
    height: HEIGHT,
    legend: { show: false },
    cursor: { drag: { x: false, y: false }, points: { show: false } },
    // Half a day of room either side, so the first and last bars are whole.
    scales: { x: { time: true, range: (_u, min, max) => [min - DAY_S / 2, max + DAY_S / 2] }, y: { range: (_u, _min, max) => [0, Math.max(1, max)] } },
    axes: [
      { stroke: axisStroke, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid }, values: (_u, splits) => splits.map((s) => formatDay(s * 1000)) },
      { stroke: axisStroke, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid }, values: (_u, splits) => splits.map((s) => (Number.isInteger(s) ? formatNumber(s) : '')) },
    ],
    series: [
      {},
      ...order.map(({ kind }) => ({ label: KIND_LABELS[kind], fill: cssColor(KIND_COLORS[kind], el), stroke: cssColor(KIND_COLORS[kind], el), width: 0, paths: bars, points: { show: false } })),
    ],
    hooks: { setCursor: [(u) => onHover(u.cursor.idx ?? null)] },
  };
}

function chartData(series: FailureSeries): uPlot.AlignedData {
  const xs = series.days.map((d) => Date.parse(`${d}T00:00:00Z`) / 1000 + DAY_S / 2);
  const ys = series.kinds.map((_k, i) => series.stacked[i] ?? []).reverse();
  return [xs, ...ys];
}

export function FailureChart({ series }: { series: FailureSeries }) {
  const box = useRef<HTMLDivElement>(null);
  const [hover, setHover] = useState<number | null>(null);
  const [scheme, setScheme] = useState(0);

  useEffect(() => {
    const mql = window.matchMedia('(prefers-color-scheme: dark)');
    const onChange = () => setScheme((n) => n + 1);
    mql.addEventListener('change', onChange);
    return () => mql.removeEventListener('change', onChange);
  }, []);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const plot = new uPlot(buildOptions(series, Math.max(200, el.clientWidth), el, setHover), chartData(series), el);
    el.dataset.ready = 'true';
    const ro = new ResizeObserver(() => {
      if (el.clientWidth > 0) plot.setSize({ width: el.clientWidth, height: HEIGHT });
    });
    ro.observe(el);
    return () => {
      ro.disconnect();
      plot.destroy();
      delete el.dataset.ready;
    };
  }, [series, scheme]);

  const total = series.totals.reduce((a, b) => a + b, 0);
  const day = hover !== null ? series.days[hover] : undefined;
  return (
    <figure className="chart" aria-label={`Failures by kind per day: ${plural(total, { one: 'failure', other: 'failures' })} over ${plural(series.days.length, { one: 'day', other: 'days' })}`}>
      <div ref={box} className="chart-canvas" aria-hidden="true" />
      <div className="chart-tooltip" role="status" aria-live="off">
        {day !== undefined && hover !== null ? (
          <>
            <span>
              <strong>{formatDay(day, true)}</strong>: {plural(series.totals[hover] ?? 0, { one: 'failure', other: 'failures' })}
            </span>
            {series.kinds
              .filter((k) => (series.counts[k]?.[hover] ?? 0) > 0)
              .map((k) => (
                <span key={k} className="tip-kind">
                  <span className="swatch" style={{ background: KIND_COLORS[k] }} aria-hidden="true" />
                  {KIND_LABELS[k]} {formatNumber(series.counts[k]?.[hover] ?? 0)}
                </span>
              ))}
          </>
        ) : (
          <span className="muted">Point at a day for its failures by kind.</span>
        )}
      </div>
      <figcaption>
        <ul className="legend" aria-label="Legend">
          {series.kinds.map((k) => (
            <li key={k}>
              <span className="swatch" style={{ background: KIND_COLORS[k] }} aria-hidden="true" />
              {KIND_LABELS[k]}
            </li>
          ))}
        </ul>
      </figcaption>
      <table className="sr-only">
        <caption>Failures per day and kind</caption>
        <thead>
          <tr>
            <th scope="col">Day</th>
            {series.kinds.map((k) => (
              <th key={k} scope="col">
                {KIND_LABELS[k]}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {series.days.map((d, i) => (
            <tr key={d}>
              <th scope="row">{formatDay(d)}</th>
              {series.kinds.map((k) => (
                <td key={k}>{series.counts[k]?.[i] ?? 0}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

export default FailureChart;
