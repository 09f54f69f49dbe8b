// Weeks of SABnzbd traffic in simulated time, for the benches that run the
// real Poller through months in seconds. Each job comes with its whole future
// (arrival, download time, post-processing stages, outcome) and goes to the
// one fake SABnzbd (main/demo/fake-sabnzbd-*.ts), downloading one at a time in
// arrival order as SABnzbd does; the Poller reads it through the real
// SabnzbdClient over an in-process fetch, so every poll parses the 3.7.1
// shapes the conformance test holds the fake to. Finished jobs older than
// keepHistoryMs leave the history (as SABnzbd users have it cleaned), so
// memory stays bounded over months.
import type { Clock } from '../main/core/clock';
import { SabnzbdClient } from '../main/core/sabnzbd/sabnzbd-client';
import { FakeSabnzbdModel, type FakeSabPostProcessingStatus } from '../main/demo/fake-sabnzbd-model';
import { fakeSabnzbdFetch } from '../test/fakes/fake-sabnzbd';

export interface SimulatedJob {
  nzoId: string;
  name: string;
  category: 'tv' | 'movies';
  bytes: number;
  arrivesAt: number;
  /** Milliseconds of download once it reaches the head of the queue. */
  downloadMs: number;
  /** Post-processing stages in order, each with how long it lasts. */
  stages: { status: FakeSabPostProcessingStatus; ms: number }[];
  /** Final status; a failure carries SABnzbd's message. */
  outcome: { status: 'Completed' } | { status: 'Failed'; failMessage: string };
}

const API_KEY = 'simulatedsimulatedsimulated00000';

export class SimulatedDownloads {
  readonly model: FakeSabnzbdModel;
  /** What the Poller reads (its `sabnzbd`). */
  readonly reader: SabnzbdClient;

  constructor(clock: Pick<Clock, 'now'>, keepHistoryMs = 3 * 86_400_000) {
    this.model = new FakeSabnzbdModel({ now: () => clock.now(), serialDownloads: true });
    const answer = fakeSabnzbdFetch(this.model, API_KEY);
    this.reader = new SabnzbdClient({
      connection: { url: 'http://simulated-sabnzbd:8080', apiKey: API_KEY, timeoutMs: 30_000 },
      fetch: (input, init) => {
        this.model.pruneHistory(clock.now() - keepHistoryMs);
        return answer(input, init);
      },
    });
  }

  /** Add a job that has arrived (`arrivesAt` not after now, nor before the jobs added earlier). */
  add(job: SimulatedJob): void {
    this.model.add({
      nzoId: job.nzoId,
      name: job.name,
      category: job.category,
      sizeMb: job.bytes / 1_048_576,
      addedAt: job.arrivesAt,
      durationMs: job.downloadMs,
      stages: job.stages,
      failWith: job.outcome.status === 'Failed' ? job.outcome.failMessage : null,
    });
  }
}
