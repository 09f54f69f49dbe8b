// The activity log as files a person can open elsewhere: CSV (RFC 4180, one
// row per entry, context as JSON) and JSON (the filter and the rows).
import type { ActivityEntry } from '../../shared/contract';

export const CSV_COLUMNS = [
  'id',
  'time',
  'eventType',
  'source',
  'status',
  'severity',
  'application',
  'downloadId',
  'message',
  'correlationId',
  'causationId',
  'eventId',
  'context',
] as const;

function cell(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  // A leading = + - @ makes spreadsheets run the cell as a formula.
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function activityToCsv(rows: readonly ActivityEntry[]): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const r of rows) {
    lines.push(
      [
        cell(r.id),
        cell(new Date(r.timestamp).toISOString()),
        cell(r.eventType),
        cell(r.source),
        cell(r.status),
        cell(r.severity),
        cell(r.application),
        cell(r.downloadId),
        cell(r.message),
        cell(r.correlationId),
        cell(r.causationId),
        cell(r.eventId),
        cell(JSON.stringify(r.context)),
      ].join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

export function activityToJson(rows: readonly ActivityEntry[], filter: Record<string, unknown>, exportedAt: number): string {
  return JSON.stringify({ exportedAt: new Date(exportedAt).toISOString(), filter, count: rows.length, items: rows }, null, 2);
}

export function exportFileName(format: 'csv' | 'json', at: number): string {
  return `autoarr-activity-${new Date(at).toISOString().replace(/[:.]/g, '-')}.${format}`;
}
