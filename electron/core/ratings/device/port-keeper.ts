import type { RatingDeviceConfig } from '../../../contract/config';
import { PortFinder, portIdentity, portPresence, type RatingPortLister } from './port-finder';
import type { RatingStatus } from './rating-status';
import { LINE_GONE_WORDS, LINE_REPLUGGED_WORDS, SerialLineError, type SerialLine, type SerialLineOpener } from './serial-line';
import { reopenDelayMs, type RatingDriverTiming } from './timing';
import type { Waker } from './waker';

/** Failed opens in a row, busy or absent, before the status says `error` instead of `offline`. */
export const OPEN_FAILURES_BEFORE_ERROR = 8;

/** What the status bar says when the driver has stopped. */
const STOPPED_WORDS = '评价器已停用';

/**
 * One open port, from the open to its loss. `goneReason` is null while it lasts; the first reason
 * given wins. A loss told by `lose` (not quiet) makes the status `offline` with its words, wakes the
 * driver's loop and is kept as `PortKeeper.lastLoss` so that the next attempt can still say why.
 */
export class PortConnection {
  private reason: string | null = null;
  private readonly ended: Promise<string>;
  private resolveEnded: (reason: string) => void = () => undefined;

  constructor(
    readonly line: SerialLine,
    readonly path: string,
    private readonly onLose: (words: string, quiet: boolean) => void,
  ) {
    this.ended = new Promise((resolve) => {
      this.resolveEnded = resolve;
    });
  }

  /** Why it ended, or null while it lasts. */
  get goneReason(): string | null {
    return this.reason;
  }

  /** Resolves with the reason once it has ended. */
  get gone(): Promise<string> {
    return this.ended;
  }

  /**
   * The line is lost (or, `quiet`, being closed on purpose: the driver stopping). Only the first
   * call counts. The caller closes the line if it must (a presence check does).
   */
  lose(words: string, quiet = false): void {
    if (this.reason !== null) return;
    this.reason = words;
    this.onLose(words, quiet);
    this.resolveEnded(words);
  }
}

/** What the keeper works with: the driver's own config, status, waker and times. */
export interface PortKeeperOptions {
  config: Pick<RatingDeviceConfig, 'path' | 'usb' | 'baudRate'>;
  listPorts: RatingPortLister;
  openLine: SerialLineOpener;
  timing: RatingDriverTiming;
  status: RatingStatus;
  waker: Waker;
  /** The window's other devices' configured paths (never taken for this one after a replug). */
  otherDevicePaths?: () => ReadonlyArray<string>;
  /** Told of every loss that was not quiet (v1 stops taking jobs at once). */
  onLost?: (words: string) => void;
}

/**
 * The port side both rating drivers share (issue 15: "reopening the port with back-off after an
 * unplug", "find the device again by its USB vendor, product and serial number"): find the port
 * (PortFinder, listing bounded in time), open it, hand it to the driver's `serve` (v1 converses,
 * the legacy bus listens) while checking every `presenceCheckMs` that its path still leads to the
 * node opened (one listing in flight at a time), and after its loss reopen with back-off (250 ms
 * doubling to 5 s). Open failures: `offline` while the port is absent or busy ("Access denied"
 * right after a replug), `error` for any other failure, or after OPEN_FAILURES_BEFORE_ERROR busy
 * failures in a row.
 */
export class PortKeeper {
  private readonly finder: PortFinder;
  private connection: PortConnection | null = null;
  /** Ports opened (tests, the bench). */
  opens = 0;
  /** Words of the last loss while no connection has worked since (tryout of issue 15 #13: keep the reason shown). */
  lastLoss: string | null = null;

  constructor(private readonly options: PortKeeperOptions) {
    this.finder = new PortFinder(options.config, options.listPorts, options.timing.listTimeoutMs, options.otherDevicePaths);
  }

  /** The open connection, or null. */
  get current(): PortConnection | null {
    return this.connection;
  }

  /**
   * Runs until `isRunning()` is false. `serve` owns one connection until it ends (it returns when
   * `conn.goneReason` is set or the driver stops) and returns whether the device answered at all
   * (the back-off starts again from its first step after a connection that worked).
   */
  async run(isRunning: () => boolean, serve: (conn: PortConnection) => Promise<boolean>): Promise<void> {
    const { timing, status, waker } = this.options;
    let failures = 0;
    while (isRunning()) {
      const path = await this.finder.find();
      // Taken BEFORE the open: a replug in between makes the first check see a change and reopen
      // once (harmless); taken after, it could name the new node while the handle is the old one.
      const identity = portIdentity(path);
      let line: SerialLine;
      try {
        line = await this.options.openLine(path, this.options.config.baudRate);
      } catch (err) {
        failures++;
        const failure = err instanceof SerialLineError ? err : new SerialLineError(`串口 ${path} 无法打开`, 'error');
        const state = failure.state === 'error' && (!failure.busy || failures >= OPEN_FAILURES_BEFORE_ERROR) ? 'error' : 'offline';
        status.publish(state, failure.message, { endpoint: path, flags: null });
        await waker.sleep(reopenDelayMs(failures, timing));
        continue;
      }
      this.opens++;
      const conn = new PortConnection(line, path, (words, quiet) => {
        if (quiet) return;
        this.lastLoss = words;
        status.publish('offline', words, { flags: null });
        this.options.onLost?.(words);
        waker.wake();
      });
      line.onGone((reason) => conn.lose(reason));
      this.connection = conn;
      const unwatch = this.watch(conn, identity);
      let reached = false;
      try {
        reached = await serve(conn);
      } finally {
        unwatch();
        if (this.connection === conn) this.connection = null;
        conn.lose(isRunning() ? LINE_GONE_WORDS : STOPPED_WORDS, true);
        await line.close();
      }
      failures = reached ? 1 : failures + 1;
      waker.reset();
      if (isRunning()) await waker.sleep(reopenDelayMs(failures, timing));
    }
    status.publish('offline', STOPPED_WORDS, { flags: null });
  }

  /** Ends the open connection quietly and closes its line (the driver stopping). */
  async close(reason: string): Promise<void> {
    const conn = this.connection;
    if (!conn) return;
    conn.lose(reason, true);
    await conn.line.close();
  }

  /**
   * Checks every presenceCheckMs, one check in flight at a time, that the path still leads to the
   * node opened: a pulled adapter often raises no close event, and a replug faster than one check
   * leaves the path in place but pointing at a new node while the open handle hears nothing.
   * @returns the function that stops the checks.
   */
  private watch(conn: PortConnection, identity: string | null): () => void {
    const { timing, listPorts } = this.options;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const check = async (): Promise<void> => {
      if (stopped || conn.goneReason !== null) return;
      const presence = await portPresence(conn.path, identity, listPorts, timing.listTimeoutMs);
      if (stopped || conn.goneReason !== null) return;
      if (presence !== 'present') {
        conn.lose(presence === 'replaced' ? LINE_REPLUGGED_WORDS : LINE_GONE_WORDS);
        void conn.line.close();
        return;
      }
      timer = setTimeout(() => void check(), timing.presenceCheckMs);
    };
    timer = setTimeout(() => void check(), timing.presenceCheckMs);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }
}
