// When closing the window hides it, when the app really quits, and when it
// starts hidden — as a pure state machine, because these are the rules that
// make tray apps hang at logout (a close handler that always hides blocks the
// OS shutdown) or vanish on Linux (no tray area → a hidden window is lost).
export type Platform = NodeJS.Platform;

export interface LifecycleConfig {
  platform: Platform;
  /** The user's setting; undefined → the platform default. */
  closeToTray: boolean | undefined;
  /** False when the tray could not be created (e.g. a Linux desktop without a tray area). */
  hasTray: boolean;
}

export interface LifecycleState {
  /** Set once a quit is under way (menu Quit, Cmd+Q, OS logout/shutdown); never cleared. */
  quitting: boolean;
}

export type LifecycleEvent =
  | { type: 'window-close' }
  | { type: 'window-all-closed' }
  | { type: 'before-quit' }
  | { type: 'session-end' }
  | { type: 'shutdown' }
  | { type: 'quit-requested' }
  | { type: 'second-instance' }
  | { type: 'activate' };

/**
 * What the glue does: `hide` = preventDefault + hide; `allow` = let the close
 * happen; `quit` = app.quit(); `show` = show + focus the window (recreate if
 * gone); `none` = nothing.
 */
export type LifecycleEffect = 'hide' | 'allow' | 'quit' | 'show' | 'none';

export function initialLifecycleState(): LifecycleState {
  return { quitting: false };
}

/** Linux trays are unreliable (GNOME has none by default), so there closing quits unless asked otherwise. */
export function closesToTray(config: LifecycleConfig): boolean {
  if (!config.hasTray) return false;
  return config.closeToTray ?? config.platform !== 'linux';
}

export function nextLifecycle(
  state: LifecycleState,
  event: LifecycleEvent,
  config: LifecycleConfig,
): { state: LifecycleState; effect: LifecycleEffect } {
  switch (event.type) {
    case 'before-quit':
      return { state: { quitting: true }, effect: 'none' };
    case 'quit-requested':
      return { state: { quitting: true }, effect: 'quit' };
    case 'session-end':
    case 'shutdown':
      // The OS is logging out: mark quitting first so the close that follows is allowed.
      return { state: { quitting: true }, effect: 'quit' };
    case 'window-close':
      if (state.quitting) return { state, effect: 'allow' };
      return { state, effect: closesToTray(config) ? 'hide' : 'allow' };
    case 'window-all-closed':
      if (state.quitting || !closesToTray(config)) return { state: { quitting: true }, effect: 'quit' };
      return { state, effect: 'none' };
    case 'second-instance':
    case 'activate':
      return { state, effect: state.quitting ? 'none' : 'show' };
  }
}

export interface StartHiddenInput {
  platform: Platform;
  argv: readonly string[];
  /** app.getLoginItemSettings().wasOpenedAtLogin (macOS only). */
  wasOpenedAtLogin: boolean;
  /** Without a tray a hidden window could never be found again. */
  hasTray: boolean;
}

export const HIDDEN_ARG = '--hidden';

/** Started by the login item / autostart entry → stay in the tray. */
export function shouldStartHidden({ platform, argv, wasOpenedAtLogin, hasTray }: StartHiddenInput): boolean {
  if (!hasTray) return false;
  if (platform === 'darwin' && wasOpenedAtLogin) return true;
  return argv.includes(HIDDEN_ARG);
}
