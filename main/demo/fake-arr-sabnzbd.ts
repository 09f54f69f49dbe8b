// How the fake Sonarr/Radarr talk to SABnzbd: the same requests the real apps
// send (Sonarr's SabnzbdProxy): addfile as a multipart POST with the NZB in
// field `name`, history/queue filtered by the app's category, deletes with del_files.
import { z } from 'zod';

export interface SabConnection {
  /** Base URL as configured in the app's download client, e.g. http://127.0.0.1:8080 or …/sabnzbd. */
  url: string;
  apiKey: string;
}

/** A download client as the fake *arr apps drive it (SABnzbd here, NZBGet in fake-arr-nzbget.ts). */
export interface FakeArrDownloadClient {
  /** As the app names it in its history (`downloadClient`). */
  readonly name: string;
  /** Sends the NZB; answers the downloadId the app tracks the job by. */
  addFile(nzb: string, filename: string, category: string): Promise<string>;
  history(category: string): Promise<ArrClientSlot[]>;
  queue(category: string): Promise<ArrClientSlot[]>;
  remove(where: 'queue' | 'history', downloadId: string, deleteData: boolean): Promise<void>;
}

/** A job as the app reads it from its download client, in SABnzbd's words (Completed, Failed, Downloading…). */
export type ArrClientSlot = SabSlot;

export interface SabSlot {
  nzoId: string;
  status: string;
  failMessage: string;
  mbLeft?: number;
  mb?: number;
  timeLeft?: string;
}

const AddAnswer = z.object({ status: z.boolean(), nzo_ids: z.array(z.string()).default([]), error: z.string().optional() });
const HistoryAnswer = z.object({
  history: z.object({
    slots: z.array(z.object({ nzo_id: z.string(), status: z.string(), fail_message: z.string().nullish() })).default([]),
  }),
});
const QueueAnswer = z.object({
  queue: z.object({
    slots: z
      .array(
        z.object({
          nzo_id: z.string(),
          status: z.string(),
          mb: z.string().optional(),
          mbleft: z.string().optional(),
          timeleft: z.string().optional(),
        }),
      )
      .default([]),
  }),
});

export class SabnzbdProxy implements FakeArrDownloadClient {
  readonly name = 'SABnzbd';

  constructor(private readonly conn: SabConnection) {}

  private api(params: Record<string, string>): string {
    const base = this.conn.url.replace(/\/+$/, '');
    const qs = new URLSearchParams({ ...params, apikey: this.conn.apiKey, output: 'json' });
    return `${/\/api$/.test(base) ? base : `${base}/api`}?${qs.toString()}`;
  }

  private async getJson(params: Record<string, string>): Promise<unknown> {
    const res = await fetch(this.api(params));
    const text = await res.text();
    if (!res.ok) throw new Error(`SABnzbd answered HTTP ${res.status}: ${text.slice(0, 80)}`);
    return JSON.parse(text) as unknown;
  }

  /** Returns the nzo_id SABnzbd gave the job; throws when SABnzbd refused the NZB. */
  async addFile(nzb: string, filename: string, category: string): Promise<string> {
    const form = new FormData();
    form.append('name', new Blob([nzb], { type: 'application/x-nzb' }), filename);
    const res = await fetch(this.api({ mode: 'addfile', cat: category, priority: '-100' }), { method: 'POST', body: form });
    const text = await res.text();
    if (!res.ok) throw new Error(`SABnzbd answered HTTP ${res.status} to addfile: ${text.slice(0, 80)}`);
    const answer = AddAnswer.parse(JSON.parse(text));
    const id = answer.nzo_ids[0];
    if (!answer.status || !id) throw new Error(`SABnzbd refused the NZB${answer.error ? `: ${answer.error}` : ''}`);
    return id;
  }

  async history(category: string, limit = 60): Promise<SabSlot[]> {
    const answer = HistoryAnswer.parse(await this.getJson({ mode: 'history', start: '0', limit: String(limit), category }));
    return answer.history.slots.map((s) => ({ nzoId: s.nzo_id, status: s.status, failMessage: s.fail_message ?? '' }));
  }

  async queue(category: string): Promise<SabSlot[]> {
    const answer = QueueAnswer.parse(await this.getJson({ mode: 'queue', start: '0', limit: '0', category }));
    return answer.queue.slots.map((s) => ({
      nzoId: s.nzo_id,
      status: s.status,
      failMessage: '',
      mb: Number(s.mb ?? 0),
      mbLeft: Number(s.mbleft ?? 0),
      timeLeft: s.timeleft,
    }));
  }

  async remove(where: 'queue' | 'history', nzoId: string, deleteData: boolean): Promise<void> {
    await this.getJson({ mode: where, name: 'delete', value: nzoId, del_files: deleteData ? '1' : '0' });
  }
}
