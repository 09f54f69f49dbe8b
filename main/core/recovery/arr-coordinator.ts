// Sonarr and Radarr handle failed downloads themselves: they blocklist the
// failed release and, with "Redownload Failed" on (their default), queue a
// search (EpisodeSearch / SeasonSearch / SeriesSearch / MoviesSearch) that
// grabs a replacement on its own — after their next download check, and after
// a search over every indexer, which can take many minutes. Recovery must
// never grab a second replacement for the same failure, so before it acts,
// and again seconds before it grabs, it reads what the *arr is doing:
// - a grab for the item since the failure (history), or a job for the item in
//   its download queue that is not ours → adopt that grab;
// - a search for the item queued or running in its command queue → wait;
// - it tracks the failed job but has not handled the failure yet → wait;
// - it handled the failure and its search for the item finished without a
//   grab → act (the *arr found nothing);
// - it handled the failure and no search showed up within a short settle
//   window → act.
// Nothing here is a plain timer: the windows only bound how long a silent
// *arr is waited for.
import { ARR_APP_LABEL, type ArrItemRef, type SourceApp } from '../../../shared/domain';
import { commandSearchesItem } from '../arr/arr-item-identity';
import type { Command, DownloadClientConfig, HistoryRecord, QueueRecord } from '../arr/arr-schemas';
import { ARR_CLOCK_SKEW_MS, grabSince } from './arr-history-reading';
import type { AdoptedGrab } from './download-lifecycle';
import type { RecoveryArr } from './recovery-ports';
import { arrOutage, type Outage } from './service-outage';

/** After the *arr records the failure, how long its own search may take to show up in its command queue. */
export const DEFAULT_ARR_GRACE_MS = 2 * 60_000;
/** How long an *arr that tracks the failed job may take to handle the failure at all (it checks every minute or so). */
export const DEFAULT_ARR_NOTICE_MAX_MS = 15 * 60_000;
/** A search still running after this long is taken as stuck. */
export const DEFAULT_ARR_SEARCH_MAX_MS = 60 * 60_000;
/** How soon to look again while the *arr is busy. */
export const DEFAULT_ARR_RECHECK_MS = 30_000;

export type ArrCoordination =
  | { action: 'adopt'; grab: AdoptedGrab; seenIn: 'history' | 'queue' }
  | { action: 'wait'; until: number; reason: string }
  | { action: 'proceed'; reason: string }
  /** The *arr did not answer: acting now could grab a second release, so nothing is decided. */
  | { action: 'unreachable'; outage: Outage };

/** What the *arr is doing about the item, as read just now. */
export interface ArrActivity {
  /** Null when the app's download-client settings could not be read. */
  config: DownloadClientConfig | null;
  /** The item's history, newest first. */
  history: readonly HistoryRecord[];
  /** The item's entries in the app's download queue. */
  queue: readonly QueueRecord[];
  /** The app's command queue. */
  commands: readonly Command[];
}

export interface CoordinationTiming {
  graceMs: number;
  noticeMaxMs: number;
  searchMaxMs: number;
  recheckMs: number;
}

export const DEFAULT_COORDINATION_TIMING: CoordinationTiming = {
  graceMs: DEFAULT_ARR_GRACE_MS,
  noticeMaxMs: DEFAULT_ARR_NOTICE_MAX_MS,
  searchMaxMs: DEFAULT_ARR_SEARCH_MAX_MS,
  recheckMs: DEFAULT_ARR_RECHECK_MS,
};

export interface CoordinationInput {
  app: SourceApp;
  item: ArrItemRef;
  /** When the failure being recovered happened (epoch ms). */
  failureAt: number;
  now: number;
  /** The SABnzbd job whose failure is being recovered. */
  failedNzoId: string;
  /** nzo_ids already part of this download (never "a new grab"). */
  knownNzoIds: readonly string[];
  /** The failed job was one we grabbed through interactive search (the *arr may treat those differently). */
  failedWasOurGrab: boolean;
  /** A person asked for this attempt: never wait for the *arr, but still never grab twice. */
  manual: boolean;
  timing: CoordinationTiming;
}

const RUNNING = new Set(['queued', 'started']);

const appLabel = (app: SourceApp) => (app === 'manual' ? 'the *arr' : ARR_APP_LABEL[app]);
const ms = (iso: string | undefined): number | null => {
  const t = iso ? Date.parse(iso) : NaN;
  return Number.isFinite(t) ? t : null;
};
const ago = (now: number, at: number) => `${Math.max(0, Math.round((now - at) / 60_000))} min ago`;

/** The *arr's searches that cover the item (by episode, season/series, movie, album/artist or book/author). */
export function searchesFor(commands: readonly Command[], item: ArrItemRef): Command[] {
  return commands.filter((c) => commandSearchesItem(c, item));
}

function grabOf(record: HistoryRecord): AdoptedGrab {
  return { nzoId: record.downloadId ?? '', title: record.sourceTitle ?? null, guid: record.data.guid ?? null, quality: record.quality?.quality.name ?? null };
}

/** A grab the *arr made for the item since the failure, in its history or its download queue, that is not ours. */
export function arrGrabSince(activity: Pick<ArrActivity, 'history' | 'queue'>, since: number, known: readonly string[]): { grab: AdoptedGrab; seenIn: 'history' | 'queue' } | null {
  const h = grabSince(activity.history, { since, known });
  if (h?.downloadId) return { grab: grabOf(h), seenIn: 'history' };
  const knownSet = new Set(known);
  const queued = activity.queue.find(
    (q) => q.downloadId !== undefined && q.downloadId !== '' && !knownSet.has(q.downloadId) && (ms(q.added) ?? since) >= since - ARR_CLOCK_SKEW_MS,
  );
  if (queued?.downloadId) {
    return { grab: { nzoId: queued.downloadId, title: queued.title ?? null, guid: null, quality: queued.quality?.quality.name ?? null }, seenIn: 'queue' };
  }
  return null;
}

/** The decision itself, pure. */
export function decideCoordination(activity: ArrActivity, input: CoordinationInput): ArrCoordination {
  const { now, timing } = input;
  const who = appLabel(input.app);
  const grabbed = arrGrabSince(activity, input.failureAt, input.knownNzoIds);
  if (grabbed) return { action: 'adopt', ...grabbed };

  const searches = searchesFor(activity.commands, input.item);
  const running = searches.filter((c) => RUNNING.has(c.status.toLowerCase()) && now - (ms(c.queued) ?? now) < timing.searchMaxMs);
  if (running.length > 0 && !input.manual) {
    const c = running[0]!;
    const since = ms(c.started) ?? ms(c.queued);
    return {
      action: 'wait',
      until: now + timing.recheckMs,
      reason: `${who} is searching for it (${c.name ?? 'search'} ${c.status}${since !== null ? ` ${ago(now, since)}` : ''})`,
    };
  }
  // Unreadable settings: assume the default (redownload on), so we wait rather than risk a second grab.
  const redownload = activity.config
    ? activity.config.autoRedownloadFailed && (!input.failedWasOurGrab || activity.config.autoRedownloadFailedFromInteractiveSearch)
    : true;
  if (!redownload) return { action: 'proceed', reason: `${who} does not redownload failed downloads itself` };
  if (input.manual) return { action: 'proceed', reason: 'a person asked for this attempt' };

  const mine = (h: HistoryRecord) => h.downloadId === input.failedNzoId;
  const tracks = activity.history.some(mine) || activity.queue.some((q) => q.downloadId === input.failedNzoId);
  if (!tracks) return { action: 'proceed', reason: `${who} does not know the failed job, so it will not redownload it` };

  const handled = activity.history.find((h) => mine(h) && h.eventType === 'downloadFailed');
  if (!handled) {
    const limit = input.failureAt + timing.noticeMaxMs;
    if (now < limit) return { action: 'wait', until: Math.min(limit, now + timing.recheckMs), reason: `${who} has not handled the failure yet` };
    return { action: 'proceed', reason: `${who} did not handle the failure within ${Math.round(timing.noticeMaxMs / 60_000)} min` };
  }
  const handledAt = ms(handled.date) ?? input.failureAt;
  const finished = searches.find((c) => !RUNNING.has(c.status.toLowerCase()) && (ms(c.ended) ?? ms(c.queued) ?? 0) >= handledAt - ARR_CLOCK_SKEW_MS);
  if (finished) return { action: 'proceed', reason: `${who} searched and grabbed nothing (${finished.message ?? finished.status})` };
  const settle = handledAt + timing.graceMs;
  if (now < settle) return { action: 'wait', until: settle, reason: `${who} handled the failure; waiting for its own search to start` };
  return { action: 'proceed', reason: `${who} did not start a search within ${Math.round(timing.graceMs / 1000)} s of handling the failure` };
}

/** Read what the *arr is doing about the item (four requests at once); an outage means nothing is decided. */
export async function readArrActivity(arr: RecoveryArr, item: ArrItemRef): Promise<{ ok: true; activity: ArrActivity } | { ok: false; outage: Outage | null; message: string }> {
  const [config, history, queue, commands] = await Promise.all([arr.downloadClientConfig(), arr.itemHistory(item), arr.itemQueue(item), arr.commands()]);
  for (const r of [history, queue, commands, config]) {
    if (r.ok) continue;
    const down = arrOutage(arr, r.error);
    if (down) return { ok: false, outage: down, message: down.message };
  }
  if (!history.ok) return { ok: false, outage: null, message: history.error.message };
  return {
    ok: true,
    activity: {
      config: config.ok ? config.value : null,
      history: history.value,
      // An app that cannot list its queue or commands (an old version) still has its history to go by.
      queue: queue.ok ? queue.value : [],
      commands: commands.ok ? commands.value : [],
    },
  };
}

export async function coordinateWithArr(arr: RecoveryArr, input: CoordinationInput): Promise<ArrCoordination> {
  const read = await readArrActivity(arr, input.item);
  if (!read.ok) {
    if (read.outage) return { action: 'unreachable', outage: read.outage };
    // The *arr answered with an error waiting will not fix (a wrong key): the step runs and says so, rather than wait forever.
    return { action: 'proceed', reason: `${appLabel(input.app)}'s history could not be read (${read.message})` };
  }
  return decideCoordination(read.activity, input);
}
