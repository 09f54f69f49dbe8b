// NZBGet's incremental history read, over the adapter and NZBGet's real answers: a job that is
// added and fails between two polls never shows in the queue, yet it is read at the next poll
// (NZBGet's newest message ID moved), not at the next periodic full read 5 minutes later.
import { describe, expect, it } from 'vitest';
import type { HistoryCursor, HistoryRead } from '../../../main/core/download-client/download-client-port';
import { NzbgetClient } from '../../../main/core/nzbget/nzbget-client';
import { NzbgetDownloadClient } from '../../../main/core/nzbget/nzbget-download-client';
import { capturedResponse, nzbgetFixture, rpcFetch, rpcResult } from './nzbget-fixtures';

const T0 = 1_796_275_000_000;

/** The captured `log [0,1]` answer ("Collection … added to history"), and its entry. */
const lastMessage = (nzbgetFixture('api-log-last.json') as { body: { result: { ID: number }[] } }).body.result[0]!;

/** An idle NZBGet (empty queue) whose history and newest message the test sets. */
function idleNzbget() {
  const nzbget = { history: [] as unknown[], newestMessage: { ...lastMessage, ID: lastMessage.ID - 13 } };
  const rpc = rpcFetch((method) => {
    if (method === 'status') return capturedResponse('api-status.json');
    if (method === 'listgroups') return rpcResult([]);
    if (method === 'log') return rpcResult([nzbget.newestMessage]);
    if (method === 'history') return rpcResult(nzbget.history);
    return rpcResult(null);
  });
  const client = new NzbgetClient({ connection: { url: 'http://nzbget.lan:6789', username: 'nzbget', password: 'tegbzn6789', timeoutMs: 5000 }, fetch: rpc.fetch });
  // The default full-read period (5 minutes): nothing here may depend on it.
  const port = new NzbgetDownloadClient(client);
  return { nzbget, port, calls: rpc.calls };
}

function changed(read: { ok: boolean; value?: HistoryRead }): Extract<HistoryRead, { changed: true }> {
  expect(read.ok).toBe(true);
  expect(read.value?.changed).toBe(true);
  return read.value as Extract<HistoryRead, { changed: true }>;
}

describe('NZBGet history read', () => {
  it('a job added and failed between two polls (never queued when polled, no later job) is read at the next poll', async () => {
    const { nzbget, port } = idleNzbget();
    const first = changed(await port.readNewHistory(null, { now: T0, firstRunLookbackMs: null }));
    expect(first.jobs).toEqual([]);

    // Ten seconds later: Sonarr sent a post whose articles are missing; NZBGet failed it within the poll interval.
    nzbget.history = [nzbgetFixture('missing-articles.json')];
    nzbget.newestMessage = lastMessage;
    const queue = await port.queue();
    expect(queue.ok && queue.value.jobs).toEqual([]);
    const next = changed(await port.readNewHistory(first.cursor, { now: T0 + 10_000, firstRunLookbackMs: null, ...(queue.ok ? { queue: queue.value } : {}) }));
    expect(next.jobs.map((j) => [j.status, j.outcome, j.classification?.kind])).toEqual([['FAILURE/PAR', 'failed', 'missing_articles']]);
  });

  it('a poll where neither the queue nor the newest message moved does not read the history', async () => {
    const { port, calls } = idleNzbget();
    const first = changed(await port.readNewHistory(null, { now: T0, firstRunLookbackMs: null }));
    calls.length = 0;
    const again = await port.readNewHistory(first.cursor, { now: T0 + 10_000, firstRunLookbackMs: null, queue: { paused: false, jobs: [] } });
    expect(again.ok && again.value.changed).toBe(false);
    // This poll's queue is handed in: listgroups is not read a second time, only the newest message.
    expect(calls.map((c) => [c.method, c.params])).toEqual([['log', [0, 1]]]);
  });

  it('a cursor saved before the message ID was kept reads the history once, then goes quiet', async () => {
    const { port, calls } = idleNzbget();
    const first = changed(await port.readNewHistory(null, { now: T0, firstRunLookbackMs: null }));
    const { lastMessageId: _dropped, ...older } = first.cursor as HistoryCursor & { lastMessageId?: number };
    expect(_dropped).toBe(lastMessage.ID - 13);
    const once = await port.readNewHistory(older as HistoryCursor, { now: T0 + 10_000, firstRunLookbackMs: null });
    expect(once.ok && once.value.changed).toBe(true);
    calls.length = 0;
    const quiet = await port.readNewHistory(once.ok ? once.value.cursor : null, { now: T0 + 20_000, firstRunLookbackMs: null });
    expect(quiet.ok && quiet.value.changed).toBe(false);
    expect(calls.map((c) => c.method)).not.toContain('history');
  });
});
