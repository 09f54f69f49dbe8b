// Sandboxed preload (bundled to CJS): exposes the typed api and nothing else.
import { contextBridge, ipcRenderer } from 'electron';
import { createWindowApi } from './api-factory';

contextBridge.exposeInMainWorld('autoarr', createWindowApi(ipcRenderer));
