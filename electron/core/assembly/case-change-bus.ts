import type { Logger } from '../logging/logger';
import type { Db } from '../storage/database';
import type { CaseChange, CaseSubscriptions } from './capability-module';

/**
 * Carries each committed case change to the modules that follow cases (capability-module.ts,
 * CaseSubscriptions): `inTransaction` subscribers inside the case's transaction, `afterCommit`
 * ones once the outermost transaction has committed.
 */
export interface CaseChangeBus {
  /**
   * Runs `write` as one case write: an IMMEDIATE transaction, or a savepoint when called inside
   * another case write (better-sqlite3 nests transactions that way), as when an `inTransaction`
   * subscriber changes another case. Changes published inside are delivered `afterCommit` once
   * the outermost write has committed, in publish order; when `write` throws, what it published
   * is dropped (its savepoint or transaction rolled back) and the error is rethrown. Called from
   * an `afterCommit` subscriber, its changes are delivered after the change being delivered has
   * reached every subscriber (so after this returns): every subscriber sees every change in the
   * same order.
   * @throws Error when called inside a transaction that no case write opened: its commit could
   *   not be seen, so `afterCommit` could announce a change that later rolls back.
   */
  run<T>(write: () => T): T;
  /**
   * Called by the case commands' `commit()` once a change's events and projection are written,
   * inside `run`: the change is queued for `afterCommit`, then every `inTransaction` subscriber
   * runs on the same connection (a throw rolls the change back). Queued first, so a case a
   * subscriber changes in turn is delivered after the change that caused it.
   * @throws Error when no case write is open (a case command that bypassed `run`).
   */
  publish(change: CaseChange): void;
  /** Adds a module's subscriptions (`name` for the log); returns the unsubscribe. */
  subscribe(name: string, subscriptions: CaseSubscriptions): () => void;
}

/** A bus on `db`; `afterCommit` failures are logged (`case subscriber failed`), never rethrown. */
export function createCaseChangeBus(db: Db, log: Logger): CaseChangeBus {
  const subscribers = new Map<CaseSubscriptions, string>();
  /** One queue per open case write, innermost last. */
  const open: CaseChange[][] = [];

  /** Committed changes not yet delivered, in commit order; `delivering` while a delivery drains it. */
  const pending: CaseChange[] = [];
  let delivering = false;

  // Not recursive: a change committed by an afterCommit subscriber waits in `pending` until the
  // change being delivered has reached every subscriber, so all of them see the same order.
  const deliver = (changes: readonly CaseChange[]): void => {
    pending.push(...changes);
    if (delivering) return;
    delivering = true;
    try {
      for (let change = pending.shift(); change !== undefined; change = pending.shift()) {
        for (const [subscriptions, name] of subscribers) {
          if (!subscriptions.afterCommit) continue;
          try {
            subscriptions.afterCommit(change);
          } catch (err) {
            log.error('case subscriber failed', { module: name, caseId: change.state.id, error: err instanceof Error ? err.message : String(err) });
          }
        }
      }
    } finally {
      delivering = false;
    }
  };

  return {
    run<T>(write: () => T): T {
      if (open.length === 0 && db.inTransaction) {
        throw new Error('a case write must open its own transaction, not run inside another one');
      }
      const queue: CaseChange[] = [];
      open.push(queue);
      let result: T;
      try {
        result = db.transaction(write).immediate();
      } finally {
        open.pop();
      }
      const outer = open.at(-1);
      if (outer) outer.push(...queue);
      else deliver(queue);
      return result;
    },
    publish(change) {
      const queue = open.at(-1);
      if (!queue || !db.inTransaction) throw new Error(`case ${change.state.id} changed outside a case write`);
      // A throw below leaves the change queued, but it also unwinds the case write that opened
      // `queue` (commit() never catches), which drops the queue with its savepoint.
      queue.push(change);
      for (const [subscriptions] of subscribers) subscriptions.inTransaction?.(change, db);
    },
    subscribe(name, subscriptions) {
      subscribers.set(subscriptions, name);
      return () => subscribers.delete(subscriptions);
    },
  };
}
