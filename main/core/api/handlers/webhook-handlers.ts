// Contract handlers for webhooks: the targets with their delivery status
// (never a URL), saving the list (URLs to the secret store, the rest to the
// settings file, one config.applied), and Settings' "Send test".
import { randomUUID } from 'node:crypto';
import { err, ok, type ContractHandlers } from '../../../../shared/contract';
import { webhookUrlProblem, type WebhookTarget } from '../../../../shared/settings';
import type { EventBusPort } from '../../events/event-bus-port';
import type { WebhookNotifications } from '../../notify/webhooks/webhook-notifications';
import type { WebhookUrlStore } from '../../notify/webhooks/webhook-url-store';
import type { SettingsStore } from '../../settings/settings-store';

type WebhookHandlers = Pick<ContractHandlers, 'webhooks.get' | 'webhooks.save' | 'webhooks.test'>;

export interface WebhookHandlerDeps {
  settings: SettingsStore;
  urls: WebhookUrlStore;
  webhooks: WebhookNotifications;
  bus: EventBusPort;
  newId?: () => string;
}

export function webhookHandlers(deps: WebhookHandlerDeps): WebhookHandlers {
  const newId = deps.newId ?? (() => randomUUID().slice(0, 8));
  return {
    'webhooks.get': () => ok(deps.webhooks.view()),
    'webhooks.save': async ({ targets }) => {
      const known = new Set(deps.settings.get().webhooks.targets.map((t) => t.id));
      const saved = deps.urls.all();
      const next: WebhookTarget[] = [];
      const urlChanges: Record<string, string> = {};
      const problems: string[] = [];
      for (const t of targets) {
        const id = t.id ?? newId();
        // A URL is kept only for a target that exists; an unknown id must bring its own.
        const url = t.url !== undefined ? t.url.trim() : known.has(id) ? (saved[id] ?? '') : '';
        const problem = webhookUrlProblem(t.kind, url);
        if (problem) problems.push(`${t.name}: ${problem}`);
        if (t.url !== undefined) urlChanges[id] = url;
        next.push({ id, kind: t.kind, name: t.name, enabled: t.enabled, events: t.events });
      }
      if (problems.length > 0) return err('invalid_input', problems.join('; '));
      const r = deps.settings.update({ webhooks: { targets: next } });
      if (!r.ok) return r;
      const urlsChanged = deps.urls.update(urlChanges, next.map((t) => t.id));
      const changedKeys = [...r.value.changedKeys, ...(urlsChanged ? ['webhooks.urls'] : [])];
      if (changedKeys.length > 0) await deps.bus.publish('config.applied', { changedKeys }, { source: 'settings' });
      deps.webhooks.reconcile();
      return ok(deps.webhooks.view());
    },
    'webhooks.test': (input) => deps.webhooks.test(input),
  };
}
