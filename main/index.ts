// Electron entry: the core with real ports inside the thin shell.
import notifier from 'node-notifier';
import { createCore } from './core/app';
import { NodeNotifierAdapter, type NodeNotifierLike } from './core/notify/node-notifier-adapter';
import { runShell } from './electron/shell';

const nodeNotifier: NodeNotifierLike = {
  notify: (options, callback) =>
    notifier.notify(options as Parameters<typeof notifier.notify>[0], (error, response, metadata) =>
      callback(error, response, metadata ? { ...metadata } : undefined),
    ),
};

runShell({
  createCore,
  createNotifier: (onActivate) =>
    new NodeNotifierAdapter({
      notifier: nodeNotifier,
      appName: 'autoarr-tray',
      appId: 'org.autoarr.tray',
      // notify-send (Linux) shows no buttons and reports no clicks.
      supportsActions: process.platform !== 'linux',
      onActivate,
    }),
});
