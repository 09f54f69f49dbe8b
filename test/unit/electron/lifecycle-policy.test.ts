import { describe, expect, it } from 'vitest';
import {
  closesToTray,
  initialLifecycleState,
  nextLifecycle,
  shouldStartHidden,
  type LifecycleConfig,
  type LifecycleEffect,
  type LifecycleEvent,
} from '../../../main/electron/lifecycle-policy';

const mac: LifecycleConfig = { platform: 'darwin', closeToTray: undefined, hasTray: true };
const win: LifecycleConfig = { platform: 'win32', closeToTray: undefined, hasTray: true };
const linux: LifecycleConfig = { platform: 'linux', closeToTray: undefined, hasTray: true };

/** Runs events from a fresh state; answers each effect and the final state. */
function run(config: LifecycleConfig, events: LifecycleEvent['type'][]) {
  let state = initialLifecycleState();
  const effects: LifecycleEffect[] = [];
  for (const type of events) {
    const next = nextLifecycle(state, { type } as LifecycleEvent, config);
    state = next.state;
    effects.push(next.effect);
  }
  return { effects, state };
}

describe('close-to-tray default', () => {
  it.each([
    ['darwin', undefined, true, true],
    ['win32', undefined, true, true],
    ['linux', undefined, true, false],
    ['linux', true, true, true],
    ['win32', false, true, false],
    ['darwin', true, false, false],
    ['linux', true, false, false],
  ] as const)('%s, setting %s, tray %s → closes to tray: %s', (platform, setting, hasTray, expected) => {
    expect(closesToTray({ platform, closeToTray: setting, hasTray })).toBe(expected);
  });
});

describe('close and quit', () => {
  it('closing the window with a tray hides it (Windows, macOS)', () => {
    expect(run(win, ['window-close']).effects).toEqual(['hide']);
    expect(run(mac, ['window-close']).effects).toEqual(['hide']);
  });

  it('closing the window quits by default on Linux', () => {
    expect(run(linux, ['window-close', 'window-all-closed']).effects).toEqual(['allow', 'quit']);
  });

  it('the closeToTray setting overrides the Linux default', () => {
    expect(run({ ...linux, closeToTray: true }, ['window-close']).effects).toEqual(['hide']);
  });

  it('without a tray, closing always quits (the window could not be found again)', () => {
    expect(run({ ...win, hasTray: false }, ['window-close', 'window-all-closed']).effects).toEqual(['allow', 'quit']);
  });

  it('Quit from the menu lets the close through', () => {
    const r = run(win, ['quit-requested', 'before-quit', 'window-close', 'window-all-closed']);
    expect(r.effects).toEqual(['quit', 'none', 'allow', 'quit']);
    expect(r.state.quitting).toBe(true);
  });

  it('Cmd+Q (before-quit first) is never turned into a hide', () => {
    expect(run(mac, ['before-quit', 'window-close']).effects).toEqual(['none', 'allow']);
  });

  it.each(['session-end', 'shutdown'] as const)('OS %s is never blocked by hide-to-tray', (osEvent) => {
    for (const config of [mac, win, linux, { ...linux, closeToTray: true }]) {
      const r = run(config, [osEvent, 'window-close', 'window-all-closed']);
      expect(r.effects).toEqual(['quit', 'allow', 'quit']);
    }
  });

  it('a hide does not latch: the next close still hides, a later quit still quits', () => {
    expect(run(win, ['window-close', 'window-close', 'before-quit', 'window-close']).effects).toEqual([
      'hide',
      'hide',
      'none',
      'allow',
    ]);
  });

  it('window-all-closed keeps a tray app running where it closes to tray', () => {
    expect(run(win, ['window-all-closed']).effects).toEqual(['none']);
  });

  it('a second launch or a Dock click shows the window, unless quitting', () => {
    expect(run(win, ['second-instance']).effects).toEqual(['show']);
    expect(run(mac, ['activate']).effects).toEqual(['show']);
    expect(run(win, ['before-quit', 'second-instance']).effects).toEqual(['none', 'none']);
  });

  it('never un-sets quitting', () => {
    const events: LifecycleEvent['type'][] = ['window-close', 'second-instance', 'activate', 'window-all-closed', 'window-close'];
    const r = run(win, ['before-quit', ...events]);
    expect(r.state.quitting).toBe(true);
    expect(r.effects.slice(1)).not.toContain('hide');
  });
});

describe('start hidden', () => {
  it.each([
    [{ platform: 'darwin', argv: [], wasOpenedAtLogin: true, hasTray: true }, true],
    [{ platform: 'darwin', argv: [], wasOpenedAtLogin: false, hasTray: true }, false],
    [{ platform: 'win32', argv: ['app.exe', '--hidden'], wasOpenedAtLogin: false, hasTray: true }, true],
    [{ platform: 'linux', argv: ['autoarr-tray', '--hidden'], wasOpenedAtLogin: false, hasTray: true }, true],
    [{ platform: 'linux', argv: ['autoarr-tray'], wasOpenedAtLogin: false, hasTray: true }, false],
    [{ platform: 'linux', argv: ['autoarr-tray', '--hidden'], wasOpenedAtLogin: false, hasTray: false }, false],
    [{ platform: 'win32', argv: ['app.exe', '--hidden-thing'], wasOpenedAtLogin: false, hasTray: true }, false],
  ] as const)('%j → hidden %s', (input, hidden) => {
    expect(shouldStartHidden(input)).toBe(hidden);
  });
});
