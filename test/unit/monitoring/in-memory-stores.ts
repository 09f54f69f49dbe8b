// Small stand-ins for DownloadStore/StateStore with the semantics the poller
// relies on (unique nzo_id, tracked-id lookup, metadata round trip through
// JSON). Only the methods monitoring calls are implemented.
import type { DownloadRecord } from '../../../shared/downloads';
import type { DownloadStore, NewFailure, StateStore } from '../../../main/core/activity/download-store-port';

export class MemoryStateStore implements StateStore {
  readonly values = new Map<string, string>();
  get(key: string): string | null {
    return this.values.get(key) ?? null;
  }
  set(key: string, value: string): void {
    this.values.set(key, value);
  }
}

const notUsed = (name: string) => (): never => {
  throw new Error(`${name} is not used by monitoring`);
};

export class MemoryDownloadStore implements DownloadStore {
  private readonly rows = new Map<string, string>();
  private nextId = 1;

  insertFailureIfNew(f: NewFailure, now: number): { record: DownloadRecord; created: boolean } {
    const existing = this.get(f.nzoId);
    if (existing) return { record: existing, created: false };
    const record: DownloadRecord = {
      id: this.nextId++,
      nzoId: f.nzoId,
      trackedNzoId: null,
      name: f.name,
      category: f.category,
      sourceApp: f.sourceApp,
      item: f.item,
      status: f.status,
      kind: f.kind,
      severity: f.severity,
      failMessage: f.failMessage,
      attempts: 0,
      maxAttempts: f.maxAttempts,
      currentStrategy: null,
      nextAttemptAt: f.nextAttemptAt,
      lastError: null,
      inDlq: false,
      dlqReason: null,
      correlationId: f.correlationId,
      qualitiesTried: [],
      releasesTried: [],
      createdAt: now,
      updatedAt: now,
      recoveredAt: null,
      metadata: f.metadata ?? {},
    };
    this.rows.set(f.nzoId, JSON.stringify(record));
    return { record: this.get(f.nzoId)!, created: true };
  }

  get(nzoId: string): DownloadRecord | null {
    const raw = this.rows.get(nzoId);
    return raw ? (JSON.parse(raw) as DownloadRecord) : null;
  }

  findByAnyNzoId(nzoId: string): DownloadRecord | null {
    const own = this.get(nzoId);
    if (own) return own;
    for (const raw of this.rows.values()) {
      const r = JSON.parse(raw) as DownloadRecord;
      if (r.trackedNzoId === nzoId) return r;
    }
    return null;
  }

  update(nzoId: string, patch: Partial<DownloadRecord>, now: number): DownloadRecord {
    const r = this.get(nzoId);
    if (!r) throw new Error(`no download ${nzoId}`);
    this.rows.set(nzoId, JSON.stringify({ ...r, ...patch, updatedAt: now }));
    return this.get(nzoId)!;
  }

  all(): DownloadRecord[] {
    return [...this.rows.values()].map((raw) => JSON.parse(raw) as DownloadRecord);
  }

  listFailed = notUsed('listFailed');
  listDlq = notUsed('listDlq');
  dueRetries = notUsed('dueRetries');
  awaitingReplacement = notUsed('awaitingReplacement');
  startAttempt = notUsed('startAttempt');
  finishAttempt = notUsed('finishAttempt');
  attempts = notUsed('attempts');
  moveToDlq = notUsed('moveToDlq');
  dismiss = notUsed('dismiss');
  counts = notUsed('counts');
}
