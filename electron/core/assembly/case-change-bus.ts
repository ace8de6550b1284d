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
   * another case write (better-sqlite3 nests transactions that way: `intake.submit`, a loop of
   * deadline recomputes). Changes published inside are delivered `afterCommit` once the
   * outermost write has committed, in publish order; when `write` throws, what it published is
   * dropped (its savepoint or transaction rolled back) and the error is rethrown.
   * @throws Error when called inside a transaction that no case write opened: its commit could
   *   not be seen, so `afterCommit` could announce a change that later rolls back.
   */
  run<T>(write: () => T): T;
  /**
   * Called by the case commands' `commit()` once a change's events and projection are written,
   * inside `run`: every `inTransaction` subscriber runs now on the same connection (a throw
   * rolls the change back), and the change is queued for `afterCommit`.
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

  const deliver = (changes: readonly CaseChange[]): void => {
    for (const change of changes) {
      for (const [subscriptions, name] of subscribers) {
        if (!subscriptions.afterCommit) continue;
        try {
          subscriptions.afterCommit(change);
        } catch (err) {
          log.error('case subscriber failed', { module: name, caseId: change.state.id, error: err instanceof Error ? err.message : String(err) });
        }
      }
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
      for (const [subscriptions] of subscribers) subscriptions.inTransaction?.(change, db);
      queue.push(change);
    },
    subscribe(name, subscriptions) {
      subscribers.set(subscriptions, name);
      return () => subscribers.delete(subscriptions);
    },
  };
}
