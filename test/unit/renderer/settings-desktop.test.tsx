// @vitest-environment jsdom
// The Settings pieces that only mean something in the desktop app: the
// close-to-tray toggle (shown in Electron only, defaulting per platform) and
// where API keys are kept, said as a sentence.
import { cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { closesToTrayByDefault, secretStorageSentence } from '../../../renderer/settings/secret-storage-sentence';
import { formFromSettings, validateSettingsForm } from '../../../renderer/settings/settings-form';
import { ok, type AppInfo, type SecretStorageKind } from '../../../shared/contract';
import { defaultSettings } from '../../../shared/settings';
import { createFakeApi, type FakeApi } from './fake-contract-api';
import { renderApp } from './render-app';

afterEach(cleanup);

function desktopApi(platform: string, secretStorage: SecretStorageKind, mode: AppInfo['mode'] = 'electron'): FakeApi {
  const fake = createFakeApi();
  fake.data.settings = { ...fake.data.settings, secretStorage };
  fake.api = { ...fake.api, 'app.info': async () => ok({ name: 'autoarr-tray', version: '0.1.0', mode, demo: false, dataDir: '/d', secretStorage, platform }) };
  return fake;
}

describe('secretStorageSentence', () => {
  it.each<[SecretStorageKind, AppInfo['mode'] | null, string]>([
    ['os-keychain', 'electron', "Keys are encrypted with this desktop's keychain."],
    ['plain-text', 'electron', 'Keys are stored in plain text because no keychain is available on this desktop.'],
    ['plain-text', 'browser', 'Keys are stored in plain text in the data folder (a file only your user can read): browser mode has no keychain.'],
    ['memory', null, 'Keys are kept in memory only and are forgotten when autoarr-tray stops.'],
  ])('%s in %s mode', (kind, mode, sentence) => {
    expect(secretStorageSentence(kind, mode)).toBe(sentence);
  });
});

describe('close to tray in the settings form', () => {
  const view = { settings: defaultSettings(), hasApiKey: { sabnzbd: false, sonarr: false, radarr: false }, lockedByEnv: [], secretStorage: 'memory' as const };

  it('untouched, it is not sent (the platform default keeps applying); chosen, it is', () => {
    const form = formFromSettings(view);
    expect(form.closeToTray).toBeNull();
    const untouched = validateSettingsForm(form, view.settings);
    expect(untouched.ok && 'closeToTray' in untouched.patch).toBe(false);
    const chosen = validateSettingsForm({ ...form, closeToTray: false }, view.settings);
    expect(chosen.ok && chosen.patch.closeToTray).toBe(false);
    expect(formFromSettings({ ...view, settings: { ...view.settings, closeToTray: true } }).closeToTray).toBe(true);
  });

  it('defaults: hide to the tray on Windows and macOS, quit on Linux', () => {
    expect([closesToTrayByDefault('win32'), closesToTrayByDefault('darwin'), closesToTrayByDefault('linux')]).toEqual([true, true, false]);
  });
});

describe('Settings view on the desktop', () => {
  it('Linux: the toggle starts off (the default), turning it on saves closeToTray: true; the keychain sentence shows', async () => {
    const fake = desktopApi('linux', 'plain-text');
    renderApp(fake, '#/settings');
    const toggle = (await screen.findByLabelText(/Close to tray/)) as HTMLInputElement;
    expect(toggle.checked).toBe(false);
    expect(screen.getByText('Keys are stored in plain text because no keychain is available on this desktop.')).toBeTruthy();
    fireEvent.click(toggle);
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    await screen.findByText(/^Saved/);
    expect((fake.callsTo('settings.update')[0] as { closeToTray?: boolean }).closeToTray).toBe(true);
  });

  it('Windows: the toggle starts on', async () => {
    renderApp(desktopApi('win32', 'os-keychain'), '#/settings');
    expect(((await screen.findByLabelText(/Close to tray/)) as HTMLInputElement).checked).toBe(true);
    expect(screen.getByText("Keys are encrypted with this desktop's keychain.")).toBeTruthy();
  });

  it('browser mode has no tray: no toggle', async () => {
    renderApp(desktopApi('linux', 'plain-text', 'browser'), '#/settings');
    await screen.findByText(/browser mode has no keychain/);
    expect(screen.queryByLabelText(/Close to tray/)).toBeNull();
  });
});
