import { describe, expect, it } from 'vitest';
import { arrOfDownload, waitsFor } from '../../../main/core/recovery/arr-of-download';
import type { RecoveryArr, RecoveryArrs } from '../../../main/core/recovery/recovery-ports';
import type { SourceApp } from '../../../shared/domain';

// Only `app` is read by the choice; the rest would be the gateway's.
const arr = (app: 'sonarr' | 'radarr', name: string) => ({ app, name }) as unknown as RecoveryArr & { name: string };
const sonarr = arr('sonarr', 'sonarr');
const hd = arr('radarr', 'radarr');
const uhd = arr('radarr', 'radarr-4k');
const arrs: RecoveryArrs = { sonarr, radarr: hd, instances: { sonarr, radarr: hd, 'radarr-4k': uhd } };

describe('arrOfDownload', () => {
  it.each([
    // [case, sourceApp, metadata.arrInstance, arrs, expected]
    ['the 4K download goes to the 4K Radarr', 'radarr', 'radarr-4k', arrs, 'radarr-4k'],
    ['the HD download goes to the HD Radarr', 'radarr', 'radarr', arrs, 'radarr'],
    ['a download recorded before instances goes to the first of its app', 'radarr', undefined, arrs, 'radarr'],
    ['a removed instance is not replaced by another of its kind', 'radarr', 'radarr-3', arrs, null],
    ['an instance id of another app is not used', 'sonarr', 'radarr-4k', arrs, null],
    ['a manual job has no *arr', 'manual', 'radarr', arrs, null],
    ['without an instance list (one per app) the app answers', 'radarr', 'radarr-4k', { radarr: hd }, 'radarr'],
  ] as const)('%s', (_case, sourceApp, instance, given, expected) => {
    const record = { sourceApp: sourceApp as SourceApp, metadata: instance === undefined ? {} : { arrInstance: instance } };
    const chosen = arrOfDownload(record, given) as (RecoveryArr & { name: string }) | null;
    expect(chosen?.name ?? null).toBe(expected);
  });
});

describe('waitsFor: which deferred downloads an answer wakes', () => {
  it.each([
    // [case, deferredBy, metadata.arrInstance, who answered (service, instance), expected]
    ['Radarr 4K answers: its download wakes', 'radarr', 'radarr-4k', 'radarr', 'radarr-4k', true],
    ['Radarr 4K answers: the HD download waits on for the HD Radarr', 'radarr', 'radarr', 'radarr', 'radarr-4k', false],
    ['the first Radarr answers: the 4K download waits on', 'radarr', 'radarr-4k', 'radarr', undefined, false],
    ['the first Radarr answers: its download wakes', 'radarr', 'radarr', 'radarr', undefined, true],
    ['a download recorded before instances waits for the first of its app', 'radarr', undefined, 'radarr', undefined, true],
    ['…and not for another instance', 'radarr', undefined, 'radarr', 'radarr-4k', false],
    ['Sonarr answering wakes no Radarr download', 'radarr', 'radarr', 'sonarr', undefined, false],
    ['SABnzbd answering wakes what waits for SABnzbd, whoever owns it', 'sabnzbd', 'radarr-4k', 'sabnzbd', undefined, true],
    ['NZBGet answering wakes what waits for NZBGet, whoever owns it', 'nzbget', 'radarr-4k', 'nzbget', undefined, true],
    ['NZBGet answering wakes nothing that waits for Radarr', 'radarr', 'radarr', 'nzbget', undefined, false],
    ['a download not deferred is not woken', null, 'radarr', 'radarr', undefined, false],
  ] as const)('%s', (_case, deferredBy, instance, service, answered, expected) => {
    const record = { deferredBy, metadata: instance === undefined ? {} : { arrInstance: instance } };
    expect(waitsFor(record, service, answered)).toBe(expected);
  });
});
