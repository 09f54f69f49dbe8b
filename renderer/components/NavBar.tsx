// Main navigation: tabs with icons that collapse to icons only in the tray
// popup. Arrow keys move between tabs; digits 1–6 jump anywhere (outside text fields).
import { useEffect, useRef, type KeyboardEvent } from 'react';
import type { ViewName } from '../routing/hash-route';
import { useApp } from '../store/store-context';

export const NAV_ITEMS: { view: ViewName; label: string; icon: string; key: string }[] = [
  { view: 'overview', label: 'Overview', icon: '◉', key: '1' },
  { view: 'failures', label: 'Failures', icon: '⚠', key: '2' },
  { view: 'attention', label: 'Needs attention', icon: '✋', key: '3' },
  { view: 'activity', label: 'Activity', icon: '☰', key: '4' },
  { view: 'stats', label: 'Stats', icon: '▥', key: '5' },
  { view: 'settings', label: 'Settings', icon: '⚙', key: '6' },
];

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

export function NavBar() {
  const route = useApp((s) => s.route);
  const counts = useApp((s) => s.monitoring.data?.counts);
  const listRef = useRef<HTMLUListElement>(null);
  const current: ViewName = route.view === 'timeline' ? 'failures' : route.view;

  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey || isTyping(e.target)) return;
      const item = NAV_ITEMS.find((n) => n.key === e.key);
      if (item) window.location.hash = `#/${item.view}`;
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

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
                href={`#/${item.view}`}
                aria-current={current === item.view ? 'page' : undefined}
                aria-label={n > 0 ? `${item.label} (${n})` : item.label}
                title={`${item.label} (${item.key})`}
              >
                <span className="nav-icon" aria-hidden="true">
                  {item.icon}
                </span>
                <span className="nav-label" aria-hidden="true">{item.label}</span>
                {n > 0 ? (
                  <span className="nav-count" aria-hidden="true">
                    {n}
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
