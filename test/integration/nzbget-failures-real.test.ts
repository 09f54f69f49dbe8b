/**
 * Every row of the NZBGet failure table, produced for real: Debian's NZBGet 21 (installed by
 * .ci/install-nzbget.sh) downloads from the harness NNTP server and runs the real par2 /
 * unrar / 7z / scripts (see harness/nzbget-scenarios.ts). For each outcome the test checks
 * that the app reads it as its row says (main/core/nzbget/nzbget-failure-table.ts) and that
 * NZBGet still answers what the capture in test/fixtures/nzbget/ holds.
 *
 * AUTOARR_NZBGET_CAPTURE=1 rewrites the captures from this run instead of comparing.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readNzbgetOutcome } from '../../main/core/nzbget/nzbget-failure-table';
import { NzbgetHistoryItemSchema } from '../../main/core/nzbget/nzbget-schemas';
import { NntpServer } from './harness/nntp-server';
import { buildPost } from './harness/nzb-builder';
import { NzbUrlServer } from './harness/nzb-url-server';
import { NzbgetInstance } from './harness/nzbget-instance';
import { NZBGET_SCENARIOS, type NzbgetInstanceKind } from './harness/nzbget-scenarios';
import type { ScenarioContext } from './harness/scenarios';

const FIXTURES = fileURLToPath(new URL('../fixtures/nzbget/', import.meta.url));
const CAPTURE = process.env.AUTOARR_NZBGET_CAPTURE === '1';
/** The fields that say what happened; counts and times vary from run to run. */
const STABLE_FIELDS = ['Kind', 'Category', 'Status', 'ParStatus', 'UnpackStatus', 'MoveStatus', 'ScriptStatus', 'DeleteStatus', 'MarkStatus', 'UrlStatus'] as const;

let nntp: NntpServer;
let indexer: NzbUrlServer;
let workDir: string;
const instances = new Map<NzbgetInstanceKind, NzbgetInstance>();
const flows = new Map<string, Promise<number>>();

/** Local paths of this run → the stable /srv/nzbget the captures use. */
function portable(value: unknown, ng: NzbgetInstance): unknown {
  return JSON.parse(JSON.stringify(value).split(ng.home).join('/srv/nzbget').split(workDir).join('/srv/work'));
}

async function readFixture(name: string): Promise<Record<string, unknown>> {
  return JSON.parse(await readFile(path.join(FIXTURES, name), 'utf8')) as Record<string, unknown>;
}

async function writeFixture(name: string, value: unknown): Promise<void> {
  await writeFile(path.join(FIXTURES, name), `${JSON.stringify(value, null, 2)}\n`);
}

beforeAll(async () => {
  nntp = await NntpServer.start();
  indexer = await NzbUrlServer.start();
  workDir = await mkdtemp(path.join(os.tmpdir(), 'autoarr-nzbget-work-'));
  const [park, noHealthCheck] = await Promise.all([
    NzbgetInstance.start({ nntp, tinyBytes: 3 * 1024 * 1024 }),
    NzbgetInstance.start({ nntp, tinyBytes: 3 * 1024 * 1024, options: { HealthCheck: 'none' } }),
  ]);
  instances.set('park', park).set('no-health-check', noHealthCheck);
  const ctx: ScenarioContext = { workDir, nntp, indexer };
  for (const s of NZBGET_SCENARIOS) {
    const flow = s.run(instances.get(s.instance)!, ctx);
    flow.catch(() => undefined); // reported by its own test
    flows.set(s.key, flow);
  }
});

afterAll(async () => {
  await Promise.all([...instances.values()].map((ng) => ng.stop()));
  await indexer?.stop();
  await nntp?.stop();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

describe('NZBGet 21 failure outcomes, produced for real', () => {
  for (const s of NZBGET_SCENARIOS) {
    it(`${s.key}: ${s.row ?? s.outcome}`, { timeout: 180_000 }, async () => {
      const ng = instances.get(s.instance)!;
      const nzbId = await flows.get(s.key)!;
      const raw = await ng.rawHistoryItem(nzbId);

      const reading = readNzbgetOutcome(NzbgetHistoryItemSchema.parse(raw));
      expect({ outcome: reading.outcome, row: reading.row }).toEqual({ outcome: s.outcome, row: s.row });
      await s.verify?.(ng, nzbId);

      const file = `${s.key}.json`;
      if (CAPTURE) {
        await writeFixture(file, portable(raw, ng));
        return;
      }
      expect(existsSync(path.join(FIXTURES, file)), `${file} missing: run with AUTOARR_NZBGET_CAPTURE=1`).toBe(true);
      const stored = await readFixture(file);
      const pickStable = (o: Record<string, unknown>) => ({
        ...Object.fromEntries(STABLE_FIELDS.map((k) => [k, o[k]])),
        hasFailedArticles: Number(o.FailedArticles) > 0,
        belowCritical: Number(o.Health) < Number(o.CriticalHealth),
      });
      expect(pickStable(raw)).toEqual(pickStable(stored));
    });
  }

  it('answers version, status, config, listgroups and its errors as captured', async () => {
    const ng = instances.get('park')!;
    const name = 'Nzbh.Queued.Show.S06E01.720p-NZBH';
    const post = buildPost({ files: [{ name: `${name}.mkv`, data: Buffer.alloc(32 * 1024, 7) }] });
    nntp.addArticles(post.articles);
    const pausedId = await ng.append(post.nzbXml, { name, category: 'tv', addPaused: true, parameters: { drone: '0123456789abcdef0123456789abcdef' } });
    const answers: Record<string, { status: number; contentType: string; body: string }> = {
      'api-version': await ng.rpcRaw('version'),
      'api-status': await ng.rpcRaw('status'),
      'api-config': await ng.rpcRaw('config'),
      'api-listgroups': await ng.rpcRaw('listgroups', [0]),
      'api-history': await ng.rpcRaw('history', [false]),
      'error-unknown-method': await ng.rpcRaw('nosuchmethod'),
      'error-unknown-edit-command': await ng.rpcRaw('editqueue', ['HistoryRetry', '', [pausedId]]),
      'editqueue-no-such-job': await ng.rpcRaw('editqueue', ['HistoryRedownload', '', [999_999]]),
      // Last: NZBGet 21 leaves the refused request's body unread and keeps the connection,
      // so the next request sent on that socket is dropped.
      'error-wrong-password': await ng.rpcRaw('version', [], { username: ng.username, password: 'wrong-password' }),
    };
    await ng.editQueue('GroupFinalDelete', [pausedId]).catch(() => ng.editQueue('GroupFinalDelete', [pausedId]));
    expect(answers['error-wrong-password']).toMatchObject({ status: 401, body: '' });
    for (const [key, answer] of Object.entries(answers)) {
      let body: unknown = answer.body;
      try {
        body = JSON.parse(answer.body);
      } catch {
        // kept as text (the empty 401 body)
      }
      if (key === 'api-config') {
        body = (body as { result: { Name: string; Value: string }[] }).result
          ? { ...(body as object), result: (body as { result: { Name: string; Value: string }[] }).result.map((e) => (/password/i.test(e.Name) && e.Value !== '' ? { ...e, Value: 'REDACTED' } : e)) }
          : body;
      }
      const capture = portable({ http_status: answer.status, content_type: answer.contentType, body }, ng);
      if (CAPTURE) {
        await writeFixture(`${key}.json`, capture);
        continue;
      }
      const stored = await readFixture(`${key}.json`);
      expect(answer.status, key).toBe(stored.http_status);
      // Same top-level shape: every field the capture holds is still sent.
      const fields = (v: unknown) => (v !== null && typeof v === 'object' && 'result' in v ? Object.keys(Array.isArray(v.result) ? (v.result[0] ?? {}) : typeof v.result === 'object' && v.result !== null ? v.result : {}) : []);
      expect(fields(body), key).toEqual(expect.arrayContaining(fields(stored.body)));
    }
  });
});
