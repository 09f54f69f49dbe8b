// The team's reference folder (`shared/` beside the repo: specs, SABnzbd
// captures). CI clones the repo elsewhere with a copy of it beside the clone,
// so it is found relative to the repo, never by an absolute path.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export const TEAM_SHARED_DIR = process.env.AUTOARR_TEAM_SHARED ?? join(repoRoot, '..', 'shared');

export function teamShared(...parts: string[]): string {
  const path = join(TEAM_SHARED_DIR, ...parts);
  if (!existsSync(path)) {
    throw new Error(`${path} is missing: the team's shared/ folder must sit beside the repo (or set AUTOARR_TEAM_SHARED).`);
  }
  return path;
}
