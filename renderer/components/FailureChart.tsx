// Stacked bars of failures per day by kind, as plain SVG (no chart library).
import { KIND_LABELS } from '../format/labels';
import { KIND_COLORS } from '../stats/kind-colors';
import type { FailureSeries } from '../stats/failure-series';

const W = 640;
const H = 200;
const PAD = { l: 28, r: 8, t: 8, b: 22 };

export function FailureChart({ series }: { series: FailureSeries }) {
  const n = series.days.length;
  const plotW = W - PAD.l - PAD.r;
  const plotH = H - PAD.t - PAD.b;
  const max = Math.max(1, series.max);
  const slot = plotW / Math.max(1, n);
  const barW = Math.max(2, slot * 0.7);
  const total = series.days.reduce((s, d) => s + Object.values(series.counts[d] ?? {}).reduce((a, b) => a + (b ?? 0), 0), 0);
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`Failures by kind per day: ${total} failures over ${n} days`}>
        <line x1={PAD.l} y1={PAD.t + plotH} x2={W - PAD.r} y2={PAD.t + plotH} className="axis" />
        <text x={PAD.l - 4} y={PAD.t + 8} textAnchor="end" className="tick">
          {max}
        </text>
        <text x={PAD.l - 4} y={PAD.t + plotH} textAnchor="end" className="tick">
          0
        </text>
        {series.days.map((day, i) => {
          let y = PAD.t + plotH;
          const x = PAD.l + i * slot + (slot - barW) / 2;
          return (
            <g key={day}>
              {series.kinds.map((kind) => {
                const c = series.counts[day]?.[kind] ?? 0;
                if (c === 0) return null;
                const h = (c / max) * plotH;
                y -= h;
                return (
                  <rect key={kind} x={x} y={y} width={barW} height={h} fill={KIND_COLORS[kind]}>
                    <title>{`${day}: ${c} × ${KIND_LABELS[kind]}`}</title>
                  </rect>
                );
              })}
              {i % Math.ceil(n / 7) === 0 ? (
                <text x={x + barW / 2} y={H - 6} textAnchor="middle" className="tick">
                  {day.slice(5)}
                </text>
              ) : null}
            </g>
          );
        })}
      </svg>
      <figcaption>
        <ul className="legend">
          {series.kinds.map((k) => (
            <li key={k}>
              <span className="swatch" style={{ background: KIND_COLORS[k] }} aria-hidden="true" />
              {KIND_LABELS[k]}
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}
