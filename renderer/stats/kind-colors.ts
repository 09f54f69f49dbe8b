// One colour per failure kind for the chart (CSS variables, so dark mode can retune them).
import type { FailureKind } from '../../shared/domain';

export const KIND_COLORS: Record<FailureKind, string> = {
  missing_articles: 'var(--k1)',
  encrypted: 'var(--k2)',
  unpack_failed: 'var(--k3)',
  verification_failed: 'var(--k4)',
  duplicate: 'var(--k5)',
  disk_full: 'var(--k6)',
  unwanted_content: 'var(--k7)',
  propagation_delay: 'var(--k8)',
  post_processing_failed: 'var(--k9)',
  fetch_failed: 'var(--k10)',
  unknown: 'var(--k11)',
  file_too_large: 'var(--k6)',
};
