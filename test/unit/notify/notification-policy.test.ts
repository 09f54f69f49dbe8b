import { describe, expect, it } from 'vitest';
import {
  describeDigest,
  describeEvent,
  initialNotificationState,
  onDigestDue,
  onEvent,
  shortName,
  type NotifiableEvent,
  type NotificationSettings,
} from '../../../main/core/notify/notification-policy';
import { defaultSettings } from '../../../shared/settings';
import type { AnyBusEvent } from '../../../shared/events';
import { dlq, failed, polled, recovered } from './notify-events';

const defaults = defaultSettings().notifications; // threshold 3, window 10 s

function run(events: AnyBusEvent[], settings: NotificationSettings = defaults, digestAt?: number) {
  let state = initialNotificationState;
  const shown: { at: number; kind: string; count: number; title: string }[] = [];
  for (const e of events) {
    const step = onEvent(state, e, settings, e.timestamp);
    state = step.state;
    shown.push(...step.show.map((s) => ({ at: e.timestamp, kind: s.kind, count: s.count, title: s.title })));
  }
  if (digestAt !== undefined) {
    const step = onDigestDue(state, digestAt);
    state = step.state;
    shown.push(...step.show.map((s) => ({ at: digestAt, kind: s.kind, count: s.count, title: s.title })));
  }
  return { state, shown };
}

describe('notification policy: which events', () => {
  it.each([
    ['failed', failed('A'), defaults, ['failed']],
    ['dlq', dlq('A'), defaults, ['dlq']],
    ['recovered', recovered('A'), defaults, ['recovered']],
    ['a poll never notifies', polled(), defaults, []],
    ['failed switched off', failed('A'), { ...defaults, onFailed: false }, []],
    ['dlq switched off', dlq('A'), { ...defaults, onDlq: false }, []],
    ['recovered switched off', recovered('A'), { ...defaults, onRecovered: false }, []],
  ] as const)('%s', (_name, event, settings, kinds) => {
    expect(run([event], settings).shown.map((s) => s.kind)).toEqual(kinds);
  });

  it('ignores a replayed event', () => {
    const e = failed('A');
    expect(run([e, e]).shown).toHaveLength(1);
  });
});

describe('notification policy: digest', () => {
  it('up to the threshold shows each, more within the window become one digest at its end', () => {
    const events = [0, 1000, 2000, 3000, 4000].map((t, i) => failed(`Show.${i}`, t));
    const { shown, state } = run(events, defaults, 13_000);
    expect(shown.map((s) => [s.at, s.kind, s.count])).toEqual([
      [0, 'failed', 1],
      [1000, 'failed', 1],
      [2000, 'failed', 1],
      [13_000, 'digest', 2],
    ]);
    expect(shown[3]!.title).toBe('autoarr: 2 downloads failed');
    expect(state.held).toEqual([]);
  });

  it('the digest is not due before its time', () => {
    const events = [0, 1, 2, 3].map((t) => failed(`S${t}`, t));
    expect(run(events, defaults, 10_002).shown.map((s) => s.kind)).toEqual(['failed', 'failed', 'failed']);
  });

  it('spread-out events never digest', () => {
    const events = [0, 11_000, 22_000, 33_000, 44_000].map((t, i) => failed(`S${i}`, t));
    expect(run(events).shown.map((s) => s.kind)).toEqual(['failed', 'failed', 'failed', 'failed', 'failed']);
  });

  it('a single held event is shown as itself, not as "1 downloads"', () => {
    const events = [0, 1, 2, 3].map((t) => failed(`S${t}`, t));
    const { shown } = run(events, defaults, 10_003);
    expect(shown.at(-1)).toMatchObject({ kind: 'failed', title: 'Download failed: S3' });
  });

  it('threshold 1: the second in the window is held', () => {
    const { shown } = run([failed('A', 0), failed('B', 500), failed('C', 600)], { ...defaults, digestThreshold: 1 }, 10_500);
    expect(shown.map((s) => [s.kind, s.count])).toEqual([['failed', 1], ['digest', 2]]);
  });

  it('after a digest, the window starts over', () => {
    const first = [0, 1, 2, 3, 4].map((t) => failed(`S${t}`, t));
    let { state } = run(first, defaults);
    state = onDigestDue(state, 10_003).state;
    const later = onEvent(state, failed('Later', 10_500), defaults, 10_500);
    expect(later.show).toHaveLength(1);
  });
});

describe('notification texts', () => {
  it('a failure says what happened, targets the download and offers Retry', () => {
    const n = describeEvent(failed('Some.Show.S01E02.1080p', 0) as NotifiableEvent);
    expect(n).toMatchObject({
      title: 'Download failed: Some.Show.S01E02.1080p',
      message: 'Articles are missing on the server. autoarr will try to recover it.',
      target: { nzoId: 'nzo-Some.Show.S01E02.1080p' },
      actions: ['retry'],
      urgency: 'normal',
    });
    expect(describeEvent(failed('X', 0, { retryable: false, severity: 'critical' }) as NotifiableEvent)).toMatchObject({
      message: 'Articles are missing on the server. This needs you.',
      urgency: 'critical',
    });
  });

  it('dlq and recovered texts', () => {
    expect(describeEvent(dlq('Movie.2024') as NotifiableEvent)).toMatchObject({
      title: 'Gave up on Movie.2024',
      message: 'No release left after 3 attempts (tried a retry, another release). Open autoarr to decide.',
      urgency: 'critical',
      actions: ['retry'],
    });
    expect(describeEvent(recovered('Movie.2024') as NotifiableEvent)).toMatchObject({
      title: 'Recovered: Movie.2024',
      message: 'Completed through a lower quality after 2 attempts.',
      actions: [],
    });
  });

  it('a mixed digest lists each kind and a few names', () => {
    const events = [failed('A'), failed('B'), dlq('C'), recovered('D'), failed('E')] as NotifiableEvent[];
    const d = describeDigest(events);
    expect(d.title).toBe('autoarr: 5 download updates');
    expect(d.message).toBe('3 downloads failed, 1 given up (dead-letter queue), 1 recovered. A, B, C and 2 more.');
    expect(d.urgency).toBe('critical');
    expect(d.target).toBeNull();
    expect(d.count).toBe(5);
    expect(d.actions).toEqual(['retryAll']);
  });

  it('a digest offers Retry all while something in it is failed or given up, not when all recovered', () => {
    expect(describeDigest([failed('A'), failed('B')] as NotifiableEvent[]).actions).toEqual(['retryAll']);
    expect(describeDigest([dlq('A'), recovered('B')] as NotifiableEvent[]).actions).toEqual(['retryAll']);
    expect(describeDigest([recovered('A'), recovered('B')] as NotifiableEvent[]).actions).toEqual([]);
  });

  it('long or control-character names are shortened for a notification', () => {
    expect(shortName('a\u0007b\nc')).toBe('a b c');
    const long = shortName('x'.repeat(200));
    expect(long).toHaveLength(80);
    expect(long.endsWith('…')).toBe(true);
  });
});
