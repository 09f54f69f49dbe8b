// Settings → Webhooks: push notifications to a phone or a chat when nobody is
// at the desktop (ntfy, Discord, Apprise API, any JSON endpoint). URLs are
// write-only like API keys: the core answers `hasUrl` and a scheme+host hint.
// Saved on its own (webhooks.save), tested before or after saving (webhooks.test).
import { useCallback, useEffect, useId, useState } from 'react';
import type { ApiError, WebhookDelivery, WebhookTargetInput, WebhooksView, WebhookTargetView } from '../../shared/contract';
import { MAX_WEBHOOK_TARGETS, WEBHOOK_KINDS, webhookUrlProblem, type WebhookKind } from '../../shared/settings';
import { formatAgo, formatDuration } from '../format/intl-format';
import { useNow } from '../components/use-now';
import { useCoreApi } from '../data/core-api-context';

const KIND_LABELS: Record<WebhookKind, string> = { json: 'JSON webhook', ntfy: 'ntfy', discord: 'Discord', apprise: 'Apprise API' };
const URL_PLACEHOLDERS: Record<WebhookKind, string> = {
  json: 'https://home.example/api/webhook/autoarr',
  ntfy: 'https://ntfy.sh/your-secret-topic',
  discord: 'https://discord.com/api/webhooks/<id>/<token>',
  apprise: 'http://192.168.1.10:8000/notify/<key>',
};
const EVENT_LABELS = [
  ['failed', 'Failed'],
  ['dlq', 'Needs attention'],
  ['recovered', 'Recovered'],
] as const;
/** How often the delivery status is read again while Settings is open. */
const STATUS_REFRESH_MS = 15_000;

interface Draft {
  /** Undefined until saved. */
  id: string | undefined;
  /** Stable React key, also for unsaved rows. */
  key: string;
  kind: WebhookKind;
  name: string;
  enabled: boolean;
  events: { failed: boolean; dlq: boolean; recovered: boolean };
  /** What is typed; '' keeps the saved URL. */
  url: string;
  hasUrl: boolean;
  urlHint: string;
  delivery: WebhookDelivery | null;
}

type Note = { kind: 'ok' | 'error' | 'pending'; text: string };

let drafts = 0;
function fromView(t: WebhookTargetView): Draft {
  return { id: t.id, key: t.id, kind: t.kind, name: t.name, enabled: t.enabled, events: t.events, url: '', hasUrl: t.hasUrl, urlHint: t.urlHint, delivery: t.delivery };
}

function deliveryText(d: WebhookDelivery, now: number): { text: string; bad: boolean } | null {
  const parts: string[] = [];
  if (d.queued > 0) parts.push(`${d.queued} waiting${d.nextRetryAt ? `, next try ${d.nextRetryAt <= now ? 'now' : `in ${formatDuration(d.nextRetryAt - now)}`}` : ''}`);
  if (d.failing && d.lastError) parts.push(`Failing: ${d.lastError}`);
  else if (d.queued > 0 && d.lastError) parts.push(`Last try: ${d.lastError}`);
  if (d.givenUp > 0) parts.push(`${d.givenUp} not delivered since start`);
  if (d.lastDeliveredAt) parts.push(`Last delivered ${formatAgo(d.lastDeliveredAt, now)}`);
  return parts.length > 0 ? { text: parts.join(' · '), bad: d.failing } : null;
}

function WebhookCard({
  draft,
  index,
  error,
  test,
  onChange,
  onRemove,
  onTest,
}: {
  draft: Draft;
  index: number;
  error: string | undefined;
  test: Note | undefined;
  onChange: (d: Draft) => void;
  onRemove: () => void;
  onTest: () => void;
}) {
  const id = useId();
  const now = useNow();
  const label = draft.name.trim() || `Webhook ${index + 1}`;
  const status = draft.delivery ? deliveryText(draft.delivery, now) : null;
  return (
    <fieldset className="card webhook" aria-label={`Webhook ${label}`}>
      <legend>{label}</legend>
      <div className="field">
        <label htmlFor={`${id}-kind`}>Service</label>
        <select id={`${id}-kind`} value={draft.kind} onChange={(e) => onChange({ ...draft, kind: e.target.value as WebhookKind })}>
          {WEBHOOK_KINDS.map((k) => (
            <option key={k} value={k}>
              {KIND_LABELS[k]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-name`}>Name</label>
        <input id={`${id}-name`} type="text" value={draft.name} placeholder="Phone" onChange={(e) => onChange({ ...draft, name: e.target.value })} />
      </div>
      <div className={error ? 'field invalid' : 'field'}>
        <label htmlFor={`${id}-url`}>{KIND_LABELS[draft.kind]} URL</label>
        <input
          id={`${id}-url`}
          type="url"
          inputMode="url"
          autoComplete="off"
          spellCheck={false}
          value={draft.url}
          placeholder={draft.hasUrl ? `saved: ${draft.urlHint}` : URL_PLACEHOLDERS[draft.kind]}
          aria-invalid={Boolean(error)}
          aria-describedby={`${id}-url-hint${error ? ` ${id}-url-err` : ''}`}
          onChange={(e) => onChange({ ...draft, url: e.target.value })}
        />
        <span id={`${id}-url-hint`} className="hint">
          {draft.hasUrl ? 'saved — type a new URL to replace it' : 'kept like an API key: never shown again after saving'}
        </span>
        {error ? (
          <span id={`${id}-url-err`} className="field-error" role="alert">
            {error}
          </span>
        ) : null}
      </div>
      {EVENT_LABELS.map(([key, text]) => (
        <label key={key} className="check">
          <input type="checkbox" checked={draft.events[key]} onChange={(e) => onChange({ ...draft, events: { ...draft.events, [key]: e.target.checked } })} /> {text}
        </label>
      ))}
      <label className="check">
        <input type="checkbox" checked={draft.enabled} onChange={(e) => onChange({ ...draft, enabled: e.target.checked })} /> Enabled
      </label>
      <div className="buttons">
        <button type="button" className="secondary" onClick={onTest} disabled={test?.kind === 'pending'} aria-label={`Send test to ${label}`}>
          {test?.kind === 'pending' ? 'Sending…' : 'Send test'}
        </button>
        <button type="button" className="secondary" onClick={onRemove} aria-label={`Remove webhook ${label}`}>
          Remove
        </button>
      </div>
      {test && test.kind !== 'pending' ? (
        <p className={test.kind === 'ok' ? 'ok-text' : 'error-text'} role={test.kind === 'ok' ? 'status' : 'alert'}>
          {test.text}
        </p>
      ) : null}
      {status ? <p className={status.bad ? 'error-text small' : 'muted small'}>{status.text}</p> : null}
    </fieldset>
  );
}

export function WebhookSettings() {
  const api = useCoreApi();
  const [view, setView] = useState<WebhooksView | null>(null);
  const [loadError, setLoadError] = useState<ApiError | null>(null);
  const [rows, setRows] = useState<Draft[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [tests, setTests] = useState<Record<string, Note>>({});
  const [note, setNote] = useState<Note | null>(null);

  const apply = useCallback((v: WebhooksView, replaceDrafts: boolean) => {
    setView(v);
    setLoadError(null);
    if (replaceDrafts) setRows(v.targets.map(fromView));
    // A status refresh updates what the core knows and leaves what is being typed alone.
    else setRows((current) => current.map((r) => {
      const t = v.targets.find((x) => x.id === r.id);
      return t ? { ...r, hasUrl: t.hasUrl, urlHint: t.urlHint, delivery: t.delivery } : r;
    }));
  }, []);

  useEffect(() => {
    let live = true;
    const read = async (first: boolean) => {
      const r = await api['webhooks.get']({});
      if (!live) return;
      if (r.ok) apply(r.value, first);
      else if (first) setLoadError(r.error);
    };
    void read(true);
    const timer = setInterval(() => void read(false), STATUS_REFRESH_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [api, apply]);

  if (!view) {
    return (
      <section aria-labelledby="webhooks-h" className="card">
        <h3 id="webhooks-h">Webhooks</h3>
        {loadError ? <p className="error-text" role="alert">{loadError.message}</p> : <p className="muted">Loading webhooks…</p>}
      </section>
    );
  }

  const update = (i: number, d: Draft) => setRows(rows.map((r, j) => (j === i ? d : r)));

  const onSave = async () => {
    const found: Record<string, string> = {};
    for (const r of rows) {
      if (r.name.trim() === '') found[r.key] = 'Give the webhook a name';
      else if (r.url.trim() !== '' || !r.hasUrl) {
        const problem = webhookUrlProblem(r.kind, r.url);
        if (problem) found[r.key] = problem;
      }
    }
    setErrors(found);
    if (Object.keys(found).length > 0) {
      setNote({ kind: 'error', text: 'Some webhooks need fixing (see the messages next to them).' });
      return;
    }
    setNote({ kind: 'pending', text: 'Saving…' });
    const targets: WebhookTargetInput[] = rows.map((r) => ({
      ...(r.id !== undefined ? { id: r.id } : {}),
      kind: r.kind,
      name: r.name.trim(),
      enabled: r.enabled,
      events: r.events,
      ...(r.url.trim() !== '' ? { url: r.url.trim() } : {}),
    }));
    const res = await api['webhooks.save']({ targets });
    if (res.ok) {
      apply(res.value, true);
      setTests({});
      setNote({ kind: 'ok', text: 'Webhooks saved' });
    } else setNote({ kind: 'error', text: res.error.message });
  };

  const onTest = async (r: Draft) => {
    setTests((t) => ({ ...t, [r.key]: { kind: 'pending', text: 'Sending…' } }));
    const typed = r.url.trim();
    const res = await api['webhooks.test']({
      kind: r.kind,
      ...(r.id !== undefined ? { id: r.id } : {}),
      ...(typed !== '' ? { url: typed } : {}),
      ...(r.name.trim() !== '' ? { name: r.name.trim() } : {}),
    });
    setTests((t) => ({ ...t, [r.key]: res.ok ? { kind: 'ok', text: res.value.message } : { kind: 'error', text: res.error.message } }));
  };

  const add = () =>
    setRows([
      ...rows,
      { id: undefined, key: `new-${++drafts}`, kind: 'ntfy', name: '', enabled: true, events: { failed: true, dlq: true, recovered: true }, url: '', hasUrl: false, urlHint: '', delivery: null },
    ]);

  const { retry } = view;
  return (
    <section aria-labelledby="webhooks-h" className="webhooks">
      <h3 id="webhooks-h">Webhooks</h3>
      <p className="muted small">
        Push failures, downloads that need attention and recoveries to your phone or chat — useful when autoarr-tray runs on a server. Each webhook
        gets the same digest as desktop notifications. A delivery that fails is tried {retry.attempts} times, {formatDuration(retry.firstDelayMs)} apart and
        doubling (longer when the service asks to wait, up to {formatDuration(retry.maxDelayMs)}); then it is dropped, the Activity log says so once, and the
        webhook below shows the error. URLs are stored like API keys ({view.secretStorage}) and never shown again.
      </p>
      {rows.length === 0 ? <p className="muted">No webhooks yet.</p> : null}
      <div className="cards">
        {rows.map((r, i) => (
          <WebhookCard
            key={r.key}
            draft={r}
            index={i}
            error={errors[r.key]}
            test={tests[r.key]}
            onChange={(d) => update(i, d)}
            onRemove={() => setRows(rows.filter((_, j) => j !== i))}
            onTest={() => void onTest(r)}
          />
        ))}
      </div>
      <div className="buttons webhook-actions">
        <button type="button" className="secondary" onClick={add} disabled={rows.length >= MAX_WEBHOOK_TARGETS}>
          Add webhook
        </button>
        <button type="button" onClick={() => void onSave()} disabled={note?.kind === 'pending'}>
          Save webhooks
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
