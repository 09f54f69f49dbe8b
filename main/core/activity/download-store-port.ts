// What the poller and the recovery engine need from download_monitoring.
// Implemented by DownloadMonitoringRepository (SQLite); tests may use it with
// a temp database file. Every method is synchronous: better-sqlite3 is, and
// it lets "check then write" run inside one transaction (announce-once).
import type { ArrItemRef, DownloadStatus, FailureKind, Severity, SourceApp, Strategy } from '../../../shared/domain';
import type { DownloadRecord, RecoveryAttempt } from '../../../shared/downloads';

export interface NewFailure {
  nzoId: string;
  name: string;
  category: string | null;
  sourceApp: SourceApp;
  item: ArrItemRef | null;
  kind: FailureKind;
  severity: Severity;
  failMessage: string;
  status: DownloadStatus; // usually 'failed'; 'ignored' for duplicates
  correlationId: string;
  maxAttempts: number;
  nextAttemptAt: number | null;
  metadata?: Record<string, unknown>;
}

export interface DownloadStore {
  /** Insert unless a row with this nzo_id exists. Returns the row and whether it was created (announce exactly once). */
  insertFailureIfNew(failure: NewFailure, now: number): { record: DownloadRecord; created: boolean };
  get(nzoId: string): DownloadRecord | null;
  /** Find by original nzo_id OR the currently tracked replacement's nzo_id. */
  findByAnyNzoId(nzoId: string): DownloadRecord | null;
  update(
    nzoId: string,
    patch: Partial<
      Pick<
        DownloadRecord,
        | 'status'
        | 'trackedNzoId'
        | 'attempts'
        | 'maxAttempts'
        | 'currentStrategy'
        | 'nextAttemptAt'
        | 'lastError'
        | 'deferredBy'
        | 'qualitiesTried'
        | 'releasesTried'
        | 'recoveredAt'
        | 'metadata'
        | 'item'
        | 'sourceApp'
        | 'kind'
        | 'severity'
        | 'failMessage'
      >
    >,
    now: number,
  ): DownloadRecord;
  listFailed(options: { includeDlq: boolean; limit: number; offset: number; kind?: FailureKind; app?: SourceApp }): {
    items: DownloadRecord[];
    total: number;
  };
  listDlq(options: { limit: number; offset: number }): { items: DownloadRecord[]; total: number };
  /** Rows whose next_attempt_at <= now and that are not in the DLQ, oldest first. */
  dueRetries(now: number, limit: number): DownloadRecord[];
  /** Rows waiting for a replacement job to finish (status awaiting_replacement). */
  awaitingReplacement(): DownloadRecord[];
  /**
   * Claim attempt number `attempt` for a download. Returns false when that attempt
   * already exists, so an attempt can never run twice (also after a crash).
   */
  startAttempt(nzoId: string, attempt: Omit<RecoveryAttempt, 'finishedAt' | 'outcome' | 'error' | 'unconfirmed'>, now: number): boolean;
  finishAttempt(
    nzoId: string,
    attempt: number,
    result: AttemptResult,
    now: number,
  ): void;
  attempts(nzoId: string): RecoveryAttempt[];
  /**
   * Run `fn`'s writes as one transaction (not nestable). An attempt's outcome
   * and the download's next state are written together, so a crash between
   * them can never leave a finished attempt beside a record that still waits
   * on it (stuck) or is due again (a second grab).
   */
  atomically<T>(fn: () => T): T;
  moveToDlq(nzoId: string, reason: string, now: number): DownloadRecord;
  dismiss(nzoId: string, now: number): DownloadRecord;
  /** Counts per status; `recovered` counts rows recovered at or after `recoveredSince`. */
  counts(recoveredSince: number): { failed: number; retrying: number; awaiting: number; dlq: number; recovered: number; ignored: number };
}

/** What finishing (or re-recording) an attempt writes. */
export type AttemptResult = Pick<RecoveryAttempt, 'outcome' | 'error'> &
  Partial<Pick<RecoveryAttempt, 'newNzoId' | 'releaseGuid' | 'releaseTitle' | 'quality' | 'unconfirmed'>>;

/** Small persistent key/value memory (poller cursor, last history update, etc.). */
export interface StateStore {
  get(key: string): string | null;
  set(key: string, value: string, now: number): void;
}
export type { Strategy };
