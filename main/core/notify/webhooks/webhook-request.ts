// One webhook message as the HTTP request each service expects. Pure.
//   json    — POST the URL, our own JSON (documented in the README).
//   ntfy    — POST the server root with ntfy's JSON publish format
//             ({topic, title, message, priority, tags}); JSON keeps non-ASCII
//             release names intact, which ntfy's header form would not.
//   discord — POST the webhook URL with `content` (at most 2000 characters)
//             and mentions switched off, so a release name cannot ping anyone.
//   apprise — POST Apprise API's /notify/<key> with {title, body, type, format};
//             a `?tag=` on the saved URL becomes the body's `tag`.
// Credentials in the URL (https://user:pass@host/…) become an Authorization
// header (fetch refuses URLs with credentials); for ntfy, an empty user with
// a password (https://:tk_…@ntfy.example/topic) is an access token (Bearer).
import type { WebhookKind } from '../../../../shared/settings';
import type { WebhookMessage } from './webhook-message';

export interface WebhookRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

export const DISCORD_CONTENT_LIMIT = 2000;
/** ntfy turns a message over 4096 bytes into an attachment; stay well below in characters of up to 4 bytes. */
const NTFY_MESSAGE_LIMIT = 1000;
const TITLE_LIMIT = 250;
const TEXT_LIMIT = 4000;

export function truncate(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

const NTFY_PRIORITY: Record<WebhookMessage['urgency'], number> = { low: 2, normal: 3, critical: 5 };
const NTFY_TAGS: Record<WebhookMessage['kind'], string> = {
  failed: 'warning',
  dlq: 'rotating_light',
  recovered: 'white_check_mark',
  digest: 'package',
  test: 'wave',
};

/** Apprise's four message types. */
export function appriseType(m: WebhookMessage): 'info' | 'success' | 'warning' | 'failure' {
  if (m.kind === 'recovered') return 'success';
  if (m.kind === 'test') return 'info';
  return m.urgency === 'critical' ? 'failure' : 'warning';
}

/** Discord reads markdown: a release name's * _ ~ ` | (and > # - starting a line) must show as typed. */
export function escapeDiscordMarkdown(text: string): string {
  return text.replace(/([\\*_~`|])/g, '\\$1').replace(/^([>#-])/gm, '\\$1');
}

function authorization(url: URL, kind: WebhookKind): string | null {
  if (url.username === '' && url.password === '') return null;
  const user = decodeURIComponent(url.username);
  const pass = decodeURIComponent(url.password);
  url.username = '';
  url.password = '';
  if (kind === 'ntfy' && user === '' && pass !== '') return `Bearer ${pass}`;
  return `Basic ${Buffer.from(`${user}:${pass}`, 'utf8').toString('base64')}`;
}

export function buildWebhookRequest(kind: WebhookKind, rawUrl: string, m: WebhookMessage): WebhookRequest {
  const url = new URL(rawUrl.trim());
  const headers: Record<string, string> = { 'Content-Type': 'application/json', 'User-Agent': 'autoarr-tray' };
  const auth = authorization(url, kind);
  if (auth) headers.Authorization = auth;
  const title = truncate(m.title, TITLE_LIMIT);
  switch (kind) {
    case 'json': {
      const body = {
        app: 'autoarr-tray',
        kind: m.kind,
        title,
        message: truncate(m.message, TEXT_LIMIT),
        urgency: m.urgency,
        count: m.count,
        nzoId: m.nzoId,
        id: m.id,
        timestamp: new Date(m.at).toISOString(),
      };
      return { url: url.toString(), headers, body: JSON.stringify(body) };
    }
    case 'ntfy': {
      const segments = url.pathname.replace(/\/+$/, '').split('/');
      const topic = segments.pop() ?? '';
      url.pathname = `${segments.join('/')}/`;
      const body = {
        topic,
        title,
        message: truncate(m.message, NTFY_MESSAGE_LIMIT),
        priority: NTFY_PRIORITY[m.urgency],
        tags: [NTFY_TAGS[m.kind]],
      };
      return { url: url.toString(), headers, body: JSON.stringify(body) };
    }
    case 'discord': {
      const content = truncate(`**${escapeDiscordMarkdown(title)}**\n${escapeDiscordMarkdown(m.message)}`, DISCORD_CONTENT_LIMIT);
      const body = { content, username: 'autoarr-tray', allowed_mentions: { parse: [] } };
      return { url: url.toString(), headers, body: JSON.stringify(body) };
    }
    case 'apprise': {
      const tag = url.searchParams.get('tag');
      url.searchParams.delete('tag');
      const body = { title, body: truncate(m.message, TEXT_LIMIT), type: appriseType(m), format: 'text', ...(tag ? { tag } : {}) };
      return { url: url.toString(), headers, body: JSON.stringify(body) };
    }
  }
}
