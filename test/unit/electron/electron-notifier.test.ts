// Electron's Notification under the core's Notifier port: which buttons each
// OS gets, what a click or a button reports, failures as values, and the
// notification kept referenced until it is acted on (or its click is lost).
import { describe, expect, it } from 'vitest';
import { describeDigest, describeEvent, type NotifiableEvent } from '../../../main/core/notify/notification-policy';
import type { NotificationActivation } from '../../../main/core/notify/notifier-port';
import { ElectronNotifier, notificationButtons } from '../../../main/electron/electron-notifier';
import { createFakeElectron } from '../../support/fake-electron';
import { dlq, failed, recovered } from '../notify/notify-events';

const oneFailed = describeEvent(failed('Show.S01E01', 0) as NotifiableEvent);
const digest = describeDigest([failed('A', 0), failed('B', 0)] as NotifiableEvent[]);

function setup(platform: NodeJS.Platform, supported = true) {
  const fake = createFakeElectron({ appPath: '/a', userData: '/u', logs: '/l', notificationsSupported: supported });
  const seen: NotificationActivation[] = [];
  const notifier = new ElectronNotifier({ Notification: fake.facade.Notification, platform, iconPath: '/icons/256x256.png', onActivate: (_n, a) => void seen.push(a) });
  return { fake, seen, notifier };
}

describe('notificationButtons', () => {
  it.each<[string, NodeJS.Platform, ReturnType<typeof describeEvent>, string[]]>([
    ['failed on macOS', 'darwin', oneFailed, ['retry', 'open']],
    ['failed on Windows', 'win32', oneFailed, ['retry', 'open']],
    ['failed on Linux (click only)', 'linux', oneFailed, []],
    ['dlq on macOS', 'darwin', describeEvent(dlq('M') as NotifiableEvent), ['retry', 'open']],
    ['recovered (nothing to do but look)', 'darwin', describeEvent(recovered('M') as NotifiableEvent), []],
    ['digest on Windows', 'win32', digest, ['retryAll', 'open']],
  ])('%s', (_name, platform, note, buttons) => {
    expect(notificationButtons(note, platform)).toEqual(buttons);
  });
});

describe('ElectronNotifier', () => {
  it('shows title, body, icon and labelled buttons; a button reports its action, a click a click', async () => {
    const { fake, seen, notifier } = setup('darwin');
    expect(await notifier.notify(oneFailed)).toEqual({ ok: true, value: undefined });
    const note = fake.notifications[0]!;
    expect(note.options).toMatchObject({ title: 'Download failed: Show.S01E01', body: oneFailed.message, icon: '/icons/256x256.png', actions: [{ type: 'button', text: 'Retry' }, { type: 'button', text: 'Open' }] });
    expect(notifier.pending).toBe(1);
    note.press('Open');
    expect(seen).toEqual([{ kind: 'action', action: 'open' }]);
    expect(notifier.pending).toBe(0);
    await notifier.notify(digest);
    fake.notifications[1]!.press('Retry all');
    await notifier.notify(oneFailed);
    fake.notifications[2]!.click();
    expect(seen).toEqual([{ kind: 'action', action: 'open' }, { kind: 'action', action: 'retryAll' }, { kind: 'click' }]);
  });

  it('on Linux: no buttons, the urgency passed on; a critical one stays until seen', async () => {
    const { fake, notifier } = setup('linux');
    await notifier.notify(describeEvent(dlq('M') as NotifiableEvent));
    expect(fake.notifications[0]!.options).toMatchObject({ urgency: 'critical', timeoutType: 'never' });
    expect(fake.notifications[0]!.options.actions).toBeUndefined();
  });

  it('a system without notifications and a refused toast come back as errors, never throws', async () => {
    expect(await setup('linux', false).notifier.notify(oneFailed)).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    const { fake, notifier } = setup('win32');
    const shown = notifier.notify(oneFailed);
    fake.notifications[0]!.emit('failed', {}, 'no AppUserModelId');
    expect(await shown).toMatchObject({ ok: false, error: { message: 'Desktop notification failed: no AppUserModelId' } });
    expect(notifier.pending).toBe(0);
  });

  it('closing one lets it go', async () => {
    const { fake, notifier } = setup('darwin');
    await notifier.notify(oneFailed);
    fake.notifications[0]!.close();
    expect(notifier.pending).toBe(0);
  });
});
