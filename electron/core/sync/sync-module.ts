import { CounterError } from '../../contract/errors';
import type { TolerantPullResponse } from '../../contract/sync';
import type { CapabilityModule, CoreContext, HandlerSlice } from '../assembly/capability-module';
import { notConfigured } from '../devices/not-configured';
import { retryDeferredAfterUpgrade } from './pull/pull-deferred';
import { parkedSummary } from './outbox';
import { SyncClient, type PullApplied } from './sync-client';
import { readSyncState } from './sync-state-store';
import { SYNC_STATUS_ID, SYNC_STATUS_LABEL } from './sync-status';

export interface SyncModuleOptions {
  /**
   * Milliseconds between rounds while nothing changes; default the config file's
   * `sync.intervalSeconds`, else 30 s. (createCore's `healthIntervalMs` no longer applies here.)
   */
  intervalMs?: number;
  /** Applies one pull response with its cursor (sync/pull/apply-pull.ts); none: push only. */
  applyPull?: (response: TolerantPullResponse) => PullApplied;
  /** Told after acknowledged events left the outbox (health recounts the pending number). */
  onOutboxChanged?: () => void;
  /** After a local change, before the round (ms); default 1 s. */
  debounceMs?: number;
}

/**
 * Sync as a capability module (issue 16): the sync client (service `sync.client`, status source
 * `sync`) when the config file sets `sync`, `not_configured` otherwise; the methods of the 设置
 * page's card 上级平台同步 (`sync.info`, `sync.enrol`, `sync.now`); and a case subscription that
 * wakes the client after each committed case change (other records are seen by its watch on the
 * event log). After a pull, `catalog.changed` when the catalog or the calendar changed.
 */
export function syncModule(ctx: CoreContext, options: SyncModuleOptions = {}): CapabilityModule {
  const sync = ctx.config.sync;
  const client = sync
    ? new SyncClient({
        db: ctx.db,
        clock: ctx.clock,
        log: ctx.log,
        target: {
          url: sync.url,
          enrolmentCode: sync.enrolmentCode ?? null,
          configToken: sync.enrolmentToken ?? null,
          hall: ctx.window.hallCode,
          window: ctx.window.windowNumber,
          role: ctx.config.role,
        },
        intervalMs: options.intervalMs ?? (sync.intervalSeconds ?? 30) * 1000,
        ...(options.debounceMs !== undefined ? { debounceMs: options.debounceMs } : {}),
        ...(options.applyPull ? { applyPull: options.applyPull } : {}),
        ...(options.onOutboxChanged ? { onOutboxChanged: options.onOutboxChanged } : {}),
        // The cases' own `case.changed` went out with the pull's commit (the case-change bus).
        onPulled: (applied) => {
          if (applied.catalogChanged || applied.calendarYears.length > 0) {
            ctx.emit({ name: 'catalog.changed', payload: { calendarYears: applied.calendarYears } });
          }
        },
      })
    : null;
  if (client && options.applyPull) {
    // Changes an earlier program version could not read are pulled again by this one.
    try {
      retryDeferredAfterUpgrade(ctx.db, ctx.appVersion, ctx.log);
    } catch (err) {
      ctx.log.warn('deferred pulled changes not scheduled again', { error: err instanceof Error ? err.message : String(err) });
    }
  }
  const notSet = (): CounterError => new CounterError('unavailable', '本窗口未设置上级平台同步地址（配置文件的 sync.url）', { fieldErrors: [{ path: 'code', message: '本窗口未设置上级平台同步地址（配置文件的 sync.url），请先设置并重新启动程序' }] });
  return {
    name: 'sync',
    services: client ? [client] : [],
    statusSources: [client ?? notConfigured(SYNC_STATUS_ID, SYNC_STATUS_LABEL, ctx.clock.now().toISOString())],
    caseSubscriptions: { afterCommit: () => client?.localChange() },
    handlers: {
      'sync.info': () => {
        const state = readSyncState(ctx.db);
        const parked = parkedSummary(ctx.db);
        return {
          url: sync?.url ?? null,
          enrolment:
            state.token !== null && state.enrolledHall !== null && state.enrolledWindow !== null && state.enrolledAt !== null
              ? { hall: state.enrolledHall, window: state.enrolledWindow, enrolledAt: state.enrolledAt }
              : null,
          tokenFromConfig: state.token === null && typeof sync?.enrolmentToken === 'string',
          lastPushAt: state.lastPushAt,
          lastPullAt: state.lastPullAt,
          clockOffsetMs: state.clockOffsetMs,
          parked: parked ? { count: parked.count, reason: parked.reason, parkedAt: parked.parkedAt } : null,
        };
      },
      'sync.enrol': async ({ code }) => {
        if (!client) throw notSet();
        const outcome = await client.enrol(code);
        if (!outcome.ok) throw new CounterError('rule_violation', outcome.words, { fieldErrors: [{ path: 'code', message: outcome.words }] });
        const state = readSyncState(ctx.db);
        return { hall: outcome.hall, window: outcome.window, enrolledAt: state.enrolledAt ?? ctx.clock.now().toISOString() };
      },
      'sync.now': () => {
        if (!client) throw notSet();
        // Answers once the round has started (or is queued behind the one running), not when it
        // ends: with a large backlog a round takes minutes, and the 设置 button must not hang that
        // long. The status stream (app.health: the status bar, the 设置 card) reports its progress
        // and its outcome.
        client.syncNow().catch((err: unknown) => ctx.log.warn('sync round started by sync.now failed', { error: err instanceof Error ? err.message : String(err) }));
        const report = client.status();
        return { state: report.state, detail: report.detail };
      },
      'sync.retryParked': () => {
        if (!client) throw notSet();
        return { released: client.retryParked() };
      },
    } satisfies HandlerSlice,
  };
}
