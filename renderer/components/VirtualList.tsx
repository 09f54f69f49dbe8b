// A fixed-row-height virtual list on @tanstack/react-virtual: only the rows in
// view (plus a few either side) are in the DOM, so 100 000 rows scroll like
// 50. It is a grid for assistive tech (aria-rowcount / aria-rowindex) and
// keyboard-driven: arrows, Page Up/Down, Home/End move the active row, Enter
// activates it.
import { observeElementRect, useVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';

export interface VirtualListProps {
  count: number;
  rowHeight: number;
  /** Viewport height while the element has no layout yet (and in tests). */
  height?: number;
  overscan?: number;
  renderRow: (index: number) => ReactNode;
  onRangeChange?: (first: number, last: number) => void;
  onActivate?: (index: number) => void;
  ariaLabel: string;
  idPrefix?: string;
}

export function VirtualList({ count, rowHeight, height, overscan = 6, renderRow, onRangeChange, onActivate, ariaLabel, idPrefix = 'vrow' }: VirtualListProps) {
  const ref = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState(0);
  const fallbackHeight = height ?? 400;
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => ref.current,
    estimateSize: () => rowHeight,
    overscan,
    initialRect: { width: 0, height: fallbackHeight },
    // An element without layout measures 0 high: use the given height until it has one.
    observeElementRect: (instance, cb) => observeElementRect(instance, (rect) => cb(rect.height > 0 ? rect : { width: rect.width, height: fallbackHeight })),
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? -1;

  useEffect(() => {
    if (last >= first) onRangeChange?.(first, last);
  }, [first, last, onRangeChange]);

  const moveTo = useCallback(
    (index: number) => {
      const i = Math.max(0, Math.min(count - 1, index));
      setActive(i);
      virtualizer.scrollToIndex(i, { align: 'auto' });
    },
    [count, virtualizer],
  );

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const viewport = ref.current?.clientHeight || fallbackHeight;
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
      style={height !== undefined ? { height } : undefined}
    >
      <div style={{ position: 'relative', height: virtualizer.getTotalSize() }}>
        {items.map((item) => (
          <Row key={item.index} index={item.index} top={item.start} rowHeight={rowHeight} active={item.index === active} idPrefix={idPrefix} renderRow={renderRow} onSelect={setActive} onActivate={onActivate} />
        ))}
      </div>
    </div>
  );
}

interface RowProps {
  index: number;
  top: number;
  rowHeight: number;
  active: boolean;
  idPrefix: string;
  renderRow: (index: number) => ReactNode;
  onSelect: (index: number) => void;
  onActivate: ((index: number) => void) | undefined;
}

// Scrolling a few rows re-renders only the rows that came into view.
const Row = memo(function Row({ index, top, rowHeight, active, idPrefix, renderRow, onSelect, onActivate }: RowProps) {
  return (
    <div
      id={`${idPrefix}-${index}`}
      role="row"
      aria-rowindex={index + 1}
      aria-selected={active}
      className={active ? 'vrow active' : 'vrow'}
      style={{ position: 'absolute', top, height: rowHeight, left: 0, right: 0 }}
      onClick={() => onSelect(index)}
      onDoubleClick={() => onActivate?.(index)}
    >
      {renderRow(index)}
    </div>
  );
});
