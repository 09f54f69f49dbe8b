// Main navigation: tabs with icons that collapse to icons only in the tray
// popup. Arrow keys move between tabs; digits 1–7 jump anywhere (outside text
// fields) unless single-key shortcuts are switched off in Settings (WCAG 2.1.4).
import { useEffect, useRef, type KeyboardEvent } from 'react';
import { useLocation } from 'wouter';
import { useContractQuery } from '../data/contract-query';
import { formatNumber } from '../format/intl-format';
import { viewHref, viewOfLocation, type ViewName } from '../routing/routes';

// Stroke paths on a 24×24 grid: inline SVG renders the same everywhere (no emoji font needed).
export const NAV_ITEMS: { view: ViewName; label: string; icon: string; key: string }[] = [
  { view: 'overview', label: 'Overview', icon: 'M12 3a9 9 0 1 0 0.01 0M12 12l4.5-4.5', key: '1' },
  { view: 'failures', label: 'Failures', icon: 'M12 3.5l9 16H3zM12 10v4.5M12 17.2v.3', key: '2' },
  { view: 'attention', label: 'Needs attention', icon: 'M3 13.5l3-8.5h12l3 8.5V19H3zM3 13.5h5.5l1 2h5l1-2H21', key: '3' },
  { view: 'activity', label: 'Activity', icon: 'M4 6h16M4 12h16M4 18h10', key: '4' },
  { view: 'stats', label: 'Stats', icon: 'M5 20V11M12 20V4M19 20v-7M3 20h18', key: '5' },
  { view: 'diagnostics', label: 'Diagnostics', icon: 'M3 12h4l2-6 4 12 2-6h6', key: '7' },
  { view: 'settings', label: 'Settings', icon: 'M12 9a3 3 0 1 0 .01 0M12 2v3M12 19v3M2 12h3M19 12h3M4.9 4.9L7 7M17 17l2.1 2.1M4.9 19.1L7 17M17 7l2.1-2.1', key: '6' },
];

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

export function NavBar() {
  const [location, navigate] = useLocation();
  const counts = useContractQuery('monitoring.status', {}).data?.counts;
  const shortcuts = useContractQuery('settings.get', {}, { refetchOnWindowFocus: false }).data?.settings.singleKeyShortcuts ?? true;
  const listRef = useRef<HTMLUListElement>(null);
  const current = viewOfLocation(location);

  useEffect(() => {
    if (!shortcuts) return;
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey || isTyping(e.target)) return;
      const item = NAV_ITEMS.find((n) => n.key === e.key);
      if (item) navigate(`/${item.view}`);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [shortcuts, navigate]);

  const onKeyDown = (e: KeyboardEvent<HTMLUListElement>) => {
    const links = Array.from(listRef.current?.querySelectorAll('a') ?? []);
    const i = links.indexOf(document.activeElement as HTMLAnchorElement);
    if (i < 0) return;
    const next = { ArrowRight: i + 1, ArrowDown: i + 1, ArrowLeft: i - 1, ArrowUp: i - 1, Home: 0, End: links.length - 1 }[e.key];
    if (next === undefined) return;
    e.preventDefault();
    links[(next + links.length) % links.length]?.focus();
  };

  const badge = (view: ViewName): number => {
    if (!counts) return 0;
    if (view === 'failures') return counts.failed + counts.retrying + counts.awaiting;
    if (view === 'attention') return counts.dlq;
    return 0;
  };

  return (
    <nav className="nav" aria-label="Main">
      <ul ref={listRef} onKeyDown={onKeyDown}>
        {NAV_ITEMS.map((item) => {
          const n = badge(item.view);
          return (
            <li key={item.view}>
              <a
                href={viewHref(item.view)}
                aria-current={current === item.view ? 'page' : undefined}
                aria-label={n > 0 ? `${item.label} (${n})` : item.label}
                title={shortcuts ? `${item.label} (${item.key})` : item.label}
              >
                <svg className="nav-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
                  <path d={item.icon} />
                </svg>
                <span className="nav-label" aria-hidden="true">{item.label}</span>
                {n > 0 ? (
                  <span className="nav-count" aria-hidden="true">
                    {formatNumber(n)}
                  </span>
                ) : null}
              </a>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
