// Failures Sonarr/Radarr take out of SABnzbd before the poller sees them.
// With "Remove Failed" on (their default) an *arr records downloadFailed,
// blocklists the release and deletes the job from SABnzbd's history within
// about a minute — often before the next poll. So on every poll cycle the
// watch reads each *arr's downloadFailed history since its cursor and
// announces every job not already known through the SAME announcer the
// poller uses: one record, one download.failed, whichever source saw it first.
// An *arr that cannot be asked is reported (through ServiceOutages) once per outage
// streak, and once more when it answers again; its cursor stays where it was,
// so nothing it recorded meanwhile is lost.
// Every enabled instance is read ("Radarr" and "Radarr 4K"), each with its own
// cursor and outage streak, and what it reports is recorded as that instance's
// (metadata.arrInstance), so recovery acts through it and no other.
import { ARR_APP_LABEL as LABEL, type ArrApp } from '../../../shared/domain';
import type { StateStore } from '../activity/download-store-port';
import type { ArrError, ArrResult } from '../arr/arr-result';
import type { HistoryRecord } from '../arr/arr-schemas';
import type { Clock } from '../clock';
import type { EventBusPort } from '../events/event-bus-port';
import { newId as randomId, type IdFactory } from '../ids';
import { advanceArrFailureCursor, arrFailureCursorKey, isUnread, parseArrFailureCursor } from './arr-failure-cursor';
import { failuresOfHistory, type ArrReportedFailure } from './arr-failed-downloads';
import { otherInstance, ServiceOutages } from '../health/service-outages';
import { MONITORING_SOURCE, type AnnounceOutcome, type FailedJob } from './failure-announcer';
import type { SourceIdentification } from './source-identifier';

/** What the watch needs from a Sonarr/Radarr client (their `historySince` fits). */
export interface ArrFailedHistoryReader {
  historySince(date: string, opts: { eventType: 'downloadFailed' }): Promise<ArrResult<HistoryRecord[]>>;
}

export interface ArrFailureSource {
  app: ArrApp;
  reader: ArrFailedHistoryReader;
  /** Which configured instance (settings' arrInstances id); absent, or the app's name, for the first of its app. */
  instanceId?: string;
  /** How to name it to a person ("Radarr 4K"); the app's label when absent. */
  label?: string;
  /** The SABnzbd category the instance sends its downloads with ('' = not known); another instance's failures get it. */
  category?: string;
}

/** The FailureAnnouncer, as the watch uses it. */
export interface ReportedFailureAnnouncer {
  announceReported(job: FailedJob, source: SourceIdentification): Promise<AnnounceOutcome>;
  /** Throws while announced lines cannot be written: the cursor then stays put. */
  persistAnnounced(): void;
}

export interface ArrFailureWatchOptions {
  /** The configured *arr apps, read on every check so settings apply live. */
  sources: () => readonly ArrFailureSource[];
  announcer: ReportedFailureAnnouncer;
  bus: EventBusPort;
  state: StateStore;
  clock: Clock;
  newId?: IdFactory;
  /**
   * The SABnzbd category the first instance of the app's download client uses; null when unknown. Asked only when
   * there is something to announce. Another instance's failures get the category its settings give it.
   */
  categoryOf?: (app: ArrApp) => Promise<string | null>;
  /** First check of an app (no cursor yet): how far back to read. null reads everything. Default 7 days. */
  firstRunLookbackMs?: number | null;
  /** Where the *arr outages are told; shared with recovery in the app, so one outage is one story. */
  outages?: ServiceOutages;
}

export interface ArrWatchAppResult {
  app: ArrApp;
  /** Set for an instance other than the first of its app. */
  instanceId?: string;
  ok: boolean;
  error: ArrError | { code: 'watch_failed'; message: string } | null;
  /** downloadFailed records not read before. */
  read: number;
  announced: number;
  replacements: number;
}

const DEFAULT_LOOKBACK_MS = 7 * 86_400_000;

export class ArrFailureWatch {
  private readonly newId: IdFactory;
  private readonly outages: ServiceOutages;
  private inFlight: Promise<ArrWatchAppResult[]> | null = null;
  /** Instances other than the first of their app read last time: a streak of one that is gone is dropped. */
  private readLast = new Map<string, ArrApp>();

  constructor(private readonly options: ArrFailureWatchOptions) {
    this.newId = options.newId ?? randomId;
    this.outages = options.outages ?? new ServiceOutages({ bus: options.bus, clock: options.clock, newId: this.newId });
  }

  /** One look at every configured *arr. Checks never overlap: a call during one answers that one. */
  check(): Promise<ArrWatchAppResult[]> {
    if (this.inFlight) return this.inFlight;
    const run = this.checkAll().finally(() => {
      this.inFlight = null;
    });
    this.inFlight = run;
    return run;
  }

  private async checkAll(): Promise<ArrWatchAppResult[]> {
    const sources = this.options.sources();
    for (const app of ['sonarr', 'radarr'] as const) {
      if (this.outages.isDown(app) && !sources.some((s) => s.app === app && otherInstanceOf(s) === undefined)) this.outages.forget(app);
    }
    const others = new Map<string, ArrApp>();
    for (const s of sources) {
      const id = otherInstanceOf(s);
      if (id !== undefined) others.set(id, s.app);
    }
    for (const [id, app] of this.readLast) if (others.get(id) !== app) this.outages.forget(app, id);
    this.readLast = others;
    const results: ArrWatchAppResult[] = [];
    for (const source of sources) results.push(await this.checkApp(source));
    return results;
  }

  private async checkApp(source: ArrFailureSource): Promise<ArrWatchAppResult> {
    const { app } = source;
    const instanceId = otherInstanceOf(source);
    const { state, clock } = this.options;
    const key = arrFailureCursorKey(app, instanceId);
    const cursor = parseArrFailureCursor(state.get(key));
    const lookback = this.options.firstRunLookbackMs === undefined ? DEFAULT_LOOKBACK_MS : this.options.firstRunLookbackMs;
    const sinceMs = cursor ? cursor.newestMs : lookback === null ? 0 : clock.now() - lookback;
    const result: ArrWatchAppResult = { app, ...(instanceId !== undefined ? { instanceId } : {}), ok: true, error: null, read: 0, announced: 0, replacements: 0 };

    const answer = await source.reader.historySince(new Date(Math.max(0, sinceMs)).toISOString(), { eventType: 'downloadFailed' });
    if (!answer.ok) {
      await this.unreachable(source, answer.error);
      return { ...result, ok: false, error: answer.error };
    }
    await this.reachable(source);

    const unread = answer.value
      .map((record) => ({ record, id: record.id, ms: Date.parse(record.date) }))
      .filter((r) => r.record.eventType === 'downloadFailed' && isUnread(r, cursor));
    result.read = unread.length;
    try {
      let category: Promise<string | null> | null = null;
      for (const failure of failuresOfHistory(app, unread.map((r) => r.record))) {
        category ??= instanceId !== undefined ? Promise.resolve(source.category?.trim() || null) : this.categoryOf(app);
        const outcome = await this.options.announcer.announceReported(jobOf(failure, await category), sourceOf(failure, source.instanceId));
        if (outcome === 'announced') result.announced++;
        if (outcome === 'replacement') result.replacements++;
      }
      // The cursor moves past these records next: their failure lines go to disk first.
      this.options.announcer.persistAnnounced();
    } catch (e) {
      // Our side failed (e.g. the database refused a write): keep the cursor, read these again next time.
      const message = `Failed downloads reported by ${labelOf(source)} could not be recorded: ${e instanceof Error ? e.message : String(e)}`;
      await this.outages.notice('core', { code: 'arr_watch_failed', message, source: MONITORING_SOURCE });
      return { ...result, ok: false, error: { code: 'watch_failed', message } };
    }
    const next = advanceArrFailureCursor(cursor, unread);
    if (next && unread.length > 0) state.set(key, JSON.stringify(next), clock.now());
    return result;
  }

  private async categoryOf(app: ArrApp): Promise<string | null> {
    try {
      return (await this.options.categoryOf?.(app)) ?? null;
    } catch {
      return null;
    }
  }

  private async unreachable(source: ArrFailureSource, error: ArrError): Promise<void> {
    const instance = otherInstanceOf(source);
    // Every poll cycle fails while the outage lasts: the window hears it once per outage, not once per cycle.
    await this.outages.failed(source.app, {
      code: error.code,
      message: `${labelOf(source)} could not be asked which downloads failed: ${error.message} Failures it records meanwhile are read once it answers.`,
      source: MONITORING_SOURCE,
      ...(instance !== undefined ? { instance } : {}),
    });
  }

  private async reachable(source: ArrFailureSource): Promise<void> {
    const instance = otherInstanceOf(source);
    await this.outages.answered(source.app, {
      source: MONITORING_SOURCE,
      ...(instance !== undefined ? { instance } : {}),
      message: (ended) =>
        `${labelOf(source)} answers again (after ${ended.failures} failed ${ended.failures === 1 ? 'check' : 'checks'}); the failed downloads it recorded meanwhile are read now.`,
    });
  }
}

function jobOf(f: ArrReportedFailure, category: string | null): FailedJob {
  return {
    nzoId: f.downloadId,
    name: f.title,
    category,
    failMessage: f.message,
    sizeBytes: f.sizeBytes,
    failedAt: Number.isFinite(f.failedAt) ? f.failedAt : null,
    // The *arr deleted the job from SABnzbd (or will): SABnzbd has nothing left to retry.
    sabnzbdCanRetry: false,
    reportedBy: f.app,
  };
}

function sourceOf(f: ArrReportedFailure, instanceId: string | undefined): SourceIdentification {
  // The instance whose history recorded it owns it (the first of the app too, as source identification records it).
  return { sourceApp: f.app, item: f.item, via: 'arr_history', notes: [], ...(instanceId ? { instanceId } : {}) };
}

/** The source's settings id when it is not the first instance of its app. */
function otherInstanceOf(source: ArrFailureSource): string | undefined {
  return otherInstance(source.app, source.instanceId);
}

function labelOf(source: ArrFailureSource): string {
  return otherInstanceOf(source) !== undefined ? source.label || LABEL[source.app] : LABEL[source.app];
}
