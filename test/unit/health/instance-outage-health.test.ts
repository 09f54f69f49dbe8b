// An outage of an *arr instance other than the first of its kind ("Radarr 4K") is that
// instance's health, told by ServiceOutages with `instance`; the first Radarr's health
// (ServiceHealthTracker, the tray, the Overview's Radarr row) does not move.
import { describe, expect, it } from 'vitest';
import { InstanceHealth } from '../../../main/core/health/instance-health';
import { ServiceHealthTracker } from '../../../main/core/health/service-health';
import { ServiceOutages } from '../../../main/core/health/service-outages';
import { defaultSettings, type Settings } from '../../../shared/settings';
import { createRecordingBus } from '../../support/recording-bus';

function world() {
  const rb = createRecordingBus();
  const settings: Settings = {
    ...defaultSettings(),
    arrInstances: [
      { id: 'radarr', kind: 'radarr', name: 'Radarr', url: 'http://127.0.0.1:7878', enabled: true, category: 'movies' },
      { id: 'radarr-2', kind: 'radarr', name: 'Radarr 4K', url: 'http://127.0.0.1:7879', enabled: true, category: 'movies-4k' },
    ],
  };
  const health = new ServiceHealthTracker(rb.clock, () => true);
  const instances = new InstanceHealth({ health, clock: rb.clock, settings: () => settings, apiKey: () => 'key' });
  rb.bus.subscribe('*', (e) => health.observe(e), { name: 'service-health' });
  rb.bus.subscribe('service.error', (e) => instances.observe(e), { name: 'instance-health' });
  const outages = new ServiceOutages({ bus: rb.bus, clock: rb.clock });
  const state = (id: string) => instances.all().find((i) => i.id === id)?.health.state;
  return { rb, health, instances, outages, state };
}

describe('the health of an instance other than the first of its kind', () => {
  it('Radarr 4K down: its own health is error, the first Radarr stays ok; back: ok again', async () => {
    const w = world();
    w.instances.set('radarr', 'ok', null);
    w.instances.set('radarr-2', 'ok', null, '5.2.0');
    await w.outages.failed('radarr', { code: 'unreachable', message: 'Radarr 4K cannot be reached', source: 'recovery', instance: 'radarr-2' });
    expect(w.state('radarr-2')).toBe('error');
    expect(w.instances.all().find((i) => i.id === 'radarr-2')?.health.message).toBe('Radarr 4K cannot be reached');
    expect(w.health.get('radarr').state).toBe('ok');
    expect(w.state('radarr')).toBe('ok');
    await w.outages.answered('radarr', { source: 'recovery', instance: 'radarr-2', message: () => 'Radarr 4K answers again' });
    expect(w.state('radarr-2')).toBe('ok');
    expect(w.instances.all().find((i) => i.id === 'radarr-2')?.health.version).toBe('5.2.0');
  });

  it("the first Radarr's outage is the health tracker's, and an instance not in the settings is ignored", async () => {
    const w = world();
    w.instances.set('radarr-2', 'ok', null);
    await w.outages.failed('radarr', { code: 'unreachable', message: 'Radarr down', source: 'recovery' });
    expect(w.health.get('radarr').state).toBe('error');
    expect(w.state('radarr-2')).toBe('ok');
    await w.outages.failed('radarr', { code: 'unreachable', message: 'gone', source: 'recovery', instance: 'radarr-9' });
    expect(w.instances.all().map((i) => i.id)).toEqual(['radarr', 'radarr-2']);
    expect(w.health.get('radarr').message).toBe('Radarr down');
  });
});
