import { describe, expect, it } from 'vitest';
import { OutageStreaks } from '../../../main/core/health/outage-streaks';

describe('OutageStreaks', () => {
  it('starts a streak once, counts its failures, and ends it once', () => {
    const s = new OutageStreaks<'sonarr' | 'radarr'>();
    expect(s.answered('sonarr')).toBeNull();
    expect(s.failed('sonarr', 1_000)).toEqual({ started: true, failures: 1, since: 1_000 });
    expect(s.failed('sonarr', 2_000)).toEqual({ started: false, failures: 2, since: 1_000 });
    expect(s.failed('radarr', 3_000)).toEqual({ started: true, failures: 1, since: 3_000 });
    expect(s.isDown('sonarr')).toBe(true);
    expect(s.answered('sonarr')).toEqual({ failures: 2, since: 1_000 });
    expect(s.answered('sonarr')).toBeNull();
    expect(s.isDown('sonarr')).toBe(false);
    // A new outage is a new streak.
    expect(s.failed('sonarr', 9_000)).toEqual({ started: true, failures: 1, since: 9_000 });
    s.forget('radarr');
    expect(s.keys()).toEqual(['sonarr']);
  });
});
