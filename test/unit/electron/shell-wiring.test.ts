import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../support/fake-clock';
import { EVENT_PUSH_CHANNEL, EventBatchSchema, type EventBatch } from '../../../shared/contract';
import type { AnyBusEvent } from '../../../shared/events';
import { shellPaths } from '../../../main/electron/app-paths';
import { wireEventPush, type PushWindow, type VisibilityEvent } from '../../../main/electron/event-push';
import { isTrustedIpcEvent } from '../../../main/electron/ipc-sender';

describe('shellPaths', () => {
  const dev = shellPaths({
    appPath: '/repo',
    resourcesPath: '/usr/lib/electron/resources',
    isPackaged: false,
    userDataPath: '/home/u/.config/autoarr-tray',
    logsPath: '/home/u/.config/autoarr-tray/logs',
    dataDirOverride: null,
  });
  const packaged = shellPaths({
    appPath: '/opt/autoarr-tray/resources/app.asar',
    resourcesPath: '/opt/autoarr-tray/resources',
    isPackaged: true,
    userDataPath: '/home/u/.config/autoarr-tray',
    logsPath: '/home/u/.config/autoarr-tray/logs',
    dataDirOverride: null,
  });

  it('finds the built files in the repo during development', () => {
    expect(dev).toMatchObject({
      rendererDir: '/repo/dist/renderer',
      preloadPath: '/repo/dist/preload/index.cjs',
      migrationsFolder: '/repo/dist/migrations',
      trayIconDir: '/repo/build/tray',
      windowIconPath: '/repo/build/icons/256x256.png',
    });
  });

  it('reads migrations and tray icons from extraResources when packaged (outside app.asar)', () => {
    expect(packaged).toMatchObject({
      rendererDir: '/opt/autoarr-tray/resources/app.asar/dist/renderer',
      preloadPath: '/opt/autoarr-tray/resources/app.asar/dist/preload/index.cjs',
      migrationsFolder: '/opt/autoarr-tray/resources/migrations',
      trayIconDir: '/opt/autoarr-tray/resources/tray',
      windowIconPath: '/opt/autoarr-tray/resources/icon.png',
    });
  });

  it('keeps data in userData unless AUTOARR_DATA_DIR is absolute', () => {
    expect(dev.dataDir).toBe('/home/u/.config/autoarr-tray');
    expect(dev.secretsFile).toBe(path.join('/home/u/.config/autoarr-tray', 'secrets.json'));
    const base = { appPath: '/r', resourcesPath: '/x', isPackaged: false, userDataPath: '/ud', logsPath: '/osLogs' };
    expect(shellPaths({ ...base, dataDirOverride: '/data' }).dataDir).toBe('/data');
    expect(shellPaths({ ...base, dataDirOverride: 'relative' }).dataDir).toBe('/ud');
  });

  it('logs go to the OS log folder, or beside the data when AUTOARR_DATA_DIR moves it', () => {
    expect(dev.logDir).toBe('/home/u/.config/autoarr-tray/logs');
    const base = { appPath: '/r', resourcesPath: '/x', isPackaged: false, userDataPath: '/ud', logsPath: '/osLogs' };
    expect(shellPaths({ ...base, dataDirOverride: null }).logDir).toBe('/osLogs');
    expect(shellPaths({ ...base, dataDirOverride: '/data' }).logDir).toBe(path.join('/data', 'logs'));
  });
});

describe('isTrustedIpcEvent', () => {
  it.each([
    [{ senderFrame: { url: 'app://autoarr/index.html', parent: null } }, true],
    [{ senderFrame: { url: 'app://autoarr/index.html', parent: {} } }, false],
    [{ senderFrame: { url: 'https://evil.example/', parent: null } }, false],
    [{ senderFrame: null }, false],
    [{ senderFrame: undefined }, false],
  ])('%j → %s', (event, trusted) => {
    expect(isTrustedIpcEvent(event)).toBe(trusted);
  });
});

class FakeWindow implements PushWindow {
  visible = true;
  minimized = false;
  destroyed = false;
  sent: { channel: string; batch: EventBatch }[] = [];
  private listeners = new Map<VisibilityEvent, Set<() => void>>();
  isVisible = () => this.visible;
  isMinimized = () => this.minimized;
  isDestroyed = () => this.destroyed;
  send(channel: string, batch: EventBatch) {
    this.sent.push({ channel, batch: structuredClone(batch) });
  }
  on(event: VisibilityEvent, fn: () => void) {
    if (!this.listeners.has(event)) this.listeners.set(event, new Set());
    this.listeners.get(event)!.add(fn);
  }
  off(event: VisibilityEvent, fn: () => void) {
    this.listeners.get(event)?.delete(fn);
  }
  emit(event: VisibilityEvent) {
    for (const fn of this.listeners.get(event) ?? []) fn();
  }
  listenerCount() {
    return [...this.listeners.values()].reduce((n, s) => n + s.size, 0);
  }
}

function source() {
  const listeners = new Set<(e: AnyBusEvent) => void>();
  return {
    subscribe(fn: (e: AnyBusEvent) => void) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    emit(e: AnyBusEvent) {
      for (const fn of listeners) fn(e);
    },
    count: () => listeners.size,
  };
}

let n = 0;
function failed(clock: FakeClock): AnyBusEvent {
  n += 1;
  return {
    id: `ev-${n}`,
    type: 'download.failed',
    source: 'poller',
    timestamp: clock.now(),
    correlationId: `corr-${n}`,
    causationId: null,
    payload: {
      nzoId: `SABnzbd_nzo_${n}`,
      name: `Job ${n}`,
      category: 'tv',
      failMessage: 'Aborted',
      kind: 'missing_articles',
      severity: 'high',
      retryable: true,
      explanation: 'Articles are missing',
      sourceApp: 'sonarr',
      item: null,
      sizeBytes: null,
    },
  };
}

describe('wireEventPush', () => {
  it('batches events to a visible window on the push channel, valid per the contract', () => {
    const clock = new FakeClock();
    const win = new FakeWindow();
    const src = source();
    wireEventPush({ source: src, window: win, clock });
    src.emit(failed(clock));
    src.emit(failed(clock));
    expect(win.sent).toHaveLength(0);
    clock.advance(150);
    expect(win.sent).toHaveLength(1);
    expect(win.sent[0]!.channel).toBe(EVENT_PUSH_CHANNEL);
    const batch = EventBatchSchema.parse(win.sent[0]!.batch);
    expect(batch.seq).toBe(1);
    expect(batch.resync).toBe(false);
    expect(batch.events.map((e) => e.event_type)).toEqual(['download.failed', 'download.failed']);
  });

  it('queues nothing while hidden or minimised and asks for a resync when seen again', () => {
    const clock = new FakeClock();
    const win = new FakeWindow();
    const src = source();
    const push = wireEventPush({ source: src, window: win, clock });
    win.visible = false;
    win.emit('hide');
    src.emit(failed(clock));
    clock.advance(1000);
    expect(win.sent).toHaveLength(0);
    win.visible = true;
    win.minimized = true;
    win.emit('show');
    src.emit(failed(clock));
    clock.advance(1000);
    expect(win.sent).toHaveLength(0);
    expect(push.batcher.active).toBe(false);
    win.minimized = false;
    win.emit('restore');
    expect(win.sent.map((s) => s.batch)).toEqual([{ type: 'batch', seq: 1, resync: true, events: [] }]);
  });

  it('starts inactive when the window starts hidden (launched at login)', () => {
    const clock = new FakeClock();
    const win = new FakeWindow();
    win.visible = false;
    const src = source();
    const push = wireEventPush({ source: src, window: win, clock });
    expect(push.batcher.active).toBe(false);
    src.emit(failed(clock));
    clock.advance(500);
    expect(win.sent).toHaveLength(0);
  });

  it('never sends to a destroyed window, and stop() detaches everything', () => {
    const clock = new FakeClock();
    const win = new FakeWindow();
    const src = source();
    const push = wireEventPush({ source: src, window: win, clock });
    src.emit(failed(clock));
    win.destroyed = true;
    clock.advance(150);
    expect(win.sent).toHaveLength(0);
    push.stop();
    expect(src.count()).toBe(0);
    expect(win.listenerCount()).toBe(0);
  });
});
