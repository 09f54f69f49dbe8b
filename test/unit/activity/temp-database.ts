// A real SQLite file in a fresh temp folder, migrated from the source migrations.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase, type DatabaseHandle } from '../../../main/core/activity/database';

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../../main/core/activity/migrations', import.meta.url));

export interface TempDatabase extends DatabaseHandle {
  dir: string;
  dispose(): void;
}

export function makeTempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'autoarr-activity-'));
}

export function openTempDatabase(): TempDatabase {
  const dir = makeTempDir();
  const handle = openDatabase({ file: path.join(dir, 'autoarr.db'), migrationsFolder: MIGRATIONS_FOLDER });
  return {
    ...handle,
    dir,
    dispose: () => {
      handle.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
