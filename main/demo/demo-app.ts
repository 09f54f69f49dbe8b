// `npm run demo`: browser mode against the simulated stack (demo-stack.ts),
// labelled as a demo (app.info.demo → the window's DEMO banner), on short
// settings so failures, recoveries and the dead-letter queue show up within a
// minute. The data dir is a fresh temp dir unless AUTOARR_DATA_DIR says otherwise.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBrowserMode, type BrowserMode } from '../browser-mode';
import type { CoreLogger } from '../core/app';
import { MemorySecretStore } from '../core/settings/secret-store';
import { startDemoStack, type DemoStack } from './demo-stack';

export interface DemoOptions {
  dataDir?: string;
  host?: string;
  port?: number;
  notify?: boolean;
  /** A new simulated grab every this many ms (default 12 s). */
  arrivalMs?: number;
  /** Simulated download time (default 4 s). */
  downloadMs?: number;
  /** Seconds (schema minimum 5). */
  pollIntervalSeconds?: number;
  baseBackoffSeconds?: number;
  /** How long recovery leaves a failure to Sonarr/Radarr before acting (ms). */
  arrGraceMs?: number;
  tokenEnv?: Readonly<Record<string, string | undefined>>;
  logger?: CoreLogger;
}

export interface Demo {
  readonly app: BrowserMode;
  readonly stack: DemoStack;
  readonly dataDir: string;
  stop(): Promise<void>;
}

export async function startDemo(options: DemoOptions = {}): Promise<Demo> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'autoarr-demo-'));
  const stack = await startDemoStack({ arrivalMs: options.arrivalMs ?? 12_000, downloadMs: options.downloadMs ?? 4_000 });
  let app: BrowserMode;
  try {
    app = await startBrowserMode({
      dataDir,
      host: options.host ?? '127.0.0.1',
      port: options.port ?? 8788,
      demo: true,
      notify: options.notify ?? false,
      // The simulators' keys are throwaway: keep them out of the data dir.
      secretStore: new MemorySecretStore(),
      ...(options.tokenEnv ? { tokenEnv: options.tokenEnv } : {}),
      ...(options.logger ? { logger: options.logger } : {}),
      recovery: { arrGraceMs: options.arrGraceMs ?? 3_000, outcomeCheckMs: 2_000 },
      prepareSettings: (settings) => {
        const applied = settings.update({
          sabnzbd: { url: stack.sabnzbd.url, enabled: true },
          sonarr: { url: stack.sonarr.url, enabled: true },
          radarr: { url: stack.radarr.url, enabled: true },
          monitoring: { pollIntervalSeconds: options.pollIntervalSeconds ?? 5, baseBackoffSeconds: options.baseBackoffSeconds ?? 5, maxRetries: 3 },
          categoryMap: { tv: 'sonarr', movies: 'radarr' },
          dryRun: false,
          apiKeys: { sabnzbd: stack.sabnzbd.apiKey, sonarr: stack.sonarr.apiKey, radarr: stack.radarr.apiKey },
        });
        if (!applied.ok) throw new Error(`demo settings were refused: ${applied.error.message}`);
      },
    });
  } catch (e) {
    await stack.stop();
    throw e;
  }
  // The first failure shows up at once rather than after one arrival interval.
  try {
    await stack.arrive();
  } catch (e) {
    await app.close();
    await stack.stop();
    throw e;
  }
  return {
    app,
    stack,
    dataDir,
    async stop() {
      await app.close();
      await stack.stop();
    },
  };
}
