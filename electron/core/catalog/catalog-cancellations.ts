import { z } from 'zod';
import { IsoDate } from '../../contract/common';
import { readMeta, writeMeta } from '../storage/app-meta';
import type { Db } from '../storage/database';
import { retireCatalogItem } from './catalog-store';

// An item cancelled upstream stops being offered for new cases from a hall date on (issue 16,
// `catalog.itemCancelled`). A date already come retires the item at once; a later one waits
// here, and the catalog service hides the item from that date (and the next start retires it).
// Kept in app_meta rather than a table of its own: a handful of codes, read once per reload.

/** app_meta key: code → the hall date (YYYY-MM-DD) from which the item is no longer offered. */
const PENDING_KEY = 'catalog_pending_cancellations';

const PendingSchema = z.record(z.string(), z.strictObject({ from: IsoDate, catalogVersion: z.string() }));

/** One announced cancellation: the first hall date (YYYY-MM-DD) it applies, the catalog version that announced it. */
export interface PendingCancellation {
  from: string;
  catalogVersion: string;
}

/** Item code → its announced cancellation. */
export type PendingCancellations = ReadonlyMap<string, PendingCancellation>;

/**
 * The cancellations announced for a later date. A value this module did not write (a hand-edited
 * store) reads as none rather than stopping the catalog.
 */
export function loadPendingCancellations(db: Db): PendingCancellations {
  const text = readMeta(db, PENDING_KEY);
  if (text === null) return new Map();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return new Map();
  }
  const parsed = PendingSchema.safeParse(json);
  return parsed.success ? new Map(Object.entries(parsed.data)) : new Map();
}

function savePending(db: Db, pending: PendingCancellations): void {
  writeMeta(db, PENDING_KEY, pending.size === 0 ? null : JSON.stringify(Object.fromEntries([...pending].sort())));
}

/** Whether `code` is cancelled on hall date `today` by a pending cancellation. */
export function cancelledOn(pending: PendingCancellations, code: string, today: string): boolean {
  const from = pending.get(code)?.from;
  return from !== undefined && from <= today;
}

/**
 * Records a cancellation effective from `effectiveFrom` (hall date): retired now when that date
 * has come on `today`, kept pending otherwise. Returns what happened. Call in a transaction.
 */
export function cancelCatalogItem(
  db: Db,
  cancellation: { code: string; effectiveFrom: string; catalogVersion: string },
  today: string,
  source: string,
  at: string,
): 'retired' | 'pending' | 'not_in_force' {
  const pending = new Map(loadPendingCancellations(db));
  if (cancellation.effectiveFrom > today) {
    pending.set(cancellation.code, { from: cancellation.effectiveFrom, catalogVersion: cancellation.catalogVersion });
    savePending(db, pending);
    return 'pending';
  }
  if (pending.delete(cancellation.code)) savePending(db, pending);
  return retireCatalogItem(db, cancellation.code, cancellation.catalogVersion, source, at) ? 'retired' : 'not_in_force';
}

/**
 * An item published again upstream is offered again: its pending cancellation is dropped. True
 * when there was one. Call in a transaction.
 */
export function dropPendingCancellation(db: Db, code: string): boolean {
  const pending = new Map(loadPendingCancellations(db));
  if (!pending.delete(code)) return false;
  savePending(db, pending);
  return true;
}

/**
 * At start: the pending cancellations whose date has come retire their items, so the store says
 * what the service shows. Returns the codes retired. Call in a transaction.
 */
export function retireDueCancellations(db: Db, today: string, at: string): string[] {
  const pending = new Map(loadPendingCancellations(db));
  const due = [...pending].filter(([, c]) => c.from <= today);
  if (due.length === 0) return [];
  for (const [code, c] of due) {
    pending.delete(code);
    retireCatalogItem(db, code, c.catalogVersion, `cancellation from ${c.from}`, at);
  }
  savePending(db, pending);
  return due.map(([code]) => code);
}
