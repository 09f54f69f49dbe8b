import { describe, expect, it } from 'vitest';
import { NotificationService } from '../../../main/core/notify/notification-service';
import type { Notifier } from '../../../main/core/notify/notifier-port';
import type { DesktopNotification } from '../../../main/core/notify/notification-policy';
import { err, ok } from '../../../shared/contract';
import { defaultSettings } from '../../../shared/settings';
import { FakeClock } from '../../support/fake-clock';
import { failed } from './notify-events';

function setup(fail = false) {
  const clock = new FakeClock(0);
  const sent: [number, DesktopNotification][] = [];
  const errors: string[] = [];
  const notifier: Notifier = {
    notify: async (n) => {
      sent.push([clock.now(), n]);
      return fail ? err('unavailable', 'no desktop') : ok(undefined);
    },
  };
  let settings = defaultSettings().notifications;
  const service = new NotificationService({
    notifier,
    clock,
    settings: () => settings,
    onError: (e) => errors.push(e.message),
  });
  return { clock, sent, errors, service, setSettings: (s: typeof settings) => (settings = s) };
}

describe('NotificationService', () => {
  it('shows individual notifications, then one digest when the window ends', async () => {
    const { clock, sent, service } = setup();
    for (let i = 0; i < 6; i++) {
      service.handle(failed(`S${i}`, clock.now()));
      clock.advance(500);
    }
    expect(sent.map(([, n]) => n.kind)).toEqual(['failed', 'failed', 'failed']);
    clock.advance(10_000);
    await service.idle();
    expect(sent.map(([t, n]) => [t, n.kind, n.count])).toEqual([
      [0, 'failed', 1],
      [500, 'failed', 1],
      [1000, 'failed', 1],
      [11_500, 'digest', 3],
    ]);
  });

  it('reads settings on every event (config.applied needs no wiring)', () => {
    const { sent, service, setSettings } = setup();
    setSettings({ ...defaultSettings().notifications, onFailed: false });
    service.handle(failed('A'));
    expect(sent).toEqual([]);
  });

  it('reports notifier failures as errors, never throws', async () => {
    const { service, errors } = setup(true);
    service.handle(failed('A'));
    await service.idle();
    expect(errors).toEqual(['no desktop']);
  });

  it('stop() cancels a pending digest', () => {
    const { clock, sent, service } = setup();
    for (let i = 0; i < 5; i++) service.handle(failed(`S${i}`, 0));
    service.stop();
    clock.advance(60_000);
    expect(sent).toHaveLength(3);
    expect(clock.pending()).toBe(0);
  });
});
