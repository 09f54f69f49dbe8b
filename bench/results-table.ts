// The table `npm run bench` prints for people.
import type { BenchResult } from './bench-result';

function figure(value: number | null): string {
  if (value === null) return '—';
  if (Math.abs(value) >= 1000) return Math.round(value).toLocaleString('en-US');
  return String(Number(value.toPrecision(4)));
}

export function resultsTable(results: readonly BenchResult[]): string {
  const rows = [
    ['bench', 'value', 'baseline', 'ratio', 'goal', 'met'],
    ...results.map((r) => [
      r.name,
      `${figure(r.value)} ${r.unit}`,
      r.baseline === null ? '—' : `${figure(r.baseline_value)} (${r.baseline})`,
      figure(r.ratio),
      r.goal,
      r.met ? 'yes' : 'NO',
    ]),
  ];
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((row) => row[c]!.length)));
  const line = (row: string[]) => row.map((cell, c) => cell.padEnd(widths[c]!)).join('  ').trimEnd();
  return [line(rows[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}
