// The one fake SABnzbd (test/fakes/fake-sabnzbd.ts) on loopback with faults
// switched on in front of it: slow, a canned status/body (401/403, an HTML
// page), JSON cut off mid-answer, or the whole history in one answer (limit
// ignored, streamed without Content-Length). Healthy, it is the fake: a big
// history (50 MB if read whole) paged by start/limit.
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { answerFakeSabnzbd, FakeSabnzbdModel, type FakeSabAnswer } from '../fakes/fake-sabnzbd';

export type SabFault =
  | { kind: 'none' }
  | { kind: 'slow'; delayMs: number }
  | { kind: 'status'; status: number; contentType: string; body: string }
  | { kind: 'truncated' }
  | { kind: 'whole_history' };

export interface SabRequest {
  mode: string;
  params: Record<string, string>;
}

export class FaultySabnzbd {
  fault: SabFault = { kind: 'none' };
  readonly requests: SabRequest[] = [];
  /** Bytes of each oversized answer the client took before it stopped reading (or all of it). */
  readonly streamed: { sent: number; of: number }[] = [];
  readonly apiKey = 'standin0123456789abcdef0123456789';

  private constructor(
    private readonly server: Server,
    readonly model: FakeSabnzbdModel,
  ) {}

  /** `totalSlots` finished jobs: the newest `recentSlots` an hour ago, the rest a month ago. */
  static async start(options: { totalSlots: number; recentSlots: number }): Promise<FaultySabnzbd> {
    const model = new FakeSabnzbdModel({ now: Date.now, idPrefix: 'si' });
    const nowSeconds = Math.floor(Date.now() / 1000);
    for (let i = 0; i < options.totalSlots; i++) {
      const completed = i < options.recentSlots ? nowSeconds - 3600 - i : nowSeconds - 30 * 86_400 - i;
      model.addFinished({ name: `Standin.Show.S01E${String(i).padStart(5, '0')}.720p-SABH`, category: 'tv', sizeMb: 0.5, completedAt: completed * 1000 });
    }
    const server = createServer();
    const sab = new FaultySabnzbd(server, model);
    server.on('request', (req, res) => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const params = Object.fromEntries(url.searchParams);
      sab.requests.push({ mode: params.mode ?? '', params });
      sab.answer(url.searchParams, res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return sab;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/sabnzbd`;
  }

  /** Bytes of the whole history as one JSON answer. */
  wholeHistoryBytes(): number {
    return Buffer.byteLength(this.wholeHistory().body);
  }

  private wholeHistory(): FakeSabAnswer {
    return answerFakeSabnzbd(this.model, this.apiKey, { query: new URLSearchParams({ mode: 'history', apikey: this.apiKey, output: 'json' }) });
  }

  private answer(query: URLSearchParams, res: ServerResponse): void {
    const fault = this.fault;
    const send = (a: FakeSabAnswer) => {
      res.writeHead(a.status, { 'Content-Type': a.contentType });
      res.end(a.body);
    };
    const healthy = () => answerFakeSabnzbd(this.model, this.apiKey, { query });
    switch (fault.kind) {
      case 'slow':
        setTimeout(() => !res.destroyed && send(healthy()), fault.delayMs);
        return;
      case 'status':
        return send(fault);
      case 'truncated': {
        const a = healthy();
        return send({ ...a, body: a.body.slice(0, Math.floor(a.body.length / 2)) });
      }
      case 'whole_history':
        if (query.get('mode') === 'history' && query.get('apikey') === this.apiKey) {
          // Like a server that streams: no Content-Length, so the client has to count.
          res.writeHead(200, { 'Content-Type': 'application/json;charset=UTF-8' });
          void this.stream(Buffer.from(this.wholeHistory().body), res);
          return;
        }
        return send(healthy());
      case 'none':
        return send(healthy());
    }
  }

  /** 1 MB at a time, waiting for the client to take each: what was sent shows what was read. */
  private async stream(body: Buffer, res: ServerResponse): Promise<void> {
    const record = { sent: 0, of: body.byteLength };
    this.streamed.push(record);
    const chunk = 1024 * 1024;
    while (record.sent < body.byteLength && !res.destroyed) {
      const piece = body.subarray(record.sent, record.sent + chunk);
      const more = res.write(piece);
      record.sent += piece.byteLength;
      if (!more) {
        await new Promise<void>((resolve) => {
          res.once('drain', resolve);
          res.once('close', resolve);
        });
      }
    }
    if (!res.destroyed) res.end();
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
