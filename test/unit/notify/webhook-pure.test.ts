// The pure parts of webhooks, as tables: which URLs each kind accepts, what
// the window may see of one, each service's payload, the backoff, the
// Retry-After reading and the redaction of secrets.
import { describe, expect, it } from 'vitest';
import { webhookUrlHint, webhookUrlProblem, type WebhookKind } from '../../../shared/settings';
import { DEFAULT_RETRY_POLICY, retryDelayMs } from '../../../main/core/notify/webhooks/delivery-backoff';
import { errorDetail, retryAfterMs } from '../../../main/core/notify/webhooks/webhook-attempt';
import { buildWebhookRequest, DISCORD_CONTENT_LIMIT, escapeDiscordMarkdown } from '../../../main/core/notify/webhooks/webhook-request';
import type { WebhookMessage } from '../../../main/core/notify/webhooks/webhook-message';
import { redactSecrets, usableSecrets } from '../../../main/core/notify/webhooks/secret-redaction';

const AT = Date.UTC(2026, 10, 28, 12, 0, 0);
const msg = (over: Partial<WebhookMessage> = {}): WebhookMessage => ({
  id: 'failed:ev-1',
  kind: 'failed',
  title: 'Download failed: Some.Show.S01E02',
  message: 'Articles are missing on the server. autoarr will try to recover it.',
  urgency: 'normal',
  count: 1,
  nzoId: 'SABnzbd_nzo_1',
  at: AT,
  ...over,
});

describe('webhookUrlProblem', () => {
  const table: [WebhookKind, string, boolean][] = [
    ['json', 'http://192.168.1.10:9000/hook', true],
    ['json', 'https://example.org/h?token=abc', true],
    ['json', 'ftp://example.org/h', false],
    ['json', 'example.org/hook', false],
    ['json', '', false],
    ['ntfy', 'https://ntfy.sh/my-secret_topic1', true],
    ['ntfy', 'https://:tk_abc@ntfy.example.com/sub/alerts/', true],
    ['ntfy', 'https://ntfy.sh/', false],
    ['ntfy', 'https://ntfy.sh/bad.topic', false],
    ['discord', 'https://discord.com/api/webhooks/123456/AbC-d_e', true],
    ['discord', 'https://discord.com/api/v10/webhooks/123456/AbC-d_e?thread_id=9', true],
    ['discord', 'https://discord.com/channels/123/456', false],
    ['discord', 'https://discord.com/api/webhooks/abc/tok', false],
    ['apprise', 'http://10.0.0.2:8000/notify/autoarr', true],
    ['apprise', 'http://10.0.0.2:8000/notify/autoarr?tag=phone', true],
    ['apprise', 'http://10.0.0.2:8000/notify/', false],
    ['apprise', 'http://10.0.0.2:8000/', false],
  ];
  it.each(table)('%s %s → usable %s', (kind, url, usable) => {
    const problem = webhookUrlProblem(kind, url);
    if (usable) expect(problem).toBeNull();
    else expect(problem).toMatch(/\w/);
  });

  it('shows only scheme and host, never path, query or credentials', () => {
    expect(webhookUrlHint('https://user:pw@ntfy.example.com:8443/secret-topic?auth=x')).toBe('https://ntfy.example.com:8443/…');
    expect(webhookUrlHint('https://discord.com/api/webhooks/1/token')).toBe('https://discord.com/…');
    expect(webhookUrlHint('nonsense')).toBe('');
  });
});

describe('buildWebhookRequest', () => {
  it('json: our documented payload, POSTed to the URL as given', () => {
    const r = buildWebhookRequest('json', 'https://hooks.example/x?token=abc', msg());
    expect(r.url).toBe('https://hooks.example/x?token=abc');
    expect(r.headers['Content-Type']).toBe('application/json');
    expect(JSON.parse(r.body)).toEqual({
      app: 'autoarr-tray',
      kind: 'failed',
      title: 'Download failed: Some.Show.S01E02',
      message: 'Articles are missing on the server. autoarr will try to recover it.',
      urgency: 'normal',
      count: 1,
      nzoId: 'SABnzbd_nzo_1',
      id: 'failed:ev-1',
      timestamp: '2026-11-28T12:00:00.000Z',
    });
  });

  it('ntfy: JSON publish to the server root with the topic, priority and an emoji tag', () => {
    const r = buildWebhookRequest('ntfy', 'https://ntfy.example.com/sub/alerts', msg({ kind: 'dlq', urgency: 'critical', title: 'Gave up on Ünïcode.Name' }));
    expect(r.url).toBe('https://ntfy.example.com/sub/');
    expect(JSON.parse(r.body)).toEqual({
      topic: 'alerts',
      title: 'Gave up on Ünïcode.Name',
      message: 'Articles are missing on the server. autoarr will try to recover it.',
      priority: 5,
      tags: ['rotating_light'],
    });
    expect(JSON.parse(buildWebhookRequest('ntfy', 'https://ntfy.sh/t', msg({ kind: 'recovered', urgency: 'low' })).body)).toMatchObject({ priority: 2, tags: ['white_check_mark'] });
  });

  it('ntfy: an empty user with a password is an access token (Bearer); user:pass is Basic; neither stays in the URL', () => {
    const token = buildWebhookRequest('ntfy', 'https://:tk_secret123@ntfy.example.com/alerts', msg());
    expect(token.headers.Authorization).toBe('Bearer tk_secret123');
    expect(token.url).toBe('https://ntfy.example.com/');
    const basic = buildWebhookRequest('ntfy', 'https://phil:my%20pass@ntfy.example.com/alerts', msg());
    expect(basic.headers.Authorization).toBe(`Basic ${Buffer.from('phil:my pass').toString('base64')}`);
    expect(basic.url).not.toContain('phil');
    const json = buildWebhookRequest('json', 'https://u:p@hooks.example/x', msg());
    expect(json.headers.Authorization).toBe(`Basic ${Buffer.from('u:p').toString('base64')}`);
  });

  it('discord: content at most 2000 characters, markdown escaped, mentions off', () => {
    const r = buildWebhookRequest('discord', 'https://discord.com/api/webhooks/1/tok?thread_id=5', msg({ title: 'Download failed: *Bold*_Name_@everyone', message: 'x'.repeat(5000) }));
    expect(r.url).toBe('https://discord.com/api/webhooks/1/tok?thread_id=5');
    const body = JSON.parse(r.body) as { content: string; allowed_mentions: unknown; username: string };
    expect([...body.content].length).toBe(DISCORD_CONTENT_LIMIT);
    expect(body.content.startsWith('**Download failed: \\*Bold\\*\\_Name\\_@everyone**\n')).toBe(true);
    expect(body.content.endsWith('…')).toBe(true);
    expect(body.allowed_mentions).toEqual({ parse: [] });
    expect(body.username).toBe('autoarr-tray');
    expect(escapeDiscordMarkdown('# a\n- b > c')).toBe('\\# a\n\\- b > c');
  });

  it('apprise: {title, body, type, format}; ?tag= moves into the body', () => {
    const r = buildWebhookRequest('apprise', 'http://10.0.0.2:8000/notify/autoarr?tag=phone', msg({ kind: 'digest', urgency: 'critical' }));
    expect(r.url).toBe('http://10.0.0.2:8000/notify/autoarr');
    expect(JSON.parse(r.body)).toEqual({
      title: 'Download failed: Some.Show.S01E02',
      body: 'Articles are missing on the server. autoarr will try to recover it.',
      type: 'failure',
      format: 'text',
      tag: 'phone',
    });
    const types = (['failed', 'recovered', 'test'] as const).map((kind) => (JSON.parse(buildWebhookRequest('apprise', 'http://a/notify/k', msg({ kind })).body) as { type: string }).type);
    expect(types).toEqual(['warning', 'success', 'info']);
  });
});

describe('retry timing', () => {
  it.each([
    [1, null, 5_000],
    [2, null, 10_000],
    [3, null, 20_000],
    [4, null, 40_000],
    [1, 30_000, 30_000],
    [3, 1_000, 20_000],
    [1, 3_600_000, 300_000],
    [20, null, 300_000],
  ])('failed attempt %i, asked %s ms → waits %i ms', (attempt, asked, wait) => {
    expect(retryDelayMs(attempt, asked, DEFAULT_RETRY_POLICY)).toBe(wait);
  });

  it('reads Retry-After (seconds or date), X-RateLimit-Reset-After, then Discord’s body retry_after (seconds)', () => {
    const now = Date.UTC(2026, 0, 1, 0, 0, 0);
    expect(retryAfterMs(new Headers({ 'retry-after': '7' }), '', now)).toBe(7_000);
    expect(retryAfterMs(new Headers({ 'retry-after': new Date(now + 12_000).toUTCString() }), '', now)).toBe(12_000);
    expect(retryAfterMs(new Headers({ 'x-ratelimit-reset-after': '1.25' }), '', now)).toBe(1_250);
    expect(retryAfterMs(new Headers(), '{"message":"You are being rate limited.","retry_after":2.5,"global":false}', now)).toBe(2_500);
    expect(retryAfterMs(new Headers(), 'nope', now)).toBeNull();
  });

  it('error detail: JSON message/error, plain text, never HTML', () => {
    expect(errorDetail('{"message":"Unknown Webhook","code":10015}')).toBe('Unknown Webhook');
    expect(errorDetail('{"code":40301,"http":403,"error":"forbidden"}')).toBe('forbidden');
    expect(errorDetail('<html><body>Bad gateway</body></html>')).toBe('');
    expect(errorDetail('  upstream\n down ')).toBe('upstream down');
  });
});

describe('secret redaction', () => {
  const key = 'abcdef0123456789abcdef0123456789';
  it('cuts saved secrets and key-like URL parameters out of text', () => {
    const secrets = usableSecrets([key, null, '', 'short', 'https://discord.com/api/webhooks/1/tok']);
    expect(secrets).toEqual(['https://discord.com/api/webhooks/1/tok', key]);
    expect(redactSecrets(`URL fetch failed: https://indexer/api?t=get&apikey=zzz999&id=5 and ${key}`, secrets)).toBe(
      'URL fetch failed: https://indexer/api?t=get&apikey=[redacted]&id=5 and [redacted]',
    );
    expect(redactSecrets('see https://discord.com/api/webhooks/1/tok now; token=q1', secrets)).toBe('see [redacted] now; token=[redacted]');
    expect(redactSecrets('Hotkey=F5 stays', secrets)).toBe('Hotkey=F5 stays');
  });
});
