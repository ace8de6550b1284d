import { PRINTER_LABELS, type PrintJob, type PrintJobState, type PrinterCondition, type PrinterId } from '../../../contract/printing';
import type { DeviceState } from '../../../contract/health';
import type { BackgroundService } from '../../assembly/capability-module';
import type { Clock } from '../../clock';
import type { PrinterConfig } from '../../config/config-schema';
import type { StatusReport, StatusSource } from '../../devices/device';
import type { Logger } from '../../logging/logger';
import type { Db } from '../../storage/database';
import { PrinterIoError, type PrinterConnection, type PrinterTransport } from '../transport/printer-transport';
import { conditionAllowsPrinting, conditionWords, NO_STATUS_WORDS } from '../transport/status-bytes';
import { INTERRUPTED_WHILE_SENDING, listPrintJobs, moveJob, nextJobToSend } from './job-store';

/** How often and how long the driver looks (milliseconds). */
export interface DriverTiming {
  /** How long each `DLE EOT` answer is awaited; X suggests 1000. */
  conditionTimeoutMs: number;
  /** Between looks at a printer that holds a waiting job (paper out, cover open): ~1 s. */
  waitingLookMs: number;
  /** Between looks at an idle printer (the status bar's paper and cover). */
  idleLookMs: number;
  /** First and longest wait before reopening a printer that went away (doubling in between). */
  reopenMinMs: number;
  reopenMaxMs: number;
}

export const DEFAULT_DRIVER_TIMING: DriverTiming = {
  conditionTimeoutMs: 1000,
  waitingLookMs: 1000,
  idleLookMs: 5000,
  reopenMinMs: 250,
  reopenMaxMs: 5000,
};

/** What a driver is built from. */
export interface PrinterDriverDeps {
  id: PrinterId;
  db: Db;
  clock: Clock;
  log: Logger;
  timing: DriverTiming;
  /** The transport for a printer's config (X's transportFor with the host's deps). */
  transportFor(config: PrinterConfig): PrinterTransport;
  /**
   * What to write for a job: ESC/POS bytes (`accepts: 'escpos'`) or the UTF-8 HTML page
   * (`accepts: 'html'`, the OS queue). Throws when the stored document cannot be rendered.
   */
  render(job: PrintJob, config: PrinterConfig, transport: PrinterTransport): Uint8Array;
  /** Told every job state change the driver makes (`printing.jobChanged`). */
  jobChanged(job: PrintJob): void;
}

/** Words on a job whose bytes went and whose printer then reported a fault or went silent. */
const FAULT_AFTER = (words: string): string => `打印后打印机报告${words}，可能未打印完整，请查看纸面后选择确认已打印、补打或作废`;
const NO_ANSWER_AFTER = '数据已发出，但打印机随后无应答，无法确认是否已打印，请查看纸面后选择确认已打印、补打或作废';

/**
 * One printer's driver (issue 14): the status source under the device's id (`receiptPrinter`,
 * the only one: nothing else watches the printer's port) and the worker that sends its jobs in order.
 *
 * The worker, for each job: reads the printer's condition (`DLE EOT`) first; a printer that
 * cannot print now (缺纸, 上盖打开, 脱机, away) leaves the job `waiting` with the reason and is
 * looked at again every `waitingLookMs`; otherwise the job is committed `sending`, its bytes
 * written, and the condition read again: `printed` when the printer took every byte and reports
 * no fault; `unknown` when bytes went and then the line failed, timed out, or the printer
 * reported a fault or no answer (never resent by itself); `waiting` / `failed` when the line
 * failed before any byte (away / unusable). A printer that goes away is reopened by itself with
 * a doubling back-off (no restart).
 *
 * Serial and device-file lines are kept open between jobs; TCP and the OS queue are opened per
 * job and per look (a network printer serves one connection at a time; X-for-J.md).
 */
export class PrinterDriver implements StatusSource, BackgroundService {
  readonly id: PrinterId;
  readonly label: string;
  readonly name: string;
  private report: StatusReport;
  private readonly listeners = new Set<(report: StatusReport) => void>();
  private config: PrinterConfig | null = null;
  private transport: PrinterTransport | null = null;
  /** The current worker's line; each worker owns its own (see Line). */
  private line: Line | null = null;
  private condition: PrinterCondition | null = null;
  private running = false;
  private loop: Promise<void> | null = null;
  private abort: AbortController | null = null;
  private wakeSleeper: (() => void) | null = null;
  private woken = false;
  /** Looks begun so far (each a DLE EOT read, or a failed open), and who waits for one begun after a mark. */
  private looksBegun = 0;
  private readonly lookWaiters = new Set<{ after: number; done: () => void }>();
  /** When the job going down the line now began (ms), or null: a look waits for it, however long. */
  private sendingSince: number | null = null;

  constructor(
    private readonly deps: PrinterDriverDeps,
    config: PrinterConfig | null,
  ) {
    this.id = deps.id;
    this.label = PRINTER_LABELS[deps.id];
    this.name = `printing.${deps.id}`;
    this.report = { state: 'not_configured', endpoint: null, detail: null, since: deps.clock.now().toISOString(), condition: null };
    this.setConfig(config);
  }

  status(): StatusReport {
    return this.report;
  }

  onStatus(listener: (report: StatusReport) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The printer's last `DLE EOT` condition, or null (none read, or a transport without status). */
  lastCondition(): PrinterCondition | null {
    return this.condition;
  }

  /**
   * The printer's condition read NOW (the 取号机 asks before it issues a number): wakes the
   * worker and waits for a look begun after this call — a `DLE EOT` read on the worker's own
   * line (a serial port cannot be opened twice), or an open that failed — then answers the
   * report and condition that look gave. `fresh` false: no such look ended within `waitMs`
   * (the worker is pausing after a failure, or the printer did not answer in time), or no
   * printer is configured / the driver is not running; the report is then the last one.
   */
  async freshCondition(waitMs: number): Promise<{ fresh: boolean; report: StatusReport; condition: PrinterCondition | null }> {
    const answer = (fresh: boolean) => ({ fresh, report: this.report, condition: this.condition });
    if (!this.running || !this.config) return answer(false);
    const waiter = { after: this.looksBegun, done: (): void => undefined };
    let timer: ReturnType<typeof setTimeout> | undefined;
    const looked = await new Promise<boolean>((resolve) => {
      waiter.done = () => resolve(true);
      this.lookWaiters.add(waiter);
      // The wait starts over while a job is going down the line (a QR ticket at 9600 baud takes
      // seconds): the look comes right after it. Bounded, for a line stuck mid-write.
      const begun = Date.now();
      const expire = (): void => {
        if (this.sendingSince !== null && Date.now() - begun < SENDING_LOOK_MAX_MS) timer = setTimeout(expire, waitMs);
        else resolve(false);
      };
      timer = setTimeout(expire, waitMs);
      this.wake();
    });
    clearTimeout(timer);
    this.lookWaiters.delete(waiter);
    return answer(looked);
  }

  /** Marks a look begun; returns its number for lookEnded. */
  private lookBegins(): number {
    this.looksBegun += 1;
    return this.looksBegun;
  }

  /** A look ended (its report published): those waiting for a look begun after their mark are answered. */
  private lookEnded(look: number): void {
    for (const waiter of [...this.lookWaiters]) {
      if (look > waiter.after) {
        this.lookWaiters.delete(waiter);
        waiter.done();
      }
    }
  }

  /** Whether a printer is configured (jobs can be queued for it). */
  configured(): boolean {
    return this.config !== null;
  }

  /** The printer's config in use, or null. */
  printerConfig(): PrinterConfig | null {
    return this.config;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.startLoop();
  }

  async stop(): Promise<void> {
    this.running = false;
    const loop = this.stopLoop();
    if (loop.done) await withinMs(loop.done, STOP_WAIT_MS);
    // Shutting down: a write still under way after the wait is cut off (its job stays `sending`
    // and is read as `unknown` at the next start, as after a crash).
    if (loop.line) await closeLine(loop.line);
  }

  /** Looks at the queue now (a job was queued, retried, or a clerk asked). Never blocks. */
  wake(): void {
    const sleeper = this.wakeSleeper;
    if (sleeper) sleeper();
    // Not sleeping (a look or a job under way): the next sleep returns at once, so nothing queued now waits a full look.
    else this.woken = true;
  }

  /**
   * New settings for this printer (设置 saved): the worker on the old settings is stopped and a
   * new one started on the new settings (or the printer shown 未配置). Jobs stay where they are,
   * except that jobs still waiting for a printer removed from the settings are `failed` (they
   * would otherwise wait for ever).
   *
   * A job being written when the settings change is finished by the old worker on its own line
   * (its bytes are not cut off half-way, so it ends `printed` or `unknown`, never printed twice);
   * the new worker opens its line only once the old one has ended, which is bounded by the
   * transport's write time-out and the status deadline (a serial port cannot be opened twice).
   * Resolves once the old worker has ended or after STOP_WAIT_MS, whichever is first; the new
   * worker starts either way.
   */
  async reconfigure(config: PrinterConfig | null): Promise<void> {
    const old = this.stopLoop();
    this.setConfig(config);
    this.condition = null;
    if (config === null) {
      this.failJobsOfRemovedPrinter();
      // The old worker may still be finishing a job whose write then fails with nothing sent, which
      // puts it back to `waiting` — for a printer that no longer exists.
      void old.done?.then(() => {
        if (this.config === null) this.failJobsOfRemovedPrinter();
      });
    }
    if (this.running) this.startLoop(old.done);
    if (old.done) await withinMs(old.done, STOP_WAIT_MS);
  }

  /**
   * A job this printer's worker left `sending` when a fault cut it off: its bytes may have gone,
   * so `unknown` (the clerk decides), never sent again by itself. Only this worker sends on this
   * printer, so nothing else is in flight. A store that still refuses writes is logged.
   */
  private settleJobsCutOffByFault(): void {
    try {
      for (const job of listPrintJobs(this.deps.db, { states: ['sending'], printer: this.id, limit: 100 })) {
        this.move(job, ['sending'], 'unknown', INTERRUPTED_WHILE_SENDING);
      }
    } catch (err) {
      this.deps.log.error('print jobs cut off by a fault could not be settled', { id: this.id, error: err instanceof Error ? err.message : String(err) });
    }
  }

  /** Jobs queued or waiting for this printer, after it was removed from the settings: `failed`. */
  private failJobsOfRemovedPrinter(): void {
    for (const job of listPrintJobs(this.deps.db, { states: ['queued', 'waiting'], printer: this.id, limit: 10_000 })) {
      this.move(job, ['queued', 'waiting'], 'failed', `${this.label}已从设置中移除`);
    }
  }

  private setConfig(config: PrinterConfig | null): void {
    this.config = config;
    this.transport = config ? this.deps.transportFor(config) : null;
    if (!this.transport) {
      this.publish('not_configured', null, null, null);
      return;
    }
    this.publish('offline', this.transport.endpoint, '正在连接打印机', null);
  }

  /** Starts a worker on the current settings, once `after` (the previous worker) has ended. */
  private startLoop(after: Promise<void> | null = null): void {
    const transport = this.transport;
    const config = this.config;
    if (!transport || !config) return;
    const abort = new AbortController();
    const line: Line = { connection: null };
    this.abort = abort;
    this.line = line;
    this.loop = (async () => {
      if (after) await after;
      // Until it is told to stop, a worker never ends: an unexpected fault (a write to the store
      // refused, a damaged row) is shown and logged, and the worker starts over after a pause —
      // otherwise every later receipt would wait for ever under a status bar saying 已连接.
      while (!abort.signal.aborted) {
        try {
          await this.run(transport, config, abort.signal, line);
        } catch (err) {
          if (abort.signal.aborted) break;
          const message = err instanceof Error ? err.message : String(err);
          this.deps.log.error('printer driver fault; starting over', { id: this.id, error: message });
          this.publish('error', transport.endpoint, '打印程序出错，正在重试（详见日志）', null);
          this.settleJobsCutOffByFault();
          await this.pause(DRIVER_FAULT_PAUSE_MS, abort.signal);
        } finally {
          await closeLine(line);
        }
      }
    })().catch((err: unknown) => {
      this.deps.log.error('printer driver stopped', { id: this.id, error: err instanceof Error ? err.message : String(err) });
    });
  }

  /**
   * Tells the worker to stop: a look or a wait ends at once; a write under way ends by itself
   * (its job then ends `printed` or `unknown` on the worker's own line, which the worker closes
   * as it ends). Returns the worker's end and its line, for the caller to wait on.
   */
  private stopLoop(): { done: Promise<void> | null; line: Line | null } {
    const stopped = { done: this.loop, line: this.line };
    this.abort?.abort();
    this.wake();
    this.loop = null;
    this.abort = null;
    this.line = null;
    return stopped;
  }

  private publish(state: DeviceState, endpoint: string | null, words: string | null, condition: PrinterCondition | null): void {
    const detail = words !== null && endpoint !== null ? withoutEndpoint(words, endpoint) : words;
    const before = this.report;
    if (before.state === state && before.detail === detail && before.endpoint === endpoint && sameCondition(before.condition ?? null, condition)) return;
    this.report = { state, endpoint, detail, since: before.state === state ? before.since : this.deps.clock.now().toISOString(), condition };
    for (const listener of this.listeners) {
      try {
        listener(this.report);
      } catch (err) {
        this.deps.log.warn('status listener failed', { source: this.id, error: err instanceof Error ? err.message : String(err) });
      }
    }
  }

  /** The status bar's report for a condition just read (null: the transport has none). */
  private publishCondition(transport: PrinterTransport, condition: PrinterCondition | null): void {
    this.condition = condition;
    if (condition === null) {
      this.publish('connected', transport.endpoint, NO_STATUS_WORDS, null);
      return;
    }
    if (conditionAllowsPrinting(condition)) {
      this.publish('connected', transport.endpoint, condition.paper === 'near_end' ? conditionWords(condition) : null, condition);
      return;
    }
    // 脱机 alone: the printer answered it is offline; anything else needs someone at the printer.
    const state: DeviceState = !condition.online && !condition.coverOpen && condition.paper !== 'end' && condition.error === null ? 'offline' : 'error';
    this.publish(state, transport.endpoint, conditionWords(condition), condition);
  }


  /** Waits `ms`, or less when woken or aborted. */
  private sleep(ms: number, signal: AbortSignal): Promise<void> {
    if (this.woken || signal.aborted) {
      this.woken = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const finish = (): void => {
        clearTimeout(timer);
        if (this.wakeSleeper === finish) this.wakeSleeper = null;
        resolve();
      };
      const timer = setTimeout(finish, ms);
      this.wakeSleeper = finish;
    });
  }

  /**
   * Waits `ms` whatever wakes the driver meanwhile (only a stop ends it early): the pause after a
   * failure, so a printer that hangs up at once is not reopened in a tight loop.
   */
  private pause(ms: number, signal: AbortSignal): Promise<void> {
    if (signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const finish = (): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', finish);
        resolve();
      };
      const timer = setTimeout(finish, ms);
      signal.addEventListener('abort', finish, { once: true });
    });
  }

  private now(): string {
    return this.deps.clock.now().toISOString();
  }

  /** Moves a job and tells the UI; null when the job was no longer in `from` (作废 meanwhile). */
  private move(job: PrintJob, from: readonly PrintJobState[], state: PrintJobState, reason: string | null, attempt?: 'begin' | 'undo'): PrintJob | null {
    if (from.includes(job.state) && job.state === state && job.reason === reason && attempt === undefined) return job;
    const after = moveJob(this.deps.db, job.id, from, { state, reason, at: this.now(), attempt });
    if (after) this.deps.jobChanged(after);
    return after;
  }

  /** Every job queued for this printer waits, with why (the printer cannot be reached or cannot print). */
  private holdJobs(reason: string): void {
    // The head of the queue says why; the jobs behind it wait with it and are looked at in turn.
    const job = nextJobToSend(this.deps.db, this.id);
    if (job) this.move(job, ['queued', 'waiting'], 'waiting', reason);
  }

  /**
   * A printer that is there but unusable until someone changes something (permissions, another
   * program holding it, no OS queue in the browser shell): the head job certainly did not print
   * and will not by itself, so it is `failed` for the clerk (重新打印 once fixed, or 作废).
   */
  private failHead(reason: string): void {
    const job = nextJobToSend(this.deps.db, this.id);
    if (job) this.move(job, ['queued', 'waiting'], 'failed', reason);
  }

  private async open(transport: PrinterTransport, signal: AbortSignal, line: Line): Promise<PrinterConnection> {
    if (line.connection) return line.connection;
    const connection = await transport.open(signal);
    line.connection = connection;
    connection.onClose((reason) => {
      if (line.connection !== connection) return;
      line.connection = null;
      this.deps.log.info('printer line closed', { id: this.id, reason });
      // A stopped worker's line says nothing about the printer on the new settings.
      if (signal.aborted) return;
      this.publish('offline', transport.endpoint, reason, null);
      this.wake();
    });
    return connection;
  }

  private async run(transport: PrinterTransport, config: PrinterConfig, signal: AbortSignal, line: Line): Promise<void> {
    const { timing } = this.deps;
    const keepOpen = config.type === 'serial' || config.type === 'file';
    let backoff = timing.reopenMinMs;
    while (!signal.aborted) {
      let connection: PrinterConnection;
      const opening = this.lookBegins();
      try {
        connection = await this.open(transport, signal, line);
      } catch (err) {
        if (signal.aborted) break;
        const io = asIoError(err);
        this.publish(io.state, transport.endpoint, io.message, null);
        this.condition = null;
        this.lookEnded(opening);
        if (io.state === 'offline') this.holdJobs(`${this.label}未连接：${io.message}，恢复后自动打印`);
        else this.failHead(`未打印：${this.label}无法使用（${io.message}）`);
        await this.pause(backoff, signal);
        backoff = Math.min(backoff * 2, timing.reopenMaxMs);
        continue;
      }
      let ok = false;
      try {
        ok = await this.step(transport, config, connection, signal, line);
      } finally {
        if (!keepOpen) await closeLine(line);
      }
      if (ok) {
        backoff = timing.reopenMinMs;
      } else {
        // The line failed (no answer, hung up): look again after the back-off, not at once.
        await this.pause(backoff, signal);
        backoff = Math.min(backoff * 2, timing.reopenMaxMs);
      }
    }
  }

  /**
   * One look at the printer and, when it can print, one job sent; ends with the wait until the
   * next look. False when the line failed (the caller backs off).
   */
  private async step(transport: PrinterTransport, config: PrinterConfig, connection: PrinterConnection, signal: AbortSignal, line: Line): Promise<boolean> {
    const { timing } = this.deps;
    let before: PrinterCondition | null;
    const look = this.lookBegins();
    try {
      before = await readConditionWithin(connection, timing.conditionTimeoutMs);
    } catch (err) {
      if (signal.aborted) return true;
      const io = asIoError(err);
      await closeLine(line);
      this.publish(io.state, transport.endpoint, io.message, null);
      this.condition = null;
      this.lookEnded(look);
      this.holdJobs(`${printerSays(this.label, io.message)}，恢复后自动打印`);
      await this.pause(timing.waitingLookMs, signal);
      return false;
    }
    if (signal.aborted) return true;
    this.publishCondition(transport, before);
    this.lookEnded(look);
    const job = nextJobToSend(this.deps.db, this.id);
    if (!job) {
      await this.sleep(timing.idleLookMs, signal);
      return true;
    }
    if (before !== null && !conditionAllowsPrinting(before)) {
      this.move(job, ['queued', 'waiting'], 'waiting', `${this.label}${conditionWords(before)}，恢复后自动打印`);
      await this.pause(timing.waitingLookMs, signal);
      return true;
    }
    return this.send(job, transport, config, connection, signal, line);
  }

  /**
   * Sends one job on this worker's line with this worker's settings; false when the line failed.
   * Once its bytes start, it finishes even when the worker is told to stop meanwhile (the job ends
   * `printed` or `unknown`), but a stopped worker no longer speaks for the printer's status.
   */
  private async send(job: PrintJob, transport: PrinterTransport, config: PrinterConfig, connection: PrinterConnection, signal: AbortSignal, line: Line): Promise<boolean> {
    let bytes: Uint8Array;
    try {
      bytes = this.deps.render(job, config, transport);
    } catch (err) {
      this.deps.log.error('print job cannot be rendered', { id: this.id, jobId: job.id, error: err instanceof Error ? err.message : String(err) });
      this.move(job, ['queued', 'waiting'], 'failed', '无法生成打印内容，请联系技术人员（详见日志）');
      return true;
    }
    // Committed (synchronous=FULL) before the first byte: a crash from here on leaves `sending`,
    // read at the next start as `unknown`, never as a job to send again.
    const sending = this.move(job, ['queued', 'waiting'], 'sending', null, 'begin');
    if (!sending) return true;
    const started = Date.now();
    this.sendingSince = started;
    try {
      await connection.write(bytes);
    } catch (err) {
      this.sendingSince = null;
      // Anything but the transport's own error: bytes may have gone, so it counts as partial.
      const io = err instanceof PrinterIoError ? err : new PrinterIoError(err instanceof Error ? err.message : String(err), true, 'error');
      await closeLine(line);
      if (!signal.aborted) this.publish(io.state, transport.endpoint, io.message, null);
      if (io.partial) this.move(sending, ['sending'], 'unknown', `打印中断：${io.message}；可能已打印部分或全部，请查看纸面后选择确认已打印、补打或作废`);
      else if (io.state === 'offline') this.move(sending, ['sending'], 'waiting', `${printerSays(this.label, io.message)}，恢复后自动打印`, 'undo');
      else this.move(sending, ['sending'], 'failed', `未打印：${io.message}`, 'undo');
      this.deps.log.warn('print job interrupted', { id: this.id, jobId: job.id, partial: io.partial, error: io.message });
      return false;
    }
    this.sendingSince = null;
    let after: PrinterCondition | null;
    // The read after the job is a look too: a 取号机 touched while the job went down the line is
    // answered by it, not refused for a printer busy printing.
    const look = this.lookBegins();
    try {
      after = await readConditionWithin(connection, this.deps.timing.conditionTimeoutMs);
    } catch (err) {
      this.lookEnded(look);
      this.move(sending, ['sending'], 'unknown', NO_ANSWER_AFTER);
      const io = asIoError(err);
      await closeLine(line);
      if (!signal.aborted) this.publish(io.state, transport.endpoint, io.message, null);
      return false;
    }
    if (!signal.aborted) this.publishCondition(transport, after);
    this.lookEnded(look);
    if (after !== null && !conditionAllowsPrinting(after)) {
      this.move(sending, ['sending'], 'unknown', FAULT_AFTER(conditionWords(after)));
      return true;
    }
    this.move(sending, ['sending'], 'printed', null);
    this.deps.log.info('print job printed', { id: this.id, jobId: job.id, bytes: bytes.length, ms: Date.now() - started });
    return true;
  }
}

/** The longest a look waits for a job going down the line before it answers "not fresh", in ms. */
const SENDING_LOOK_MAX_MS = 30_000;

/**
 * `readCondition` bounded by a deadline of our own: three requests of `timeoutMs` each, plus the
 * stale window and slack. A serial line whose far end vanished can leave the request's own
 * write undrained for ever (a pty gives no error), and a look must never hang the worker.
 */
async function readConditionWithin(connection: PrinterConnection, timeoutMs: number): Promise<PrinterCondition | null> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new PrinterIoError('打印机无应答（连接线可能已断开）', false, 'offline')), timeoutMs * 4 + 2000);
  });
  try {
    return await Promise.race([connection.readCondition(timeoutMs), deadline]);
  } finally {
    clearTimeout(timer);
    deadline.catch(() => undefined);
  }
}

/**
 * The transport's words said of one printer, naming it once: words about "the printer"
 * (`打印机无应答（…）`) take its label in place of that word (`回执打印机无应答（…）`), others
 * follow it after a colon (`回执打印机：串口已断开（…）`).
 */
export function printerSays(label: string, words: string): string {
  return words.startsWith('打印机') ? `${label}${words.slice('打印机'.length)}` : `${label}：${words}`;
}

/**
 * The transport's words without the printer's address: health shows the endpoint beside the
 * detail on this PC, and a hall screen over the LAN is given the detail but never where devices
 * are attached (HealthForDisplaySchema).
 */
export function withoutEndpoint(words: string, endpoint: string): string {
  return words
    .replaceAll(` ${endpoint} `, '')
    .replaceAll(`“${endpoint}” `, '')
    .replaceAll(`“${endpoint}”`, '')
    .replaceAll(` ${endpoint}`, '')
    .replaceAll(endpoint, '');
}

/**
 * One worker's line to the printer. Each worker (one per settings in force) owns its own, so a
 * worker stopped while it writes closes only the line it opened, never its successor's.
 */
interface Line {
  connection: PrinterConnection | null;
}

/** Closes a worker's line if open; never throws. */
async function closeLine(line: Line): Promise<void> {
  const connection = line.connection;
  line.connection = null;
  if (!connection) return;
  try {
    // A port whose peer vanished may never finish closing (output it cannot drain): not waited out.
    await withinMs(connection.close(), STOP_WAIT_MS);
  } catch {
    // Closing a line that already failed: nothing more to learn.
  }
}

/** How long a stop waits for a write under way or a line to close, ms. */
const STOP_WAIT_MS = 2000;
/** The pause before a worker starts over after an unexpected fault (ms). */
const DRIVER_FAULT_PAUSE_MS = 5000;

/** Resolves when `promise` settles or after `ms`, whichever is first; never rejects. */
function withinMs(promise: Promise<unknown>, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    promise.then(
      () => {
        clearTimeout(timer);
        resolve();
      },
      () => {
        clearTimeout(timer);
        resolve();
      },
    );
  });
}

function sameCondition(a: PrinterCondition | null, b: PrinterCondition | null): boolean {
  if (a === null || b === null) return a === b;
  return a.online === b.online && a.coverOpen === b.coverOpen && a.paper === b.paper && a.error === b.error;
}

/** Any failure of a transport as a PrinterIoError (an unexpected throw counts as nothing sent, unusable). */
function asIoError(err: unknown): PrinterIoError {
  if (err instanceof PrinterIoError) return err;
  return new PrinterIoError(err instanceof Error ? err.message : String(err), false, 'error');
}
