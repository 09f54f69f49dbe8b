import { describe, expect, it } from 'vitest';
import type { AnyBusEvent } from '../../../shared/events';
import { ServiceHealthTracker } from '../../../main/core/health/service-health';
import { FakeClock } from '../../support/fake-clock';

const polled = { type: 'queue.polled', payload: {} } as unknown as AnyBusEvent;
const error = (service: string, recovered = false) =>
  ({ type: 'service.error', payload: { service, message: `${service} is down`, recovered } }) as unknown as AnyBusEvent;

describe('ServiceHealthTracker and the chosen download client', () => {
  it('a completed poll says the download client the poller reads answers: NZBGet when Settings choose it', () => {
    let chosen: 'sabnzbd' | 'nzbget' = 'nzbget';
    const health = new ServiceHealthTracker(new FakeClock(), () => true, () => chosen);
    health.observe(polled);
    expect(health.get('nzbget').state).toBe('ok');
    expect(health.get('sabnzbd').state).toBe('unknown');
    health.observe(error('nzbget'));
    expect(health.all().nzbget).toMatchObject({ state: 'error', message: 'nzbget is down' });
    chosen = 'sabnzbd';
    health.observe(polled);
    expect(health.get('sabnzbd').state).toBe('ok');
  });

  it('NZBGet without an address is unconfigured, in its own name', () => {
    const health = new ServiceHealthTracker(new FakeClock(), (s) => s !== 'nzbget');
    expect(health.get('nzbget')).toMatchObject({ state: 'unconfigured', message: expect.stringMatching(/^NZBGet /) });
  });
});
