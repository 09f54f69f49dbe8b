import type { RowAction } from '../store/app-store';

export function RowActionNote({ action }: { action: RowAction }) {
  return (
    <div className={`row-note note-${action.state}`} role={action.state === 'error' ? 'alert' : 'status'}>
      {action.message}
    </div>
  );
}
