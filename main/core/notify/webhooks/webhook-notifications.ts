// Webhooks as one more consumer of the desktop notification policy. Each
// enabled target runs its own NotificationService (the same policy and digest
// rule as the desktop, filtered by the events the target wants) whose
// Notifier is the target's DeliveryQueue: enqueueing returns at once, so a
// slow or dead endpoint never holds up the bus, and the desktop notification
// (a separate subscriber) is never affected.
//
// After a notification's last retry (or a refusal such as 404) it is dropped:
// the first drop of a failing streak publishes service.error (service
// 'notifier', code webhook_failed) — one line in the activity log — and the
// next successful delivery publishes its recovery (webhook_recovered).
// Settings → Webhooks shows each target's queue, last error and drop count.
import { err, ok, type ErrorCode, type Result, type SecretStorageKind, type WebhookTestResult, type WebhooksView, type WebhookDelivery } from '../../../../shared/contract';
import type { AnyBusEvent } from '../../../../shared/events';
import { webhookUrlHint, webhookUrlProblem, type Settings, type WebhookKind, type WebhookTarget } from '../../../../shared/settings';
import type { Clock } from '../../clock';
import type { ServiceOutages } from '../../health/service-outages';
import { nodeHttpFetch, type FetchFn } from '../../http/node-http-fetch';
import { NotificationService } from '../notification-service';
import type { NotificationSettings } from '../notification-policy';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './delivery-backoff';
import { DeliveryQueue, type GiveUpReason } from './delivery-queue';
import { attemptWebhook, type AttemptOutcome } from './webhook-attempt';
import { messageFromNotification, testMessage, type WebhookMessage } from './webhook-message';
import { buildWebhookRequest } from './webhook-request';
import type { WebhookUrlStore } from './webhook-url-store';
import { findSecret, redactSecrets, usableSecrets } from './secret-redaction';

export interface WebhookLogger {
  info(message: string): void;
  warn(message: string): void;
}

export interface WebhookNotificationsOptions {
  settings: () => Settings;
  urls: WebhookUrlStore;
  /** The saved API keys: no payload may carry one. */
  apiKeys: () => readonly (string | null)[];
  secretStorage: SecretStorageKind;
  clock: Clock;
  fetch?: FetchFn;
  /** Where given-up deliveries are reported (service.error); none in unit tests that only look at the wire. */
  /** Where a webhook's failing streak and its end are told (the one teller of service.error). */
  outages?: Pick<ServiceOutages, 'notice'>;
  logger?: WebhookLogger;
  policy?: RetryPolicy;
}

const IDLE_DELIVERY: WebhookDelivery = {
  queued: 0,
  nextRetryAt: null,
  lastDeliveredAt: null,
  lastFailedAt: null,
  lastError: null,
  givenUp: 0,
  failing: false,
};

const GIVE_UP_WORDS: Record<GiveUpReason, string> = {
  retries_exhausted: 'after its last retry',
  refused: 'because the endpoint refused it',
  queue_full: 'because too many were waiting',
  stopped: 'because autoarr-tray stopped',
};

function hostOf(url: string): string {
  try {
    return new URL(url.trim()).host;
  } catch {
    return 'an invalid address';
  }
}

function testErrorCode(outcome: Exclude<AttemptOutcome, { kind: 'delivered' }>): ErrorCode {
  if (outcome.status === 401 || outcome.status === 403) return 'bad_api_key';
  if (outcome.status === null && /did not answer/.test(outcome.message)) return 'timeout';
  if (outcome.kind === 'refused') return 'invalid_input';
  return 'unavailable';
}

interface Running {
  service: NotificationService;
  queue: DeliveryQueue;
}

export class WebhookNotifications {
  private readonly running = new Map<string, Running>();
  private readonly policy: RetryPolicy;
  private readonly stopping = new AbortController();
  private stopped = false;

  constructor(private readonly options: WebhookNotificationsOptions) {
    this.policy = options.policy ?? DEFAULT_RETRY_POLICY;
  }

  /** A bus event: every running target's policy sees it. */
  handle(event: AnyBusEvent): void {
    if (this.stopped) return;
    this.reconcile();
    for (const r of this.running.values()) r.service.handle(event);
  }

  /** Start targets that became usable, stop removed or disabled ones. */
  reconcile(): void {
    if (this.stopped) return;
    const targets = this.options.settings().webhooks.targets;
    const urls = this.options.urls.all();
    const usable = new Set(targets.filter((t) => t.enabled && urls[t.id] !== undefined).map((t) => t.id));
    for (const [id, r] of this.running) {
      if (usable.has(id)) continue;
      r.service.stop();
      const dropped = r.queue.stop();
      if (dropped > 0) this.options.logger?.info(`webhook ${id} removed or disabled; ${dropped} waiting notifications dropped`);
      this.running.delete(id);
    }
    for (const id of usable) if (!this.running.has(id)) this.running.set(id, this.start(id));
  }

  /**
   * Settings changed: targets removed through settings.update lose their saved URL too.
   * Only on a person's change — never at start, where a damaged settings file reset
   * to no targets must not wipe the URLs.
   */
  onConfigApplied(changedKeys: readonly string[]): void {
    if (!changedKeys.some((k) => k.startsWith('webhooks.'))) return;
    this.options.urls.update({}, this.options.settings().webhooks.targets.map((t) => t.id));
    this.reconcile();
  }

  view(): WebhooksView {
    const urls = this.options.urls.all();
    return {
      targets: this.options.settings().webhooks.targets.map((t) => {
        const url = urls[t.id];
        return { ...t, hasUrl: url !== undefined, urlHint: url ? webhookUrlHint(url) : '', delivery: this.running.get(t.id)?.queue.status() ?? IDLE_DELIVERY };
      }),
      secretStorage: this.options.secretStorage,
      retry: {
        attempts: this.policy.attempts,
        firstDelayMs: this.policy.firstDelayMs,
        maxDelayMs: this.policy.maxDelayMs,
        maxQueued: this.policy.maxQueued,
      },
    };
  }

  /** Settings' "Send test": one attempt now, no queue, no retries; the answer says what happened. */
  async test(input: { kind: WebhookKind; id?: string | undefined; url?: string | undefined; name?: string | undefined }): Promise<Result<WebhookTestResult>> {
    const typed = input.url?.trim() ?? '';
    const url = typed !== '' ? typed : input.id !== undefined ? this.options.urls.get(input.id) : null;
    if (url === null || url === '') return err('unconfigured', 'Enter the webhook URL first');
    const problem = webhookUrlProblem(input.kind, url);
    if (problem) return err('invalid_input', problem);
    const name = input.name?.trim() || this.target(input.id)?.name || 'this webhook';
    const started = this.options.clock.now();
    const outcome = await this.send(input.kind, url, name, testMessage(name, started), this.stopping.signal);
    const latencyMs = this.options.clock.now() - started;
    if (outcome.kind === 'delivered') {
      return ok({ kind: input.kind, status: outcome.status, latencyMs, message: `Sent: ${hostOf(url)} answered HTTP ${outcome.status} in ${latencyMs} ms. Check that it arrived.` });
    }
    return err(testErrorCode(outcome), outcome.message);
  }

  /** Resolves when no request is in flight (tests). */
  async settled(): Promise<void> {
    await Promise.all([...this.running.values()].map((r) => r.queue.settled()));
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.stopping.abort();
    let dropped = 0;
    for (const r of this.running.values()) {
      r.service.stop();
      dropped += r.queue.stop();
    }
    this.running.clear();
    if (dropped > 0) this.options.logger?.warn(`${dropped} webhook notifications were not sent before autoarr-tray stopped`);
  }

  private target(id: string | undefined): WebhookTarget | undefined {
    return id === undefined ? undefined : this.options.settings().webhooks.targets.find((t) => t.id === id);
  }

  /** The policy's switches for one target: the desktop's digest rule, the target's own events. */
  private policySettings(id: string): NotificationSettings {
    const n = this.options.settings().notifications;
    const t = this.target(id);
    const on = t !== undefined && t.enabled;
    return { ...n, onFailed: on && t.events.failed, onDlq: on && t.events.dlq, onRecovered: on && t.events.recovered };
  }

  private start(id: string): Running {
    const { clock } = this.options;
    const queue = new DeliveryQueue({
      clock,
      policy: this.policy,
      send: (message, signal) => {
        const t = this.target(id);
        const url = this.options.urls.get(id);
        if (!t || url === null) return Promise.resolve({ kind: 'refused', status: null, message: 'the webhook was removed' });
        return this.send(t.kind, url, t.name, message, signal);
      },
      onDelivered: (message, attempts, afterGivingUp) => this.delivered(id, message, attempts, afterGivingUp),
      onGiveUp: (message, reason, error, attempts, inStreak) => this.gaveUp(id, message, reason, error, attempts, inStreak),
    });
    const service = new NotificationService({
      clock,
      settings: () => this.policySettings(id),
      notifier: {
        notify: (n) => {
          queue.enqueue(messageFromNotification(n, clock.now()));
          return Promise.resolve(ok(undefined));
        },
      },
    });
    return { service, queue };
  }

  private secrets(): string[] {
    return usableSecrets([...this.options.apiKeys(), ...Object.values(this.options.urls.all())]);
  }

  private async send(kind: WebhookKind, url: string, name: string, m: WebhookMessage, signal: AbortSignal): Promise<AttemptOutcome> {
    const label = `"${name}" (${hostOf(url)})`;
    const secrets = this.secrets();
    const clean: WebhookMessage = {
      ...m,
      title: redactSecrets(m.title, secrets),
      message: redactSecrets(m.message, secrets),
      nzoId: m.nzoId === null ? null : redactSecrets(m.nzoId, secrets),
    };
    let request;
    try {
      request = buildWebhookRequest(kind, url, clean);
    } catch {
      return { kind: 'refused', status: null, message: `${label}: the saved URL is not valid; enter it again in Settings → Webhooks` };
    }
    // The last gate: a secret that survived redaction (say, escaped differently in JSON) stops the request.
    if (findSecret(request.body, secrets) >= 0) {
      return { kind: 'refused', status: null, message: `${label}: not sent, the message contained a saved API key or URL` };
    }
    const outcome = await attemptWebhook(request, label, {
      fetch: this.options.fetch ?? nodeHttpFetch,
      clock: this.options.clock,
      timeoutMs: this.options.settings().monitoring.requestTimeoutMs,
      signal,
    });
    return outcome.kind === 'delivered' ? outcome : { ...outcome, message: redactSecrets(outcome.message, secrets) };
  }

  private delivered(id: string, m: WebhookMessage, attempts: number, afterGivingUp: number): void {
    if (afterGivingUp === 0) return;
    const name = this.target(id)?.name ?? id;
    this.options.logger?.info(`webhook "${name}" delivers again (${afterGivingUp} dropped while it failed)`);
    void this.options.outages?.notice('notifier', {
      code: 'webhook_recovered',
      message: `Webhook "${name}" delivers again ("${m.title}" arrived after ${attempts} ${attempts === 1 ? 'try' : 'tries'}); ${afterGivingUp} ${afterGivingUp === 1 ? 'notification was' : 'notifications were'} dropped while it failed.`,
      consecutiveFailures: afterGivingUp,
      recovered: true,
      source: 'webhooks',
    });
  }

  private gaveUp(id: string, m: WebhookMessage, reason: GiveUpReason, error: string, attempts: number, inStreak: number): void {
    if (reason === 'stopped') return;
    const name = this.target(id)?.name ?? id;
    const what = `"${m.title}" was not delivered to webhook "${name}" ${GIVE_UP_WORDS[reason]}${attempts > 0 ? ` (${attempts} ${attempts === 1 ? 'try' : 'tries'})` : ''}: ${error}`;
    this.options.logger?.warn(what);
    // One activity line per failing streak; the count and the last error stay visible in Settings → Webhooks.
    if (inStreak !== 1) return;
    void this.options.outages?.notice('notifier', {
      code: 'webhook_failed',
      message: `${what}. Later notifications are still sent; Settings → Webhooks shows how it is going.`,
      consecutiveFailures: inStreak,
      recovered: false,
      source: 'webhooks',
    });
  }
}
