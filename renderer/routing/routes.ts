// The window's places, as hash routes (they work under app:// and when the
// built files are served from any path); wouter matches them with its hash
// location. Unknown paths land on Overview.
export const VIEW_NAMES = ['overview', 'failures', 'attention', 'activity', 'stats', 'diagnostics', 'settings'] as const;
export type ViewName = (typeof VIEW_NAMES)[number];

export const TIMELINE_PATH = '/downloads/:id';

export function timelineHref(downloadId: string): string {
  return `#/downloads/${encodeURIComponent(downloadId)}`;
}

export function viewHref(view: ViewName): string {
  return `#/${view}`;
}

/** A route parameter as the person typed it, or null when it is not valid percent-encoding. */
export function decodeParam(raw: string | undefined): string | null {
  if (raw === undefined) return null;
  try {
    const v = decodeURIComponent(raw);
    return v.trim() === '' ? null : v;
  } catch {
    return null;
  }
}

/** Which tab a location belongs to (a download's timeline belongs to Failures). */
export function viewOfLocation(location: string): ViewName {
  const head = location.replace(/^\/+/, '').split(/[/?]/)[0] ?? '';
  if (head === 'downloads') return 'failures';
  return (VIEW_NAMES as readonly string[]).includes(head) ? (head as ViewName) : 'overview';
}
