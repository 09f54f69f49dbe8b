// Every date, time, duration, count and plural the window shows, through Intl
// (DateTimeFormat, RelativeTimeFormat, NumberFormat, PluralRules) in the
// person's own locale. One place, built once: a long list formats hundreds of
// values a second while scrolling, and a formatter per call would dominate.
const DATE_TIME = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
const CLOCK = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
/** Days of the Stats view are UTC days (the rollup's), so they are named in UTC too. */
const UTC_DAY = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' });
const UTC_DAY_LONG = new Intl.DateTimeFormat(undefined, { weekday: 'short', year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' });
const RELATIVE = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
const NUMBER = new Intl.NumberFormat();
const PERCENT = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 0 });
const PLURAL = new Intl.PluralRules();
const MS = new Intl.NumberFormat(undefined, { style: 'unit', unit: 'millisecond', unitDisplay: 'short', maximumFractionDigits: 2, useGrouping: false });
const UNIT = {
  day: new Intl.NumberFormat(undefined, { style: 'unit', unit: 'day', unitDisplay: 'narrow' }),
  hour: new Intl.NumberFormat(undefined, { style: 'unit', unit: 'hour', unitDisplay: 'narrow' }),
  minute: new Intl.NumberFormat(undefined, { style: 'unit', unit: 'minute', unitDisplay: 'narrow' }),
  second: new Intl.NumberFormat(undefined, { style: 'unit', unit: 'second', unitDisplay: 'narrow' }),
};

export function formatTime(at: number): string {
  return DATE_TIME.format(at);
}

/** Hours and minutes only, for narrow lists. */
export function formatClock(at: number): string {
  return CLOCK.format(at);
}

/** A UTC day given as YYYY-MM-DD (or epoch ms), short: "Nov 28". */
export function formatDay(day: string | number, long = false): string {
  const at = typeof day === 'number' ? day : Date.parse(`${day}T00:00:00Z`);
  return (long ? UTC_DAY_LONG : UTC_DAY).format(at);
}

export function formatNumber(n: number): string {
  return NUMBER.format(n);
}

/** A short span in milliseconds: "4 ms", "0.02 ms". */
export function formatMs(ms: number): string {
  return MS.format(ms);
}

export function formatPercent(ratio: number): string {
  return PERCENT.format(ratio);
}

/** "1 job", "2 jobs", "1,234 entries": the count in the locale's digits with the form PluralRules picks. */
export function plural(n: number, forms: { one: string; other: string }): string {
  return `${NUMBER.format(n)} ${PLURAL.select(n) === 'one' ? forms.one : forms.other}`;
}

/** A length of time in the two largest units: "2d 4h", "3h 5m", "4m 5s", "12s" (narrow, localized units). */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const d = Math.floor(total / 86_400);
  const h = Math.floor((total % 86_400) / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (d > 0) return `${UNIT.day.format(d)} ${UNIT.hour.format(h)}`;
  if (h > 0) return `${UNIT.hour.format(h)} ${UNIT.minute.format(m)}`;
  if (m > 0) return `${UNIT.minute.format(m)} ${UNIT.second.format(s)}`;
  return UNIT.second.format(s);
}

function relative(deltaMs: number): string {
  const abs = Math.abs(deltaMs);
  const sign = deltaMs < 0 ? -1 : 1;
  if (abs < 60_000) return RELATIVE.format(sign * Math.round(abs / 1000), 'second');
  if (abs < 3_600_000) return RELATIVE.format(sign * Math.round(abs / 60_000), 'minute');
  if (abs < 86_400_000) return RELATIVE.format(sign * Math.round(abs / 3_600_000), 'hour');
  return RELATIVE.format(sign * Math.round(abs / 86_400_000), 'day');
}

/** "in 4 minutes", "in 45 seconds"; "due now" once the moment has passed. */
export function formatCountdown(at: number, now: number): string {
  return at <= now ? 'due now' : relative(at - now);
}

/** "5 minutes ago"; "now" within five seconds. */
export function formatAgo(at: number, now: number): string {
  const diff = now - at;
  if (diff < 5_000) return RELATIVE.format(0, 'second');
  return relative(-diff);
}
