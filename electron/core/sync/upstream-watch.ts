import type { Clock } from '../clock';
import { ioFailure } from '../devices/io-failure';
import { PollingWatch, type Observation } from '../devices/polling-watch';
import type { Logger } from '../logging/logger';
import { SYNC_STATUS_ID, SYNC_STATUS_LABEL } from './sync-status';

export interface UpstreamWatchOptions {
  /** The config file's `sync.url`. */
  url: string;
  /** Between looks while the upstream answers, and before the first retry. */
  intervalMs: number;
  /** Longest wait between looks while it does not answer (back-off); default 60 s. */
  maxIntervalMs?: number;
  /** How long one request may take; default 3 s. */
  timeoutMs?: number;
  clock: Clock;
  log: Logger;
}

/**
 * Whether the upstream answers HTTP at all (any status: a 404 or 401 still proves the network
 * path and the server are up). Only reachability; pushing and pulling are the sync client's
 * (issue 16), which replaces this watch and reports under the same id.
 */
export async function lookAtUpstream(url: string, timeoutMs: number, signal: AbortSignal): Promise<Observation> {
  try {
    const res = await fetch(url, { method: 'HEAD', signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]) });
    return { state: 'connected', detail: `上级平台可访问（HTTP ${res.status}）` };
  } catch (err) {
    if (err instanceof Error && err.name === 'TimeoutError') return { state: 'offline', detail: '上级平台不可访问：连接超时' };
    const failure = ioFailure(err);
    return { state: failure.state, detail: `上级平台不可访问：${failure.reason}` };
  }
}

/** The upstream's reachability as a StatusSource (id `sync`), looking on its own with back-off. */
export function upstreamWatch(options: UpstreamWatchOptions): PollingWatch {
  const timeoutMs = options.timeoutMs ?? 3000;
  return new PollingWatch({
    name: 'sync.upstream',
    id: SYNC_STATUS_ID,
    label: SYNC_STATUS_LABEL,
    endpoint: options.url,
    check: (signal) => lookAtUpstream(options.url, timeoutMs, signal),
    intervalMs: options.intervalMs,
    maxIntervalMs: options.maxIntervalMs ?? Math.max(options.intervalMs, 60_000),
    clock: options.clock,
    log: options.log,
  });
}
