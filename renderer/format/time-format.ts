// Durations and instants the way the views show them.
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const d = Math.floor(total / 86_400);
  const h = Math.floor((total % 86_400) / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (d > 0) return `${d}d ${h}h`;
  if (h > 0) return `${h}h ${m}m`;
  if (m > 0) return `${m}m ${s.toString().padStart(2, '0')}s`;
  return `${s}s`;
}

/** "in 4m 05s", or "due now" once the moment has passed. */
export function formatCountdown(at: number, now: number): string {
  return at <= now ? 'due now' : `in ${formatDuration(at - now)}`;
}

export function formatAgo(at: number, now: number): string {
  const diff = now - at;
  if (diff < 5_000) return 'just now';
  return `${formatDuration(diff)} ago`;
}

// toLocaleString(…, options) builds a new formatter per call; a long list
// formats hundreds of times per second while scrolling, so build them once.
const DATE_TIME = new Intl.DateTimeFormat(undefined, {
  year: 'numeric',
  month: 'short',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});
const CLOCK = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });

export function formatTime(at: number): string {
  return DATE_TIME.format(at);
}

/** Hours and minutes only, for narrow lists. */
export function formatClock(at: number): string {
  return CLOCK.format(at);
}
