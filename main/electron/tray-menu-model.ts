// The tray's menu and icon as data, derived from the core's tray state only;
// the glue turns the items into an Electron Menu and each id into an action.
import type { TrayState, TrayStatusKind } from './core-port';

export const TRAY_COMMANDS = ['show', 'pollNow', 'togglePause', 'retryAllFailed', 'openLogs', 'checkUpdates', 'quit'] as const;
export type TrayCommand = (typeof TRAY_COMMANDS)[number];

export type TrayMenuItem =
  | { kind: 'status'; label: string }
  | { kind: 'separator' }
  | { kind: 'action'; id: TrayCommand; label: string; enabled: boolean };

export function trayStatusLine(state: TrayState): string {
  const paused = state.paused ? ' (monitoring paused)' : '';
  if (state.state === 'error') {
    return state.failedCount > 0 ? `Service problem, ${state.failedCount} failed${paused}` : `Service problem${paused}`;
  }
  if (state.failedCount === 0) return `All downloads healthy${paused}`;
  const noun = state.failedCount === 1 ? 'download needs' : 'downloads need';
  return `${state.failedCount} ${noun} attention${paused}`;
}

export function trayMenuModel(state: TrayState): TrayMenuItem[] {
  return [
    { kind: 'status', label: trayStatusLine(state) },
    { kind: 'separator' },
    { kind: 'action', id: 'show', label: 'Show autoarr-tray', enabled: true },
    { kind: 'action', id: 'pollNow', label: 'Poll now', enabled: true },
    {
      kind: 'action',
      id: 'togglePause',
      label: state.paused ? 'Resume monitoring' : 'Pause monitoring',
      enabled: true,
    },
    {
      kind: 'action',
      id: 'retryAllFailed',
      label: state.failedCount > 0 ? `Retry all failed (${state.failedCount})` : 'Retry all failed',
      enabled: state.failedCount > 0,
    },
    { kind: 'separator' },
    { kind: 'action', id: 'openLogs', label: 'Open logs folder', enabled: true },
    { kind: 'action', id: 'checkUpdates', label: 'Check for updates…', enabled: true },
    { kind: 'separator' },
    { kind: 'action', id: 'quit', label: 'Quit autoarr-tray', enabled: true },
  ];
}

/** Windows cuts tray tooltips at 127 characters. */
export const TOOLTIP_MAX = 127;

/** Name, status with the count, then the core's own detail (e.g. which service is down). */
export function trayTooltip(state: TrayState): string {
  const lines = ['autoarr-tray', trayStatusLine(state)];
  const detail = state.tooltip.trim();
  if (detail !== '' && !lines.includes(detail)) lines.push(detail);
  const text = lines.join('\n');
  return text.length <= TOOLTIP_MAX ? text : `${text.slice(0, TOOLTIP_MAX - 1)}…`;
}

/**
 * macOS wants monochrome template images (the system tints them for light and
 * dark menu bars); elsewhere the coloured icons. Electron picks the @2x file
 * beside the one named here by itself.
 */
export function trayIconFile(state: TrayStatusKind, platform: NodeJS.Platform): string {
  if (platform === 'darwin') return `tray${state[0]!.toUpperCase()}${state.slice(1)}Template.png`;
  return `tray-${state}.png`;
}
