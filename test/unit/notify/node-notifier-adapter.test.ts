// node-notifier's Linux backend runs `notify-send` through the shell. A fake
// notify-send first on PATH records the argv it really received.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nodeNotifier from 'node-notifier';
import { NodeNotifierAdapter, type NodeNotifierLike } from '../../../main/core/notify/node-notifier-adapter';
import { describeDigest, describeEvent, type NotifiableEvent } from '../../../main/core/notify/notification-policy';
import { failed } from './notify-events';

let dir: string;
let log: string;
const oldPath = process.env.PATH;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'autoarr-notify-'));
  log = join(dir, 'argv.log');
  const script = join(dir, 'notify-send');
  writeFileSync(script, `#!/bin/sh\nprintf '%s\\0' "$@" >> '${log}'\nprintf 'END\\0' >> '${log}'\n`);
  chmodSync(script, 0o755);
  process.env.PATH = `${dir}:${oldPath ?? ''}`;
});
afterAll(() => {
  process.env.PATH = oldPath;
  rmSync(dir, { recursive: true, force: true });
});

function calls(): string[][] {
  if (!existsSync(log)) return [];
  const parts = readFileSync(log, 'utf8').split('\0');
  const out: string[][] = [];
  let cur: string[] = [];
  for (const p of parts) {
    if (p === 'END') {
      out.push(cur);
      cur = [];
    } else if (p !== '') cur.push(p);
  }
  return out;
}

describe('NodeNotifierAdapter with the real node-notifier on Linux', () => {
  const notifier = new nodeNotifier.NotifySend({}) as unknown as NodeNotifierLike;

  it('hands title, message, urgency and app name to notify-send', async () => {
    const adapter = new NodeNotifierAdapter({ notifier, appName: 'autoarr-tray', timeoutSeconds: 7 });
    const n = describeEvent(failed('Some.Show.S01E02', 0, { severity: 'critical' }) as NotifiableEvent);
    const r = await adapter.notify(n);
    expect(r).toEqual({ ok: true, value: undefined });
    const argv = calls().at(-1)!;
    expect(argv.slice(0, 2)).toEqual(['Download failed: Some.Show.S01E02', n.message]);
    const flag = (name: string) => argv[argv.indexOf(name) + 1];
    expect(flag('--urgency')).toBe('critical');
    expect(flag('--app-name')).toBe('autoarr-tray');
    expect(flag('--expire-time')).toBe('7000');
    // notify-send has no buttons: no Retry action is passed on Linux.
    expect(argv.join(' ')).not.toMatch(/Retry/);
  });

  it('passes a hostile download name through as text, never to the shell', async () => {
    const adapter = new NodeNotifierAdapter({ notifier });
    const name = 'Evil.$(touch pwned).`id`."quoted"\\back';
    const n = describeEvent(failed(name, 0) as NotifiableEvent);
    expect((await adapter.notify(n)).ok).toBe(true);
    expect(calls().at(-1)![0]).toBe(`Download failed: ${name}`);
    expect(existsSync(join(process.cwd(), 'pwned'))).toBe(false);
  });

  it('reports a failing notify-send (no desktop session) as an error value', async () => {
    const adapter = new NodeNotifierAdapter({
      notifier: {
        notify: (options, cb) => {
          // Same library, pointed at a notify-send that fails like one without a D-Bus session.
          writeFileSync(join(dir, 'notify-send'), `#!/bin/sh\necho 'Cannot autolaunch D-Bus without X11 $DISPLAY' >&2\nexit 1\n`);
          return notifier.notify(options, (e, r, m) => {
            writeFileSync(join(dir, 'notify-send'), `#!/bin/sh\nprintf '%s\\0' "$@" >> '${log}'\nprintf 'END\\0' >> '${log}'\n`);
            cb(e, r, m);
          });
        },
      },
    });
    const r = await adapter.notify(describeEvent(failed('A', 0) as NotifiableEvent));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('unavailable');
      expect(r.error.message).toMatch(/D-Bus/);
    }
  });
});

describe('NodeNotifierAdapter activation (backends with actions)', () => {
  it.each([
    ['a Retry click', 'activate', { activationValue: 'Retry' }, { kind: 'action', action: 'retry' }],
    ['a body click', 'activate', {}, { kind: 'click' }],
    ['a timeout', 'timeout', {}, null],
  ] as const)('%s', async (_name, response, metadata, expected) => {
    const seen: unknown[] = [];
    let options: Record<string, unknown> = {};
    const adapter = new NodeNotifierAdapter({
      supportsActions: true,
      notifier: {
        notify: (o, cb) => {
          options = o;
          cb(null, response, metadata);
        },
      },
      onActivate: (_n, a) => seen.push(a),
    });
    await adapter.notify(describeEvent(failed('A', 0) as NotifiableEvent));
    expect(options.actions).toEqual(['Retry']);
    expect(options.wait).toBe(true);
    expect(seen).toEqual(expected === null ? [] : [expected]);
  });

  it('a digest gets a "Retry all" button and reports it as the retryAll action', async () => {
    const seen: unknown[] = [];
    let options: Record<string, unknown> = {};
    const adapter = new NodeNotifierAdapter({
      supportsActions: true,
      notifier: {
        notify: (o, cb) => {
          options = o;
          cb(null, 'activate', { activationValue: 'Retry all' });
        },
      },
      onActivate: (_n, a) => seen.push(a),
    });
    await adapter.notify(describeDigest([failed('A', 0), failed('B', 0)] as NotifiableEvent[]));
    expect(options.actions).toEqual(['Retry all']);
    expect(seen).toEqual([{ kind: 'action', action: 'retryAll' }]);
  });

  it('a button the notification did not offer is not taken as its action', async () => {
    const seen: unknown[] = [];
    const adapter = new NodeNotifierAdapter({
      supportsActions: true,
      notifier: { notify: (_o, cb) => cb(null, 'activate', { activationValue: 'Retry all' }) },
      onActivate: (_n, a) => seen.push(a),
    });
    await adapter.notify(describeEvent(failed('A', 0) as NotifiableEvent));
    expect(seen).toEqual([]);
  });
});
