import { describe, expect, it } from 'vitest';
import { err, ok, type ContractHandlers } from '../../../shared/contract';
import type { DownloadRecord, } from '../../../shared/downloads';
import type { DownloadStatus } from '../../../shared/domain';
import { createLocalApi } from '../../../main/electron/local-api';
import { runTrayCommand, type TrayCommandDeps } from '../../../main/electron/tray-commands';
import { sampleDownload, sampleHandlers } from '../api/sample-handlers';

function record(i: number, status: DownloadStatus): DownloadRecord {
  return { ...sampleDownload, id: i, nzoId: `SABnzbd_nzo_${i}`, name: `Job ${i}`, status, inDlq: status === 'dlq' };
}

/** A core with `records`, answering through the real validation path (createLocalApi). */
function fakeCore(records: DownloadRecord[], options: { retryAll?: { started: number; refused: number }; paused?: boolean } = {}) {
  const calls: string[] = [];
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
    'downloads.retryAll': () => {
      calls.push('retryAll');
      const r = options.retryAll ?? { started: records.length, refused: 0 };
      const message =
        `Started ${r.started} attempt${r.started === 1 ? '' : 's'}` +
        (r.refused > 0 ? `; ${r.refused} could not be retried now (see each download).` : '.');
      return ok({ ...r, message });
    },
  };
  return { api: createLocalApi(handlers), calls, isPaused: () => paused };
}

function deps(core: ReturnType<typeof fakeCore>) {
  const log: string[] = [];
  const d: TrayCommandDeps = {
    api: core.api,
    isPaused: core.isPaused,
    showWindow: () => log.push('show'),
    quit: () => log.push('quit'),
    openLogs: () => log.push('openLogs'),
    checkForUpdates: () => log.push('checkForUpdates'),
    report: (m) => log.push(`report:${m}`),
  };
  return { d, log };
}

describe('tray commands', () => {
  it('Show, Open logs folder, Check for updates and Quit only touch the window/app', async () => {
    const core = fakeCore([]);
    const { d, log } = deps(core);
    await runTrayCommand('show', d);
    await runTrayCommand('openLogs', d);
    await runTrayCommand('checkUpdates', d);
    await runTrayCommand('quit', d);
    expect(log).toEqual(['show', 'openLogs', 'checkForUpdates', 'quit']);
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

  it('Retry all is the core\'s own downloads.retryAll, called once (no loop over the list here)', async () => {
    const core = fakeCore([record(1, 'failed'), record(2, 'dlq')]);
    const { d, log } = deps(core);
    await runTrayCommand('retryAllFailed', d);
    expect(core.calls).toEqual(['retryAll']);
    expect(log).toEqual([]);
  });

  it('reports downloads the core could not retry, in the core\'s words', async () => {
    const core = fakeCore([record(1, 'failed')], { retryAll: { started: 2, refused: 1 } });
    const { d, log } = deps(core);
    await runTrayCommand('retryAllFailed', d);
    expect(log).toEqual(['report:Started 2 attempts; 1 could not be retried now (see each download).']);
  });

  it('reports a refused Retry all instead of throwing', async () => {
    const core = fakeCore([]);
    const { d, log } = deps(core);
    d.api = { ...core.api, 'downloads.retryAll': async () => err('unavailable', 'the core is stopping') };
    await runTrayCommand('retryAllFailed', d);
    expect(log).toEqual(['report:Retry all failed: the core is stopping']);
  });
});
