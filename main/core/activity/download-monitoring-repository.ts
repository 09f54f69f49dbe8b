// download_monitoring + recovery_attempts behind the DownloadStore port.
// Synchronous like better-sqlite3, so "check then write" is one statement or
// one transaction: a failure is announced once, an attempt is claimed once.
import { and, asc, count, desc, eq, gte, inArray, lte, ne, or, sql, type SQL } from 'drizzle-orm';
import type {
  ArrItemRef,
  DownloadStatus,
  FailureKind,
  Severity,
  SourceApp,
  Strategy,
} from '../../../shared/domain';
import type { AttemptOutcome, DownloadRecord, RecoveryAttempt } from '../../../shared/downloads';
import type { AppDatabase } from './database';
import type { AttemptResult, DownloadStore, NewFailure } from './download-store-port';
import { downloadMonitoring, recoveryAttempts, type DownloadMonitoringRow, type RecoveryAttemptRow } from './schema';

export class DownloadNotFoundError extends Error {
  override readonly name = 'DownloadNotFoundError';
  constructor(readonly nzoId: string) {
    super(`No monitored download with nzo_id ${nzoId}`);
  }
}

type Patch = Parameters<DownloadStore['update']>[1];

/** Statuses in which a scheduled attempt may still run. */
const RETRYABLE_STATUSES: DownloadStatus[] = ['failed', 'retrying'];

export class DownloadMonitoringRepository implements DownloadStore {
  constructor(private readonly db: AppDatabase) {}

  insertFailureIfNew(failure: NewFailure, now: number): { record: DownloadRecord; created: boolean } {
    // One statement: the unique nzo_id index decides, so two pollers (or a
    // restart mid-poll) can never announce the same failure twice.
    const inserted = this.db
      .insert(downloadMonitoring)
      .values({
        nzoId: failure.nzoId,
        trackedNzoId: null,
        name: failure.name,
        category: failure.category,
        sourceApplication: failure.sourceApp,
        ...itemColumns(failure.item),
        status: failure.status,
        failureKind: failure.kind,
        severity: failure.severity,
        failMessage: failure.failMessage,
        attempts: 0,
        maxAttempts: failure.maxAttempts,
        nextAttemptAt: failure.nextAttemptAt,
        inDlq: false,
        correlationId: failure.correlationId,
        metadata: JSON.stringify(failure.metadata ?? {}),
        createdAt: now,
        updatedAt: now,
      })
      .onConflictDoNothing({ target: downloadMonitoring.nzoId })
      .returning()
      .all();
    const row = inserted[0];
    if (row) return { record: toRecord(row), created: true };
    return { record: this.require(failure.nzoId), created: false };
  }

  get(nzoId: string): DownloadRecord | null {
    const row = this.db.select().from(downloadMonitoring).where(eq(downloadMonitoring.nzoId, nzoId)).get();
    return row ? toRecord(row) : null;
  }

  findByAnyNzoId(nzoId: string): DownloadRecord | null {
    // Prefer the row whose own identity matches; a tracked match is the replacement job.
    const row = this.db
      .select()
      .from(downloadMonitoring)
      .where(or(eq(downloadMonitoring.nzoId, nzoId), eq(downloadMonitoring.trackedNzoId, nzoId)))
      .orderBy(sql`${downloadMonitoring.nzoId} = ${nzoId} DESC`, desc(downloadMonitoring.updatedAt))
      .limit(1)
      .get();
    return row ? toRecord(row) : null;
  }

  update(nzoId: string, patch: Patch, now: number): DownloadRecord {
    const set: Partial<typeof downloadMonitoring.$inferInsert> = { updatedAt: now };
    if (patch.status !== undefined) set.status = patch.status;
    if (patch.trackedNzoId !== undefined) set.trackedNzoId = patch.trackedNzoId;
    if (patch.attempts !== undefined) set.attempts = patch.attempts;
    if (patch.maxAttempts !== undefined) set.maxAttempts = patch.maxAttempts;
    if (patch.currentStrategy !== undefined) set.currentStrategy = patch.currentStrategy;
    if (patch.nextAttemptAt !== undefined) set.nextAttemptAt = patch.nextAttemptAt;
    if (patch.lastError !== undefined) set.lastError = patch.lastError;
    if (patch.deferredBy !== undefined) set.deferredBy = patch.deferredBy;
    if (patch.qualitiesTried !== undefined) set.qualitiesTried = JSON.stringify(patch.qualitiesTried);
    if (patch.releasesTried !== undefined) set.releasesTried = JSON.stringify(patch.releasesTried);
    if (patch.recoveredAt !== undefined) set.recoveredAt = patch.recoveredAt;
    if (patch.metadata !== undefined) set.metadata = JSON.stringify(patch.metadata);
    if (patch.item !== undefined) Object.assign(set, itemColumns(patch.item));
    if (patch.sourceApp !== undefined) set.sourceApplication = patch.sourceApp;
    if (patch.kind !== undefined) set.failureKind = patch.kind;
    if (patch.severity !== undefined) set.severity = patch.severity;
    if (patch.failMessage !== undefined) set.failMessage = patch.failMessage;
    // Leaving the DLQ by any other status change keeps in_dlq honest.
    if (patch.status !== undefined) set.inDlq = patch.status === 'dlq';
    return this.write(nzoId, set);
  }

  listFailed(options: { includeDlq: boolean; limit: number; offset: number; kind?: FailureKind; app?: SourceApp }): {
    items: DownloadRecord[];
    total: number;
  } {
    const conditions: SQL[] = [ne(downloadMonitoring.status, 'dismissed')];
    if (!options.includeDlq) conditions.push(eq(downloadMonitoring.inDlq, false));
    if (options.kind) conditions.push(eq(downloadMonitoring.failureKind, options.kind));
    if (options.app) conditions.push(eq(downloadMonitoring.sourceApplication, options.app));
    return this.page(and(...conditions), options.limit, options.offset);
  }

  listDlq(options: { limit: number; offset: number }): { items: DownloadRecord[]; total: number } {
    return this.page(eq(downloadMonitoring.inDlq, true), options.limit, options.offset);
  }

  dueRetries(now: number, limit: number): DownloadRecord[] {
    return this.db
      .select()
      .from(downloadMonitoring)
      .where(
        and(
          lte(downloadMonitoring.nextAttemptAt, now),
          eq(downloadMonitoring.inDlq, false),
          inArray(downloadMonitoring.status, RETRYABLE_STATUSES),
        ),
      )
      .orderBy(asc(downloadMonitoring.nextAttemptAt), asc(downloadMonitoring.id))
      .limit(Math.max(0, limit))
      .all()
      .map(toRecord);
  }

  awaitingReplacement(): DownloadRecord[] {
    return this.db
      .select()
      .from(downloadMonitoring)
      .where(eq(downloadMonitoring.status, 'awaiting_replacement'))
      .orderBy(asc(downloadMonitoring.updatedAt), asc(downloadMonitoring.id))
      .all()
      .map(toRecord);
  }

  startAttempt(
    nzoId: string,
    attempt: Omit<RecoveryAttempt, 'finishedAt' | 'outcome' | 'error' | 'unconfirmed'>,
    now: number,
  ): boolean {
    const download = this.require(nzoId);
    const result = this.db
      .insert(recoveryAttempts)
      .values({
        downloadId: download.id,
        attempt: attempt.attempt,
        strategy: attempt.strategy,
        outcome: 'started',
        manual: attempt.manual,
        dryRun: attempt.dryRun,
        startedAt: attempt.startedAt ?? now,
        oldNzoId: attempt.oldNzoId,
        newNzoId: attempt.newNzoId,
        releaseGuid: attempt.releaseGuid,
        releaseTitle: attempt.releaseTitle,
        quality: attempt.quality,
      })
      .onConflictDoNothing({ target: [recoveryAttempts.downloadId, recoveryAttempts.attempt] })
      .run();
    return result.changes === 1;
  }

  finishAttempt(
    nzoId: string,
    attempt: number,
    result: AttemptResult,
    now: number,
  ): void {
    const download = this.require(nzoId);
    const set: Partial<typeof recoveryAttempts.$inferInsert> = {
      outcome: result.outcome,
      error: result.error,
      // 'waiting' means the action was sent but its result is not known yet.
      finishedAt: result.outcome === 'waiting' ? null : now,
    };
    if (result.newNzoId !== undefined) set.newNzoId = result.newNzoId;
    if (result.releaseGuid !== undefined) set.releaseGuid = result.releaseGuid;
    if (result.releaseTitle !== undefined) set.releaseTitle = result.releaseTitle;
    if (result.quality !== undefined) set.quality = result.quality;
    if (result.unconfirmed !== undefined) set.unconfirmed = result.unconfirmed;
    const changed = this.db
      .update(recoveryAttempts)
      .set(set)
      .where(and(eq(recoveryAttempts.downloadId, download.id), eq(recoveryAttempts.attempt, attempt)))
      .run();
    if (changed.changes === 0) throw new Error(`Attempt ${attempt} of ${nzoId} was never started`);
  }

  atomically<T>(fn: () => T): T {
    return this.db.transaction(() => fn());
  }

  attempts(nzoId: string): RecoveryAttempt[] {
    return this.db
      .select({ a: recoveryAttempts })
      .from(recoveryAttempts)
      .innerJoin(downloadMonitoring, eq(downloadMonitoring.id, recoveryAttempts.downloadId))
      .where(eq(downloadMonitoring.nzoId, nzoId))
      .orderBy(asc(recoveryAttempts.attempt))
      .all()
      .map((r) => toAttempt(r.a));
  }

  moveToDlq(nzoId: string, reason: string, now: number): DownloadRecord {
    return this.write(nzoId, { status: 'dlq', inDlq: true, dlqReason: reason, nextAttemptAt: null, deferredBy: null, updatedAt: now });
  }

  dismiss(nzoId: string, now: number): DownloadRecord {
    return this.write(nzoId, { status: 'dismissed', inDlq: false, nextAttemptAt: null, deferredBy: null, updatedAt: now });
  }

  counts(recoveredSince: number): {
    failed: number;
    retrying: number;
    awaiting: number;
    dlq: number;
    recovered: number;
    ignored: number;
  } {
    const byStatus = new Map(
      this.db
        .select({ status: downloadMonitoring.status, n: count() })
        .from(downloadMonitoring)
        .groupBy(downloadMonitoring.status)
        .all()
        .map((r) => [r.status, r.n]),
    );
    const dlq = this.db.select({ n: count() }).from(downloadMonitoring).where(eq(downloadMonitoring.inDlq, true)).get();
    const recovered = this.db
      .select({ n: count() })
      .from(downloadMonitoring)
      .where(and(eq(downloadMonitoring.status, 'recovered'), gte(downloadMonitoring.recoveredAt, recoveredSince)))
      .get();
    return {
      failed: byStatus.get('failed') ?? 0,
      retrying: byStatus.get('retrying') ?? 0,
      awaiting: byStatus.get('awaiting_replacement') ?? 0,
      dlq: dlq?.n ?? 0,
      recovered: recovered?.n ?? 0,
      ignored: byStatus.get('ignored') ?? 0,
    };
  }

  private page(where: SQL | undefined, limit: number, offset: number): { items: DownloadRecord[]; total: number } {
    const items = this.db
      .select()
      .from(downloadMonitoring)
      .where(where)
      .orderBy(desc(downloadMonitoring.createdAt), desc(downloadMonitoring.id))
      .limit(Math.max(0, limit))
      .offset(Math.max(0, offset))
      .all()
      .map(toRecord);
    const total = this.db.select({ n: count() }).from(downloadMonitoring).where(where).get()?.n ?? 0;
    return { items, total };
  }

  private write(nzoId: string, set: Partial<typeof downloadMonitoring.$inferInsert>): DownloadRecord {
    const row = this.db.update(downloadMonitoring).set(set).where(eq(downloadMonitoring.nzoId, nzoId)).returning().get();
    if (!row) throw new DownloadNotFoundError(nzoId);
    return toRecord(row);
  }

  private require(nzoId: string): DownloadRecord {
    const record = this.get(nzoId);
    if (!record) throw new DownloadNotFoundError(nzoId);
    return record;
  }
}

function itemColumns(item: ArrItemRef | null): {
  seriesId: number | null;
  episodeIds: string | null;
  movieId: number | null;
  artistId: number | null;
  albumId: number | null;
  authorId: number | null;
  bookId: number | null;
  itemTitle: string | null;
} {
  return {
    seriesId: item?.seriesId ?? null,
    episodeIds: item?.episodeIds ? JSON.stringify(item.episodeIds) : null,
    movieId: item?.movieId ?? null,
    artistId: item?.artistId ?? null,
    albumId: item?.albumId ?? null,
    authorId: item?.authorId ?? null,
    bookId: item?.bookId ?? null,
    itemTitle: item?.title ?? null,
  };
}

const ID_COLUMNS = ['seriesId', 'movieId', 'artistId', 'albumId', 'authorId', 'bookId'] as const;

function toItem(row: DownloadMonitoringRow): ArrItemRef | null {
  if (ID_COLUMNS.every((k) => row[k] === null) && row.episodeIds === null && row.itemTitle === null) return null;
  const item: ArrItemRef = {};
  for (const k of ID_COLUMNS) {
    const v = row[k];
    if (v !== null) item[k] = v;
  }
  if (row.episodeIds !== null) item.episodeIds = parseJson<number[]>(row.episodeIds, []);
  if (row.itemTitle !== null) item.title = row.itemTitle;
  return item;
}

export function toRecord(row: DownloadMonitoringRow): DownloadRecord {
  return {
    id: row.id,
    nzoId: row.nzoId,
    trackedNzoId: row.trackedNzoId,
    name: row.name,
    category: row.category,
    sourceApp: row.sourceApplication as SourceApp,
    item: toItem(row),
    status: row.status as DownloadStatus,
    kind: row.failureKind as FailureKind,
    severity: row.severity as Severity,
    failMessage: row.failMessage,
    attempts: row.attempts,
    maxAttempts: row.maxAttempts,
    currentStrategy: row.currentStrategy as Strategy | null,
    nextAttemptAt: row.nextAttemptAt,
    lastError: row.lastError,
    deferredBy: row.deferredBy as DownloadRecord['deferredBy'],
    inDlq: row.inDlq,
    dlqReason: row.dlqReason,
    correlationId: row.correlationId,
    qualitiesTried: parseJson<string[]>(row.qualitiesTried, []),
    releasesTried: parseJson<string[]>(row.releasesTried, []),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    recoveredAt: row.recoveredAt,
    metadata: parseJson<Record<string, unknown>>(row.metadata, {}),
  };
}

function toAttempt(row: RecoveryAttemptRow): RecoveryAttempt {
  return {
    attempt: row.attempt,
    strategy: row.strategy as Strategy,
    outcome: row.outcome as AttemptOutcome,
    manual: row.manual,
    dryRun: row.dryRun,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
    error: row.error,
    oldNzoId: row.oldNzoId,
    newNzoId: row.newNzoId,
    releaseGuid: row.releaseGuid,
    releaseTitle: row.releaseTitle,
    quality: row.quality,
    unconfirmed: row.unconfirmed,
  };
}

function parseJson<T>(text: string, fallback: T): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}
