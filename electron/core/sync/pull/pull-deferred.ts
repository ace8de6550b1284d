import { z } from 'zod';
import type { Logger } from '../../logging/logger';
import { readMeta, writeMeta } from '../../storage/app-meta';
import type { Db } from '../../storage/database';
import { statement } from '../../storage/statements';

// Pulled changes this program could not apply but a newer one may (issue 16 review, items 6 and
// 17): a change kind it does not know, a known kind its schema refuses (a field added upstream),
// a catalog item or a year's schedule the shipped file schemas refuse. They are kept OUT of
// `sync_applied_changes` (whose every row means "done with: never apply again") and listed here,
// beside it, with the program version that skipped them and why. When a program of another
// version starts, the pull starts again from the beginning: the changes already applied are
// no-ops (their ids are in sync_applied_changes) and the deferred ones are tried by the new program.
//
// Order: a deferred change is retried out of its place in the server's order. A catalog change
// for an item that a later change (applied meanwhile) already replaced or cancelled must not come
// back over it, so a deferred change remembers its item (`target`, the item code) and is marked
// superseded when a later change for that item is applied; on the retry a superseded one is done
// with, not applied. (A kind this program does not know has no target it can tell: it is retried
// as is. A year's schedule needs no mark: a year is replaced only by a schedule that supersedes it.)
//
// Kept in app_meta rather than a table: the list is small and read once per pull answer, and the
// window's migration numbers of this release are taken.

/** app_meta key: changes this program version deferred (JSON, DeferredRecordSchema). */
export const DEFERRED_CHANGES_KEY = 'sync.pull.deferred';
/** app_meta key: changes an earlier version deferred, being retried by the pull from the beginning. */
export const RETRYING_CHANGES_KEY = 'sync.pull.retrying';

/** The most deferred changes remembered one by one; beyond it only the count grows (and they are retried without the order check). */
const REMEMBERED = 500;
/** A reason is kept up to this many characters. */
const REASON_CHARS = 300;

const DeferredChangeSchema = z.object({
  id: z.string(),
  kind: z.string(),
  reason: z.string(),
  /** When it was skipped (ISO 8601, this PC's clock). */
  at: z.string(),
  /** The item code it changes, when known (catalog kinds). */
  target: z.string().nullable(),
  /** A later change for the same target was applied after it was skipped. */
  superseded: z.boolean(),
});
const DeferredRecordSchema = z.object({
  appVersion: z.string(),
  count: z.number().int().min(0),
  changes: z.array(DeferredChangeSchema),
});
export type DeferredChange = z.infer<typeof DeferredChangeSchema>;
export type DeferredRecord = z.infer<typeof DeferredRecordSchema>;

function readRecord(db: Db, key: string): DeferredRecord | null {
  const text = readMeta(db, key);
  if (text === null) return null;
  try {
    const parsed = DeferredRecordSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** The changes this program deferred, or null when there are none (or the record is unreadable). */
export function readDeferredChanges(db: Db): DeferredRecord | null {
  return readRecord(db, DEFERRED_CHANGES_KEY);
}

/** The item code a catalog change (readable or not) is about, or null. */
export function changeTarget(kind: string, body: Readonly<Record<string, unknown>>): string | null {
  if (kind === 'catalog.itemChanged') {
    const item = body['item'];
    const code = item !== null && typeof item === 'object' ? (item as Record<string, unknown>)['code'] : undefined;
    return typeof code === 'string' ? code : null;
  }
  if (kind === 'catalog.itemCancelled') return typeof body['code'] === 'string' ? body['code'] : null;
  return null;
}

/** What the retry of an earlier version's deferred change should do. */
export type RetryVerdict = 'apply' | 'superseded';

/**
 * The deferral bookkeeping of one pull answer, read at its start and written at its end, inside
 * the pull's transaction (so it commits, or not, with the changes and the cursor).
 */
export class PullDeferrals {
  private readonly deferred: DeferredRecord;
  private readonly retrying: DeferredRecord | null;
  private changed = false;

  private constructor(
    private readonly db: Db,
    appVersion: string,
  ) {
    const saved = readRecord(db, DEFERRED_CHANGES_KEY);
    // A record of another version was moved to the retry list when this one started; should one
    // still be here (no start in between), this version starts its own.
    this.deferred = saved && saved.appVersion === appVersion ? saved : { appVersion, count: 0, changes: [] };
    this.retrying = readRecord(db, RETRYING_CHANGES_KEY);
  }

  static load(db: Db, appVersion: string): PullDeferrals {
    return new PullDeferrals(db, appVersion);
  }

  /** A change of an earlier version's deferral, met again: apply it, or done with (superseded). Null: not one of them. */
  retryVerdict(changeId: string): RetryVerdict | null {
    const entry = this.retrying?.changes.find((c) => c.id === changeId);
    if (!entry) return null;
    return entry.superseded ? 'superseded' : 'apply';
  }

  /** This program cannot apply `change` now: remembered (once) under this version. */
  defer(change: Omit<DeferredChange, 'superseded'>): void {
    if (this.deferred.changes.some((c) => c.id === change.id)) return;
    this.deferred.count += 1;
    if (this.deferred.changes.length < REMEMBERED) {
      this.deferred.changes.push({ ...change, reason: change.reason.slice(0, REASON_CHARS), superseded: false });
    }
    this.changed = true;
  }

  /**
   * A change for `target` was applied: the changes for it this version deferred came before it in
   * the server's order (a pull goes in that order), so they are superseded. Not those being
   * retried: the pull from the beginning meets them in order, and one not met yet comes after.
   */
  applied(target: string | null): void {
    if (target === null) return;
    for (const entry of this.deferred.changes) {
      if (entry.target === target && !entry.superseded) {
        entry.superseded = true;
        this.changed = true;
      }
    }
  }

  /**
   * Writes what changed. `reachedEnd`: the answer had no more after it, so a pull from the
   * beginning has met every change an earlier version deferred: the retry list is done.
   */
  save(reachedEnd: boolean): void {
    if (this.retrying !== null && reachedEnd) writeMeta(this.db, RETRYING_CHANGES_KEY, null);
    if (this.changed) writeMeta(this.db, DEFERRED_CHANGES_KEY, this.deferred.count > 0 ? JSON.stringify(this.deferred) : null);
  }
}

/**
 * At start: when changes were deferred by another program version than `appVersion` (the app was
 * upgraded since), forgets the pull cursor so the next pull starts from the beginning, and moves
 * the record to the retry list (PullDeferrals.retryVerdict): the new program applies those not
 * superseded, and defers again under its own version what it cannot apply either. One IMMEDIATE
 * transaction. Returns whether the pull was restarted.
 */
export function retryDeferredAfterUpgrade(db: Db, appVersion: string, log: Logger): boolean {
  return db
    .transaction((): boolean => {
      const saved = readRecord(db, DEFERRED_CHANGES_KEY);
      if (saved === null || saved.appVersion === appVersion) return false;
      statement(db, 'UPDATE sync_state SET pull_cursor = NULL WHERE id = 1').run();
      writeMeta(db, RETRYING_CHANGES_KEY, JSON.stringify(saved));
      writeMeta(db, DEFERRED_CHANGES_KEY, null);
      log.info('pulled changes deferred by an earlier program version are pulled again', {
        deferredBy: saved.appVersion,
        appVersion,
        count: saved.count,
      });
      return true;
    })
    .immediate();
}

/**
 * Forgets the pull cursor (the server answered `bad_cursor`: its database is not the one that
 * wrote it), so the next pull starts from the beginning. Safe: every change already applied is
 * in sync_applied_changes and is not applied again.
 */
export function restartPull(db: Db): void {
  statement(db, 'UPDATE sync_state SET pull_cursor = NULL WHERE id = 1').run();
}
