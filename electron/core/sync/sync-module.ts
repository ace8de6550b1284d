import type { BackgroundService, CapabilityModule, CoreContext } from '../assembly/capability-module';
import type { Clock } from '../clock';
import type { CounterConfig } from '../config/config-schema';
import type { StatusSource } from '../devices/device';
import { notConfigured } from '../devices/not-configured';
import type { Logger } from '../logging/logger';
import { SYNC_STATUS_ID, SYNC_STATUS_LABEL } from './sync-status';
import { upstreamWatch } from './upstream-watch';

/**
 * The status source `sync` for the config file's `sync` section: the upstream watch (also the
 * one service, to be started and stopped) when it is set, `not_configured` otherwise.
 */
export function syncSource(
  sync: CounterConfig['sync'],
  settings: { intervalMs: number; clock: Clock; log: Logger },
): { source: StatusSource; services: BackgroundService[] } {
  if (!sync) return { source: notConfigured(SYNC_STATUS_ID, SYNC_STATUS_LABEL, settings.clock.now().toISOString()), services: [] };
  const watch = upstreamWatch({ url: sync.url, ...settings });
  return { source: watch, services: [watch] };
}

export interface SyncModuleOptions {
  /** Milliseconds between looks at the upstream; default 5000 (createCore's `healthIntervalMs`). */
  intervalMs?: number;
}

/**
 * Sync as far as this release goes: the upstream's reachability, reported as the status source
 * `sync` (service `sync.upstream` when the config file sets `sync`). Issue 16's sync client takes
 * this module's place, with its handlers and its outbox service, and reports under the same id.
 */
export function syncModule(ctx: CoreContext, options: SyncModuleOptions = {}): CapabilityModule {
  const { source, services } = syncSource(ctx.config.sync, { intervalMs: options.intervalMs ?? 5000, clock: ctx.clock, log: ctx.log });
  return { name: 'sync', services, statusSources: [source] };
}
