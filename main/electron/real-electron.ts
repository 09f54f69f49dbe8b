// The real Electron behind the facade: the one place the shell's modules get
// Electron from at run time (main/index.ts hands it to runShell).
import { BrowserWindow, Menu, Notification, Tray, app, dialog, ipcMain, nativeImage, powerMonitor, protocol, safeStorage, session, shell } from 'electron';
import type { ElectronFacade } from './electron-facade';

export function realElectron(): ElectronFacade {
  return {
    app,
    BrowserWindow,
    Tray,
    Menu,
    nativeImage,
    Notification,
    ipcMain,
    safeStorage,
    protocol,
    // Read on use: the default session exists only once the app is ready.
    session: {
      get defaultSession() {
        return session.defaultSession;
      },
    },
    shell,
    powerMonitor,
    dialog,
  };
}
