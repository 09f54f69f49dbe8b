// The main window's constructor options, every security switch spelled out
// rather than left to Electron's defaults (which changed across versions).
import type { BrowserWindowConstructorOptions } from 'electron';

export interface WindowOptionsInput {
  preloadPath: string;
  iconPath?: string;
}

export function windowOptions({ preloadPath, iconPath }: WindowOptionsInput): BrowserWindowConstructorOptions {
  return {
    width: 1100,
    height: 760,
    // Still usable at the size of a tray popup.
    minWidth: 380,
    minHeight: 480,
    title: 'autoarr-tray',
    // Shown on ready-to-show (no white flash) and never when started at login.
    show: false,
    autoHideMenuBar: true,
    backgroundColor: '#1d3557',
    ...(iconPath ? { icon: iconPath } : {}),
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
    },
  };
}
