import type { Envelope } from '../../contract/envelope';
import type { BackgroundService, CapabilityModule, CoreContext } from '../assembly/capability-module';
import { dailyBackupService } from './daily-backup';
import { plannerStatisticsService } from './planner-statistics';
import type { IntegrityCheck } from './integrity-check';
import { describeVerdict } from './integrity-check';
import { refusalFor } from './open-database';
import type { StoreStartupError } from './store-startup-error';
import { createWriteWatch, type WriteOutcome } from './store-watch';
import { startWalCheckpointer, type WalCheckpointer } from './wal-checkpointer';

/** The store as a capability: its background upkeep, and what each call tells about it. */
export interface StorageModule extends CapabilityModule {
  /** Null, or why the store takes no more writes (found damaged after start; the clerk's words). */
  damage(): StoreStartupError | null;
  /**
   * After each call: notes activity for the WAL checkpointer, and tells whether the call failed
   * in storage (`{ failed: reason }`), wrote (`'wrote'`), or neither (store-watch.ts).
   */
  afterCall(envelope: Envelope): WriteOutcome;
}

export interface StorageDeps {
  /** The integrity check still running after start (open-database.ts), or null. */
  integrityCheck: IntegrityCheck | null;
  /** Called once when that check's late verdict finds the store damaged, with the clerk's words. */
  onDamaged(reason: string): void;
}

/**
 * Services, in start order: the WAL checkpointer (wal-checkpointer.ts), the late integrity
 * verdict (a damaged file takes no more writes, and the status bar says why), the daily backup,
 * the planner's statistics kept fresh (planner-statistics.ts).
 * No handlers: the store is reached through the other modules.
 */
export function storageModule(ctx: CoreContext, deps: StorageDeps): StorageModule {
  const { db, log } = ctx;
  let checkpointer: WalCheckpointer | null = null;
  let damaged: StoreStartupError | null = null;
  const writes = createWriteWatch(db);

  const walCheckpointer: BackgroundService = {
    name: 'storage.walCheckpointer',
    start() {
      checkpointer = startWalCheckpointer(db, ctx.places.databasePath, {
        onError: (message) => log.warn('WAL checkpoint failed', { error: message }),
      });
    },
    stop: () => checkpointer?.stop(),
  };

  const check = deps.integrityCheck;
  const lateIntegrityVerdict: BackgroundService = {
    name: 'storage.integrityCheck',
    start() {
      if (!check) return;
      // The check outlasted its start-up budget (a large store); its verdict still counts.
      void check.verdict.then((verdict) => {
        const refusal = refusalFor(verdict, { ...ctx.places, timeZone: ctx.window.timeZone });
        if (refusal === null) {
          if (!verdict.ok) log.warn('integrity check could not finish', { detail: describeVerdict(verdict) });
          return;
        }
        damaged = refusal;
        log.error('store found damaged after start', { problem: refusal.problem, technical: refusal.technical });
        deps.onDamaged(refusal.message);
      });
    },
    stop: () => check?.cancel(),
  };

  return {
    name: 'storage',
    services: [walCheckpointer, lateIntegrityVerdict, dailyBackupService(ctx, () => damaged !== null), plannerStatisticsService({ db, log, damaged: () => damaged !== null })],
    damage: () => damaged,
    afterCall(envelope) {
      const outcome = writes.after(envelope);
      checkpointer?.noteActivity();
      return outcome;
    },
  };
}
