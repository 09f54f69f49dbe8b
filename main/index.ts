// Electron entry: the core with real ports inside the thin shell.
import { createRequire } from 'node:module';
import ElectronStore from 'electron-store';
import { createCore } from './core/app';
import { createAppLog } from './logging/app-log';
import { realElectron } from './electron/real-electron';
import { runShell } from './electron/shell';
import type { UpdaterLike } from './electron/update-service';

const requireHere = createRequire(import.meta.url);
const sqlitePackage = requireHere('better-sqlite3/package.json') as { version: string };

runShell(realElectron(), {
  createCore: (config) => createCore(config),
  Conf: ElectronStore,
  createLog: (dir) => createAppLog({ dir }),
  // electron-updater loads Electron when imported: only once a check really runs.
  loadUpdater: async (): Promise<UpdaterLike> => {
    const updater = await import('electron-updater');
    return updater.autoUpdater ?? updater.default.autoUpdater;
  },
  bindingTarget: {
    electronVersion: process.versions.electron ?? 'unknown',
    platform: process.platform,
    arch: process.arch,
    sqliteVersion: sqlitePackage.version,
  },
});
