// The window's places, as hash routes (they work under app:// and when the
// built files are served from any path). Unknown hashes land on Overview.
export type Route =
  | { view: 'overview' }
  | { view: 'failures' }
  | { view: 'attention' }
  | { view: 'timeline'; downloadId: string }
  | { view: 'activity' }
  | { view: 'stats' }
  | { view: 'settings' };

export type ViewName = Route['view'];

const SIMPLE: Record<string, Route> = {
  overview: { view: 'overview' },
  failures: { view: 'failures' },
  attention: { view: 'attention' },
  activity: { view: 'activity' },
  stats: { view: 'stats' },
  settings: { view: 'settings' },
};

export function parseHash(hash: string): Route {
  const path = hash.replace(/^#/, '').replace(/^\//, '');
  const [head, ...rest] = path.split('/');
  if (head === 'downloads' && rest.length > 0) {
    try {
      const downloadId = decodeURIComponent(rest.join('/'));
      if (downloadId.trim() !== '') return { view: 'timeline', downloadId };
    } catch {
      return { view: 'overview' };
    }
  }
  return SIMPLE[head ?? ''] ?? { view: 'overview' };
}

export function routeHref(route: Route): string {
  return route.view === 'timeline' ? `#/downloads/${encodeURIComponent(route.downloadId)}` : `#/${route.view}`;
}

export function timelineHref(downloadId: string): string {
  return routeHref({ view: 'timeline', downloadId });
}
