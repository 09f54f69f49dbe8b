// What changed in an *arr's wanted/missing list since the last look, pure:
// items newly missing (announce) and items no longer missing (resolved).
import type { MissingItem } from '../recovery/recovery-ports';

export interface WantedDiff {
  detected: MissingItem[];
  resolved: { itemId: number; title: string }[];
}

export function diffWanted(open: readonly { itemId: number; title: string }[], current: readonly MissingItem[]): WantedDiff {
  const openIds = new Set(open.map((o) => o.itemId));
  const currentIds = new Set(current.map((c) => c.itemId));
  return {
    detected: current.filter((c) => !openIds.has(c.itemId)),
    resolved: open.filter((o) => !currentIds.has(o.itemId)).map((o) => ({ itemId: o.itemId, title: o.title })),
  };
}
