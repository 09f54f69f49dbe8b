// @vitest-environment jsdom
// With NZBGet chosen as the download client, the window names NZBGet where it used to say
// SABnzbd: the Overview's queue line and set-up notice, the category hints in Settings, and
// the "Open …" link of a download.
import { cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultSettings } from '../../../shared/settings';
import { createFakeApi, monitoringStatus } from './fake-contract-api';
import { renderApp } from './render-app';

afterEach(cleanup);

const ok = { state: 'ok', message: null, checkedAt: 1, version: '21.0' } as const;
const unconfigured = { state: 'unconfigured', message: 'No URL yet', checkedAt: null } as const;

function nzbgetChosen() {
  const settings = {
    ...defaultSettings(),
    downloadClient: 'nzbget' as const,
    nzbget: { url: 'http://nas:6789', enabled: true, username: 'nzbget' },
    arrInstances: [{ id: 'sonarr', kind: 'sonarr' as const, name: 'Sonarr', url: 'http://nas:8989', enabled: true, category: 'tv' }],
  };
  return createFakeApi({
    monitoring: monitoringStatus({ downloadClient: 'nzbget', services: { sabnzbd: unconfigured, sonarr: ok, radarr: ok, nzbget: ok } }),
    settings: { settings, hasApiKey: { sabnzbd: false, sonarr: false, radarr: false, nzbget: true }, lockedByEnv: [], secretStorage: 'plain-text' },
  });
}

describe('the chosen download client is named', () => {
  it('Overview: "NZBGet queue", no SABnzbd set-up notice, and no SABnzbd row while it is not set up', async () => {
    renderApp(nzbgetChosen(), '#/overview');
    const services = await screen.findByRole('region', { name: 'Services' });
    expect(services.textContent).toContain('NZBGet queue: 2 jobs, 1 downloading');
    expect(services.textContent).not.toContain('SABnzbd');
    expect(screen.queryByText(/isn't configured yet/)).toBeNull();
  });

  it('Overview with SABnzbd chosen keeps its words', async () => {
    renderApp(createFakeApi(), '#/overview');
    const services = await screen.findByRole('region', { name: 'Services' });
    expect(services.textContent).toContain('SABnzbd queue: 2 jobs');
  });

  it('Overview: the chosen NZBGet not set up yet says so', async () => {
    const fake = createFakeApi({ monitoring: monitoringStatus({ downloadClient: 'nzbget', services: { sabnzbd: ok, sonarr: ok, radarr: ok, nzbget: unconfigured } }) });
    renderApp(fake, '#/overview');
    expect((await screen.findByText(/isn't configured yet/)).textContent).toMatch(/^NZBGet isn't configured yet/);
  });

  it('Settings: the category hints say NZBGet', async () => {
    renderApp(nzbgetChosen(), '#/settings');
    expect(await screen.findByText("Which app a NZBGet category belongs to, when the app's history does not know the download.")).toBeTruthy();
    expect((await screen.findAllByText(/the NZBGet category this (Sonarr|Radarr) sends its downloads with/)).length).toBeGreaterThan(0);
    expect(screen.queryByText(/SABnzbd category/)).toBeNull();
  });

  it("a download opens in NZBGet's web interface", async () => {
    renderApp(nzbgetChosen(), '#/attention');
    const link = await screen.findByRole('link', { name: 'Open NZBGet' });
    expect(link.getAttribute('href')).toBe('http://nas:6789');
    expect(screen.queryByRole('link', { name: 'Open SABnzbd' })).toBeNull();
  });
});
