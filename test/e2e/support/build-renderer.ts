// Playwright global setup: build the renderer into a private folder so the
// run never disturbs dist/ (other jobs may be reading it).
import { build } from 'vite';
import { fileURLToPath } from 'node:url';

export const E2E_RENDERER_DIR = fileURLToPath(new URL('../../../.cache/e2e-renderer', import.meta.url));

export default async function buildRenderer(): Promise<void> {
  const root = fileURLToPath(new URL('../../../', import.meta.url));
  await build({ configFile: `${root}vite.config.ts`, root: `${root}renderer`, logLevel: 'warn', build: { outDir: E2E_RENDERER_DIR, emptyOutDir: true, sourcemap: false } });
}
