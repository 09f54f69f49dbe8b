// Previous / next through a paged list, with where you are in words.
import { formatNumber } from '../format/intl-format';

export function Pager({ page, pageSize, total, onPage, label }: { page: number; pageSize: number; total: number; onPage: (page: number) => void; label: string }) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (pages <= 1) return null;
  const from = (page - 1) * pageSize + 1;
  const to = Math.min(total, page * pageSize);
  return (
    <nav className="pager" aria-label={label}>
      <button type="button" className="secondary" onClick={() => onPage(page - 1)} disabled={page <= 1}>
        Previous page
      </button>
      <span role="status" aria-live="polite">
        Page {formatNumber(page)} of {formatNumber(pages)} · {formatNumber(from)}–{formatNumber(to)} of {formatNumber(total)}
      </span>
      <button type="button" className="secondary" onClick={() => onPage(page + 1)} disabled={page >= pages}>
        Next page
      </button>
    </nav>
  );
}
