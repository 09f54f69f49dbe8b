/**
 * Found by the fault suite: a partial settings patch (one field of a section) must change
 * that field only. The patch schema carries the settings' defaults, so `{sabnzbd: {enabled:
 * false}}` used to save url '' and `{monitoring: {requestTimeoutMs}}` used to reset the poll
 * interval — through settings.update, i.e. from the window.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTempCore, type TempCore } from './faults-temp-core';

let t: TempCore;
beforeAll(async () => {
  t = await startTempCore({ patch: { sabnzbd: { url: 'http://127.0.0.1:9/sabnzbd' }, monitoring: { pollIntervalSeconds: 600 } } });
});
afterAll(async () => t?.dispose());

it('a one-field patch changes that field and nothing else, and survives a reopen of the file', async () => {
  const r1 = await t.core.handlers['settings.update']({ monitoring: { requestTimeoutMs: 900 } });
  expect(r1.ok && r1.value.changedKeys).toEqual(['monitoring.requestTimeoutMs']);
  const r2 = await t.core.handlers['settings.update']({ sabnzbd: { enabled: false } });
  expect(r2.ok && r2.value.changedKeys).toEqual(['sabnzbd.enabled']);
  const saved = t.settings.saved();
  expect(saved.monitoring).toMatchObject({ pollIntervalSeconds: 600, requestTimeoutMs: 900, maxRetries: 3 });
  expect(saved.sabnzbd).toEqual({ url: 'http://127.0.0.1:9/sabnzbd', enabled: false });
});
