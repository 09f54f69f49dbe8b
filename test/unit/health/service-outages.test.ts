import { describe, expect, it } from 'vitest';
import { ServiceOutages } from '../../../main/core/health/service-outages';
import { createRecordingBus } from '../../support/recording-bus';

describe('ServiceOutages: the one teller of service.error', () => {
  it('reporters share one streak per service: told once when it starts, once when it ends, one correlation id', async () => {
    const rb = createRecordingBus();
    const outages = new ServiceOutages({ bus: rb.bus, clock: rb.clock });
    const heard: string[] = [];
    outages.onAnswered((service, ended) => heard.push(`${service}:${ended.failures}`));
    // The *arr failure watch meets Sonarr down, then recovery does: one notice.
    expect(await outages.failed('sonarr', { code: 'unreachable', message: 'watch: refused', source: 'monitoring' })).toMatchObject({ started: true, failures: 1 });
    expect(await outages.failed('sonarr', { code: 'unreachable', message: 'recovery: refused', source: 'recovery' })).toMatchObject({ started: false, failures: 2 });
    rb.clock.advance(5_000);
    // Recovery gets an answer first: it ends the streak for everyone.
    const ended = await outages.answered('sonarr', { source: 'recovery', message: (e) => `back after ${e.failures}` });
    expect(ended).toMatchObject({ failures: 2 });
    expect(await outages.answered('sonarr', { source: 'monitoring', message: () => 'again?' })).toBeNull();
    const errors = rb.ofType('service.error');
    expect(errors.map((e) => [e.payload.service, e.payload.recovered, e.payload.consecutiveFailures, e.payload.message])).toEqual([
      ['sonarr', false, 1, 'watch: refused'],
      ['sonarr', true, 2, 'back after 2'],
    ]);
    expect(errors[1]!.correlationId).toBe(errors[0]!.correlationId);
    expect(heard).toEqual(['sonarr:2']);
  });

  it('the poller tells every failed poll; a silent report (recovery meeting SABnzbd) counts but tells nobody', async () => {
    const rb = createRecordingBus();
    const outages = new ServiceOutages({ bus: rb.bus, clock: rb.clock });
    const heard: string[] = [];
    outages.onAnswered((service) => heard.push(service));
    await outages.failed('sabnzbd', { code: 'timeout', message: 'slow', source: 'recovery', silent: true });
    expect(rb.ofType('service.error')).toHaveLength(0);
    // Nobody was told it was down, so nobody is told it is back; recovery still hears it.
    await outages.answered('sabnzbd', { source: 'monitoring', message: () => 'back' });
    expect(rb.ofType('service.error')).toHaveLength(0);
    expect(heard).toEqual(['sabnzbd']);
    await outages.failed('sabnzbd', { code: 'unreachable', message: 'poll 1', source: 'monitoring', everyTime: true, nextRetryAt: 1 });
    await outages.failed('sabnzbd', { code: 'unreachable', message: 'poll 2', source: 'monitoring', everyTime: true, nextRetryAt: 2 });
    await outages.answered('sabnzbd', { source: 'monitoring', message: (e) => `back after ${e.failures} polls` });
    expect(rb.ofType('service.error').map((e) => [e.payload.consecutiveFailures, e.payload.nextRetryAt, e.payload.recovered])).toEqual([
      [1, 1, false],
      [2, 2, false],
      [2, null, true],
    ]);
  });
});

describe('ServiceOutages: another *arr instance of a kind has its own streak', () => {
  it('Radarr 4K down while the first Radarr answers: one notice naming the instance, not ended by the first Radarr, one when it is back', async () => {
    const rb = createRecordingBus();
    const outages = new ServiceOutages({ bus: rb.bus, clock: rb.clock });
    const heard: string[] = [];
    outages.onAnswered((service, ended, instance) => heard.push(`${service}/${instance ?? '-'}:${ended.failures}`));
    const uhd = { instance: 'radarr-2' };
    await outages.failed('radarr', { code: 'unreachable', message: '4K refused', source: 'recovery', ...uhd });
    // The first Radarr answers between the 4K's failures: that is not the 4K's streak ending.
    expect(await outages.answered('radarr', { source: 'recovery', message: () => 'HD back?' })).toBeNull();
    expect(await outages.answered('radarr', { source: 'recovery', instance: 'radarr', message: () => 'HD back?' })).toBeNull();
    expect(await outages.failed('radarr', { code: 'unreachable', message: '4K refused again', source: 'recovery', ...uhd })).toMatchObject({ started: false, failures: 2 });
    expect(outages.isDown('radarr')).toBe(false);
    expect(outages.isDown('radarr', 'radarr-2')).toBe(true);
    expect(await outages.answered('radarr', { source: 'recovery', message: (e) => `4K back after ${e.failures}`, ...uhd })).toMatchObject({ failures: 2 });
    const errors = rb.ofType('service.error');
    expect(errors.map((e) => [e.payload.service, e.payload.instance, e.payload.recovered, e.payload.message])).toEqual([
      ['radarr', 'radarr-2', false, '4K refused'],
      ['radarr', 'radarr-2', true, '4K back after 2'],
    ]);
    expect(errors[1]!.correlationId).toBe(errors[0]!.correlationId);
    expect(heard).toEqual(['radarr/radarr-2:2']);
  });

  it('the first of a kind named by its own id is the app: one streak, no instance in the notice', async () => {
    const rb = createRecordingBus();
    const outages = new ServiceOutages({ bus: rb.bus, clock: rb.clock });
    await outages.failed('radarr', { code: 'unreachable', message: 'refused', source: 'recovery', instance: 'radarr' });
    expect(outages.isDown('radarr')).toBe(true);
    await outages.answered('radarr', { source: 'monitoring', message: () => 'back' });
    expect(rb.ofType('service.error').map((e) => [e.payload.recovered, 'instance' in e.payload])).toEqual([
      [false, false],
      [true, false],
    ]);
  });
});

describe('the only teller', () => {
  it('no other file in the core publishes service.error (any call whose first argument is it)', async () => {
    const { readdirSync, readFileSync, statSync } = await import('node:fs');
    const { join, relative } = await import('node:path');
    const root = join(__dirname, '..', '..', '..', 'main');
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const p = join(dir, name);
        if (statSync(p).isDirectory()) walk(p);
        else if (p.endsWith('.ts')) files.push(p);
      }
    };
    walk(root);
    const publishers = files.filter((f) => /(?<!subscribe)\(\s*['"]service\.error['"]\s*,/.test(readFileSync(f, 'utf8'))).map((f) => relative(root, f));
    expect(publishers).toEqual(['core/health/service-outages.ts']);
  });
});
