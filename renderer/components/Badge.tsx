// Small coloured labels; the colour is decoration, the text carries the meaning.
import type { DownloadStatus, Severity } from '../../shared/domain';
import { SEVERITY_LABELS, STATUS_LABELS } from '../format/labels';

export function SeverityBadge({ severity }: { severity: Severity | 'info' }) {
  return <span className={`badge sev-${severity}`}>{SEVERITY_LABELS[severity]}</span>;
}

export function StatusBadge({ status }: { status: DownloadStatus }) {
  return <span className={`badge st-${status}`}>{STATUS_LABELS[status]}</span>;
}
