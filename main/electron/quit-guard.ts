// Glue: before the process ends, stop the core (flush the activity log, close
// SQLite) — but never let a hanging stop keep the app, or the OS logout, waiting.
import type { ShellApp } from './electron-facade';

export interface QuitGuardOptions {
  /** Null until the core exists: nothing to stop. */
  stop: () => Promise<void> | null;
  /** After the stop (or its timeout), right before the process ends. */
  finally: () => void;
  timeoutMs: number;
  log: (message: string) => void;
}

export function installQuitGuard(app: Pick<ShellApp, 'on' | 'quit'>, options: QuitGuardOptions): void {
  let stopped = false;
  app.on('will-quit', (event) => {
    if (stopped) return;
    const stopping = options.stop();
    if (!stopping) return;
    event.preventDefault();
    stopped = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        options.log(`the core did not stop within ${options.timeoutMs} ms; quitting anyway`);
        resolve();
      }, options.timeoutMs);
    });
    void Promise.race([stopping, timeout])
      .catch((e: unknown) => options.log(`core stop failed: ${e instanceof Error ? e.message : String(e)}`))
      .finally(() => {
        clearTimeout(timer);
        options.finally();
        app.quit();
      });
  });
}
