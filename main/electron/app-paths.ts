// Where the shell finds its files, in development (`electron .` from the repo)
// and packaged (app.asar + extraResources). The data folder is the user's
// own (userData) unless AUTOARR_DATA_DIR points elsewhere.
import path from 'node:path';

export interface ShellPathsInput {
  /** app.getAppPath(): the repo root in development, …/resources/app.asar packaged. */
  appPath: string;
  /** process.resourcesPath. */
  resourcesPath: string;
  isPackaged: boolean;
  /** app.getPath('userData'). */
  userDataPath: string;
  /** app.getPath('logs'): ~/Library/Logs/autoarr-tray, %APPDATA%\autoarr-tray\logs, ~/.config/autoarr-tray/logs. */
  logsPath: string;
  /** From readEnvOverrides(process.env).dataDir. */
  dataDirOverride: string | null;
}

export interface ShellPaths {
  rendererDir: string;
  preloadPath: string;
  migrationsFolder: string;
  trayIconDir: string;
  windowIconPath: string;
  dataDir: string;
  secretsFile: string;
  /** The OS's log folder for the app, or <data dir>/logs when AUTOARR_DATA_DIR moves everything. */
  logDir: string;
}

export function shellPaths(input: ShellPathsInput): ShellPaths {
  const dist = path.join(input.appPath, 'dist');
  // Outside app.asar (extraResources) when packaged: plain files for SQL and the tray.
  const resources = input.isPackaged ? input.resourcesPath : null;
  const dataDir =
    input.dataDirOverride && path.isAbsolute(input.dataDirOverride) ? input.dataDirOverride : input.userDataPath;
  return {
    rendererDir: path.join(dist, 'renderer'),
    preloadPath: path.join(dist, 'preload', 'index.cjs'),
    migrationsFolder: resources ? path.join(resources, 'migrations') : path.join(dist, 'migrations'),
    trayIconDir: resources ? path.join(resources, 'tray') : path.join(input.appPath, 'build', 'tray'),
    windowIconPath: resources ? path.join(resources, 'icon.png') : path.join(input.appPath, 'build', 'icons', '256x256.png'),
    dataDir,
    secretsFile: path.join(dataDir, 'secrets.json'),
    logDir: dataDir === input.userDataPath ? input.logsPath : path.join(dataDir, 'logs'),
  };
}
