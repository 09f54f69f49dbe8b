// The SABnzbd adapter's incremental history on a late database insert, as SABnzbd 3.7.1
// really produced it in the contract test: a failure stamped `completed` one second BEFORE
// a completion that SABnzbd committed first. The poller's own cursor (monitoring/
// history-cursor.ts) takes the failure for already read and never announces it.
import { describe, expect, it } from 'vitest';
import { advanceCursor } from '../../../main/core/monitoring/history-cursor';
import { scanNewHistory } from '../../../main/core/monitoring/history-scan';
import { SabnzbdClient } from '../../../main/core/sabnzbd/sabnzbd-client';
import { SabnzbdDownloadClient } from '../../../main/core/sabnzbd/sabnzbd-download-client';
import { FakeSabnzbdModel, fakeSabnzbdFetch } from '../../fakes/fake-sabnzbd';

const MISSING = 'Aborted, cannot be completed - https://sabnzbd.org/not-complete';

/** The fake SABnzbd holding one job completed at second 320; `lateFailure()` adds one stamped 319 but committed after it. */
function sabServing() {
  const model = new FakeSabnzbdModel({ now: () => 400_000 });
  model.addFinished({ nzoId: 'SABnzbd_nzo_ok', name: 'Ok.Show.S01E01', category: 'tv', completedAt: 320_000 });
  const client = new SabnzbdClient({ connection: { url: 'http://sab.lan:8080', apiKey: 'k', timeoutMs: 1000 }, fetch: fakeSabnzbdFetch(model, 'k') });
  return {
    client,
    model,
    lateFailure: () => model.addFinished({ nzoId: 'SABnzbd_nzo_failed', name: 'Failed.Show.S01E02', category: 'tv', failWith: MISSING, completedAt: 319_000 }),
  };
}

describe('SABnzbd adapter: a job inserted into history after a newer one', () => {
  it('is handed on, once', async () => {
    const sab = sabServing();
    const port = new SabnzbdDownloadClient(sab.client);
    const opts = { now: 0, firstRunLookbackMs: null };
    const first = await port.readNewHistory(null, opts);
    if (!first.ok || !first.value.changed) throw new Error('expected a first read');
    expect(first.value.jobs.map((j) => j.id)).toEqual(['SABnzbd_nzo_ok']);

    sab.lateFailure();
    expect(sab.model.historyJobs.map((j) => j.nzoId)).toEqual(['SABnzbd_nzo_ok', 'SABnzbd_nzo_failed']); // newest first by completed
    const second = await port.readNewHistory(first.value.cursor, opts);
    if (!second.ok || !second.value.changed) throw new Error('expected a changed read');
    expect(second.value.jobs.map((j) => [j.id, j.classification?.kind])).toEqual([['SABnzbd_nzo_failed', 'missing_articles']]);

    sab.model.lastHistoryUpdate++; // something else changed; nothing new to hand on
    const third = await port.readNewHistory(second.value.cursor, opts);
    expect(third.ok && third.value.changed ? third.value.jobs : []).toEqual([]);
  });

  it("is missed by the poller's cursor as it is today (lead for monitoring/history-cursor.ts)", async () => {
    const { client: sab, lateFailure } = sabServing();
    const opts = { pageSize: 50, now: 0, firstRunLookbackMs: null };
    const first = await scanNewHistory(sab, null, opts);
    if (!first.ok || !first.value.changed) throw new Error('expected a first read');
    const cursor = advanceCursor(null, first.value.slots, first.value.lastHistoryUpdate, first.value.noofslots);
    lateFailure();
    const second = await scanNewHistory(sab, cursor, opts);
    expect(second.ok && second.value.changed ? second.value.slots.map((s) => s.nzo_id) : null).toEqual([]);
  });
});
