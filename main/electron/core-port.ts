// What the shell needs from the core's composition root (main/core/app.ts):
// handlers to bind to IPC, a live event stream, the tray's state. Written
// down here so the shell compiles and is reviewed against a fixed shape.
import type { ContractHandlers, Unsubscribe } from '../../shared/contract';
import type { AnyBusEvent } from '../../shared/events';
import type { SettingsStore } from '../core/settings/settings-store';
import type { SecretStore } from '../core/settings/secret-store';
import type { CoreLogger } from '../core/app';

export type TrayStatusKind = 'ok' | 'failures' | 'error';

export interface TrayState {
  state: TrayStatusKind;
  /** Downloads needing attention (failed + dead-lettered). */
  failedCount: number;
  paused: boolean;
  tooltip: string;
}

export interface CorePort {
  readonly handlers: ContractHandlers;
  onEvent(listener: (event: AnyBusEvent) => void): Unsubscribe;
  trayState(): TrayState;
  onTrayStateChange(listener: (state: TrayState) => void): Unsubscribe;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** What the shell hands createCore; N is the core's Notifier port. */
export interface ShellCoreConfig<N> {
  dataDir: string;
  migrationsFolder: string;
  settingsStore: SettingsStore;
  secretStore: SecretStore;
  notifier: N;
  mode: 'electron';
  logger: CoreLogger;
  version: string;
  /** better-sqlite3 built for this Electron (development runs); absent in a packaged app. */
  sqliteNativeBinding?: string;
}

export type CreateCore<N> = (config: ShellCoreConfig<N>) => Promise<CorePort>;
