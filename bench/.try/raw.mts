import { mkdtempSync } from 'node:fs';
import { ActivityRepository } from '../../main/core/activity/activity-repository';
import { sequentialIds } from '../../main/core/ids';
import { openBenchDatabase } from '../activity-database';
import { entryOf, sampleBusEvent } from '../activity-entries';
const n = 50000;
const mode = process.argv[2]!;
const handle = openBenchDatabase(mkdtempSync('/tmp/benchtry/r-'), 'r.db');
const repo = new ActivityRepository(handle.sqlite);
const newId = sequentialIds();
const now = Date.now();
const entries = Array.from({ length: n }, (_, i) => entryOf(sampleBusEvent(i, now + i, newId), i));
const chunk = Number(process.argv[3] ?? n);
const t = performance.now();
if (mode === 'repo') { for (let i = 0; i < n; i += chunk) repo.insertMany(entries.slice(i, i + chunk)); }
else {
  const insert = handle.sqlite.prepare(`INSERT INTO activity_log (timestamp, event_id, event_type, source, status, severity, message, download_id, application, correlation_id, causation_id, context) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const tx = handle.sqlite.transaction((es: typeof entries) => { for (const e of es) insert.run(e.timestamp, e.eventId, e.eventType, e.source, e.status, e.severity, e.message, e.downloadId, e.application, e.correlationId, e.causationId, JSON.stringify(e.context)); });
  for (let i = 0; i < n; i += chunk) tx(entries.slice(i, i + chunk));
}
const ms = performance.now() - t;
console.log(mode, 'chunk', chunk, 'rate', Math.round(n / (ms / 1000)));
