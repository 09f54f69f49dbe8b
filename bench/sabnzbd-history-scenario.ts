// The SABnzbd the poll and core benches read: the one fake SABnzbd
// (main/demo/fake-sabnzbd-*.ts, held to the real 3.7.1 captures by
// test/unit/sabnzbd/fake-sabnzbd-conformance.test.ts) on loopback, its history
// filled with `history` finished jobs (1 % failed), and a way to put a batch of
// new failures on top.
import { FakeSabnzbdModel } from '../main/demo/fake-sabnzbd-model';
import { startFakeSabnzbd } from '../main/demo/fake-sabnzbd-server';

const NOT_ON_SERVER = 'Download failed - Not on your server(s) - https://sabnzbd.org/not-complete';

export interface SabnzbdHistoryScenario {
  readonly url: string;
  readonly apiKey: string;
  /** Requests answered, by mode. */
  readonly requests: Record<string, number>;
  /** Put `n` new failed jobs on top, dropping the previous batch added this way (history size stays put). */
  replaceNewFailures(n: number): string[];
  close(): Promise<void>;
}

export async function startSabnzbdHistoryScenario(options: { history: number; apiKey?: string }): Promise<SabnzbdHistoryScenario> {
  const apiKey = options.apiKey ?? 'benchbenchbenchbenchbenchbench00';
  const model = new FakeSabnzbdModel({ now: Date.now, idPrefix: 'b' });
  // One second apart, oldest at the bottom; every new job is stamped after all of them.
  let completedSeconds = 1_700_000_000 + options.history;
  let seq = 0;
  const add = (failed: boolean, completedAt: number) => {
    const n = ++seq;
    return model.addFinished({
      name: `Bench.Show.${n}.S01E01.1080p.WEB-DL-GRP`,
      category: n % 3 ? 'tv' : 'movies',
      sizeMb: failed ? 0.001 : 0.19,
      failWith: failed ? NOT_ON_SERVER : null,
      completedAt: completedAt * 1000,
    });
  };
  for (let i = 0; i < options.history; i++) add(i % 100 === 50, completedSeconds - i);
  completedSeconds++;
  let top: string[] = [];
  const server = await startFakeSabnzbd({ model, apiKey, recordRequests: false });
  return {
    url: server.url,
    apiKey,
    requests: server.requestCounts,
    replaceNewFailures(n) {
      for (const id of top) model.removeFromHistory(id);
      top = [];
      for (let i = 0; i < n; i++) top.push(add(true, completedSeconds++).nzoId);
      return [...top].reverse();
    },
    close: () => server.close(),
  };
}
