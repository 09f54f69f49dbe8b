// Its own file: node-notifier remembers per process whether notify-send exists.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nodeNotifier from 'node-notifier';
import { NodeNotifierAdapter, type NodeNotifierLike } from '../../../main/core/notify/node-notifier-adapter';
import { describeEvent, type NotifiableEvent } from '../../../main/core/notify/notification-policy';
import { failed } from './notify-events';

const oldPath = process.env.PATH;
const empty = mkdtempSync(join(tmpdir(), 'autoarr-nopath-'));
afterAll(() => {
  process.env.PATH = oldPath;
  rmSync(empty, { recursive: true, force: true });
});

describe('NodeNotifierAdapter without notify-send', () => {
  it('answers an error value instead of throwing', async () => {
    process.env.PATH = empty;
    const adapter = new NodeNotifierAdapter({ notifier: new nodeNotifier.NotifySend({}) as unknown as NodeNotifierLike });
    const r = await adapter.notify(describeEvent(failed('A', 0) as NotifiableEvent));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('unavailable');
      expect(r.error.message).toMatch(/notify-send/);
    }
  });
});
