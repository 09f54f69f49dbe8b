// Settings → *arr instances: every Sonarr, Radarr, Lidarr and Readarr server,
// each with its name, address, API key and the SABnzbd category it sends its
// downloads with ("Radarr" on movies and "Radarr 4K" on movies-4k side by
// side). The first Sonarr and first Radarr are the ones in the Sonarr/Radarr
// sections above (same address, same key, same environment variables).
// Keys are write-only as everywhere: the core answers only whether one is saved.
// Saved on its own (settings.update with the whole list), tested per instance.
import { useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import type { SettingsView } from '../../shared/contract';
import { ARR_KINDS, ARR_KIND_LABEL, MAX_ARR_INSTANCES, newInstanceId, type ArrInstance, type ArrKind } from '../../shared/settings';
import { useCoreApi } from '../data/core-api-context';

const PORT_HINT: Record<ArrKind, number> = { sonarr: 8989, radarr: 7878, lidarr: 8686, readarr: 8787 };
const CATEGORY_HINT: Record<ArrKind, string> = { sonarr: 'tv', radarr: 'movies', lidarr: 'music', readarr: 'readarr' };

interface Draft {
  /** Undefined until saved. */
  id: string | undefined;
  key: string;
  kind: ArrKind;
  name: string;
  url: string;
  category: string;
  enabled: boolean;
  /** What is typed; '' keeps the saved key. */
  apiKey: string;
  hasKey: boolean;
}

type Note = { kind: 'ok' | 'error' | 'pending'; text: string };

let drafts = 0;
function draftsOf(view: SettingsView): Draft[] {
  return view.settings.arrInstances.map((i) => ({ ...i, key: i.id, apiKey: '', hasKey: view.hasInstanceApiKey?.[i.id] ?? false }));
}

function InstanceCard({ draft, clientName, locked, test, onChange, onRemove, onTest }: {
  draft: Draft;
  /** The chosen download client (its categories are the ones meant). */
  clientName: string;
  locked: { url: boolean; key: boolean };
  test: Note | undefined;
  onChange: (d: Draft) => void;
  onRemove: () => void;
  onTest: () => void;
}) {
  const id = useId();
  const label = draft.name.trim() || ARR_KIND_LABEL[draft.kind];
  const first = draft.id === 'sonarr' || draft.id === 'radarr';
  return (
    <fieldset className="card arr-instance" aria-label={`Instance ${label}`}>
      <legend>{label}</legend>
      <div className="field">
        <label htmlFor={`${id}-kind`}>App</label>
        <select id={`${id}-kind`} value={draft.kind} disabled={draft.id !== undefined} onChange={(e) => onChange({ ...draft, kind: e.target.value as ArrKind })}>
          {ARR_KINDS.map((k) => (
            <option key={k} value={k}>
              {ARR_KIND_LABEL[k]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-name`}>Name</label>
        <input id={`${id}-name`} type="text" value={draft.name} placeholder={`${ARR_KIND_LABEL[draft.kind]} 4K`} onChange={(e) => onChange({ ...draft, name: e.target.value })} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-url`}>URL</label>
        <input id={`${id}-url`} type="url" inputMode="url" value={draft.url} disabled={locked.url} placeholder={`http://192.168.1.10:${PORT_HINT[draft.kind]}`} onChange={(e) => onChange({ ...draft, url: e.target.value })} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-key`}>API key</label>
        <input
          id={`${id}-key`}
          type="password"
          autoComplete="off"
          value={draft.apiKey}
          disabled={locked.key}
          placeholder={draft.hasKey ? '•••••••• saved' : 'paste the API key'}
          onChange={(e) => onChange({ ...draft, apiKey: e.target.value })}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-cat`}>Download category</label>
        <input id={`${id}-cat`} type="text" value={draft.category} placeholder={CATEGORY_HINT[draft.kind]} aria-describedby={`${id}-cat-hint`} onChange={(e) => onChange({ ...draft, category: e.target.value })} />
        <span id={`${id}-cat-hint`} className="hint">
          the {clientName} category this {ARR_KIND_LABEL[draft.kind]} sends its downloads with; each instance needs its own
        </span>
      </div>
      {first ? <p className="muted small">The first {ARR_KIND_LABEL[draft.kind]}: also shown above; {draft.id?.toUpperCase()}_URL and {draft.id?.toUpperCase()}_API_KEY apply to it.</p> : null}
      <label className="check">
        <input type="checkbox" checked={draft.enabled} onChange={(e) => onChange({ ...draft, enabled: e.target.checked })} /> Enabled
      </label>
      <div className="buttons">
        <button type="button" className="secondary" onClick={onTest} disabled={test?.kind === 'pending'} aria-label={`Test connection to instance ${label}`}>
          {test?.kind === 'pending' ? 'Testing…' : 'Test connection'}
        </button>
        <button type="button" className="secondary" onClick={onRemove} aria-label={`Remove instance ${label}`}>
          Remove
        </button>
      </div>
      {test && test.kind !== 'pending' ? (
        <p className={test.kind === 'ok' ? 'ok-text' : 'error-text'} role={test.kind === 'ok' ? 'status' : 'alert'}>
          {test.text}
        </p>
      ) : null}
    </fieldset>
  );
}

export function ArrInstanceSettings({ view }: { view: SettingsView }) {
  const api = useCoreApi();
  const queryClient = useQueryClient();
  const [rows, setRows] = useState<Draft[]>(() => draftsOf(view));
  const [tests, setTests] = useState<Record<string, Note>>({});
  const [note, setNote] = useState<Note | null>(null);

  // Another save (the form above) changes the first Sonarr/Radarr: start again from what the core holds
  // when it changed — during render, not in an effect, which could run after a first keystroke and wipe it.
  const savedKey = JSON.stringify(draftsOf(view));
  const [rowsOfKey, setRowsOfKey] = useState(savedKey);
  if (rowsOfKey !== savedKey) {
    setRowsOfKey(savedKey);
    setRows(draftsOf(view));
  }

  const update = (i: number, d: Draft) => setRows((all) => all.map((r, j) => (j === i ? d : r)));

  const add = () => {
    const kind: ArrKind = 'radarr';
    setRows([...rows, { id: undefined, key: `new-${++drafts}`, kind, name: '', url: '', category: '', enabled: true, apiKey: '', hasKey: false }]);
  };

  const onSave = async () => {
    const unnamed = rows.find((r) => r.name.trim() === '');
    if (unnamed) {
      setNote({ kind: 'error', text: 'Give every instance a name (e.g. Radarr 4K).' });
      return;
    }
    setNote({ kind: 'pending', text: 'Saving…' });
    // New rows get their ids now, in order: the first of a kind takes the kind's own id.
    const assigned: { id: string }[] = rows.filter((r) => r.id !== undefined).map((r) => ({ id: r.id! }));
    const list: ArrInstance[] = [];
    const keys: Record<string, string> = {};
    for (const r of rows) {
      const id = r.id ?? newInstanceId(r.kind, assigned);
      if (r.id === undefined) assigned.push({ id });
      list.push({ id, kind: r.kind, name: r.name.trim(), url: r.url.trim(), enabled: r.enabled, category: r.category.trim() });
      if (r.apiKey.trim() !== '') keys[id] = r.apiKey.trim();
    }
    const res = await api['settings.update']({ arrInstances: list, instanceApiKeys: keys });
    if (res.ok) {
      const { changedKeys: _changed, ...next } = res.value;
      queryClient.setQueryData(['settings.get', {}], next);
      void queryClient.invalidateQueries({ queryKey: ['monitoring.status'] });
      setTests({});
      setNote({ kind: 'ok', text: res.value.changedKeys.length > 0 ? 'Instances saved' : 'Saved — nothing changed' });
    } else setNote({ kind: 'error', text: res.error.message });
  };

  const onTest = async (r: Draft) => {
    setTests((t) => ({ ...t, [r.key]: { kind: 'pending', text: 'Testing…' } }));
    const saved = r.id !== undefined ? view.settings.arrInstances.find((i) => i.id === r.id) : undefined;
    const changedUrl = !saved || saved.url !== r.url.trim();
    const res = await api['settings.testConnection']({
      service: r.kind,
      // An unsaved row has no id yet: a name no saved instance has, so no saved key is used.
      instanceId: r.id ?? `new-${r.key.replace(/[^a-z0-9_-]/g, '')}`,
      ...(changedUrl ? { url: r.url.trim() } : {}),
      ...(r.apiKey.trim() !== '' ? { apiKey: r.apiKey.trim() } : {}),
    });
    setTests((t) => ({
      ...t,
      [r.key]: res.ok ? { kind: 'ok', text: `Connected to ${res.value.appName} ${res.value.version}` } : { kind: 'error', text: res.error.message },
    }));
  };

  return (
    <section aria-labelledby="arr-instances-h" className="arr-instances">
      <h3 id="arr-instances-h">*arr instances</h3>
      <p className="muted small">
        Every Sonarr, Radarr, Lidarr and Readarr autoarr-tray recovers through — e.g. Radarr on category movies and Radarr 4K on movies-4k. A failed download
        belongs to the instance whose history knows it, else to the one with its category; it is only ever recovered there.
      </p>
      {rows.length === 0 ? <p className="muted">No instances yet.</p> : null}
      <div className="cards">
        {rows.map((r, i) => (
          <InstanceCard
            key={r.key}
            draft={r}
            clientName={view.settings.downloadClient === 'nzbget' ? 'NZBGet' : 'SABnzbd'}
            locked={{
              url: r.id !== undefined && view.lockedByEnv.includes(`${r.id}.url`),
              key: r.id !== undefined && view.lockedByEnv.includes(`apiKeys.${r.id}`),
            }}
            test={tests[r.key]}
            onChange={(d) => update(i, d)}
            onRemove={() => setRows(rows.filter((_, j) => j !== i))}
            onTest={() => void onTest(r)}
          />
        ))}
      </div>
      <div className="buttons">
        <button type="button" className="secondary" onClick={add} disabled={rows.length >= MAX_ARR_INSTANCES}>
          Add instance
        </button>
        <button type="button" onClick={() => void onSave()} disabled={note?.kind === 'pending'}>
          Save instances
        </button>
        {note ? (
          <span className={note.kind === 'error' ? 'error-text' : 'ok-text'} role={note.kind === 'error' ? 'alert' : 'status'}>
            {note.text}
          </span>
        ) : null}
      </div>
    </section>
  );
}
