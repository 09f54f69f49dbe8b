// Walk a paged *arr endpoint until `match` finds something or the pages run
// out. Used for the queue, which has no downloadId filter.
import { arrOk, type ArrResult } from './arr-result';
import type { Paged } from './arr-schemas';

export const MAX_WALK_PAGES = 200;

export async function collectFromPages<T>(
  fetchPage: (page: number) => Promise<ArrResult<Paged<T>>>,
  match: (record: T) => boolean,
  opts: { stopAtFirst?: boolean; maxPages?: number } = {},
): Promise<ArrResult<T[]>> {
  const found: T[] = [];
  const maxPages = opts.maxPages ?? MAX_WALK_PAGES;
  let seen = 0;
  for (let page = 1; page <= maxPages; page++) {
    const r = await fetchPage(page);
    if (!r.ok) return r;
    for (const record of r.value.records) {
      if (!match(record)) continue;
      found.push(record);
      if (opts.stopAtFirst) return arrOk(found);
    }
    seen += r.value.records.length;
    // Stop on the short page too: the total can shrink while we walk.
    if (r.value.records.length === 0 || seen >= r.value.totalRecords || r.value.records.length < r.value.pageSize) break;
  }
  return arrOk(found);
}
