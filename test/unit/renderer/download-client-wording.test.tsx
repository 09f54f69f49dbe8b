// @vitest-environment jsdom
// With NZBGet chosen as the download client, the window names NZBGet where it used to say
// SABnzbd: the Overview's queue line and set-up notice, the category hints in Settings, and
// the "Open …" link of a download; SABnzbd's settings card folds away.
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

  it('Failures: the empty list names NZBGet, and so does its set-up notice', async () => {
    const fake = nzbgetChosen();
    fake.data.failed = [];
    fake.data.dlq = [];
    renderApp(fake, '#/failures');
    expect((await screen.findByText('No failed downloads')).parentElement!.textContent).toContain('Everything NZBGet finished went through');
    cleanup();
    renderApp(
      createFakeApi({ failed: [], dlq: [], monitoring: monitoringStatus({ downloadClient: 'nzbget', services: { sabnzbd: ok, sonarr: ok, radarr: ok, nzbget: unconfigured } }) }),
      '#/failures',
    );
    expect(await screen.findByText("NZBGet isn't configured yet — open Settings")).toBeTruthy();
  });

  it('Settings: the category hints say NZBGet', async () => {
    renderApp(nzbgetChosen(), '#/settings');
    expect(await screen.findByText("Which app a NZBGet category belongs to, when the app's history does not know the download.")).toBeTruthy();
    expect((await screen.findAllByText(/the NZBGet category this (Sonarr|Radarr) sends its downloads with/)).length).toBeGreaterThan(0);
    expect(screen.queryByText(/SABnzbd category/)).toBeNull();
  });

  it("Settings: with NZBGet chosen, SABnzbd's card is folded away and says why; with SABnzbd chosen it is open", async () => {
    renderApp(nzbgetChosen(), '#/settings');
    const folded = (await screen.findByRole('group', { name: 'SABnzbd (not in use)' })) as HTMLDetailsElement;
    expect(folded.tagName).toBe('DETAILS');
    expect(folded.open).toBe(false);
    expect(folded.querySelector('summary')!.textContent).toBe('SABnzbd — not in use: NZBGet is the download client (see Download client below)');
    // Still there (and saved as it is), only folded.
    expect(screen.getByLabelText('SABnzbd URL')).toBeTruthy();
    cleanup();
    renderApp(createFakeApi(), '#/settings');
    expect((await screen.findByLabelText('SABnzbd URL')).closest('fieldset')!.querySelector('legend')!.textContent).toBe('SABnzbd');
    expect(screen.queryByRole('group', { name: 'SABnzbd (not in use)' })).toBeNull();
  });

  it("a download opens in NZBGet's web interface", async () => {
    renderApp(nzbgetChosen(), '#/attention');
    const link = await screen.findByRole('link', { name: 'Open NZBGet' });
    expect(link.getAttribute('href')).toBe('http://nas:6789');
    expect(screen.queryByRole('link', { name: 'Open SABnzbd' })).toBeNull();
  });
});
