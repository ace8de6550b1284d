/**
 * The legacy hall bus driver (protocols/legacy-hall-bus.md): 9600 8N1, the device pushes.
 *
 * - A vote is FUNC `11` with one score byte from the configured address. The score is mapped
 *   through config `legacyScores` to a level by name (a byte not in the map is dropped, counted and
 *   logged, and not acknowledged); the vote is committed through the sink, and only THEN
 *   acknowledged with FUNC `01` + the same score. A commit that throws is not acknowledged: the
 *   device sends the vote again.
 * - Every frame's checksum is verified by BusFrameParser; frames failing it are dropped and counted
 *   (`counters().badChecksum`), never acted on. Frames of other addresses (other windows on a
 *   shared bus) are ignored and counted; while none from our own address has come since the port
 *   opened, the status detail names the address they come from (a mistyped address is otherwise
 *   silent: tryout of issue 15 #3).
 * - A vote whose commit keeps failing (the evaluator resends it) turns the status to `error` with
 *   words after `failuresBeforeError` tries; the log gets its first line, then one a minute.
 * - De-duplication (the bus has no sequence number): a repeat of the same (address, score) within
 *   `legacyRepeatWindowMs` (default 2 s) after our last acknowledgement of it is the device
 *   resending because our ack was lost: it is acknowledged again and not stored. "Our last
 *   acknowledgement" is known twice: in memory (each re-acknowledgement restarts the window), and
 *   from the database — the last vote committed from that address with that score
 *   (sink.lastBusVoteAt, its received_at) — so a restart of the app between the commit and the
 *   ack, or while the evaluator resends, does not store the vote twice. This can still get
 *   wrong, and nothing on the bus can tell:
 *     · two real citizens dropping the SAME score at this window less than 2 s apart (after our
 *       ack of the first) are counted ONCE;
 *     · a vote the device resends MORE than 2 s after our last ack of it is counted TWICE;
 *     · a swapped device at the same address is not noticed (no identity on the bus).
 *   Each re-acknowledgement restarts the window (legacy-repeat-window.ts).
 * - Caller keypad frames (FUNC `0C` call next, `0D` recall, `0B` ask for evaluation, `12` pause,
 *   `13` transfer; "a digit followed by `0F`" selects — read as FUNC = the digit `00`–`09` with
 *   DATA `0F`, as the emulator sends it, or as FUNC `0F` with the digit as DATA; both reach the
 *   sink as code `0F` with the digit) go to sink.keypad and are echoed back unchanged as the
 *   acknowledgement. A frame identical to one we wrote less than
 *   100 ms before is our own echo (RS-485 adapters that hear their own transmission) and is
 *   ignored, so an echoed key is not echoed again forever.
 * - arm() sends the 请评价 frame (FUNC `01`, DATA `0B`: the `01 0B` prefix the sources send),
 *   best-effort: nothing on the bus confirms it.
 * - Status: `connected` while the port is open — the bus has no heartbeat, so whether the
 *   evaluator itself is alive cannot be known (the detail says so); `offline` when the port fails,
 *   is closed, or its path goes away or leads to another device node than the one opened (a replug
 *   faster than the presence check); the port is reopened with back-off like v1. No status bits
 *   (ratingFlags null).
 */
import { randomUUID } from 'node:crypto';
import type { RatingDeviceConfig } from '../../../contract/config';
import { CounterError } from '../../../contract/errors';
import type { RatingDeviceFlags, RatingDeviceTest, Satisfaction } from '../../../contract/ratings';
import type { StatusReport } from '../../devices/device';
import { BUS_FUNC, BUS_KEY, BusFrameParser, encodeBusFrame, type BusFrame } from '../protocol/legacy-bus-frame';
import type { RatingDriverDeps } from './driver-deps';
import { FailureStreak } from './failure-streak';
import { RepeatWindow } from './legacy-repeat-window';
import { PortKeeper, type PortConnection } from './port-keeper';
import type { RatingDriver } from './rating-driver';
import { RatingStatus } from './rating-status';
import { serialLineOpener, type SerialLine, type SerialLineOpener } from './serial-line';
import { ratingDriverTiming, type RatingDriverTiming } from './timing';
import { Waker } from './waker';

/** What the status bar says of a bus port that is open: all that can be known. */
export const BUS_CONNECTED_WORDS = '串口已打开（大厅总线没有心跳，无法确认评价器本身是否在线）';

/** The DATA of the 请评价 frame (FUNC 01; protocols/legacy-hall-bus.md: the `01 0B` prefix). */
const ASK_RATING_DATA = 0x0b;

/** Keypad key codes (FUNC) the driver passes on. */
const KEY_CODES: ReadonlySet<number> = new Set([BUS_KEY.CALL_NEXT, BUS_KEY.RECALL, BUS_KEY.ASK_RATING, BUS_KEY.PAUSE, BUS_KEY.TRANSFER]);

/** "A digit followed by 0F": FUNC = the digit 0–9, DATA = `0F` (the emulator's reading of the sources). */
function isDigitSelect(frame: BusFrame): boolean {
  return frame.func <= 0x09 && frame.data.length === 1 && frame.data[0] === BUS_KEY.SELECT;
}

/** A frame identical to one we wrote this recently (ms) is our own echo. */
const OWN_ECHO_MS = 100;

/** What the status bar says when votes cannot be stored (the evaluator keeps resending them). */
export const BUS_COMMIT_FAILING_WORDS = '评价无法保存到本机数据库（评价器会继续重发，暂未丢失），请联系信息科查看日志';

/**
 * What the status bar says while frames come only from other addresses: on a shared bus they may
 * be other windows' devices, so it is a hint to check, not a fault.
 */
export function otherAddressWords(seen: number, configured: number): string {
  return `收到地址 ${seen} 的评价器数据，本窗口配置为地址 ${configured}，尚未收到本地址的数据，请核对评价器地址（拨码开关）与设置是否一致`;
}

/** What the legacy driver counted (tests, the bench, the log). */
export interface LegacyBusCounters {
  /** Votes committed and acknowledged. */
  stored: number;
  /** Repeats within the window: re-acknowledged, not stored. */
  repeats: number;
  /** Votes whose score byte is not in `legacyScores`: dropped, not acknowledged. */
  unknownScores: number;
  /** Commits that threw: not acknowledged. */
  commitFailures: number;
  /** Frames dropped by the parser (bad LEN, end byte, checksum …). */
  droppedFrames: number;
  /** Of those, dropped for their checksum alone. */
  badChecksum: number;
  /** Frames from other addresses, ignored. */
  otherAddress: number;
  /** Keypad frames passed on and echoed. */
  keypad: number;
  /** Frames of our address with a function the driver does not act on. */
  ignored: number;
  opens: number;
}

/** The legacy hall bus driver; see the file header. */
export class LegacyBusDriver implements RatingDriver {
  readonly protocol = 'legacy-bus' as const;
  readonly name = 'devices.ratingDevice';
  readonly id = 'ratingDevice';
  readonly label = '评价器';

  private readonly timing: RatingDriverTiming;
  private readonly openLine: SerialLineOpener;
  private readonly statusSource: RatingStatus;
  private readonly repeats: RepeatWindow;
  private readonly waker = new Waker();
  private readonly keeper: PortKeeper;
  private readonly commitStreak: FailureStreak;
  private running = false;
  private loopDone: Promise<void> | null = null;
  private line: SerialLine | null = null;
  /** Since the port opened: whether a frame of our address came, and the last other address heard. */
  private heardOwn = false;
  private otherHeard: number | null = null;
  private writing: Promise<void> = Promise.resolve();
  private session: { deviceSessionId: number; until: number } | null = null;
  /** Frames we wrote lately (hex → when), to know our own echo on a bus that hears itself. */
  private readonly recentWrites = new Map<string, number>();
  private readonly count: Omit<LegacyBusCounters, 'droppedFrames' | 'badChecksum'> = {
    stored: 0,
    repeats: 0,
    unknownScores: 0,
    commitFailures: 0,
    otherAddress: 0,
    keypad: 0,
    ignored: 0,
    opens: 0,
  };
  private parserTotals = { dropped: 0, badChecksum: 0 };

  constructor(
    private readonly config: RatingDeviceConfig,
    private readonly deps: RatingDriverDeps,
  ) {
    this.timing = ratingDriverTiming(deps.timing);
    this.openLine = deps.openLine ?? serialLineOpener(this.timing);
    this.statusSource = new RatingStatus(config.path, deps.clock, deps.log);
    this.repeats = new RepeatWindow(this.timing.legacyRepeatWindowMs);
    this.keeper = new PortKeeper({
      config,
      listPorts: deps.listPorts,
      openLine: this.openLine,
      timing: this.timing,
      status: this.statusSource,
      waker: this.waker,
      ...(deps.otherDevicePaths ? { otherDevicePaths: deps.otherDevicePaths } : {}),
    });
    this.commitStreak = new FailureStreak(deps.log, 'rating bus vote not stored; not acknowledged', this.timing.failuresBeforeError, this.timing.repeatedFailureLogMs);
  }

  status(): StatusReport {
    return this.statusSource.status();
  }

  onStatus(listener: (report: StatusReport) => void): () => void {
    return this.statusSource.onStatus(listener);
  }

  flags(): RatingDeviceFlags | null {
    return null;
  }

  counters(): LegacyBusCounters {
    return { ...this.count, opens: this.keeper.opens, droppedFrames: this.parserTotals.dropped, badChecksum: this.parserTotals.badChecksum };
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loopDone = this.loop().catch((err: unknown) => {
      this.deps.log.error('rating bus loop failed', { error: err instanceof Error ? err.message : String(err) });
      this.statusSource.publish('error', '评价器驱动出错，请重启程序并查看日志');
    });
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.waker.wake();
    await this.keeper.close('程序正在退出');
    await Promise.race([this.loopDone, new Promise((resolve) => setTimeout(resolve, this.timing.closeTimeoutMs + this.timing.writeTimeoutMs + 100))]);
  }

  armed(): { deviceSessionId: number; until: number } | null {
    if (this.session && this.session.until <= this.deps.clock.now().getTime()) this.session = null;
    return this.session;
  }

  async arm(deviceSessionId: number, timeoutSeconds: number): Promise<boolean> {
    this.session = { deviceSessionId, until: this.deps.clock.now().getTime() + timeoutSeconds * 1000 };
    return this.askForRating();
  }

  async disarm(): Promise<boolean> {
    // The bus has no "stop evaluating" frame in the sources: forgetting the session is all.
    this.session = null;
    return this.line?.alive === true;
  }

  async identify(): Promise<Omit<RatingDeviceTest, 'endpoint'>> {
    if (this.line?.alive !== true) throw new CounterError('unavailable', `评价器串口未打开：${this.statusSource.status().detail ?? '请检查连接线'}`);
    const slots = Object.entries(this.config.legacyScores)
      .map(([score, satisfaction]) => ({ slot: Number(score), satisfaction: satisfaction as Satisfaction }))
      .sort((a, b) => a.slot - b.slot);
    return { protocol: 'legacy-bus', serial: null, firmware: null, slots, flags: null, roundTripMs: null };
  }

  private async askForRating(): Promise<boolean> {
    const line = this.line;
    if (line?.alive !== true) return false;
    try {
      await this.send(line, { addr: this.config.address, func: BUS_FUNC.ACK, data: Uint8Array.of(ASK_RATING_DATA) });
      return true;
    } catch {
      return false;
    }
  }

  private async loop(): Promise<void> {
    await this.keeper.run(
      () => this.running,
      async (conn) => {
        await this.listen(conn);
        // The bus cannot tell whether the evaluator answered: each open that worked restarts the back-off.
        return true;
      },
    );
  }

  /** Serves one open port until it is gone or the driver stops (the keeper watches its presence). */
  private async listen(conn: PortConnection): Promise<void> {
    const { line } = conn;
    const parser = new BusFrameParser();
    let seenDropped = 0;
    let seenBad = 0;
    this.writing = Promise.resolve();
    this.recentWrites.clear();
    this.heardOwn = false;
    this.otherHeard = null;
    line.onData((chunk) => {
      const frames = parser.push(chunk, performance.now());
      this.parserTotals.dropped += parser.dropped - seenDropped;
      this.parserTotals.badChecksum += parser.badChecksum - seenBad;
      if (parser.dropped !== seenDropped) this.deps.log.debug('rating bus frames dropped', { total: this.parserTotals.dropped, badChecksum: this.parserTotals.badChecksum });
      seenDropped = parser.dropped;
      seenBad = parser.badChecksum;
      for (const frame of frames) this.handle(line, frame);
    });
    this.line = line;
    this.publishLive();
    // 请评价 again for a session still open when the port came back (as v1 re-arms).
    if (this.armed()) void this.askForRating();
    try {
      // Ends with the line's loss, a failed presence check, or stop() (the keeper closes it).
      await conn.gone;
    } finally {
      if (this.line === line) this.line = null;
    }
  }

  /**
   * The status of an open port: `error` while votes cannot be stored; else `connected`, saying
   * when only other addresses were heard.
   */
  private publishLive(): void {
    if (this.commitStreak.alarmed) {
      this.statusSource.publish('error', BUS_COMMIT_FAILING_WORDS, { flags: null });
      return;
    }
    const detail = !this.heardOwn && this.otherHeard !== null ? otherAddressWords(this.otherHeard, this.config.address) : BUS_CONNECTED_WORDS;
    this.statusSource.publish('connected', detail, { endpoint: this.line?.path ?? this.config.path, flags: null });
  }

  /** Acts on one frame that passed the parser (checksum verified). */
  private handle(line: SerialLine, frame: BusFrame): void {
    const wroteAt = this.recentWrites.get(encodeBusFrame(frame).toString('hex'));
    if (wroteAt !== undefined && performance.now() - wroteAt < OWN_ECHO_MS) {
      this.count.ignored++;
      return;
    }
    if (frame.addr !== this.config.address) {
      this.count.otherAddress++;
      if (!this.heardOwn && this.otherHeard !== frame.addr) {
        this.otherHeard = frame.addr;
        this.deps.log.warn('rating bus frames from another address only', { heard: frame.addr, configured: this.config.address });
        this.publishLive();
      }
      return;
    }
    if (!this.heardOwn) {
      this.heardOwn = true;
      if (this.otherHeard !== null) this.publishLive();
    }
    if (frame.func === BUS_FUNC.VOTE) {
      this.vote(line, frame);
      return;
    }
    if (KEY_CODES.has(frame.func) || frame.func === BUS_KEY.SELECT || isDigitSelect(frame)) {
      this.key(line, frame);
      return;
    }
    this.count.ignored++;
  }

  private vote(line: SerialLine, frame: BusFrame): void {
    if (frame.data.length !== 1) {
      this.count.ignored++;
      this.deps.log.warn('rating bus vote with a data length other than 1 ignored', { length: frame.data.length });
      return;
    }
    const score = frame.data[0] ?? 0;
    const satisfaction = Object.hasOwn(this.config.legacyScores, String(score)) ? this.config.legacyScores[String(score)] : undefined;
    if (satisfaction === undefined) {
      this.count.unknownScores++;
      this.deps.log.warn('rating bus vote with a score not in legacyScores dropped', { address: frame.addr, score });
      this.statusSource.publish('connected', `收到未配置的分值 ${score}（已丢弃，请在设置中补全评价器分值对照）`, { flags: null });
      return;
    }
    const now = performance.now();
    const ack: BusFrame = { addr: frame.addr, func: BUS_FUNC.ACK, data: Uint8Array.of(score) };
    if (this.repeats.isRepeat(frame.addr, score, now) || this.storedWithinWindow(frame.addr, score)) {
      this.count.repeats++;
      this.repeats.acked(frame.addr, score, now);
      void this.send(line, ack).catch(() => undefined);
      return;
    }
    const receivedAt = this.deps.clock.now().toISOString();
    const key = `bus:${frame.addr}:${randomUUID()}`;
    try {
      this.deps.sink.commitVote({
        key,
        protocol: 'legacy-bus',
        satisfaction,
        deviceSerial: null,
        deviceEventId: null,
        address: frame.addr,
        slot: score,
        deviceSessionId: null,
        deviceTime: null,
        receivedAt,
      });
    } catch (err) {
      this.count.commitFailures++;
      if (this.commitStreak.failed(performance.now(), { key, error: err instanceof Error ? err.message : String(err) })) this.publishLive();
      return;
    }
    if (this.commitStreak.succeeded()) this.publishLive();
    this.count.stored++;
    this.session = null;
    this.repeats.acked(frame.addr, score, performance.now());
    void this.send(line, ack).catch(() => undefined);
  }

  /**
   * Whether the database holds a vote from (address, score) received less than the window ago:
   * the last one committed, as the sink finds it (it survives a restart of the app; the memory
   * window does not). A sink without the lookup, or one that fails, says no (the memory window
   * still applies).
   */
  private storedWithinWindow(address: number, score: number): boolean {
    const lookup = this.deps.sink.lastBusVoteAt;
    if (!lookup) return false;
    try {
      const at = lookup.call(this.deps.sink, address, score);
      if (at === null) return false;
      const ago = this.deps.clock.now().getTime() - Date.parse(at);
      return ago >= 0 && ago < this.timing.legacyRepeatWindowMs;
    } catch (err) {
      this.deps.log.warn('rating bus: last stored vote not readable', { error: err instanceof Error ? err.message : String(err) });
      return false;
    }
  }

  private key(line: SerialLine, frame: BusFrame): void {
    const digit = isDigitSelect(frame) ? frame.func : frame.func === BUS_KEY.SELECT ? (frame.data[0] ?? null) : null;
    const code = digit === null ? frame.func : BUS_KEY.SELECT;
    try {
      this.deps.sink.keypad?.({ address: frame.addr, code, digit, receivedAt: this.deps.clock.now().toISOString() });
    } catch (err) {
      // Not taken: no echo, so the keypad shows the key was not acknowledged and the clerk presses again.
      this.deps.log.error('keypad press not taken', { code: frame.func, error: err instanceof Error ? err.message : String(err) });
      return;
    }
    this.count.keypad++;
    void this.send(line, frame).catch(() => undefined);
  }

  /** Writes one frame after those before it (bounded by the line). @throws SerialLineError when the line is gone. */
  private send(line: SerialLine, frame: BusFrame): Promise<void> {
    const bytes = encodeBusFrame(frame);
    const now = performance.now();
    for (const [hex, at] of this.recentWrites) if (now - at >= OWN_ECHO_MS) this.recentWrites.delete(hex);
    this.recentWrites.set(bytes.toString('hex'), now);
    const next = this.writing.then(() => line.write(bytes));
    this.writing = next.catch(() => undefined);
    return next;
  }
}
