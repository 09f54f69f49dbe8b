// The poller's small persistent memory (app_state) and the *arr "wanted"
// items it has announced (wanted_items), so a restart neither forgets where
// it was nor announces the same missing item again.
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { ArrApp } from '../../../shared/domain';
import type { AppDatabase } from './database';
import type { StateStore } from './download-store-port';
import { appState, wantedItems } from './schema';

export class SqliteStateStore implements StateStore {
  constructor(private readonly db: AppDatabase) {}

  get(key: string): string | null {
    return this.db.select({ value: appState.value }).from(appState).where(eq(appState.key, key)).get()?.value ?? null;
  }

  set(key: string, value: string, now: number): void {
    this.db
      .insert(appState)
      .values({ key, value, updatedAt: now })
      .onConflictDoUpdate({ target: appState.key, set: { value, updatedAt: now } })
      .run();
  }
}

export interface WantedItem {
  app: ArrApp;
  itemId: number;
  title: string;
  detectedAt: number;
  resolvedAt: number | null;
}

export class WantedItemsRepository {
  constructor(private readonly db: AppDatabase) {}

  /**
   * Record an item as missing. `created` is true when it is newly open: never
   * seen, or seen before and resolved since (announce it again then).
   */
  upsertDetected(app: ArrApp, itemId: number, title: string, now: number): { item: WantedItem; created: boolean } {
    return this.db.transaction((tx) => {
      const existing = tx
        .select()
        .from(wantedItems)
        .where(and(eq(wantedItems.app, app), eq(wantedItems.itemId, itemId)))
        .get();
      if (existing && existing.resolvedAt === null) {
        if (existing.title !== title) tx.update(wantedItems).set({ title }).where(eq(wantedItems.id, existing.id)).run();
        return { item: toItem({ ...existing, title }), created: false };
      }
      const row = tx
        .insert(wantedItems)
        .values({ app, itemId, title, detectedAt: now, resolvedAt: null })
        .onConflictDoUpdate({
          target: [wantedItems.app, wantedItems.itemId],
          set: { title, detectedAt: now, resolvedAt: null },
        })
        .returning()
        .get();
      return { item: toItem(row), created: true };
    });
  }

  /** Mark an open item resolved; false when it was not open. */
  markResolved(app: ArrApp, itemId: number, now: number): boolean {
    const result = this.db
      .update(wantedItems)
      .set({ resolvedAt: now })
      .where(and(eq(wantedItems.app, app), eq(wantedItems.itemId, itemId), isNull(wantedItems.resolvedAt)))
      .run();
    return result.changes === 1;
  }

  listOpen(app?: ArrApp): WantedItem[] {
    const open = isNull(wantedItems.resolvedAt);
    return this.db
      .select()
      .from(wantedItems)
      .where(app ? and(open, eq(wantedItems.app, app)) : open)
      .orderBy(asc(wantedItems.detectedAt), asc(wantedItems.id))
      .all()
      .map(toItem);
  }
}

function toItem(row: typeof wantedItems.$inferSelect): WantedItem {
  return {
    app: row.app as ArrApp,
    itemId: row.itemId,
    title: row.title,
    detectedAt: row.detectedAt,
    resolvedAt: row.resolvedAt,
  };
}
