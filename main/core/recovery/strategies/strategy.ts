// The one shape every recovery strategy has: do one thing for one download and
// say what happened. The engine claims the attempt before calling execute and
// records the result after; a strategy never touches the store or the bus.
import type { Strategy } from '../../../../shared/domain';
import type { DownloadRecord } from '../../../../shared/downloads';
import type { Clock } from '../../clock';
import type { Pause, RecoveryArr, RecoveryLogger, RecoverySabnzbd } from '../recovery-ports';

export interface StrategyContext {
  sab: RecoverySabnzbd;
  /** The *arr the download belongs to; null for manual jobs. */
  arr: RecoveryArr | null;
  clock: Clock;
  pause: Pause;
  logger: RecoveryLogger;
  /** The SABnzbd job whose failure is being recovered (the original or the last replacement). */
  failedNzoId: string;
  /** Every nzo_id already part of this download's story: never mistaken for a new grab. */
  knownNzoIds: readonly string[];
}

export interface StrategyResult {
  outcome: 'waiting' | 'failed' | 'skipped';
  /** The SABnzbd job now doing the work (retry's new id, or the grabbed release's job). */
  newNzoId?: string;
  releaseGuid?: string;
  releaseTitle?: string;
  quality?: string;
  error?: string;
  /** GUIDs to remember as tried (the failed release and the grabbed one). */
  triedGuids?: string[];
  /** Quality rungs to remember as tried. */
  triedRungs?: string[];
}

export interface RecoveryStrategy {
  readonly name: Strategy;
  execute(download: DownloadRecord, context: StrategyContext): Promise<StrategyResult>;
}
