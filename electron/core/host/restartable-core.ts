import path from 'node:path';
import { failure, type Envelope } from '../../contract/envelope';
import type { AnyCoreEvent } from '../../contract/events';
import { ConfigError } from '../config/load-config';
import { createCore, type Core, type CoreOptions } from '../create-core';
import { logFileWriter } from '../logging/log-files';
import { createLogger, type Logger } from '../logging/logger';
import { DataDirInUseError } from '../storage/data-dir-lock';
import { DatabaseTooNewError } from '../storage/open-database';
import { StoreStartupError } from '../storage/store-startup-error';

/** What a call made while the core restarts hears once it has waited RESTART_WAIT_MS in vain. */
export const RESTARTING_MESSAGE = '程序正在重新启动，请稍候';

/** What every call hears after a restart failed for a reason that has no words of its own. */
export const RESTART_FAILED_MESSAGE = '程序未能重新启动，请关闭后重新打开程序（原因见数据目录下 logs 中的日志）';

/** What a call made after `close` hears (as Electron main says while the app quits). */
const CLOSED_MESSAGE = '应用正在退出，请稍后重新打开';

/**
 * How long a call made during a restart waits for the new core, in milliseconds: under the
 * screens' own call time-out (30 s, renderer/src/api/transports.ts), so a slow restart is told as
 * one (RESTARTING_MESSAGE) rather than as a core that stopped answering.
 */
export const RESTART_WAIT_MS = 25_000;

/**
 * `details` of every answer after a failed restart: the screens stop waiting for the core and
 * show the message (it says why and what to do).
 */
export const RESTART_FAILED_DETAILS = { restartFailed: true } as const;

/** How long a restart lets the calls the old core is still answering finish before closing it. */
const DRAIN_WAIT_MS = 5_000;

/**
 * The core as the shells (browser shell, Electron's core process) hold it: the running core's
 * surface, over whichever core is current. The core asks for a restart (`ctx.requestRestart`,
 * after the first-run setup or `app.restart`); this closes it and opens a new one on the same
 * options, so the settings are read from disk again.
 * - `invoke` during a restart waits for the new core (at most RESTART_WAIT_MS, then `unavailable`
 *   RESTARTING_MESSAGE); after a restart that failed, every call is answered `unavailable` with
 *   why, in Chinese (the program must then be started again by hand).
 * - `subscribe`'s listeners stay across restarts: they hear the old core's events, its
 *   `app.restarting`, then `app.restarted` {} once the new core answers calls, then its events.
 * - `dataDir`, `databasePath`, `config`, `configSource` are the current core's (the last one's
 *   while restarting or after a failed restart).
 */
export interface RestartableCore extends Core {
  /** True once a restart failed: calls are refused until the program is started again. */
  readonly failed: boolean;
}

/** What the host adds: hearing of a failed restart; for tests, how cores are made and how long calls wait. */
export interface RestartableCoreHost {
  /** Told, once, why a restart failed (the Chinese words every call is then answered with). */
  onRestartFailed?: (message: string) => void;
  /** Makes each core, the first included; default createCore. */
  create?: (options: CoreOptions) => Promise<Core>;
  /** Default RESTART_WAIT_MS. */
  restartWaitMs?: number;
}

/**
 * Starts a core that can be restarted in place (RestartableCore). The first core is created as
 * createCore does, and its errors are thrown as they are (ConfigError, StoreStartupError …): a
 * program that cannot start says so and stops. A restart's errors are logged
 * (`core restart failed`) and answered to every later call instead.
 * Pass `options` without `onRestartRequested`: this sets it.
 */
export async function startRestartableCore(options: CoreOptions, host: RestartableCoreHost = {}): Promise<RestartableCore> {
  const create = host.create ?? createCore;
  const waitMs = host.restartWaitMs ?? RESTART_WAIT_MS;
  const listeners = new Set<(event: AnyCoreEvent) => void>();
  const tell = (event: AnyCoreEvent): void => {
    for (const listener of listeners) {
      try {
        listener(event);
      } catch {
        // As the core's own emit: one failing listener must not keep the others uninformed.
      }
    }
  };

  let log: Logger | null = options.logger ?? null;
  let current: Core | null = null;
  let last: Core;
  let detach: () => void = () => undefined;
  /** Settles when the restart under way is over, whatever its outcome; null when none is. */
  let restarting: Promise<void> | null = null;
  let failedWith: string | null = null;
  let closed = false;
  /** Calls the current core is answering: a restart lets them finish before closing it. */
  const inFlight = new Set<Promise<Envelope>>();

  const coreOptions = (): CoreOptions => ({
    ...options,
    // One logger for every core after the first, which proved the data folder can hold logs.
    ...(log ? { logger: log } : {}),
    onRestartRequested: (reason) => {
      restarting ??= restart(reason).finally(() => {
        restarting = null;
      });
    },
  });
  const attach = (core: Core): void => {
    current = core;
    last = core;
    detach = core.subscribe(tell);
  };

  const restart = async (reason: 'setup' | 'settings'): Promise<void> => {
    const old = current;
    if (closed || old === null) return;
    log ??= createLogger({ write: logFileWriter(path.join(options.dataDir, 'logs'), options.logToStderr ?? true) });
    log.info('core restarting', { reason });
    current = null;
    detach();
    // A call made just before the restart (a PIN being hashed) is answered by the old core, not
    // cut off by its store closing under it.
    await settledWithin([...inFlight], DRAIN_WAIT_MS);
    try {
      await old.close();
    } catch (err) {
      log.error('core restart: closing the old core failed', { error: errorText(err) });
    }
    if (closed) return;
    try {
      attach(await create(coreOptions()));
      log.info('core restarted', { reason, config: last.configSource });
      tell({ name: 'app.restarted', payload: {} });
    } catch (err) {
      failedWith = restartFailureMessage(err);
      log.error('core restart failed', { reason, error: errorText(err) });
      host.onRestartFailed?.(failedWith);
    }
  };

  /** The core to serve a call, or the failure to answer it with. */
  const serving = async (): Promise<Core | Envelope> => {
    if (restarting) {
      let timer: NodeJS.Timeout | undefined;
      const gaveUp = new Promise<'gave up'>((resolve) => {
        timer = setTimeout(() => resolve('gave up'), waitMs);
      });
      try {
        if ((await Promise.race([restarting, gaveUp])) === 'gave up') return failure('unavailable', RESTARTING_MESSAGE);
      } finally {
        clearTimeout(timer);
      }
    }
    if (closed) return failure('unavailable', CLOSED_MESSAGE);
    if (failedWith !== null || current === null) return failure('unavailable', failedWith ?? RESTART_FAILED_MESSAGE, { details: { ...RESTART_FAILED_DETAILS } });
    return current;
  };

  attach(await create(coreOptions()));
  return {
    get dataDir() {
      return last.dataDir;
    },
    get databasePath() {
      return last.databasePath;
    },
    get config() {
      return last.config;
    },
    get configSource() {
      return last.configSource;
    },
    get failed() {
      return failedWith !== null;
    },
    async invoke(method, args) {
      const core = await serving();
      if (!('invoke' in core)) return core;
      const answer = core.invoke(method, args);
      inFlight.add(answer);
      try {
        return await answer;
      } finally {
        inFlight.delete(answer);
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      if (closed) return;
      closed = true;
      // A restart under way finishes first: its new core (if any) is the one to close.
      await restarting;
      listeners.clear();
      detach();
      await current?.close();
      current = null;
    },
  };
}

/** Why a restart failed, in the words the shells print for the same failure at start. */
function restartFailureMessage(err: unknown): string {
  if (err instanceof ConfigError || err instanceof StoreStartupError || err instanceof DataDirInUseError || err instanceof DatabaseTooNewError) {
    return `程序未能重新启动：${err.message}\n请修正后重新打开程序。`;
  }
  return RESTART_FAILED_MESSAGE;
}

/** Waits for `calls` to settle, at most `ms`. */
async function settledWithin(calls: readonly Promise<unknown>[], ms: number): Promise<void> {
  if (calls.length === 0) return;
  let timer: NodeJS.Timeout | undefined;
  const gaveUp = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  try {
    await Promise.race([Promise.allSettled(calls), gaveUp]);
  } finally {
    clearTimeout(timer);
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
