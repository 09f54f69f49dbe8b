import { openDatabase } from '../../main/core/activity/database';
import { ActivityRepository } from '../../main/core/activity/activity-repository';
import { MIGRATIONS_FOLDER } from '../activity-database';
const handle = openDatabase({ file: process.argv[2]!, migrationsFolder: MIGRATIONS_FOLDER });
const repo = new ActivityRepository(handle.sqlite);
const mode = process.argv[3] ?? 'default';
if (mode === 'noauto') handle.sqlite.pragma('wal_autocheckpoint = 0');
const times: number[] = [];
let ckptMax = 0;
for (let i = 0; i < 2000; i++) {
  const t = performance.now();
  repo.deleteOlderThanChunk(Date.now() + 1e12, 100);
  times.push(performance.now() - t);
  if (mode === 'noauto' && i % 50 === 49) { const c = performance.now(); handle.sqlite.pragma('wal_checkpoint(PASSIVE)'); ckptMax = Math.max(ckptMax, performance.now() - c); }
}
const s = [...times].sort((a, b) => a - b);
console.log(mode, 'p50', s[1000]!.toFixed(2), 'p99', s[1980]!.toFixed(2), 'max', s[1999]!.toFixed(2), 'over50', s.filter((x) => x > 50).length, 'ckptMax', ckptMax.toFixed(1));
