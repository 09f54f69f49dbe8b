// A loopback stand-in for SABnzbd that misbehaves on demand: real captured
// answers (the team's SABnzbd 3.7.1 fixtures) when healthy, and the ways a
// real one, or whatever sits at its address, goes wrong — slow, 401/403, an
// HTML page, JSON cut off mid-answer, a 50 MB history in one answer. Its
// history is large (50 MB if read whole) and honours start/limit.
import fs from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { TEAM_SHARED } from './faults-temp-core';

export type StandInFault =
  | { kind: 'none' }
  | { kind: 'slow'; delayMs: number }
  | { kind: 'status'; status: number; contentType: string; body: string }
  | { kind: 'truncated' }
  | { kind: 'whole_history' };

export interface StandInRequest {
  mode: string;
  params: Record<string, string>;
}

type Json = Record<string, unknown>;

function fixture(name: string): Json {
  return JSON.parse(fs.readFileSync(path.join(TEAM_SHARED, 'fixtures', 'sabnzbd', name), 'utf8')) as Json;
}

export class SabStandIn {
  fault: StandInFault = { kind: 'none' };
  readonly requests: StandInRequest[] = [];
  /** Bytes of each oversized answer the client took before it stopped reading (or all of it). */
  readonly streamed: { sent: number; of: number }[] = [];
  readonly apiKey = 'standin0123456789abcdef0123456789';
  private readonly queueBody: string;
  private readonly template: Json;
  private readonly lastUpdate = 1_795_869_700;
  private wholeHistory: Buffer | null = null;

  private constructor(
    private readonly server: Server,
    readonly totalSlots: number,
    readonly recentSlots: number,
  ) {
    this.queueBody = JSON.stringify(fixture('queue-empty.json'));
    const history = fixture('history.json').history as { slots: Json[] };
    const first = history.slots[0];
    if (!first) throw new Error('history.json has no slots');
    this.template = first;
  }

  static async start(options: { totalSlots: number; recentSlots: number }): Promise<SabStandIn> {
    const server = createServer();
    const standIn = new SabStandIn(server, options.totalSlots, options.recentSlots);
    server.on('request', (req, res) => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const params = Object.fromEntries(url.searchParams);
      standIn.requests.push({ mode: params.mode ?? '', params });
      standIn.answer(params, res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return standIn;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/sabnzbd`;
  }

  /** One slot of the history, newest first: the first `recentSlots` finished an hour ago, the rest a month ago. */
  slot(index: number): Json {
    const nowSeconds = Math.floor(Date.now() / 1000);
    const completed = index < this.recentSlots ? nowSeconds - 3600 - index : nowSeconds - 30 * 86_400 - index;
    return {
      ...this.template,
      id: this.totalSlots - index,
      nzo_id: `SABnzbd_nzo_standin${index}`,
      name: `Standin.Show.S01E${String(index).padStart(5, '0')}.720p-SABH`,
      nzb_name: `Standin.Show.S01E${String(index).padStart(5, '0')}.720p-SABH.nzb`,
      category: 'tv',
      status: 'Completed',
      completed,
    };
  }

  /** Bytes of the whole history as one JSON answer. */
  wholeHistoryBytes(): number {
    return this.wholeHistoryBody().byteLength;
  }

  private wholeHistoryBody(): Buffer {
    if (!this.wholeHistory) {
      const slots: Json[] = [];
      for (let i = 0; i < this.totalSlots; i++) slots.push(this.slot(i));
      this.wholeHistory = Buffer.from(JSON.stringify(this.historyEnvelope(slots)));
    }
    return this.wholeHistory;
  }

  private historyEnvelope(slots: Json[]): Json {
    return {
      history: {
        total_size: '1.2 T',
        month_size: '0 B',
        week_size: '0 B',
        day_size: '0 B',
        slots,
        noofslots: this.totalSlots,
        last_history_update: this.lastUpdate,
        version: '3.7.1',
      },
    };
  }

  private answer(params: Record<string, string>, res: ServerResponse): void {
    const fault = this.fault;
    const send = (status: number, contentType: string, body: string | Buffer) => {
      res.writeHead(status, { 'Content-Type': contentType });
      res.end(body);
    };
    if (params.apikey !== this.apiKey && params.mode !== 'version') return send(403, 'text/html;charset=utf-8', 'API Key Incorrect');
    switch (fault.kind) {
      case 'slow':
        setTimeout(() => !res.destroyed && this.healthy(params, res), fault.delayMs);
        return;
      case 'status':
        return send(fault.status, fault.contentType, fault.body);
      case 'truncated': {
        const body = params.mode === 'history' ? JSON.stringify(this.historyEnvelope([this.slot(0)])) : this.queueBody;
        return send(200, 'application/json', body.slice(0, Math.floor(body.length / 2)));
      }
      case 'whole_history':
        if (params.mode === 'history') {
          // Like a server that streams: no Content-Length, so the client has to count.
          res.writeHead(200, { 'Content-Type': 'application/json' });
          void this.stream(this.wholeHistoryBody(), res);
          return;
        }
        return this.healthy(params, res);
      case 'none':
        return this.healthy(params, res);
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

  private healthy(params: Record<string, string>, res: ServerResponse): void {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    if (params.mode === 'queue') return void res.end(this.queueBody);
    if (params.mode === 'history') {
      if (params.last_history_update === String(this.lastUpdate)) return void res.end(JSON.stringify({ history: false }));
      const start = Number(params.start ?? 0);
      // Like SABnzbd, a request without a limit gets everything.
      const limit = params.limit === undefined ? this.totalSlots : Number(params.limit);
      const slots: Json[] = [];
      for (let i = start; i < Math.min(start + limit, this.totalSlots); i++) slots.push(this.slot(i));
      return void res.end(JSON.stringify(this.historyEnvelope(slots)));
    }
    if (params.mode === 'version') return void res.end(JSON.stringify({ version: '3.7.1' }));
    res.end(JSON.stringify({ status: false, error: 'not implemented' }));
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
