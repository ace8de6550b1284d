import type { RatingDeviceConfig } from '../../../contract/config';
import { CounterError } from '../../../contract/errors';
import { SATISFACTION_OF_DEVICE_LEVEL, type RatingDeviceFlags, type RatingDeviceTest, type Satisfaction } from '../../../contract/ratings';
import type { StatusReport } from '../../devices/device';
import { ProtocolError } from '../protocol/protocol-error';
import { V1FrameParser } from '../protocol/v1-frame';
import {
  V1_CMD,
  armPayload,
  decodeIdent,
  decodeNak,
  decodePollReply,
  pollPayload,
  setTimePayload,
  type V1Ident,
  type V1NakReason,
} from '../protocol/v1-messages';
import type { RatingDriverDeps } from './driver-deps';
import { V1RequestEngine, type ExchangeOutcome } from './exchange';
import { findPortPath, portIdentity, portPresence } from './port-finder';
import type { RatingDriver } from './rating-driver';
import { RatingStatus, faultWords } from './rating-status';
import { LINE_GONE_WORDS, LINE_REPLUGGED_WORDS, SerialLineError, serialLineOpener, type SerialLine, type SerialLineOpener } from './serial-line';
import { ratingDriverTiming, reopenDelayMs, type RatingDriverTiming } from './timing';
import { deviceEventRecord } from './v1-events';
import { Waker } from './waker';

/** Chinese words for a NAK reason (protocols/rating-device.md, Exchange: 1 unknown command, 2 bad length, 3 wrong state). */
export const NAK_WORDS: { readonly [R in V1NakReason]: string } = {
  unknown_command: '评价器不支持该命令（固件版本不符）',
  bad_length: '评价器认为命令长度不对（固件版本不符）',
  wrong_state: '评价器当前状态不允许该操作（可能卡币、币箱已满或机盖打开）',
};

/** Failed opens in a row, busy or absent, before the status says `error` instead of `offline`. */
const OPEN_FAILURES_BEFORE_ERROR = 8;

/** The line gone under an exchange: the session ends and the port is reopened. */
class LineGone extends Error {}

/** What the driver's counters say (tests, the bench, the log). */
export interface V1DriverCounters {
  /** Exchanges with no reply after every resend. */
  missedExchanges: number;
  /** Sends beyond the first, over all exchanges. */
  resends: number;
  /** Bytes the frame parser dropped (garbage, bad frames). */
  droppedBytes: number;
  /** Frames with a bad CRC (never acted on). */
  badCrc: number;
  /** Replies whose payload did not decode. */
  badReplies: number;
  /** Events committed (votes and faults) and acknowledged after. */
  committed: number;
  /** Commits that threw (the event was not acknowledged; the device delivers it again). */
  commitFailures: number;
  /** Times the port was opened. */
  opens: number;
}

interface Job<T> {
  run: (session: Session) => Promise<T>;
  /** What the caller gets when the device goes offline before the job ran. */
  offline: () => T | Promise<T>;
  resolve: (value: T) => void;
  reject: (err: unknown) => void;
}

interface Session {
  line: SerialLine;
  path: string;
  goneReason: string | null;
}

/**
 * The driver for protocol version 1 (protocols/rating-device.md): the host speaks first; every
 * request waits 200 ms for its reply and is resent with the same bytes up to 3 times (exchange.ts);
 * POLL at least every 500 ms carries the event_id of the last event the sink COMMITTED (host rule 1:
 * an event whose commit threw is not acknowledged and comes again); three missed exchanges in a row,
 * a failed or hung write, or the port's path gone or leading to another device node (a fast
 * replug) make it offline, and it reopens the port with
 * back-off (250 ms doubling to 5 s), finding the device again by its USB identity when configured.
 * On each connection: IDENT, SET_TIME, and ARM again while a session is open. arm(), disarm() and
 * identify() queue behind the poll loop: one exchange on the wire at a time.
 */
export class V1RatingDriver implements RatingDriver {
  readonly protocol = 'v1' as const;
  readonly name = 'devices.ratingDevice';
  readonly id = 'ratingDevice';
  readonly label = '评价器';

  private readonly timing: RatingDriverTiming;
  private readonly openLine: SerialLineOpener;
  private readonly statusSource: RatingStatus;
  private readonly engine: V1RequestEngine;
  private readonly waker = new Waker();
  private readonly jobs: Array<Job<unknown>> = [];
  private running = false;
  private loopDone: Promise<void> | null = null;
  private session: Session | null = null;
  private connected = false;
  private missedInRow = 0;
  /** event_id committed and not yet carried by a POLL that got its reply (0 = none). */
  private ackEventId = 0;
  private ident: V1Ident | null = null;
  private session_: { deviceSessionId: number; until: number } | null = null;
  private readonly count: V1DriverCounters = {
    missedExchanges: 0,
    resends: 0,
    droppedBytes: 0,
    badCrc: 0,
    badReplies: 0,
    committed: 0,
    commitFailures: 0,
    opens: 0,
  };
  private parserTotals = { dropped: 0, badCrc: 0 };

  constructor(
    private readonly config: RatingDeviceConfig,
    private readonly deps: RatingDriverDeps,
  ) {
    this.timing = ratingDriverTiming(deps.timing);
    this.openLine = deps.openLine ?? serialLineOpener(this.timing);
    this.statusSource = new RatingStatus(config.path, deps.clock, deps.log);
    this.engine = new V1RequestEngine(this.timing);
  }

  // ---- StatusSource ----

  status(): StatusReport {
    return this.statusSource.status();
  }

  onStatus(listener: (report: StatusReport) => void): () => void {
    return this.statusSource.onStatus(listener);
  }

  flags(): RatingDeviceFlags | null {
    return this.statusSource.flags();
  }

  /** Counters since start (tests, the bench). */
  counters(): V1DriverCounters {
    return { ...this.count, droppedBytes: this.parserTotals.dropped, badCrc: this.parserTotals.badCrc };
  }

  /** The device's identity from the last IDENT, or null. */
  identity(): V1Ident | null {
    return this.ident;
  }

  // ---- BackgroundService ----

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loopDone = this.loop().catch((err: unknown) => {
      this.deps.log.error('rating device loop failed', { error: err instanceof Error ? err.message : String(err) });
      this.statusSource.publish('error', '评价器驱动出错，请重启程序并查看日志');
    });
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.waker.wake();
    const session = this.session;
    if (session) {
      session.goneReason ??= '程序正在退出';
      await session.line.close();
    }
    // Bounded: the loop ends within one exchange (its writes are bounded, its waits ≤ 200 ms).
    const patience = this.timing.replyTimeoutMs * (this.timing.resends + 1) + this.timing.writeTimeoutMs + this.timing.closeTimeoutMs + 100;
    await Promise.race([this.loopDone, new Promise((resolve) => setTimeout(resolve, patience))]);
    this.failJobs();
  }

  // ---- RatingDriver ----

  armed(): { deviceSessionId: number; until: number } | null {
    if (this.session_ && this.session_.until <= this.deps.clock.now().getTime()) this.session_ = null;
    return this.session_;
  }

  async arm(deviceSessionId: number, timeoutSeconds: number): Promise<boolean> {
    // Checked here so a bad id is the caller's error at once, not a NAK from the device later.
    armPayload(deviceSessionId, timeoutSeconds);
    this.session_ = { deviceSessionId, until: this.deps.clock.now().getTime() + timeoutSeconds * 1000 };
    return this.enqueue({
      run: async (session) => this.sendArm(session, deviceSessionId, timeoutSeconds, true),
      offline: () => false,
    });
  }

  async disarm(): Promise<boolean> {
    this.session_ = null;
    return this.enqueue({
      run: async (session) => {
        const outcome = await this.exchange(session, V1_CMD.DISARM, new Uint8Array(0));
        if (outcome.kind === 'reply') return true;
        if (outcome.kind === 'nak') this.deps.log.warn('rating device refused DISARM', { reason: this.nakReason(outcome) });
        return false;
      },
      offline: () => false,
    });
  }

  async identify(): Promise<Omit<RatingDeviceTest, 'endpoint'>> {
    return this.enqueue({
      run: async (session) => {
        const outcome = await this.exchange(session, V1_CMD.IDENT, new Uint8Array(0));
        if (outcome.kind !== 'reply') throw new CounterError('unavailable', '评价器没有应答，请检查电源和连接线');
        const ident = this.takeIdent(outcome.frame.payload);
        if (!ident) throw new CounterError('unavailable', '评价器的应答无法识别（固件版本不符？）');
        await this.poll(session);
        return {
          protocol: 'v1' as const,
          serial: ident.serial,
          firmware: ident.firmware,
          slots: ident.slots.map((level, slot) => ({ slot, satisfaction: levelName(level) })),
          flags: this.statusSource.flags(),
          roundTripMs: outcome.roundTripMs === null ? null : Math.round(outcome.roundTripMs * 10) / 10,
        };
      },
      offline: () => {
        throw new CounterError('unavailable', `评价器未连接：${this.statusSource.status().detail ?? '请检查连接线'}`);
      },
    });
  }

  // ---- the loop ----

  private enqueue<T>(job: Omit<Job<T>, 'resolve' | 'reject'>): Promise<T> {
    if (!this.running || !this.connected) return Promise.resolve().then(job.offline);
    return new Promise<T>((resolve, reject) => {
      this.jobs.push({ ...job, resolve, reject } as Job<unknown>);
      this.waker.wake();
    });
  }

  private failJobs(): void {
    for (const job of this.jobs.splice(0)) {
      Promise.resolve()
        .then(job.offline)
        .then(job.resolve, job.reject);
    }
  }

  private async loop(): Promise<void> {
    let failures = 0;
    while (this.running) {
      const path = await findPortPath(this.config, this.deps.listPorts);
      // Taken BEFORE the open: a replug in between makes the first check see a change and reopen
      // once (harmless); taken after, it could name the new node while the handle is the old one.
      const identity = portIdentity(path);
      let line: SerialLine;
      try {
        line = await this.openLine(path, this.config.baudRate);
      } catch (err) {
        failures++;
        const failure = err instanceof SerialLineError ? err : new SerialLineError(`串口 ${path} 无法打开`, 'error');
        const state = failure.state === 'error' && (!failure.busy || failures >= OPEN_FAILURES_BEFORE_ERROR) ? 'error' : 'offline';
        this.statusSource.publish(state, failure.message, { endpoint: path, flags: null });
        await this.waker.sleep(reopenDelayMs(failures, this.timing));
        continue;
      }
      this.count.opens++;
      const reached = await this.converse(line, path, identity);
      this.connected = false;
      this.failJobs();
      await line.close();
      failures = reached ? 1 : failures + 1;
      if (this.running) await this.waker.sleep(reopenDelayMs(failures, this.timing));
    }
    this.statusSource.publish('offline', '评价器已停用', { flags: null });
  }

  /**
   * One connection, from the open port to its loss. @returns whether the device answered at all
   * (the back-off starts again from its first step after a connection that worked).
   */
  private async converse(line: SerialLine, path: string, identity: string | null): Promise<boolean> {
    const session: Session = { line, path, goneReason: null };
    this.session = session;
    const parser = new V1FrameParser();
    let parsedDropped = 0;
    let parsedBadCrc = 0;
    line.onData((chunk) => {
      for (const frame of parser.push(chunk, performance.now())) this.engine.received(frame);
      this.parserTotals.dropped += parser.dropped - parsedDropped;
      this.parserTotals.badCrc += parser.badCrc - parsedBadCrc;
      parsedDropped = parser.dropped;
      parsedBadCrc = parser.badCrc;
    });
    line.onGone((reason) => {
      session.goneReason ??= reason;
      this.connected = false;
      this.statusSource.publish('offline', reason, { flags: null });
      this.waker.wake();
    });
    const presence = setInterval(() => {
      // The path leading to another node than the one opened is a replug faster than this check:
      // the old handle is dead; reopen now rather than after three missed exchanges.
      void portPresence(path, identity, this.deps.listPorts).then((presence) => {
        if (presence === 'present' || session.goneReason !== null) return;
        const words = presence === 'replaced' ? LINE_REPLUGGED_WORDS : LINE_GONE_WORDS;
        session.goneReason = words;
        this.connected = false;
        this.statusSource.publish('offline', words, { flags: null });
        void line.close();
        this.waker.wake();
      });
    }, this.timing.presenceCheckMs);
    this.missedInRow = 0;
    let answered = false;
    try {
      this.statusSource.publish(this.statusSource.status().state, `正在识别评价器（${path}）`, { endpoint: path });
      if (!(await this.handshake(session))) return false;
      answered = true;
      this.connected = true;
      this.publishConnected(path);
      while (this.running && session.goneReason === null) {
        for (let job = this.jobs.shift(); job; job = this.jobs.shift()) {
          await this.runJob(session, job);
          if (session.goneReason !== null) break;
        }
        if (session.goneReason !== null) break;
        const polled = await this.poll(session);
        if (this.missedInRow >= this.timing.missedForOffline) {
          const words = `评价器连续 ${this.missedInRow} 次无应答（请检查评价器电源和连接线）`;
          session.goneReason = words;
          this.statusSource.publish('offline', words, { flags: null });
          break;
        }
        // An event was just committed: the next POLL carries its acknowledgement, so it goes at
        // once — the device keeps the event (and resends it) until that ack arrives, and the
        // citizen's coin is not done until then (issue 15: event out → ack in p99 < 20 ms beyond
        // wire time). It also fetches the next event when more are queued. Jobs waiting go first
        // (one exchange). A commit that threw is not acked: wait the idle time, as the database
        // will not be back in a millisecond.
        if (polled.committed) continue;
        await this.waker.sleep(this.timing.pollIdleMs);
      }
      return answered;
    } catch (err) {
      if (!(err instanceof LineGone)) throw err;
      return answered;
    } finally {
      clearInterval(presence);
      this.connected = false;
      if (this.session === session) this.session = null;
    }
  }

  private async runJob(session: Session, job: Job<unknown>): Promise<void> {
    try {
      job.resolve(await job.run(session));
    } catch (err) {
      if (err instanceof LineGone) {
        // The job did not get its answer: the caller hears what offline means for it.
        Promise.resolve()
          .then(job.offline)
          .then(job.resolve, job.reject);
        throw err;
      }
      job.reject(err);
    }
  }

  /** IDENT, SET_TIME, ARM again while a session is open (host rule 3). @returns false when IDENT got no answer. */
  private async handshake(session: Session): Promise<boolean> {
    const ident = await this.exchange(session, V1_CMD.IDENT, new Uint8Array(0));
    if (ident.kind !== 'reply' || !this.takeIdent(ident.frame.payload)) {
      const words = ident.kind === 'nak' ? `评价器拒绝识别：${NAK_WORDS[this.nakReason(ident) ?? 'unknown_command']}` : `评价器无应答（串口 ${session.path} 已打开，请检查评价器电源和连接线）`;
      this.statusSource.publish('offline', words, { endpoint: session.path, flags: null });
      return false;
    }
    const setTime = await this.exchange(session, V1_CMD.SET_TIME, setTimePayload(Math.floor(this.deps.clock.now().getTime() / 1000)));
    if (setTime.kind !== 'reply') this.deps.log.warn('rating device did not take SET_TIME', { outcome: setTime.kind });
    const open = this.armed();
    if (open) {
      const seconds = Math.max(1, Math.min(0xffff, Math.ceil((open.until - this.deps.clock.now().getTime()) / 1000)));
      try {
        await this.sendArm(session, open.deviceSessionId, seconds, false);
      } catch (err) {
        this.deps.log.warn('rating device refused the re-ARM', { error: err instanceof Error ? err.message : String(err) });
      }
    }
    return true;
  }

  /** ARM; @throws Error (Chinese) on NAK when `refusalThrows`. */
  private async sendArm(session: Session, deviceSessionId: number, timeoutSeconds: number, refusalThrows: boolean): Promise<boolean> {
    const outcome = await this.exchange(session, V1_CMD.ARM, armPayload(deviceSessionId, timeoutSeconds));
    if (outcome.kind === 'reply') {
      this.deps.log.info('rating device armed', { deviceSessionId, timeoutSeconds });
      return true;
    }
    if (outcome.kind === 'nak') {
      const reason = this.nakReason(outcome);
      this.deps.log.warn('rating device refused ARM', { deviceSessionId, reason });
      if (refusalThrows) throw new Error(`评价器拒绝开始评价：${NAK_WORDS[reason ?? 'wrong_state']}`);
    }
    return false;
  }

  /**
   * One POLL carrying the acknowledgement; commits the event it carries.
   * @returns queued as the device said (0 when missed) and whether the carried event was committed.
   */
  private async poll(session: Session): Promise<{ queued: number; committed: boolean }> {
    const ackSent = this.ackEventId;
    const outcome = await this.exchange(session, V1_CMD.POLL, pollPayload(ackSent));
    if (outcome.kind === 'nak') {
      this.deps.log.warn('rating device refused POLL', { reason: this.nakReason(outcome) });
      return { queued: 0, committed: false };
    }
    if (outcome.kind !== 'reply') return { queued: 0, committed: false };
    let reply;
    try {
      reply = decodePollReply(outcome.frame.payload);
    } catch (err) {
      this.badReply('POLL', err);
      return { queued: 0, committed: false };
    }
    // The device had the acknowledgement (it answered this very request).
    if (this.ackEventId === ackSent) this.ackEventId = 0;
    if (this.connected) this.publishConnected(session.path, reply.flags);
    else this.statusSource.publish(this.statusSource.status().state, this.statusSource.status().detail, { flags: reply.flags });
    if (!reply.event) return { queued: reply.queued, committed: false };
    const serial = this.ident?.serial;
    if (serial === undefined) return { queued: reply.queued, committed: false };
    const record = deviceEventRecord(reply.event, serial, this.config.address, this.deps.clock.now().toISOString());
    try {
      if (record.kind === 'vote') this.deps.sink.commitVote(record.vote);
      else this.deps.sink.commitFault(record.fault);
    } catch (err) {
      // Not stored: not acknowledged, so the device delivers it again (host rule 1).
      this.count.commitFailures++;
      this.deps.log.error('rating device event not stored; not acknowledged', {
        key: record.kind === 'vote' ? record.vote.key : record.fault.key,
        error: err instanceof Error ? err.message : String(err),
      });
      return { queued: reply.queued, committed: false };
    }
    this.count.committed++;
    this.ackEventId = reply.event.eventId;
    if (record.kind === 'vote' && this.session_ && reply.event.sessionId === this.session_.deviceSessionId) this.session_ = null;
    if (record.kind === 'fault') this.deps.log.warn('rating device fault', { fault: record.fault.fault, key: record.fault.key });
    return { queued: reply.queued, committed: true };
  }

  /**
   * One exchange on the session's line, counting missed ones in a row (a reply or a NAK is an
   * answer). @throws LineGone when the line went away (the caller ends the session).
   */
  private async exchange(session: Session, cmd: number, payload: Uint8Array): Promise<ExchangeOutcome & { roundTripMs: number | null }> {
    if (session.goneReason !== null) throw new LineGone(session.goneReason);
    let outcome: ExchangeOutcome & { roundTripMs: number | null };
    try {
      outcome = await this.engine.request(session.line, this.config.address, cmd, payload);
    } catch (err) {
      const words = err instanceof Error ? err.message : LINE_GONE_WORDS;
      session.goneReason ??= words;
      this.connected = false;
      this.statusSource.publish('offline', session.goneReason, { flags: null });
      throw new LineGone(words);
    }
    this.count.resends += Math.max(0, outcome.attempts - 1);
    if (outcome.kind === 'missed') {
      this.count.missedExchanges++;
      this.missedInRow++;
      this.deps.log.debug('rating device exchange missed', { cmd, inRow: this.missedInRow });
    } else {
      this.missedInRow = 0;
    }
    return outcome;
  }

  private takeIdent(payload: Uint8Array): V1Ident | null {
    try {
      const ident = decodeIdent(payload);
      if (this.ident && this.ident.serial !== ident.serial) {
        // Another device on this port: an acknowledgement owed to the old one means nothing to it.
        this.ackEventId = 0;
        this.deps.log.warn('rating device replaced', { before: this.ident.serial, now: ident.serial });
      }
      this.ident = ident;
      return ident;
    } catch (err) {
      this.badReply('IDENT', err);
      return null;
    }
  }

  private nakReason(outcome: { frame: { payload: Uint8Array } }): V1NakReason | null {
    try {
      return decodeNak(outcome.frame.payload);
    } catch (err) {
      this.badReply('NAK', err);
      return null;
    }
  }

  private badReply(what: string, err: unknown): void {
    this.count.badReplies++;
    this.deps.log.warn('rating device reply not understood', { what, error: err instanceof ProtocolError ? err.message : String(err) });
  }

  private publishConnected(path: string, flags?: RatingDeviceFlags): void {
    const faults = faultWords(flags ?? this.statusSource.flags());
    this.statusSource.publish('connected', faults, flags === undefined ? { endpoint: path } : { endpoint: path, flags });
  }
}

function levelName(level: number): Satisfaction {
  const name = SATISFACTION_OF_DEVICE_LEVEL[level];
  if (name === undefined) throw new ProtocolError(`slot level must be 1..5, got ${level}`);
  return name;
}
