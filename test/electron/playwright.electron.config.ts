// The Electron smoke test's own config (the root playwright.config.ts runs
// the browser-mode e2e suite). `npx playwright test -c test/electron/playwright.electron.config.ts`
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: '.',
  testMatch: /.*\.spec\.ts$/,
  timeout: 60_000,
  retries: 0,
  workers: 1,
  reporter: [['list']],
});
