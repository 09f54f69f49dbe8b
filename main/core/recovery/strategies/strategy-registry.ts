// Strategy name → implementation (arr_redownload is tracked, never executed).
import type { Strategy } from '../../../../shared/domain';
import { alternativeRelease } from './alternative-release';
import { qualityFallback } from './quality-fallback';
import { retryDownload } from './retry-download';
import type { RecoveryStrategy } from './strategy';

export const STRATEGIES_BY_NAME: Readonly<Partial<Record<Strategy, RecoveryStrategy>>> = {
  retry_download: retryDownload,
  quality_fallback: qualityFallback,
  alternative_release: alternativeRelease,
};
