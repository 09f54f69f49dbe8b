// Browser mode for the e2e run: the real HTTP+WS binding serving the built
// renderer and the fixture core on 127.0.0.1 with a fresh token.
import { randomBytes } from 'node:crypto';
import { startHttpBinding, type HttpBinding } from '../../../main/core/api/http-binding';
import { createFixtureCore, type FixtureCore } from './fixture-core';

export interface FixtureServer {
  core: FixtureCore;
  binding: HttpBinding;
  token: string;
  /** The address a person would open: origin + ?token=. */
  openUrl(hash?: string): string;
  close(): Promise<void>;
}

export async function startFixtureServer(staticDir: string): Promise<FixtureServer> {
  const core = createFixtureCore();
  const token = randomBytes(24).toString('base64url');
  const binding = await startHttpBinding({ handlers: core.handlers, events: core.events, token, host: '127.0.0.1', port: 0, staticDir, batchDelayMs: 50 });
  return {
    core,
    binding,
    token,
    openUrl: (hash = '#/overview') => `${binding.url}/?token=${encodeURIComponent(token)}${hash}`,
    close: () => binding.close(),
  };
}
