// Whether this copy of the app looks for updates, and why not. Updates come
// from the `publish` target electron-builder wrote into the build
// (resources/app-update.yml); a build without one, or a run from the sources
// (npm start), never checks on its own.
import path from 'node:path';

export type UpdatePlan = { enabled: true } | { enabled: false; reason: string };

export interface UpdatePlanInput {
  isPackaged: boolean;
  /** app-update.yml exists beside app.asar. */
  hasUpdateConfig: boolean;
  env: Record<string, string | undefined>;
}

/** Where electron-builder puts the feed description when the build has a publish target. */
export function updateConfigPath(resourcesPath: string): string {
  return path.join(resourcesPath, 'app-update.yml');
}

export function updatePlan(input: UpdatePlanInput): UpdatePlan {
  if (!input.isPackaged) {
    return { enabled: false, reason: 'Updates are checked by installed copies only; this one runs from the source (npm start).' };
  }
  const off = input.env.AUTOARR_DISABLE_UPDATES;
  if (off !== undefined && off !== '' && off !== '0' && off.toLowerCase() !== 'false') {
    return { enabled: false, reason: 'Updates are turned off (AUTOARR_DISABLE_UPDATES is set).' };
  }
  if (!input.hasUpdateConfig) {
    return { enabled: false, reason: 'This build has no update source (it was built without a publish target).' };
  }
  return { enabled: true };
}

/** First automatic check shortly after start (not during it), then every few hours. */
export const FIRST_CHECK_DELAY_MS = 60_000;
export const CHECK_INTERVAL_MS = 6 * 3600_000;
