// The shape every bench answers, one object per measured figure. `--json`
// prints these fields one object a line; the table shows the same values.
export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  /** What `value` is compared with in the same run, or null when the goal is absolute. */
  baseline: string | null;
  baseline_value: number | null;
  /** value / baseline_value, or null without a baseline. */
  ratio: number | null;
  /** The goal in words, e.g. "ratio >= 0.5". */
  goal: string;
  /** Whether this run met the goal. */
  met: boolean;
}

export function result(fields: Omit<BenchResult, 'ratio'> & { ratio?: number | null }): BenchResult {
  const ratio =
    fields.ratio !== undefined
      ? fields.ratio
      : fields.baseline_value === null || fields.baseline_value === 0
        ? null
        : fields.value / fields.baseline_value;
  return { ...fields, ratio: ratio === null ? null : round(ratio, 3), value: round(fields.value, 3) };
}

export function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
