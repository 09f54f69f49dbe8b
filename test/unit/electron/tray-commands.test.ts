import { describe, expect, it } from 'vitest';
import { err, ok, type ContractHandlers, type ParsedIn } from '../../../shared/contract';
import type { DownloadRecord, } from '../../../shared/downloads';
import type { DownloadStatus } from '../../../shared/domain';
import { createLocalApi } from '../../../main/electron/local-api';
import { retryAllFailed, runTrayCommand, type TrayCommandDeps } from '../../../main/electron/tray-commands';
import { sampleDownload, sampleHandlers } from '../api/sample-handlers';

function record(i: number, status: DownloadStatus): DownloadRecord {
  return { ...sampleDownload, id: i, nzoId: `SABnzbd_nzo_${i}`, name: `Job ${i}`, status, inDlq: status === 'dlq' };
}

/** A core with `records`, answering through the real validation path (createLocalApi). */
function fakeCore(records: DownloadRecord[], options: { failRetryOf?: string; paused?: boolean } = {}) {
  const calls: string[] = [];
  const retried: string[] = [];
  let paused = options.paused ?? false;
  const base = sampleHandlers();
  const status = async () => {
    const answer = await base['monitoring.status']({});
    return answer.ok ? ok({ ...answer.value, paused }) : answer;
  };
  const handlers: ContractHandlers = {
    ...base,
    'monitoring.pollNow': async () => {
      calls.push('pollNow');
      return status();
    },
    'monitoring.pause': async () => {
      calls.push('pause');
      paused = true;
      return status();
    },
    'monitoring.resume': async () => {
      calls.push('resume');
      paused = false;
      return status();
    },
    'downloads.failed': (input: ParsedIn<'downloads.failed'>) => {
      calls.push(`failed:${input.offset}:${input.limit}:${input.excludeDlq}`);
      const visible = input.excludeDlq ? records.filter((r) => !r.inDlq) : records;
      return ok({ items: visible.slice(input.offset, input.offset + input.limit), total: visible.length });
    },
    'downloads.retry': (input: ParsedIn<'downloads.retry'>) => {
      const found = records.find((r) => r.nzoId === input.nzoId);
      if (!found) return err('not_found', 'no such download');
      if (input.nzoId === options.failRetryOf) return err('unavailable', 'SABnzbd is not reachable');
      retried.push(input.nzoId);
      return ok({ download: { ...found, status: 'retrying' as const }, scheduled: true, message: 'scheduled' });
    },
  };
  return { api: createLocalApi(handlers), calls, retried, isPaused: () => paused };
}

function deps(core: ReturnType<typeof fakeCore>) {
  const log: string[] = [];
  const d: TrayCommandDeps = {
    api: core.api,
    isPaused: core.isPaused,
    showWindow: () => log.push('show'),
    quit: () => log.push('quit'),
    report: (m) => log.push(`report:${m}`),
  };
  return { d, log };
}

describe('tray commands', () => {
  it('Show and Quit only touch the window/app', async () => {
    const core = fakeCore([]);
    const { d, log } = deps(core);
    await runTrayCommand('show', d);
    await runTrayCommand('quit', d);
    expect(log).toEqual(['show', 'quit']);
    expect(core.calls).toEqual([]);
  });

  it('Poll now calls the core', async () => {
    const core = fakeCore([]);
    const { d, log } = deps(core);
    await runTrayCommand('pollNow', d);
    expect(core.calls).toEqual(['pollNow']);
    expect(log).toEqual([]);
  });

  it('Pause/Resume toggles on the current state', async () => {
    const core = fakeCore([]);
    const { d } = deps(core);
    await runTrayCommand('togglePause', d);
    await runTrayCommand('togglePause', d);
    expect(core.calls).toEqual(['pause', 'resume']);
  });

  it('reports a failed poll instead of throwing', async () => {
    const core = fakeCore([]);
    const { d, log } = deps(core);
    d.api = { ...core.api, 'monitoring.pollNow': async () => err('unavailable', 'SABnzbd is down') };
    await runTrayCommand('pollNow', d);
    expect(log).toEqual(['report:Poll failed: SABnzbd is down']);
  });

  it('Retry all failed retries failed and dead-lettered downloads, not those already in progress', async () => {
    const records = [record(1, 'failed'), record(2, 'retrying'), record(3, 'dlq'), record(4, 'recovered'), record(5, 'failed')];
    const core = fakeCore(records);
    const { d, log } = deps(core);
    await runTrayCommand('retryAllFailed', d);
    expect(core.retried).toEqual(['SABnzbd_nzo_1', 'SABnzbd_nzo_3', 'SABnzbd_nzo_5']);
    expect(log).toEqual([]);
  });

  it('pages through more failures than one page holds', async () => {
    const records = Array.from({ length: 1203 }, (_, i) => record(i + 1, 'failed'));
    const core = fakeCore(records);
    const summary = await retryAllFailed(core.api);
    expect(summary).toEqual({ attempted: 1203, scheduled: 1203, errors: [] });
    expect(core.calls).toEqual(['failed:0:500:false', 'failed:500:500:false', 'failed:1000:500:false']);
  });

  it('one refused retry does not stop the others, and is reported', async () => {
    const core = fakeCore([record(1, 'failed'), record(2, 'failed'), record(3, 'dlq')], { failRetryOf: 'SABnzbd_nzo_2' });
    const { d, log } = deps(core);
    await runTrayCommand('retryAllFailed', d);
    expect(core.retried).toEqual(['SABnzbd_nzo_1', 'SABnzbd_nzo_3']);
    expect(log).toEqual(['report:Retried 2 of 3; Job 2: SABnzbd is not reachable']);
  });
});
