import { describe, expect, it } from 'vitest';
import type { TrayState } from '../../../main/electron/core-port';
import {
  TOOLTIP_MAX,
  TRAY_COMMANDS,
  trayIconFile,
  trayMenuModel,
  trayTooltip,
  type TrayMenuItem,
} from '../../../main/electron/tray-menu-model';

const state = (over: Partial<TrayState> = {}): TrayState => ({
  state: 'ok',
  failedCount: 0,
  paused: false,
  tooltip: '',
  ...over,
});

const actions = (items: TrayMenuItem[]) =>
  items.flatMap((i) => (i.kind === 'action' ? [{ id: i.id, label: i.label, enabled: i.enabled }] : []));

describe('trayMenuModel', () => {
  it('offers Show, Poll now, Pause, Retry all failed, Open logs folder, Check for updates and Quit, in that order', () => {
    expect(actions(trayMenuModel(state())).map((a) => a.id)).toEqual([
      'show',
      'pollNow',
      'togglePause',
      'retryAllFailed',
      'openLogs',
      'checkUpdates',
      'quit',
    ]);
    expect([...TRAY_COMMANDS].sort()).toEqual(actions(trayMenuModel(state())).map((a) => a.id).sort());
  });

  it('Pause becomes Resume while paused', () => {
    expect(actions(trayMenuModel(state())).find((a) => a.id === 'togglePause')?.label).toBe('Pause monitoring');
    expect(actions(trayMenuModel(state({ paused: true }))).find((a) => a.id === 'togglePause')?.label).toBe(
      'Resume monitoring',
    );
  });

  it.each([
    [0, 'Retry all failed', false],
    [1, 'Retry all failed (1)', true],
    [12, 'Retry all failed (12)', true],
  ])('with %i failed: "%s", enabled %s', (failedCount, label, enabled) => {
    const retry = actions(trayMenuModel(state({ failedCount, state: failedCount ? 'failures' : 'ok' }))).find(
      (a) => a.id === 'retryAllFailed',
    );
    expect(retry).toEqual({ id: 'retryAllFailed', label, enabled });
  });

  it.each([
    [state(), 'All downloads healthy'],
    [state({ state: 'failures', failedCount: 1 }), '1 download needs attention'],
    [state({ state: 'failures', failedCount: 4, paused: true }), '4 downloads need attention (monitoring paused)'],
    [state({ state: 'error' }), 'Service problem'],
    [state({ state: 'error', failedCount: 2 }), 'Service problem, 2 failed'],
  ])('status line for %j is "%s"', (s, line) => {
    const first = trayMenuModel(s)[0];
    expect(first).toEqual({ kind: 'status', label: line });
  });

  it('Show and Quit are always enabled', () => {
    for (const s of [state(), state({ state: 'error', paused: true, failedCount: 3 })]) {
      const a = actions(trayMenuModel(s));
      expect(a.find((x) => x.id === 'show')?.enabled).toBe(true);
      expect(a.find((x) => x.id === 'quit')?.enabled).toBe(true);
    }
  });
});

describe('trayTooltip', () => {
  it('carries the count', () => {
    expect(trayTooltip(state({ state: 'failures', failedCount: 3 }))).toBe('autoarr-tray\n3 downloads need attention');
  });

  it("adds the core's detail once", () => {
    const t = trayTooltip(state({ state: 'error', failedCount: 0, tooltip: 'SABnzbd: connection refused' }));
    expect(t).toBe('autoarr-tray\nService problem\nSABnzbd: connection refused');
    expect(trayTooltip(state({ tooltip: 'All downloads healthy' }))).toBe('autoarr-tray\nAll downloads healthy');
  });

  it('fits the Windows limit', () => {
    const t = trayTooltip(state({ state: 'error', tooltip: 'x'.repeat(400) }));
    expect(t.length).toBe(TOOLTIP_MAX);
    expect(t.endsWith('…')).toBe(true);
  });
});

describe('trayIconFile', () => {
  it.each([
    ['ok', 'darwin', 'trayOkTemplate.png'],
    ['failures', 'darwin', 'trayFailuresTemplate.png'],
    ['error', 'darwin', 'trayErrorTemplate.png'],
    ['ok', 'win32', 'tray-ok.png'],
    ['failures', 'linux', 'tray-failures.png'],
    ['error', 'linux', 'tray-error.png'],
  ] as const)('%s on %s → %s', (s, platform, file) => {
    expect(trayIconFile(s, platform)).toBe(file);
  });

  it('every icon it names is committed, with its @2x', async () => {
    const { existsSync } = await import('node:fs');
    const dir = new URL('../../../build/tray/', import.meta.url);
    for (const s of ['ok', 'failures', 'error'] as const) {
      for (const platform of ['darwin', 'linux'] as const) {
        const file = trayIconFile(s, platform);
        expect(existsSync(new URL(file, dir)), file).toBe(true);
        expect(existsSync(new URL(file.replace('.png', '@2x.png'), dir)), file).toBe(true);
      }
    }
  });
});
