// The SABnzbd adapter's incremental history on a late database insert, as SABnzbd 3.7.1
// really produced it in the contract test: a failure stamped `completed` one second BEFORE
// a completion that SABnzbd committed first. The poller's own cursor (monitoring/
// history-cursor.ts) takes the failure for already read and never announces it.
import { describe, expect, it } from 'vitest';
import { advanceCursor } from '../../../main/core/monitoring/history-cursor';
import { scanNewHistory } from '../../../main/core/monitoring/history-scan';
import { SabnzbdClient, type FetchFn } from '../../../main/core/sabnzbd/sabnzbd-client';
import { SabnzbdDownloadClient } from '../../../main/core/sabnzbd/sabnzbd-download-client';

const slot = (nzo_id: string, status: string, completed: number, fail_message = '') => ({ nzo_id, name: nzo_id, status, category: 'tv', fail_message, completed, bytes: 1000 });

function sabServing(state: { update: number; slots: ReturnType<typeof slot>[] }): SabnzbdClient {
  const fetch: FetchFn = async (input) => {
    const q = new URL(input).searchParams;
    const body =
      q.get('mode') === 'history'
        ? q.get('last_history_update') === String(state.update)
          ? { history: false }
          : { history: { noofslots: state.slots.length, last_history_update: state.update, slots: state.slots.slice(Number(q.get('start') ?? 0), Number(q.get('start') ?? 0) + Number(q.get('limit') ?? 50)) } }
        : { queue: { paused: false, slots: [] } };
    return new Response(JSON.stringify(body), { status: 200 });
  };
  return new SabnzbdClient({ connection: { url: 'http://sab.lan:8080', apiKey: 'k', timeoutMs: 1000 }, fetch });
}

describe('SABnzbd adapter: a job inserted into history after a newer one', () => {
  const ok = slot('SABnzbd_nzo_ok', 'Completed', 320);
  const failed = slot('SABnzbd_nzo_failed', 'Failed', 319, 'Aborted, cannot be completed - https://sabnzbd.org/not-complete');

  it('is handed on, once', async () => {
    const state = { update: 8, slots: [ok] };
    const port = new SabnzbdDownloadClient(sabServing(state));
    const opts = { now: 0, firstRunLookbackMs: null };
    const first = await port.readNewHistory(null, opts);
    if (!first.ok || !first.value.changed) throw new Error('expected a first read');
    expect(first.value.jobs.map((j) => j.id)).toEqual(['SABnzbd_nzo_ok']);

    state.update = 11;
    state.slots = [ok, failed]; // newest first by completed
    const second = await port.readNewHistory(first.value.cursor, opts);
    if (!second.ok || !second.value.changed) throw new Error('expected a changed read');
    expect(second.value.jobs.map((j) => [j.id, j.classification?.kind])).toEqual([['SABnzbd_nzo_failed', 'missing_articles']]);

    state.update = 12; // something else changed; nothing new to hand on
    const third = await port.readNewHistory(second.value.cursor, opts);
    expect(third.ok && third.value.changed ? third.value.jobs : []).toEqual([]);
  });

  it("is missed by the poller's cursor as it is today (lead for monitoring/history-cursor.ts)", async () => {
    const state = { update: 8, slots: [ok] };
    const sab = sabServing(state);
    const opts = { pageSize: 50, now: 0, firstRunLookbackMs: null };
    const first = await scanNewHistory(sab, null, opts);
    if (!first.ok || !first.value.changed) throw new Error('expected a first read');
    const cursor = advanceCursor(null, first.value.slots, first.value.lastHistoryUpdate, first.value.noofslots);
    state.update = 11;
    state.slots = [ok, failed];
    const second = await scanNewHistory(sab, cursor, opts);
    expect(second.ok && second.value.changed ? second.value.slots.map((s) => s.nzo_id) : null).toEqual([]);
  });
});
