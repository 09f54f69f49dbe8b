// @vitest-environment jsdom
// Settings → Download client: choosing NZBGet and saving its address, username
// and password (write-only) as one patch, on its own Save.
import { cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { createFakeApi } from './fake-contract-api';
import { renderApp } from './render-app';

afterEach(cleanup);

describe('Download client settings', () => {
  it('choosing NZBGet sends downloadClient, the nzbget section and the password as a secret; the main form is not saved', async () => {
    const fake = createFakeApi();
    renderApp(fake, '#/settings');
    const choice = (await screen.findByLabelText('Watch and recover through')) as HTMLSelectElement;
    expect(choice.value).toBe('sabnzbd');
    fireEvent.change(choice, { target: { value: 'nzbget' } });
    fireEvent.change(screen.getByLabelText('NZBGet URL'), { target: { value: 'http://nas:6789' } });
    fireEvent.change(screen.getByLabelText('NZBGet password'), { target: { value: 'tegbzn6789' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save download client' }));
    await screen.findByText(/^Saved/);
    expect(fake.callsTo('settings.update')).toEqual([
      { downloadClient: 'nzbget', nzbget: { url: 'http://nas:6789', username: 'nzbget', enabled: true }, apiKeys: { nzbget: 'tegbzn6789' } },
    ]);
  });

  it('Test connection sends what is typed, username included', async () => {
    const fake = createFakeApi();
    renderApp(fake, '#/settings');
    fireEvent.change(await screen.findByLabelText('NZBGet URL'), { target: { value: 'http://nas:6789' } });
    fireEvent.change(screen.getByLabelText('NZBGet username'), { target: { value: 'admin' } });
    fireEvent.change(screen.getByLabelText('NZBGet password'), { target: { value: 'pw' } });
    const form = screen.getByRole('form', { name: 'Download client' });
    fireEvent.click(form.querySelector('button.secondary')!);
    // The fake core knows no NZBGet password, so it refuses this one: the core's own words show beside NZBGet.
    expect((await screen.findByRole('alert')).textContent).toBe('nzbget refused the API key: API Key Incorrect');
    expect(fake.callsTo('settings.testConnection')).toEqual([{ service: 'nzbget', url: 'http://nas:6789', apiKey: 'pw', username: 'admin' }]);
  });
});
