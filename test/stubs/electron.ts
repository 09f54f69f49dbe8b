// Aliased for `electron` in vitest. The core must never reach Electron, so
// anything that touches this module in a test is a bug and fails loudly.
const loud = new Proxy(
  {},
  {
    get(_target, prop) {
      if (prop === '__esModule' || prop === 'then' || typeof prop === 'symbol') return undefined;
      throw new Error(`electron.${String(prop)} was reached in a plain-Node test: the core must not use Electron`);
    },
  },
);
export default loud;
export const app = loud;
export const BrowserWindow = loud;
export const ipcMain = loud;
export const ipcRenderer = loud;
export const contextBridge = loud;
export const Tray = loud;
export const Menu = loud;
export const nativeImage = loud;
export const safeStorage = loud;
export const protocol = loud;
export const session = loud;
export const shell = loud;
export const net = loud;
