// The one shape every recovery strategy has: do one thing for one download and
// say what happened. The engine claims the attempt before calling execute and
// records the result after; a strategy never touches the store or the bus.
import type { Strategy } from '../../../../shared/domain';
import type { DownloadRecord } from '../../../../shared/downloads';
import type { Clock } from '../../clock';
import type { Pause, RecoveryArr, RecoveryLogger, RecoverySabnzbd } from '../recovery-ports';
import type { AdoptedGrab } from '../download-lifecycle';
import type { Outage } from '../service-outage';

/** The last look at the *arr, seconds before a grab: go on, or hold (it is searching or grabbed itself), or it is down. */
export type GrabGuard = { go: true } | { go: false; reason: string } | { go: false; outage: Outage };

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
  /** Asked right before a grab is sent: the *arr may have started its own search or grab since the step began. */
  beforeGrab: () => Promise<GrabGuard>;
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
  /** Another grab for the item the *arr made around ours (seen after ours was sent): one of the two must go. */
  alsoGrabbed?: AdoptedGrab;
}

/** The last look before the grab found the *arr at work on the item: nothing was sent, the step runs again later. */
export interface HeldResult {
  outcome: 'held';
  reason: string;
  releaseGuid?: string;
  releaseTitle?: string;
  quality?: string;
  triedGuids?: string[];
  triedRungs?: string[];
}

/**
 * Sonarr/Radarr/SABnzbd did not answer (or answered 5xx): not the download's
 * fault, so the step runs again later and spends no attempt. `maybeSent` when
 * the request that acts (grab, retry) itself got no answer: it may have
 * happened, so it is looked up later, never sent again blindly.
 */
export interface UnreachableResult {
  outcome: 'unreachable';
  outage: Outage;
  maybeSent: boolean;
  releaseGuid?: string;
  releaseTitle?: string;
  quality?: string;
}

export type StrategyOutcome = StrategyResult | UnreachableResult | HeldResult;

export interface RecoveryStrategy {
  readonly name: Strategy;
  execute(download: DownloadRecord, context: StrategyContext): Promise<StrategyOutcome>;
}
