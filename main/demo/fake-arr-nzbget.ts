// How the fake Sonarr/Radarr talk to NZBGet: the same JSON-RPC calls the real
// apps send (Sonarr's NzbgetProxy): `append` with the NZB base64 and a `drone`
// post-processing parameter holding a fresh GUID (32 hex digits), which is the
// downloadId the app reports for the job from then on; `listgroups` and
// `history` read back by that parameter and the app's category; a removal is
// GroupFinalDelete (queue) or HistoryDelete (history).
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { ArrClientSlot, FakeArrDownloadClient } from './fake-arr-sabnzbd';

export interface NzbgetConnection {
  /** NZBGet's web address, e.g. http://127.0.0.1:6789. */
  url: string;
  username: string;
  password: string;
}

const Parameter = z.object({ Name: z.string(), Value: z.string() });
const Group = z.object({
  NZBID: z.number(),
  Category: z.string(),
  Status: z.string(),
  FileSizeMB: z.number(),
  RemainingSizeMB: z.number(),
  Parameters: z.array(Parameter).default([]),
});
const HistoryItem = z.object({
  NZBID: z.number(),
  Category: z.string(),
  Status: z.string(),
  DeleteStatus: z.string().default('NONE'),
  Parameters: z.array(Parameter).default([]),
});
const Envelope = z.union([z.object({ result: z.unknown() }), z.object({ error: z.object({ message: z.string() }) })]);

const droneOf = (parameters: readonly { Name: string; Value: string }[]) => parameters.find((p) => p.Name === 'drone')?.Value ?? null;

export class NzbgetProxy implements FakeArrDownloadClient {
  readonly name = 'NZBGet';

  constructor(private readonly conn: NzbgetConnection) {}

  private async rpc(method: string, params: readonly unknown[]): Promise<unknown> {
    const auth = Buffer.from(`${this.conn.username}:${this.conn.password}`, 'utf8').toString('base64');
    const res = await fetch(`${this.conn.url.replace(/\/+$/, '')}/jsonrpc`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Basic ${auth}` },
      body: JSON.stringify({ version: '1.1', id: 1, method, params }),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`NZBGet answered HTTP ${res.status} to ${method}: ${text.slice(0, 80)}`);
    const envelope = Envelope.parse(JSON.parse(text));
    if ('error' in envelope) throw new Error(`NZBGet refused ${method}: ${envelope.error.message}`);
    return envelope.result;
  }

  /** Returns the drone id (the app's downloadId); throws when NZBGet refused the NZB. */
  async addFile(nzb: string, filename: string, category: string): Promise<string> {
    const drone = randomUUID().replace(/-/g, '');
    // NZBGet 21 reads the parameters as a flat run of name, value strings.
    const id = z.number().parse(await this.rpc('append', [filename, Buffer.from(nzb, 'utf8').toString('base64'), category, 0, false, false, '', 0, 'SCORE', ['drone', drone]]));
    if (id <= 0) throw new Error(`NZBGet refused the NZB ${filename}`);
    return drone;
  }

  /** Finished jobs as the app reads them: SUCCESS → Completed; a manual delete is not listed; anything else Failed. */
  async history(category: string): Promise<ArrClientSlot[]> {
    const items = z.array(HistoryItem).parse(await this.rpc('history', [false]));
    const out: ArrClientSlot[] = [];
    for (const h of items) {
      const drone = droneOf(h.Parameters);
      if (drone === null || h.Category !== category || h.DeleteStatus === 'MANUAL') continue;
      const ok = h.Status.startsWith('SUCCESS');
      out.push({ nzoId: drone, status: ok ? 'Completed' : 'Failed', failMessage: ok ? '' : `NZBGet: ${h.Status}` });
    }
    return out;
  }

  async queue(category: string): Promise<ArrClientSlot[]> {
    const groups = z.array(Group).parse(await this.rpc('listgroups', [0]));
    return groups
      .filter((g) => g.Category === category && droneOf(g.Parameters) !== null)
      .map((g) => ({
        nzoId: droneOf(g.Parameters)!,
        status: g.Status === 'PAUSED' ? 'Paused' : g.Status === 'DOWNLOADING' ? 'Downloading' : 'Queued',
        failMessage: '',
        mb: g.FileSizeMB,
        mbLeft: g.RemainingSizeMB,
      }));
  }

  async remove(where: 'queue' | 'history', downloadId: string): Promise<void> {
    const list = where === 'queue' ? z.array(Group).parse(await this.rpc('listgroups', [0])) : z.array(HistoryItem).parse(await this.rpc('history', [false]));
    const job = list.find((j) => droneOf(j.Parameters) === downloadId);
    if (!job) return;
    await this.rpc('editqueue', [where === 'queue' ? 'GroupFinalDelete' : 'HistoryDelete', '', [job.NZBID]]);
  }
}
