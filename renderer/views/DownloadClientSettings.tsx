// Settings → Download client: which client autoarr-tray watches and recovers
// through (SABnzbd, set up in the SABnzbd card above, or NZBGet), and NZBGet's
// address, username and password. The password is write-only like an API key:
// the core only says whether one is saved. Saved on its own, so the main form
// and the *arr instances stay as they are.
import { useId, useState } from 'react';
import type { SettingsView } from '../../shared/contract';
import type { DownloadClientKindSetting, SettingsPatch } from '../../shared/settings';
import { useApp } from '../store/store-context';

interface Draft {
  downloadClient: DownloadClientKindSetting;
  url: string;
  username: string;
  enabled: boolean;
  /** What is typed; '' keeps the saved password. */
  password: string;
}

const draftOf = (view: SettingsView): Draft => ({
  downloadClient: view.settings.downloadClient,
  url: view.settings.nzbget.url,
  username: view.settings.nzbget.username,
  enabled: view.settings.nzbget.enabled,
  password: '',
});

export function DownloadClientSettings({ view }: { view: SettingsView }) {
  const save = useApp((s) => s.saveSettings);
  const test = useApp((s) => s.connectionTests.nzbget);
  const testConnection = useApp((s) => s.testConnection);
  const [draft, setDraft] = useState<Draft>(() => draftOf(view));
  const [state, setState] = useState<{ kind: 'ok' | 'error' | 'pending'; text: string } | null>(null);
  const ids = { client: useId(), url: useId(), user: useId(), pass: useId() };
  const locked = (key: string) => view.lockedByEnv.includes(key);
  const hasPassword = view.hasApiKey.nzbget === true;

  // Start again from the core's values when they change (a save here or elsewhere), during render
  // rather than in an effect: a mount effect still pending when the first keystroke arrives (a commit
  // outside act, a busy machine) ran after it and wiped it — seen in the full suite as a Test
  // connection without the typed URL.
  const savedKey = JSON.stringify(draftOf(view));
  const [draftOfKey, setDraftOfKey] = useState(savedKey);
  if (draftOfKey !== savedKey) {
    setDraftOfKey(savedKey);
    setDraft(draftOf(view));
  }

  const onSave = async () => {
    const patch: SettingsPatch = {
      downloadClient: draft.downloadClient,
      nzbget: { url: draft.url.trim(), username: draft.username.trim(), enabled: draft.enabled },
      ...(draft.password !== '' ? { apiKeys: { nzbget: draft.password } } : {}),
    };
    setState({ kind: 'pending', text: 'Saving…' });
    const r = await save(patch);
    setState(r.ok ? { kind: 'ok', text: r.value.changedKeys.length ? 'Saved' : 'Saved — nothing changed' } : { kind: 'error', text: r.error.message });
  };

  return (
    <form
      className="card download-client-settings"
      aria-label="Download client"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void onSave();
      }}
    >
      <h3>Download client</h3>
      <div className="field">
        <label htmlFor={ids.client}>Watch and recover through</label>
        <select
          id={ids.client}
          value={draft.downloadClient}
          disabled={locked('downloadClient')}
          onChange={(e) => setDraft((d) => ({ ...d, downloadClient: e.target.value as DownloadClientKindSetting }))}
        >
          <option value="sabnzbd">SABnzbd</option>
          <option value="nzbget">NZBGet</option>
        </select>
      </div>
      <fieldset className="service-settings">
        <legend>NZBGet</legend>
        <div className="field">
          <label htmlFor={ids.url}>NZBGet URL</label>
          <input id={ids.url} type="url" inputMode="url" placeholder="http://127.0.0.1:6789" value={draft.url} disabled={locked('nzbget.url')} onChange={(e) => setDraft((d) => ({ ...d, url: e.target.value }))} />
        </div>
        <div className="field">
          <label htmlFor={ids.user}>NZBGet username</label>
          <input id={ids.user} type="text" autoComplete="off" value={draft.username} disabled={locked('nzbget.username')} onChange={(e) => setDraft((d) => ({ ...d, username: e.target.value }))} />
        </div>
        <div className="field">
          <label htmlFor={ids.pass}>NZBGet password</label>
          <input
            id={ids.pass}
            type="password"
            autoComplete="off"
            placeholder={hasPassword ? '•••••••• saved' : 'NZBGet → Settings → Security → ControlPassword'}
            value={draft.password}
            disabled={locked('apiKeys.nzbget')}
            onChange={(e) => setDraft((d) => ({ ...d, password: e.target.value }))}
          />
          <span className="hint">{hasPassword ? 'saved — type a new one to replace it' : 'not set'}</span>
        </div>
        <label className="check">
          <input type="checkbox" checked={draft.enabled} onChange={(e) => setDraft((d) => ({ ...d, enabled: e.target.checked }))} /> Enabled
        </label>
        <div className="buttons">
          <button type="button" className="secondary" disabled={test?.state === 'pending'} onClick={() => void testConnection('nzbget', draft.url, draft.password, draft.username)}>
            {test?.state === 'pending' ? 'Testing…' : 'Test connection'}
          </button>
        </div>
        {test && test.state !== 'pending' ? (
          <p className={test.state === 'ok' ? 'ok-text' : 'error-text'} role={test.state === 'ok' ? 'status' : 'alert'}>
            {test.message}
          </p>
        ) : null}
      </fieldset>
      <div className="savebar">
        <button type="submit" disabled={state?.kind === 'pending'}>
          Save download client
        </button>
        {state ? (
          <span className={state.kind === 'error' ? 'error-text' : 'ok-text'} role={state.kind === 'error' ? 'alert' : 'status'}>
            {state.text}
          </span>
        ) : null}
      </div>
    </form>
  );
}
