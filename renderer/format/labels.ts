// Words a person reads for the core's enum values.
import { ARR_APP_LABEL, type DownloadStatus, type FailureKind, type Severity, type SourceApp, type Strategy } from '../../shared/domain';

export const KIND_LABELS: Record<FailureKind, string> = {
  missing_articles: 'Missing articles',
  encrypted: 'Encrypted / password',
  unpack_failed: 'Unpack failed',
  verification_failed: 'Verification failed',
  duplicate: 'Duplicate',
  disk_full: 'Disk full',
  file_too_large: 'File too large for the disk',
  unwanted_content: 'Unwanted content',
  propagation_delay: 'Propagation delay',
  post_processing_failed: 'Post-processing failed',
  fetch_failed: 'NZB fetch failed',
  unknown: 'Unknown',
};

export const STATUS_LABELS: Record<DownloadStatus, string> = {
  failed: 'Failed',
  retrying: 'Retrying',
  awaiting_replacement: 'Awaiting replacement',
  recovered: 'Recovered',
  dlq: 'Needs attention',
  ignored: 'Ignored',
  dismissed: 'Dismissed',
};

export const STRATEGY_LABELS: Record<Strategy, string> = {
  retry_download: 'Retry download',
  quality_fallback: 'Lower quality',
  alternative_release: 'Alternative release',
  arr_redownload: '*arr redownload',
};

export const APP_LABELS: Record<SourceApp, string> = { ...ARR_APP_LABEL, manual: 'Manual' };

export const SEVERITY_LABELS: Record<Severity | 'info', string> = {
  critical: 'Critical',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
  info: 'Info',
};
