// One loopback HTTP server standing in for the four webhook endpoints, each
// checking what it receives the way the real service documents it and
// answering as it does:
//   ntfy     POST /ntfy/ — JSON publish {topic, message, title, priority 1–5, tags};
//            200 with the message envelope; 400 {code, http, error} otherwise.
//   Discord  POST /api/webhooks/<id>/<token> — `content` (≤ 2000 characters) or
//            `embeds`; 204; 400 {code: 50035, message: 'Invalid Form Body'};
//            an unknown webhook is 404 {code: 10015, message: 'Unknown Webhook'}.
//   Apprise  POST /notify/<key> — JSON {body (required), title, type, format, tag}; 200.
//   JSON     POST anything else — 200.
// Tests script faults ahead (respondNext: a status, headers and body for the
// next requests; hang: never answer) and read every request back.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';

export type ReceiverKind = 'ntfy' | 'discord' | 'apprise' | 'json';

export interface ReceivedRequest {
  kind: ReceiverKind;
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
  /** The parsed body when it was JSON. */
  json: unknown;
  /** What the receiver answered. */
  status: number;
  /** Date.now() when it arrived. */
  at: number;
}

export interface ScriptedAnswer {
  status: number;
  headers?: Record<string, string>;
  body?: string;
  /** Never answer (the request stays open until the client gives up or the server closes). */
  hang?: boolean;
}

export interface WebhookReceiver {
  readonly url: string;
  readonly requests: ReceivedRequest[];
  ntfyUrl(topic: string): string;
  discordUrl(): string;
  appriseUrl(key?: string): string;
  jsonUrl(path?: string): string;
  /** The next `times` requests get this answer instead of the service's own. */
  respondNext(answer: ScriptedAnswer, times?: number): void;
  /** Resolves once `count` requests have arrived. */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedRequest[]>;
  close(): Promise<void>;
}

export const DISCORD_WEBHOOK_ID = '112233445566778899';
export const DISCORD_WEBHOOK_TOKEN = 'dIsCoRdWeBhOoKtOkEn-_0123456789abcdefABCDEF';

const NtfyPublishSchema = z.object({
  topic: z.string().regex(/^[-_A-Za-z0-9]{1,64}$/),
  message: z.string().optional(),
  title: z.string().optional(),
  priority: z.number().int().min(1).max(5).optional(),
  tags: z.array(z.string()).optional(),
  click: z.string().optional(),
  markdown: z.boolean().optional(),
});

const DiscordExecuteSchema = z
  .object({
    content: z.string().max(2000).optional(),
    username: z.string().min(1).max(80).optional(),
    embeds: z.array(z.object({ title: z.string().max(256).optional(), description: z.string().max(4096).optional() })).max(10).optional(),
    allowed_mentions: z.object({ parse: z.array(z.enum(['roles', 'users', 'everyone'])) }).optional(),
  })
  .refine((b) => (b.content !== undefined && b.content !== '') || (b.embeds !== undefined && b.embeds.length > 0), 'Cannot send an empty message');

const AppriseNotifySchema = z.object({
  body: z.string().min(1),
  title: z.string().optional(),
  type: z.enum(['info', 'success', 'warning', 'failure']).optional(),
  format: z.enum(['text', 'markdown', 'html']).optional(),
  tag: z.string().optional(),
});

function kindOf(path: string): ReceiverKind {
  if (path === '/ntfy/' || path === '/ntfy') return 'ntfy';
  if (path.startsWith('/api/webhooks/')) return 'discord';
  if (path.startsWith('/notify/')) return 'apprise';
  return 'json';
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { ...(text && typeof body !== 'string' ? { 'Content-Type': 'application/json' } : {}), ...headers });
  res.end(text);
}

/** The service's own answer to a well-formed or malformed request. */
function serviceAnswer(kind: ReceiverKind, path: string, json: unknown): { status: number; body?: unknown } {
  switch (kind) {
    case 'ntfy': {
      const p = NtfyPublishSchema.safeParse(json);
      if (!p.success) return { status: 400, body: { code: 40024, http: 400, error: `invalid request: ${p.error.issues[0]?.message ?? 'bad JSON'}` } };
      return { status: 200, body: { id: 'Xy12AbCd', time: Math.floor(Date.now() / 1000), event: 'message', ...p.data } };
    }
    case 'discord': {
      const [, , , id, token] = path.split('/');
      if (id !== DISCORD_WEBHOOK_ID || token !== DISCORD_WEBHOOK_TOKEN) return { status: 404, body: { message: 'Unknown Webhook', code: 10015 } };
      const p = DiscordExecuteSchema.safeParse(json);
      if (!p.success) return { status: 400, body: { message: 'Invalid Form Body', code: 50035, errors: { content: p.error.issues.map((i) => i.message) } } };
      return { status: 204 };
    }
    case 'apprise': {
      const p = AppriseNotifySchema.safeParse(json);
      if (!p.success) return { status: 400, body: 'Bad FORM Payload provided' };
      return { status: 200, body: 'Notification(s) sent.' };
    }
    case 'json':
      return json === undefined ? { status: 400, body: 'expected JSON' } : { status: 200, body: { received: true } };
  }
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const requests: ReceivedRequest[] = [];
  const scripted: ScriptedAnswer[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  const hanging = new Set<ServerResponse>();

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      const kind = kindOf(path);
      let json: unknown;
      try {
        json = body === '' ? undefined : JSON.parse(body);
      } catch {
        json = undefined;
      }
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v;
      const script = scripted.shift();
      const own = serviceAnswer(kind, path, json);
      const status = script ? script.status : own.status;
      requests.push({ kind, method: req.method ?? '', path: req.url ?? '', headers, body, json, status, at: Date.now() });
      for (const w of [...waiters]) {
        if (requests.length >= w.count) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve();
        }
      }
      if (script?.hang) {
        hanging.add(res);
        res.on('close', () => hanging.delete(res));
        return;
      }
      if (script) send(res, script.status, script.body, script.headers);
      else send(res, own.status, own.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    requests,
    ntfyUrl: (topic) => `${url}/ntfy/${topic}`,
    discordUrl: () => `${url}/api/webhooks/${DISCORD_WEBHOOK_ID}/${DISCORD_WEBHOOK_TOKEN}`,
    appriseUrl: (key = 'autoarr') => `${url}/notify/${key}`,
    jsonUrl: (path = '/hooks/autoarr') => `${url}${path}`,
    respondNext(answer, times = 1) {
      for (let i = 0; i < times; i++) scripted.push(answer);
    },
    waitFor(count, timeoutMs = 5_000) {
      if (requests.length >= count) return Promise.resolve(requests.slice());
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`webhook receiver: ${requests.length} of ${count} requests after ${timeoutMs} ms`)), timeoutMs);
        waiters.push({
          count,
          resolve: () => {
            clearTimeout(timer);
            resolve(requests.slice());
          },
        });
      });
    },
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
