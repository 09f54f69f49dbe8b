// @vitest-environment jsdom
// Settings → *arr instances and the Overview's instance health, against the schema-checked fake api.
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { createFakeApi } from './fake-contract-api';
import { renderApp } from './render-app';

afterEach(() => {
  cleanup();
  window.location.hash = '';
});

const SECRET = 'uhd-secret-key-0123456789abcdef';

describe('Settings → *arr instances', () => {
  it('adds Radarr and Radarr 4K: ids in order, categories and the key sent once, the key never shown again', async () => {
    const fake = createFakeApi();
    renderApp(fake, '#/settings');
    fireEvent.click(await screen.findByRole('button', { name: 'Add instance' }));
    fireEvent.click(screen.getByRole('button', { name: 'Add instance' }));
    const [first, second] = screen.getAllByRole('group', { name: 'Instance Radarr' });
    fireEvent.change(within(first!).getByLabelText('Name'), { target: { value: 'Radarr HD' } });
    fireEvent.change(within(first!).getByLabelText('URL'), { target: { value: 'http://10.0.0.5:7878' } });
    fireEvent.change(within(first!).getByLabelText('Download category'), { target: { value: 'movies' } });
    fireEvent.change(within(second!).getByLabelText('Name'), { target: { value: 'Radarr 4K' } });
    fireEvent.change(within(second!).getByLabelText('URL'), { target: { value: 'http://10.0.0.6:7878' } });
    fireEvent.change(within(second!).getByLabelText('Download category'), { target: { value: 'movies-4k' } });
    fireEvent.change(within(second!).getByLabelText('API key'), { target: { value: SECRET } });
    fireEvent.click(screen.getByRole('button', { name: 'Save instances' }));
    expect(await screen.findByText('Instances saved')).toBeTruthy();
    expect(fake.callsTo('settings.update')).toEqual([
      {
        arrInstances: [
          { id: 'radarr', kind: 'radarr', name: 'Radarr HD', url: 'http://10.0.0.5:7878', enabled: true, category: 'movies' },
          { id: 'radarr-2', kind: 'radarr', name: 'Radarr 4K', url: 'http://10.0.0.6:7878', enabled: true, category: 'movies-4k' },
        ],
        instanceApiKeys: { 'radarr-2': SECRET },
      },
    ]);
    const saved = await screen.findByRole('group', { name: 'Instance Radarr 4K' });
    const key = within(saved).getByLabelText('API key') as HTMLInputElement;
    expect(key.value).toBe('');
    expect(key.placeholder).toBe('•••••••• saved');
    expect(document.body.innerHTML).not.toContain(SECRET);
  });

  it('Test connection of a saved instance names the instance and sends no key it does not have', async () => {
    const fake = createFakeApi();
    renderApp(fake, '#/settings');
    fireEvent.click(await screen.findByRole('button', { name: 'Add instance' }));
    const card = screen.getByRole('group', { name: 'Instance Radarr' });
    fireEvent.change(within(card).getByLabelText('Name'), { target: { value: 'Radarr 4K' } });
    fireEvent.change(within(card).getByLabelText('URL'), { target: { value: 'http://10.0.0.6:7878' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save instances' }));
    await screen.findByText('Instances saved');
    fireEvent.click(await screen.findByRole('button', { name: 'Test connection to instance Radarr 4K' }));
    // The whole window re-renders in jsdom after the answer: past findBy's 1 s default on a loaded 2-core machine.
    expect(await screen.findByText(/Connected to Radarr/, undefined, { timeout: 5_000 })).toBeTruthy();
    expect(fake.callsTo('settings.testConnection')).toEqual([{ service: 'radarr', instanceId: 'radarr' }]);
  });

  it('a Lidarr instance is added and tested like the others (Test connection asks for Lidarr)', async () => {
    const fake = createFakeApi();
    renderApp(fake, '#/settings');
    fireEvent.click(await screen.findByRole('button', { name: 'Add instance' }));
    const card = screen.getByRole('group', { name: 'Instance Radarr' });
    fireEvent.change(within(card).getByLabelText('App'), { target: { value: 'lidarr' } });
    const lidarr = screen.getByRole('group', { name: 'Instance Lidarr' });
    fireEvent.change(within(lidarr).getByLabelText('Name'), { target: { value: 'Lidarr' } });
    fireEvent.change(within(lidarr).getByLabelText('URL'), { target: { value: 'http://10.0.0.7:8686' } });
    fireEvent.change(within(lidarr).getByLabelText('Download category'), { target: { value: 'music' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save instances' }));
    await screen.findByText('Instances saved');
    expect(fake.callsTo('settings.update')).toEqual([
      { arrInstances: [{ id: 'lidarr', kind: 'lidarr', name: 'Lidarr', url: 'http://10.0.0.7:8686', enabled: true, category: 'music' }], instanceApiKeys: {} },
    ]);
    fireEvent.click(await screen.findByRole('button', { name: 'Test connection to instance Lidarr' }));
    expect(await screen.findByText(/Connected to Lidarr/, undefined, { timeout: 5_000 })).toBeTruthy();
    expect(fake.callsTo('settings.testConnection')).toEqual([{ service: 'lidarr', instanceId: 'lidarr' }]);
  });
});

describe('Overview: every instance with its health', () => {
  it('lists the instances besides the first Sonarr/Radarr with their state and message', async () => {
    const fake = createFakeApi();
    fake.data.monitoring = {
      ...fake.data.monitoring,
      instances: [
        { id: 'radarr', name: 'Radarr', kind: 'radarr', category: 'movies', health: fake.data.monitoring.services.radarr },
        { id: 'radarr-2', name: 'Radarr 4K', kind: 'radarr', category: 'movies-4k', health: { state: 'ok', message: null, checkedAt: 1, version: '6.0.4' } },
        { id: 'sonarr-2', name: 'Anime', kind: 'sonarr', category: 'anime', health: { state: 'error', message: 'Anime: Unauthorized', checkedAt: 1, version: null } },
      ],
    };
    renderApp(fake, '#/');
    const list = await screen.findByRole('list', { name: 'More *arr instances' });
    expect(within(list).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['Radarr 4KOK · v6.0.4', 'Anime (Sonarr)ErrorAnime: Unauthorized']);
  });
});
