// Connections, monitoring, notifications and category map. API keys are
// write-only: the core only says whether one is saved. Test connection uses
// what is typed (before saving) and shows the core's own error message.
import { useEffect, useId, useState, type ReactNode } from 'react';
import type { SettingsView as SettingsViewData } from '../../shared/contract';
import { ErrorBox, Loading } from '../components/StateMessage';
import { errorOf, useContractQuery } from '../data/contract-query';
import {
  NUMBER_FIELDS,
  SERVICE_KEYS,
  formFromSettings,
  validateSettingsForm,
  type FieldErrors,
  type NumberField,
  type ServiceKey,
  type SettingsForm,
} from '../settings/settings-form';
import { closesToTrayByDefault, secretStorageSentence } from '../settings/secret-storage-sentence';
import { useApp } from '../store/store-context';
import { AuditPanel } from './AuditPanel';
import { DownloadClientSettings } from './DownloadClientSettings';
import { WebhookSettings } from './WebhookSettings';
import { ArrInstanceSettings } from './ArrInstanceSettings';

const SERVICE_NAMES: Record<ServiceKey, string> = { sabnzbd: 'SABnzbd', sonarr: 'Sonarr', radarr: 'Radarr' };
const URL_HINTS: Record<ServiceKey, string> = { sabnzbd: 'http://127.0.0.1:8080', sonarr: 'http://127.0.0.1:8989', radarr: 'http://127.0.0.1:7878' };

function Field({ label, error, hint, children }: { label: string; error?: string | undefined; hint?: string; children: (id: string, describedBy: string | undefined) => ReactNode }) {
  const id = useId();
  const errId = `${id}-err`;
  const hintId = `${id}-hint`;
  const describedBy = [error ? errId : null, hint ? hintId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={error ? 'field invalid' : 'field'}>
      <label htmlFor={id}>{label}</label>
      {children(id, describedBy)}
      {hint ? (
        <span id={hintId} className="hint">
          {hint}
        </span>
      ) : null}
      {error ? (
        <span id={errId} className="field-error" role="alert">
          {error}
        </span>
      ) : null}
    </div>
  );
}

function ServiceSection({ k, form, setForm, errors, view }: { k: ServiceKey; form: SettingsForm; setForm: (f: SettingsForm) => void; errors: FieldErrors; view: SettingsViewData }) {
  const urlLocked = view.lockedByEnv.includes(`${k}.url`);
  const keyLocked = view.lockedByEnv.includes(`apiKeys.${k}`);
  // With NZBGet chosen, SABnzbd's card folds away (kept, so switching back finds it as it was).
  if (k === 'sabnzbd' && view.settings.downloadClient === 'nzbget') {
    const hasError = Boolean(errors['sabnzbd.url']);
    return (
      <details className="card service-settings" open={hasError} aria-label="SABnzbd (not in use)">
        <summary>SABnzbd — not in use: NZBGet is the download client (see Download client below)</summary>
        <ServiceFields k={k} form={form} setForm={setForm} errors={errors} view={view} urlLocked={urlLocked} keyLocked={keyLocked} />
      </details>
    );
  }
  return (
    <fieldset className="card service-settings">
      <legend>{SERVICE_NAMES[k]}</legend>
      <ServiceFields k={k} form={form} setForm={setForm} errors={errors} view={view} urlLocked={urlLocked} keyLocked={keyLocked} />
    </fieldset>
  );
}

function ServiceFields({ k, form, setForm, errors, view, urlLocked, keyLocked }: {
  k: ServiceKey;
  form: SettingsForm;
  setForm: (f: SettingsForm) => void;
  errors: FieldErrors;
  view: SettingsViewData;
  urlLocked: boolean;
  keyLocked: boolean;
}) {
  const test = useApp((s) => s.connectionTests[k]);
  const testConnection = useApp((s) => s.testConnection);
  const svc = form.services[k];
  const update = (patch: Partial<SettingsForm['services'][ServiceKey]>) => setForm({ ...form, services: { ...form.services, [k]: { ...svc, ...patch } } });
  return (
    <>
      <Field label={`${SERVICE_NAMES[k]} URL`} error={errors[`${k}.url`]} hint={urlLocked ? 'Set by an environment variable' : undefined}>
        {(id, d) => (
          <input id={id} type="url" inputMode="url" placeholder={URL_HINTS[k]} value={svc.url} disabled={urlLocked} aria-describedby={d} aria-invalid={Boolean(errors[`${k}.url`])} onChange={(e) => update({ url: e.target.value })} />
        )}
      </Field>
      <Field label={`${SERVICE_NAMES[k]} API key`} hint={view.hasApiKey[k] ? 'saved — type a new one to replace it' : 'not set'}>
        {(id, d) => (
          <input id={id} type="password" autoComplete="off" placeholder={view.hasApiKey[k] ? '•••••••• saved' : 'paste the API key'} value={svc.apiKey} disabled={keyLocked} aria-describedby={d} onChange={(e) => update({ apiKey: e.target.value })} />
        )}
      </Field>
      {view.hasApiKey[k] ? <span className="badge saved">saved</span> : null}
      <label className="check">
        <input type="checkbox" checked={svc.enabled} onChange={(e) => update({ enabled: e.target.checked })} /> Enabled
      </label>
      <div className="buttons">
        <button type="button" className="secondary" onClick={() => void testConnection(k, svc.url, svc.apiKey)} disabled={test?.state === 'pending'} aria-label={`Test connection to ${SERVICE_NAMES[k]}`}>
          {test?.state === 'pending' ? 'Testing…' : 'Test connection'}
        </button>
      </div>
      {test && test.state !== 'pending' ? (
        <p className={test.state === 'ok' ? 'ok-text' : 'error-text'} role={test.state === 'ok' ? 'status' : 'alert'}>
          {test.message}
        </p>
      ) : null}
    </>
  );
}

export function SettingsView() {
  const settings = useContractQuery('settings.get', {}, { refetchOnWindowFocus: false });
  const save = useApp((s) => s.saveSettings);
  const info = useContractQuery('app.info', {}, { staleTime: Infinity }).data;
  const [form, setForm] = useState<SettingsForm | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [saveState, setSaveState] = useState<{ kind: 'ok' | 'error' | 'pending'; text: string } | null>(null);
  const view = settings.data;

  useEffect(() => {
    if (view) setForm(formFromSettings(view));
  }, [view]);

  if (!view || !form) {
    const error = errorOf(settings.error);
    if (error) return <ErrorBox error={error} onRetry={() => void settings.refetch()} />;
    return <Loading what="settings" />;
  }

  const onSave = async () => {
    const r = validateSettingsForm(form, view.settings, view.lockedByEnv);
    if (!r.ok) {
      setErrors(r.errors);
      setSaveState({ kind: 'error', text: 'Some fields need fixing (see the messages next to them).' });
      return;
    }
    setErrors({});
    setSaveState({ kind: 'pending', text: 'Saving…' });
    const res = await save(r.patch);
    if (res.ok) setSaveState({ kind: 'ok', text: res.value.changedKeys.length ? `Saved (${res.value.changedKeys.length} changed)` : 'Saved — nothing changed' });
    else setSaveState({ kind: 'error', text: res.error.message });
  };

  const numberInput = (field: NumberField) => (
    <Field key={field} label={NUMBER_FIELDS[field]} error={errors[field]} hint={view.lockedByEnv.includes(field) ? 'Set by an environment variable' : undefined}>
      {(id, d) => (
        <input id={id} type="text" inputMode="numeric" value={form.numbers[field]} disabled={view.lockedByEnv.includes(field)} aria-describedby={d} aria-invalid={Boolean(errors[field])} onChange={(e) => setForm({ ...form, numbers: { ...form.numbers, [field]: e.target.value } })} />
      )}
    </Field>
  );

  return (
    <section aria-labelledby="settings-h" className="view">
      <h2 id="settings-h">Settings</h2>
      {view.warnings?.length ? (
        <div className="notice" role="status" aria-label="Settings adjusted at start">
          <p>Some values from the environment or the settings file were adjusted at start:</p>
          <ul>
            {view.warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void onSave();
        }}
        noValidate
        aria-label="Settings"
      >
        <div className="cards">
          {SERVICE_KEYS.map((k) => (
            <ServiceSection key={k} k={k} form={form} setForm={setForm} errors={errors} view={view} />
          ))}
        </div>
        <div className="cards">
          <fieldset className="card">
            <legend>Monitoring</legend>
            {numberInput('monitoring.pollIntervalSeconds')}
            {numberInput('monitoring.maxRetries')}
            {numberInput('monitoring.baseBackoffSeconds')}
            {numberInput('monitoring.replacementDeadlineHours')}
            <label className="check">
              <input type="checkbox" checked={form.dryRun} onChange={(e) => setForm({ ...form, dryRun: e.target.checked })} /> Dry run (decide, but change nothing)
            </label>
            <label className="check">
              <input type="checkbox" checked={form.startAtLogin} onChange={(e) => setForm({ ...form, startAtLogin: e.target.checked })} /> Start at login
            </label>
            {info?.mode === 'electron' ? (
              <label className="check">
                <input
                  type="checkbox"
                  checked={form.closeToTray ?? closesToTrayByDefault(info.platform)}
                  onChange={(e) => setForm({ ...form, closeToTray: e.target.checked })}
                />{' '}
                Close to tray (closing the window keeps autoarr-tray running)
              </label>
            ) : null}
          </fieldset>
          <fieldset className="card">
            <legend>Activity log</legend>
            {numberInput('activity.retentionDays')}
            {numberInput('activity.eventBusHistorySize')}
          </fieldset>
          <fieldset className="card">
            <legend>Notifications</legend>
            {(
              [
                ['onFailed', 'When a download fails'],
                ['onDlq', 'When a download needs attention'],
                ['onRecovered', 'When a download is recovered'],
              ] as const
            ).map(([key, label]) => (
              <label key={key} className="check">
                <input type="checkbox" checked={form.notifications[key]} onChange={(e) => setForm({ ...form, notifications: { ...form.notifications, [key]: e.target.checked } })} /> {label}
              </label>
            ))}
            {numberInput('notifications.digestThreshold')}
          </fieldset>
          <fieldset className="card">
            <legend>Window</legend>
            <label className="check">
              <input type="checkbox" checked={form.singleKeyShortcuts} onChange={(e) => setForm({ ...form, singleKeyShortcuts: e.target.checked })} /> Single-key shortcuts (1–7 switch views)
            </label>
            <p className="muted small">Turn off if keys you type reach the window by accident (speech input, switch access).</p>
          </fieldset>
          <fieldset className="card">
            <legend>Category map</legend>
            <p className="muted small">Which app a {view.settings.downloadClient === 'nzbget' ? 'NZBGet' : 'SABnzbd'} category belongs to, when the app's history does not know the download.</p>
            <ul className="catmap">
              {form.categoryMap.map((row, i) => (
                <li key={i}>
                  <Field label={`Category ${i + 1}`} error={errors[`categoryMap.${i}`]}>
                    {(id, d) => (
                      <input id={id} type="text" value={row.category} aria-describedby={d} aria-invalid={Boolean(errors[`categoryMap.${i}`])} onChange={(e) => setForm({ ...form, categoryMap: form.categoryMap.map((r, j) => (j === i ? { ...r, category: e.target.value } : r)) })} />
                    )}
                  </Field>
                  <label>
                    <span className="sr-only">App for category {i + 1}</span>
                    <select value={row.app} onChange={(e) => setForm({ ...form, categoryMap: form.categoryMap.map((r, j) => (j === i ? { ...r, app: e.target.value as 'sonarr' | 'radarr' } : r)) })}>
                      <option value="sonarr">Sonarr</option>
                      <option value="radarr">Radarr</option>
                    </select>
                  </label>
                  <button type="button" className="secondary" aria-label={`Remove category ${i + 1}`} onClick={() => setForm({ ...form, categoryMap: form.categoryMap.filter((_, j) => j !== i) })}>
                    ✕
                  </button>
                </li>
              ))}
            </ul>
            <button type="button" className="secondary" onClick={() => setForm({ ...form, categoryMap: [...form.categoryMap, { category: '', app: 'sonarr' }] })}>
              Add category
            </button>
          </fieldset>
        </div>
        <div className="savebar">
          <button type="submit" disabled={saveState?.kind === 'pending'}>
            Save settings
          </button>
          <button type="button" className="secondary" onClick={() => { setForm(formFromSettings(view)); setErrors({}); setSaveState(null); }}>
            Revert
          </button>
          {saveState ? (
            <span className={saveState.kind === 'error' ? 'error-text' : 'ok-text'} role={saveState.kind === 'error' ? 'alert' : 'status'}>
              {saveState.text}
            </span>
          ) : null}
          <span className="muted small">{secretStorageSentence(view.secretStorage, info?.mode ?? null)}</span>
        </div>
      </form>
      <DownloadClientSettings view={view} />
      <AuditPanel />
      <ArrInstanceSettings view={view} />
      <WebhookSettings />
    </section>
  );
}
