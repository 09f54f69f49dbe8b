// The demo's stack is the one fake SABnzbd, Sonarr and Radarr (no stand-in of its
// own): an arrival is the app's grab sent to SABnzbd over HTTP, its fate the
// script's; the core's replacement grabs mostly complete, every fourth fails.
import { afterEach, expect, it } from 'vitest';
import { DEMO_FAIL_MESSAGES, startDemoStack, type DemoStack } from '../../main/demo/demo-stack';

let stack: DemoStack | null = null;
afterEach(async () => {
  await stack?.stop();
  stack = null;
});

it('an arrival is a Sonarr or Radarr grab into SABnzbd (addfile) that ends as the script says', async () => {
  // No timer arrivals: the test calls arrive() itself.
  stack = await startDemoStack({ arrivalMs: 3_600_000, downloadMs: 3_600_000 });
  await stack.arrive();
  await stack.arrive();
  const [episode] = stack.sonarr.grabs();
  const [movie] = stack.radarr.grabs();
  expect(episode?.release.title).toBe('The.Demo.Show.S01E01.WEBDL-1080p-NTb');
  expect(movie?.release.title).toBe('The.Long.Download.2015.Bluray-1080p-NTb');
  const jobs = stack.sabnzbd.model.jobs;
  expect(jobs.map((j) => [j.nzoId, j.category, j.failWith])).toEqual([
    [episode!.downloadId, 'tv', DEMO_FAIL_MESSAGES.missingArticles],
    [movie!.downloadId, 'movies', null],
  ]);
  expect(jobs.every((j) => j.nzb?.includes('<nzb'))).toBe(true);
});

it("the core's replacement grabs complete, except every fourth", async () => {
  stack = await startDemoStack({ arrivalMs: 3_600_000, downloadMs: 3_600_000 });
  await stack.arrive();
  const [first] = stack.sonarr.grabs();
  const others = stack.sonarr.core.search(first!.itemId).filter((h) => h.release.guid !== first!.release.guid);
  for (const hit of others.slice(0, 4)) await stack.sonarr.core.grab(first!.itemId, hit.release, 'InteractiveSearch');
  expect(stack.sabnzbd.model.jobs.slice(1).map((j) => j.failWith)).toEqual([null, null, null, DEMO_FAIL_MESSAGES.notOnServer]);
});
