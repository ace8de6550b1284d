import { failure, type Envelope } from '../contract/envelope';
import type { CounterErrorPayload } from '../contract/errors';
import {
  FromCoreMessageSchema,
  type FromCoreMessage,
  type HostAnswer,
  type HostCall,
  type ToCoreMessage,
} from '../contract/host-protocol';
import { PendingCalls } from './pending-calls';
import { RestartBackoff } from './restart-backoff';

/**
 * The core process as the host sees it. main.ts adapts Electron's `utilityProcess` to this;
 * keeping Electron out of this file lets the restart and shutdown rules be tested in Node.
 */
export interface CoreChild {
  postMessage(message: ToCoreMessage): void;
  /** Ends the process forcibly; `onExit` still fires afterwards. */
  kill(): void;
  onMessage(listener: (message: unknown) => void): void;
  onExit(listener: (code: number) => void): void;
}

export type CoreState =
  /** Process started, not yet ready (opening the database, migrating). Calls wait. */
  | { status: 'starting'; attempt: number }
  | { status: 'ready' }
  /** Died unexpectedly; a new one starts in `delayMs`. Calls fail fast meanwhile. */
  | { status: 'restarting'; delayMs: number; exitCode: number; message: string | null }
  /** Will not be restarted; main shows `message` and quits. */
  | { status: 'failed'; message: string; everReady: boolean }
  | { status: 'stopping' }
  | { status: 'stopped' };

export interface HostLog {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export interface CoreHostOptions {
  spawn: () => CoreChild;
  onEvent: (name: string, payload: unknown) => void;
  onState: (state: CoreState) => void;
  log: HostLog;
  backoff?: RestartBackoff;
  /** How long `shutdown()` waits for the core to close its database before killing it. */
  shutdownTimeoutMs?: number;
  /** How long a core that reported `fatal` may take to exit by itself. */
  fatalExitGraceMs?: number;
  /**
   * Does what the core asks of main (printing through the OS, PDFs: host-protocol `hostCall`);
   * its answer goes back to the child that asked. Absent: every call is answered "not available".
   * Should not throw; a throw is answered with words too.
   */
  onHostCall?: (call: HostCall) => Promise<HostAnswer>;
}

/** What the core hears when main cannot print for it. */
export const HOST_CALL_FAILED_WORDS = '桌面程序未能完成打印，请重试';

export const SHUTDOWN_TIMEOUT_MS = 10_000;
const FATAL_EXIT_GRACE_MS = 5_000;
/** After a kill, how long to wait for the exit to be reported before giving up on it. */
const KILL_REAP_MS = 2_000;

const MESSAGES = {
  stopping: '应用正在退出，请稍后重新打开',
  restarting: '核心服务意外退出，正在自动重启，请稍候再试',
  diedDuringCall: '核心服务意外退出，本次操作可能未完成，请核对后再重试',
  diedBeforeReady: '核心服务未能启动，正在重试',
  neverStarted: (code: number, starts: number) =>
    `核心服务连续 ${starts} 次启动失败（最后一次退出码 ${code}），请联系运维人员`,
  internal: '无法把请求发送给核心服务',
} as const;

function unavailable(message: string): CounterErrorPayload {
  return { code: 'unavailable', message };
}

interface QueuedCall {
  id: number;
  method: string;
  args: unknown;
}

/**
 * Runs the core in its own process and relays calls to it. Every message from the child is
 * validated, because a crashed or confused child must not be able to make main throw; every
 * call ends with an envelope, never with an exception.
 */
export class CoreHost {
  private readonly pending = new PendingCalls();
  private readonly backoff: RestartBackoff;
  private readonly shutdownTimeoutMs: number;
  private readonly fatalExitGraceMs: number;

  private state: CoreState | null = null;
  private child: CoreChild | null = null;
  private attempt = 0;
  private readyThisRun = false;
  private everReady = false;
  private fatalMessage: string | null = null;
  /** Calls made while the core is starting, sent in order once it is ready. */
  private queue: QueuedCall[] = [];

  private restartTimer: ReturnType<typeof setTimeout> | null = null;
  private fatalKillTimer: ReturnType<typeof setTimeout> | null = null;
  private shutdownPromise: Promise<void> | null = null;
  private finishShutdown: (() => void) | null = null;

  constructor(private readonly options: CoreHostOptions) {
    this.backoff = options.backoff ?? new RestartBackoff();
    this.shutdownTimeoutMs = options.shutdownTimeoutMs ?? SHUTDOWN_TIMEOUT_MS;
    this.fatalExitGraceMs = options.fatalExitGraceMs ?? FATAL_EXIT_GRACE_MS;
  }

  get currentState(): CoreState | null {
    return this.state;
  }

  /** Starts the first core process. Calling it again does nothing. */
  start(): void {
    if (this.state !== null) return;
    this.spawnChild();
  }

  invoke(method: string, args: unknown): Promise<Envelope> {
    const refusal = this.refusal();
    if (refusal !== null) return Promise.resolve(failure(refusal.code, refusal.message, refusal));

    const { id, result } = this.pending.open(method);
    if (this.state?.status === 'ready') this.send({ id, method, args });
    else this.queue.push({ id, method, args });
    return result;
  }

  /**
   * Asks the core to close its database and exit, then waits for it to say `closed` (or to
   * exit) — at most `shutdownTimeoutMs`, after which it is killed: quitting must not hang on a
   * stuck core, and SQLite's WAL keeps committed cases safe even then.
   */
  shutdown(): Promise<void> {
    if (this.shutdownPromise !== null) return this.shutdownPromise;
    this.clearTimer('restart');
    this.clearTimer('fatal');

    const child = this.child;
    this.failQueued(MESSAGES.stopping);
    if (child === null) {
      this.pending.failAll(unavailable(MESSAGES.stopping));
      this.setState({ status: 'stopped' });
      this.shutdownPromise = Promise.resolve();
      return this.shutdownPromise;
    }

    this.setState({ status: 'stopping' });
    this.shutdownPromise = new Promise<void>((resolve) => {
      let killTimer: ReturnType<typeof setTimeout> | null = null;
      let reapTimer: ReturnType<typeof setTimeout> | null = null;
      const done = (): void => {
        if (killTimer !== null) clearTimeout(killTimer);
        if (reapTimer !== null) clearTimeout(reapTimer);
        this.finishShutdown = null;
        this.pending.failAll(unavailable(MESSAGES.stopping));
        if (this.state?.status !== 'stopped') this.setState({ status: 'stopped' });
        resolve();
      };
      this.finishShutdown = done;
      killTimer = setTimeout(() => {
        killTimer = null;
        this.options.log.warn('core did not close in time; killing it', { timeoutMs: this.shutdownTimeoutMs });
        this.safeKill(child);
        reapTimer = setTimeout(done, KILL_REAP_MS);
      }, this.shutdownTimeoutMs);
      try {
        child.postMessage({ kind: 'shutdown' });
      } catch (error) {
        this.options.log.warn('could not ask the core to shut down; killing it', { error: String(error) });
        this.safeKill(child);
      }
    });
    return this.shutdownPromise;
  }

  private refusal(): CounterErrorPayload | null {
    switch (this.state?.status) {
      case undefined:
      case 'starting':
      case 'ready':
        return null;
      case 'restarting':
        return unavailable(MESSAGES.restarting);
      case 'failed':
        return unavailable(this.state.message);
      case 'stopping':
      case 'stopped':
        return unavailable(MESSAGES.stopping);
    }
  }

  private spawnChild(): void {
    this.attempt += 1;
    this.readyThisRun = false;
    this.fatalMessage = null;
    this.setState({ status: 'starting', attempt: this.attempt });

    let child: CoreChild;
    try {
      child = this.options.spawn();
    } catch (error) {
      // Treated like a child that died before ready: same back-off, same give-up rule.
      this.options.log.error('could not start the core process', { error: String(error) });
      this.child = null;
      this.afterExit(-1);
      return;
    }
    this.child = child;
    child.onMessage((message) => this.handleMessage(child, message));
    child.onExit((code) => this.handleExit(child, code));
  }

  private handleMessage(child: CoreChild, raw: unknown): void {
    // A message from a child we already gave up on (killed, replaced) means nothing any more.
    if (child !== this.child) return;
    const parsed = FromCoreMessageSchema.safeParse(raw);
    if (!parsed.success) {
      this.options.log.warn('ignored a malformed message from the core', {
        issues: parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`),
      });
      return;
    }
    this.dispatch(parsed.data);
  }

  private dispatch(message: FromCoreMessage): void {
    switch (message.kind) {
      case 'ready': {
        if (this.readyThisRun) return;
        this.readyThisRun = true;
        this.everReady = true;
        this.backoff.recordReady(Date.now());
        if (this.state?.status === 'stopping') return;
        this.setState({ status: 'ready' });
        const queued = this.queue;
        this.queue = [];
        for (const call of queued) this.send(call);
        return;
      }
      case 'result': {
        if (!this.pending.settle(message.id, message.envelope)) {
          this.options.log.warn('the core answered a call nobody is waiting for', { id: message.id });
        }
        return;
      }
      case 'event': {
        try {
          this.options.onEvent(message.name, message.payload);
        } catch (error) {
          this.options.log.error('forwarding a core event failed', { name: message.name, error: String(error) });
        }
        return;
      }
      case 'fatal': {
        this.fatalMessage = message.message;
        this.options.log.error('the core reported a fatal error', { error: message.message });
        // The protocol says the core exits after `fatal`; if it hangs instead, end it so the
        // restart or the error dialog is not held up.
        const child = this.child;
        this.clearTimer('fatal');
        this.fatalKillTimer = setTimeout(() => {
          this.fatalKillTimer = null;
          if (child !== null && child === this.child) this.safeKill(child);
        }, this.fatalExitGraceMs);
        return;
      }
      case 'closed': {
        this.finishShutdown?.();
        return;
      }
      case 'hostCall': {
        this.answerHostCall(message.id, message.call);
        return;
      }
    }
  }

  private answerHostCall(id: number, call: HostCall): void {
    const child = this.child;
    const run = this.options.onHostCall;
    const answering: Promise<HostAnswer> = run
      ? Promise.resolve()
          .then(() => run(call))
          .catch((error: unknown) => {
            this.options.log.error('a print call from the core failed in main', { method: call.method, error: String(error) });
            return { ok: false, message: HOST_CALL_FAILED_WORDS } as const;
          })
      : Promise.resolve({ ok: false, message: '此程序不能使用系统打印' } as const);
    void answering.then((answer) => {
      // Only the child that asked: a restarted core has its own calls and ids.
      if (child === null || child !== this.child) return;
      try {
        child.postMessage({ kind: 'hostAnswer', id, answer });
      } catch (error) {
        this.options.log.warn('could not answer a print call of the core', { error: String(error) });
      }
    });
  }

  private handleExit(child: CoreChild, code: number): void {
    if (child !== this.child) return;
    this.child = null;
    this.clearTimer('fatal');

    if (this.state?.status === 'stopping' || this.state?.status === 'stopped') {
      this.finishShutdown?.();
      return;
    }
    this.options.log.error('the core process exited unexpectedly', {
      code,
      readyThisRun: this.readyThisRun,
      fatal: this.fatalMessage,
      openCalls: this.pending.size,
    });
    this.afterExit(code);
  }

  private afterExit(code: number): void {
    const lost = this.pending.failAll(
      unavailable(this.readyThisRun ? MESSAGES.diedDuringCall : MESSAGES.diedBeforeReady),
    );
    this.queue = [];
    if (lost.length > 0) {
      this.options.log.warn('calls ended by the core exit', { methods: lost.map((call) => call.method) });
    }

    // A core that refused to start (bad config, database from a newer version) will refuse
    // again: restarting would only loop, so the clerk gets the message instead.
    if (this.fatalMessage !== null && !this.readyThisRun) {
      this.setState({ status: 'failed', message: this.fatalMessage, everReady: this.everReady });
      return;
    }

    const verdict = this.backoff.onUnexpectedExit(Date.now());
    if (!verdict.restart) {
      this.setState({
        status: 'failed',
        message: MESSAGES.neverStarted(code, verdict.startsWithoutReady),
        everReady: this.everReady,
      });
      return;
    }
    this.setState({ status: 'restarting', delayMs: verdict.delayMs, exitCode: code, message: this.fatalMessage });
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      this.spawnChild();
    }, verdict.delayMs);
  }

  private send(call: QueuedCall): void {
    const child = this.child;
    if (child === null) {
      this.pending.settle(call.id, failure('unavailable', MESSAGES.restarting));
      return;
    }
    try {
      child.postMessage({ kind: 'invoke', id: call.id, method: call.method, args: call.args });
    } catch (error) {
      this.options.log.error('could not send a call to the core', { method: call.method, error: String(error) });
      this.pending.settle(call.id, failure('internal', MESSAGES.internal));
    }
  }

  private failQueued(message: string): void {
    const queued = this.queue;
    this.queue = [];
    for (const call of queued) this.pending.settle(call.id, failure('unavailable', message));
  }

  private safeKill(child: CoreChild): void {
    try {
      child.kill();
    } catch (error) {
      this.options.log.warn('killing the core failed', { error: String(error) });
    }
  }

  private clearTimer(which: 'restart' | 'fatal'): void {
    if (which === 'restart' && this.restartTimer !== null) {
      clearTimeout(this.restartTimer);
      this.restartTimer = null;
    }
    if (which === 'fatal' && this.fatalKillTimer !== null) {
      clearTimeout(this.fatalKillTimer);
      this.fatalKillTimer = null;
    }
  }

  private setState(state: CoreState): void {
    this.state = state;
    try {
      this.options.onState(state);
    } catch (error) {
      this.options.log.error('core state listener failed', { error: String(error) });
    }
  }
}

/** Where the core keeps its data and finds its resources; passed to it as argv. */
export interface CoreLaunchSettings {
  dataDir: string;
  resourcesDir: string;
  appVersion: string;
  configFile: string | null;
}

/** The argv of the core process: `--data-dir DIR --resources-dir DIR --app-version X [--config FILE]`. */
export function coreProcessArgs(settings: CoreLaunchSettings): string[] {
  const args = [
    '--data-dir',
    settings.dataDir,
    '--resources-dir',
    settings.resourcesDir,
    '--app-version',
    settings.appVersion,
  ];
  if (settings.configFile !== null) args.push('--config', settings.configFile);
  return args;
}

export interface HostArgs {
  dataDir: string | null;
  configFile: string | null;
  /** Flags given without a usable value, so main can say so instead of silently ignoring them. */
  problems: string[];
}

/**
 * Reads `--data-dir X` / `--data-dir=X` and `--config X` / `--config=X` from main's own argv
 * (`electron . --data-dir X` in development, `政务服务窗口.exe --config X` when installed).
 * Everything else on the command line belongs to Electron or Chromium and is left alone.
 */
export function readHostArgs(argv: readonly string[]): HostArgs {
  const result: HostArgs = { dataDir: null, configFile: null, problems: [] };
  const flags = { '--data-dir': 'dataDir', '--config': 'configFile' } as const;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    for (const [flag, key] of Object.entries(flags) as Array<[keyof typeof flags, 'dataDir' | 'configFile']>) {
      let value: string | undefined;
      if (arg === flag) {
        value = argv[i + 1];
        if (value !== undefined && !value.startsWith('--')) i += 1;
        else value = undefined;
      } else if (arg.startsWith(`${flag}=`)) {
        value = arg.slice(flag.length + 1);
      } else {
        continue;
      }
      if (value === undefined || value.trim() === '') result.problems.push(`${flag} 后缺少路径`);
      else result[key] = value;
    }
  }
  return result;
}
