// A fixed-row-height virtual list: only the rows in view (plus a few either
// side) are in the DOM, so 100 000 rows scroll like 50. It is a grid for
// assistive tech (aria-rowcount / aria-rowindex) and keyboard-driven: arrows,
// Page Up/Down, Home/End move the active row, Enter activates it.
import { memo, useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';

export interface VirtualListProps {
  count: number;
  rowHeight: number;
  /** Viewport height; measured from the element when it has layout. */
  height?: number;
  overscan?: number;
  renderRow: (index: number) => ReactNode;
  onRangeChange?: (first: number, last: number) => void;
  onActivate?: (index: number) => void;
  ariaLabel: string;
  idPrefix?: string;
}

export function visibleRange(scrollTop: number, viewport: number, rowHeight: number, count: number, overscan: number): [number, number] {
  if (count === 0) return [0, -1];
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(count - 1, Math.ceil((scrollTop + viewport) / rowHeight) + overscan - 1);
  return [first, last];
}

export function VirtualList({ count, rowHeight, height, overscan = 6, renderRow, onRangeChange, onActivate, ariaLabel, idPrefix = 'vrow' }: VirtualListProps) {
  const ref = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [measured, setMeasured] = useState<number | null>(null);
  const [active, setActive] = useState(0);
  const viewport = measured ?? height ?? 400;

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(() => {
      if (el.clientHeight > 0) setMeasured(el.clientHeight);
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const [first, last] = visibleRange(scrollTop, viewport, rowHeight, count, overscan);
  useEffect(() => {
    if (last >= first) onRangeChange?.(first, last);
  }, [first, last, onRangeChange]);

  const moveTo = (index: number) => {
    const i = Math.max(0, Math.min(count - 1, index));
    setActive(i);
    const el = ref.current;
    if (!el) return;
    const top = i * rowHeight;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (top + rowHeight > el.scrollTop + viewport) el.scrollTop = top + rowHeight - viewport;
    setScrollTop(el.scrollTop);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const page = Math.max(1, Math.floor(viewport / rowHeight) - 1);
    const moves: Record<string, number> = { ArrowDown: active + 1, ArrowUp: active - 1, PageDown: active + page, PageUp: active - page, Home: 0, End: count - 1 };
    const target = moves[e.key];
    if (target !== undefined && count > 0) {
      e.preventDefault();
      moveTo(target);
    } else if (e.key === 'Enter' && count > 0) {
      e.preventDefault();
      onActivate?.(active);
    }
  };

  const rows: ReactNode[] = [];
  for (let i = first; i <= last; i++) {
    rows.push(<Row key={i} index={i} rowHeight={rowHeight} active={i === active} idPrefix={idPrefix} renderRow={renderRow} onSelect={setActive} onActivate={onActivate} />);
  }

  return (
    <div
      ref={ref}
      className="vlist"
      role="grid"
      aria-label={ariaLabel}
      aria-rowcount={count}
      aria-activedescendant={count > 0 ? `${idPrefix}-${active}` : undefined}
      tabIndex={0}
      onKeyDown={onKeyDown}
      onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
      style={height !== undefined && measured === null ? { height } : undefined}
    >
      <div style={{ position: 'relative', height: count * rowHeight }}>{rows}</div>
    </div>
  );
}

interface RowProps {
  index: number;
  rowHeight: number;
  active: boolean;
  idPrefix: string;
  renderRow: (index: number) => ReactNode;
  onSelect: (index: number) => void;
  onActivate: ((index: number) => void) | undefined;
}

// Scrolling a few rows re-renders only the rows that came into view.
const Row = memo(function Row({ index, rowHeight, active, idPrefix, renderRow, onSelect, onActivate }: RowProps) {
  return (
    <div
      id={`${idPrefix}-${index}`}
      role="row"
      aria-rowindex={index + 1}
      aria-selected={active}
      className={active ? 'vrow active' : 'vrow'}
      style={{ position: 'absolute', top: index * rowHeight, height: rowHeight, left: 0, right: 0 }}
      onClick={() => onSelect(index)}
      onDoubleClick={() => onActivate?.(index)}
    >
      {renderRow(index)}
    </div>
  );
});
