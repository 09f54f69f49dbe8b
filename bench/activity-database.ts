// The million-row activity log the query and retention benches share: built
// once per run in a temp dir through the repository's insertMany (big
// transactions of prepared inserts), rows spread evenly over `spanDays`.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase, type DatabaseHandle } from '../main/core/activity/database';
import { ActivityRepository } from '../main/core/activity/activity-repository';
import { sequentialIds } from '../main/core/ids';
import { entryOf, sampleBusEvent } from './activity-entries';

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../main/core/activity/migrations', import.meta.url));

const DAY_MS = 86_400_000;
const BATCH = 50_000;

export interface ActivityDatabase {
  readonly handle: DatabaseHandle;
  readonly repository: ActivityRepository;
  readonly rows: number;
  /** Timestamp of the newest row; the oldest is `newestAt - spanDays`. */
  readonly newestAt: number;
  readonly buildMs: number;
}

export function openBenchDatabase(dir: string, name: string): DatabaseHandle {
  return openDatabase({ file: path.join(dir, name), migrationsFolder: MIGRATIONS_FOLDER });
}

export function buildActivityDatabase(options: { dir: string; rows: number; spanDays: number; now: number }): ActivityDatabase {
  const started = performance.now();
  const handle = openBenchDatabase(options.dir, 'activity-1m.db');
  const repository = new ActivityRepository(handle.sqlite);
  const newId = sequentialIds();
  const oldest = options.now - options.spanDays * DAY_MS;
  const step = (options.spanDays * DAY_MS) / Math.max(1, options.rows);
  for (let start = 0; start < options.rows; start += BATCH) {
    const end = Math.min(options.rows, start + BATCH);
    const entries = [];
    for (let i = start; i < end; i++) entries.push(entryOf(sampleBusEvent(i, Math.floor(oldest + i * step), newId), i));
    repository.insertMany(entries);
  }
  // No ANALYZE: the app never runs one, so the planner sees what it sees in the field.
  return { handle, repository, rows: options.rows, newestAt: Math.floor(oldest + (options.rows - 1) * step), buildMs: performance.now() - started };
}
