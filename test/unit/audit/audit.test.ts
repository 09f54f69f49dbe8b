import { describe, expect, it } from 'vitest';
import { createLidarrClient } from '../../../main/core/arr/lidarr-client';
import { lidarrGateway } from '../../../main/core/recovery/arr-gateway';
import { startFakeLidarr } from '../../fakes/fake-lidarr';
import { auditChecks, type AuditSnapshot } from '../../../main/core/audit/audit-checks';
import { AuditRunner } from '../../../main/core/audit/audit-runner';
import { downloadClientCategoryReader } from '../../../main/core/audit/download-client-categories';
import { createSonarrClient } from '../../../main/core/arr/sonarr-client';
import { systemClock } from '../../../main/core/clock';
import { sonarrGateway } from '../../../main/core/recovery/arr-gateway';
import { sabOk } from '../../../main/core/sabnzbd/sabnzbd-error';
import { defaultSettings } from '../../../shared/settings';
import { startFakeSonarr } from '../../fakes/fake-sonarr';
import { createRecordingBus } from '../../support/recording-bus';

const config = (autoRedownloadFailed: boolean) => ({ id: 1, enableCompletedDownloadHandling: true, autoRedownloadFailed, autoRedownloadFailedFromInteractiveSearch: true });
const healthy: AuditSnapshot = {
  sabConfig: { abortsHopelessJobs: true, propagationDelayMinutes: 0 },
  sabCategories: ['tv', 'movies'],
  categoryMap: { tv: 'sonarr', movies: 'radarr' },
  arrs: [
    { app: 'sonarr', config: config(true), error: null, sabCategories: ['tv'] },
    { app: 'radarr', config: config(true), error: null, sabCategories: ['movies'] },
  ],
  propagationFailures: 0,
};

describe('audit checks', () => {
  it('a healthy stack has no findings', () => {
    expect(auditChecks(healthy)).toEqual([]);
  });

  it.each<[string, Partial<AuditSnapshot>, string]>([
    ['hopeless jobs kept', { sabConfig: { ...healthy.sabConfig, abortsHopelessJobs: false } }, 'sabnzbd.fail_hopeless_jobs_off'],
    ['propagation delay 0 with propagation failures', { propagationFailures: 2 }, 'sabnzbd.propagation_delay_zero'],
    ['unmapped category', { sabCategories: ['tv', 'movies', 'anime'] }, 'sabnzbd.category_unmapped.anime'],
    [
      'both apps on one category',
      { arrs: [{ ...healthy.arrs[0]!, sabCategories: ['tv'] }, { ...healthy.arrs[1]!, sabCategories: ['TV'] }] },
      'stack.category_shared.tv',
    ],
    ['redownload off', { arrs: [{ ...healthy.arrs[0]!, config: config(false) }] }, 'sonarr.auto_redownload_off'],
    ['redownload off in Lidarr', { arrs: [...healthy.arrs, { app: 'lidarr', config: config(false), error: null, sabCategories: ['music'] }] }, 'lidarr.auto_redownload_off'],
  ])('%s', (_name, patch, id) => {
    const findings = auditChecks({ ...healthy, ...patch });
    expect(findings.map((f) => f.id)).toEqual([id]);
    expect(findings[0]!.fix.length).toBeGreaterThan(20);
  });

  it('with NZBGet chosen, the download-client findings name NZBGet, its settings and menus, never SABnzbd', () => {
    const findings = auditChecks({
      ...healthy,
      client: 'nzbget',
      sabConfig: { abortsHopelessJobs: false, propagationDelayMinutes: 0 },
      propagationFailures: 1,
      sabCategories: ['tv', 'movies', 'anime'],
      arrs: [{ ...healthy.arrs[0]!, sabCategories: ['tv'] }, { ...healthy.arrs[1]!, sabCategories: ['tv'] }],
    });
    expect(findings.map((f) => [f.id, f.service])).toEqual([
      ['nzbget.health_check_off', 'nzbget'],
      ['nzbget.propagation_delay_zero', 'nzbget'],
      ['nzbget.category_unmapped.anime', 'nzbget'],
      ['stack.category_shared.tv', 'nzbget'],
    ]);
    expect(findings[0]!.fix).toBe('In NZBGet open Settings → Check and Repair, set HealthCheck to Park (or Delete), then Save all changes.');
    expect(findings[1]!.fix).toMatch(/^In NZBGet open Settings → Download Queue, set PropagationDelay/);
    expect(findings[3]!.fix).toContain('Download Clients → NZBGet');
    expect(JSON.stringify(findings)).not.toMatch(/SABnzbd/);
  });

  it('propagation delay set: no finding even with propagation failures', () => {
    expect(auditChecks({ ...healthy, propagationFailures: 3, sabConfig: { ...healthy.sabConfig, propagationDelayMinutes: 15 } })).toEqual([]);
  });

  it('without the apps’ download clients, a category mapped to both apps (case-insensitively) is found in the map', () => {
    const arrs = healthy.arrs.map((a) => ({ ...a, sabCategories: null }));
    expect(auditChecks({ ...healthy, arrs, categoryMap: { tv: 'sonarr', TV: 'radarr' } }).map((f) => f.id)).toContain('stack.category_shared.tv');
  });
});

describe('audit runner', () => {
  it('reads SABnzbd and a fake Sonarr, publishes started → completed with the findings', async () => {
    const { bus, clock, events } = createRecordingBus();
    const sonarr = await startFakeSonarr({ clock, autoRedownloadFailed: false, series: [] });
    try {
      const runner = new AuditRunner({
        bus,
        clock,
        sab: {
          kind: 'sabnzbd',
          failureSettings: async () => sabOk({ abortsHopelessJobs: false, propagationDelayMinutes: 0 }),
          categories: async () => sabOk([{ name: 'tv', path: null }, { name: 'movies', path: null }]),
        },
        arrs: () => ({ sonarr: sonarrGateway(createSonarrClient({ baseUrl: sonarr.url, apiKey: sonarr.apiKey, clock: systemClock })) }),
        settings: defaultSettings,
        store: { listFailed: () => ({ items: [], total: 0 }) },
      });
      const r = await runner.run('manual');
      expect(r.ok && r.value.findings.map((f) => f.id).sort()).toEqual(['sabnzbd.fail_hopeless_jobs_off', 'sonarr.auto_redownload_off']);
      expect(events.map((e) => e.type)).toEqual(['audit.started', 'audit.completed']);
      expect(events[1]!.causationId).toBe(events[0]!.id);
    } finally {
      await sonarr.close();
    }
  });

  it('audits the first Lidarr too, and a category an instance owns is not "unmapped"', async () => {
    const { bus, clock } = createRecordingBus();
    const lidarr = await startFakeLidarr({ clock, autoRedownloadFailed: false, albums: [] });
    try {
      const settings = () => ({
        ...defaultSettings(),
        arrInstances: [{ id: 'lidarr', kind: 'lidarr' as const, name: 'Lidarr', url: lidarr.url, category: 'music', enabled: true }],
      });
      const runner = new AuditRunner({
        bus,
        clock,
        sab: {
          kind: 'sabnzbd',
          failureSettings: async () => sabOk({ abortsHopelessJobs: true, propagationDelayMinutes: 5 }),
          categories: async () => sabOk([{ name: 'tv', path: null }, { name: 'movies', path: null }, { name: 'music', path: null }, { name: 'audiobooks', path: null }]),
        },
        arrs: () => ({ lidarr: lidarrGateway(createLidarrClient({ baseUrl: lidarr.url, apiKey: lidarr.apiKey, clock: systemClock }), { id: 'lidarr', label: 'Lidarr' }) }),
        settings,
        store: { listFailed: () => ({ items: [], total: 0 }) },
      });
      const r = await runner.run('manual');
      if (!r.ok) throw new Error(r.error.message);
      expect(r.value.findings.map((f) => f.id).sort()).toEqual(['lidarr.auto_redownload_off', 'sabnzbd.category_unmapped.audiobooks']);
      expect(r.value.findings.find((f) => f.id === 'lidarr.auto_redownload_off')!.detail).toMatch(/^"Redownload Failed" is off, so Lidarr blocklists a failed release and then leaves the album missing/);
    } finally {
      await lidarr.close();
    }
  });

  it("with NZBGet chosen, reads the categories of Sonarr's NZBGet download client, not its SABnzbd ones", async () => {
    const { clock } = createRecordingBus();
    const onNzbget = await startFakeSonarr({ clock, series: [], nzbget: { url: 'http://127.0.0.1:9', username: 'nzbget', password: 'x', category: 'series' } });
    const onSab = await startFakeSonarr({ clock, series: [], sabnzbd: { url: 'http://127.0.0.1:9', apiKey: 'k', category: 'tv' } });
    try {
      const reader = (fake: typeof onSab) => downloadClientCategoryReader(() => ({ sonarr: { baseUrl: fake.url, apiKey: fake.apiKey, timeoutMs: 5_000 } }));
      expect(await reader(onNzbget)('sonarr', 'nzbget')).toEqual({ ok: true, value: ['series'] });
      expect(await reader(onNzbget)('sonarr', 'sabnzbd')).toEqual({ ok: true, value: [] });
      expect(await reader(onSab)('sonarr')).toEqual({ ok: true, value: ['tv'] });
      expect(await reader(onSab)('sonarr', 'nzbget')).toEqual({ ok: true, value: [] });
    } finally {
      await onNzbget.close();
      await onSab.close();
    }
  });

  it('audit.failed when SABnzbd cannot be read', async () => {
    const { bus, clock, events } = createRecordingBus();
    const runner = new AuditRunner({
      bus,
      clock,
      sab: {
        kind: 'sabnzbd',
        failureSettings: async () => ({ ok: false, error: { code: 'unreachable', message: 'SABnzbd at http://127.0.0.1:1 cannot be reached' } }),
        categories: async () => sabOk([]),
      },
      arrs: () => ({}),
      settings: defaultSettings,
      store: { listFailed: () => ({ items: [], total: 0 }) },
    });
    const r = await runner.run('startup');
    expect(r).toEqual({ ok: false, error: { code: 'unavailable', message: expect.stringMatching(/cannot be reached/) } });
    expect(events.map((e) => e.type)).toEqual(['audit.started', 'audit.failed']);
  });
});
