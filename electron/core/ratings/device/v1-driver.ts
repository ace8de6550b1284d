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
import { FailureStreak } from './failure-streak';
import { PortKeeper, type PortConnection } from './port-keeper';
import type { RatingDriver } from './rating-driver';
import { RatingStatus, faultWords, sameFlags } from './rating-status';
import { LINE_GONE_WORDS, serialLineOpener, type SerialLineOpener } from './serial-line';
import { ratingDriverTiming, type RatingDriverTiming } from './timing';
import { deviceEventRecord } from './v1-events';
import { Waker } from './waker';

/** Chinese words for a NAK reason (protocols/rating-device.md, Exchange: 1 unknown command, 2 bad length, 3 wrong state). */
export const NAK_WORDS: { readonly [R in V1NakReason]: string } = {
  unknown_command: '评价器不支持该命令（固件版本不符）',
  bad_length: '评价器认为命令长度不对（固件版本不符）',
  wrong_state: '评价器当前状态不允许该操作（可能卡币、币箱已满或机盖打开）',
};

/** What the status bar says when events cannot be stored (review of issue 15 #6): nothing is lost, someone must act. */
export const COMMIT_FAILING_WORDS = '评价无法保存到本机数据库（评价仍暂存在评价器中，不会丢失），请联系信息科查看日志';

/** What the status bar says when the device refuses every POLL: its events cannot be fetched. */
export function pollRefusedWords(reason: V1NakReason | null): string {
  return `评价器拒绝轮询（${NAK_WORDS[reason ?? 'unknown_command']}），评价无法取回，请检查评价器或联系厂家`;
}

/**
 * A session is armed again by the driver only with at least this many seconds left (s): the
 * device's own timer and the host's end a moment apart, and ARMing for the last second of a
 * session the device has just ended would only light 请评价 for nothing.
 */
const REARM_MIN_SECONDS = 2;

/**
 * Sends left unanswered, at least, before silence by time makes the device offline: on a machine
 * so busy that timers fire late, 1.5 s may hold fewer sends than the 5 it holds otherwise (4 of one
 * missed exchange, 1 of the next), and the device must have had its chances to answer.
 */
const MIN_UNANSWERED_SENDS = 5;

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

/** One connection (the port keeper's). */
type Session = PortConnection;

/** What one POLL brought. */
interface Polled {
  /** Events the device said were queued (0 when not answered). */
  queued: number;
  /** Whether the carried event was committed (its ack goes with the next POLL). */
  committed: boolean;
  /** The status bits of the reply, null when not answered. */
  flags: RatingDeviceFlags | null;
}

/**
 * The driver for protocol version 1 (protocols/rating-device.md): the host speaks first; every
 * request waits 200 ms for its reply and is resent with the same bytes up to 3 times (exchange.ts);
 * POLL at least every 500 ms carries the event_id of the last event the sink COMMITTED (host rule 1:
 * an event whose commit threw is not acknowledged and comes again); three missed exchanges in a row
 * — counted by time as well: no answer to any send for `silentOfflineMs` (1.5 s, three heartbeats)
 * — a failed or hung write, or the port's path gone or leading to another device node (a fast
 * replug) make it offline, and the port keeper reopens the port with back-off (250 ms doubling to
 * 5 s), finding the device again by its USB identity when configured.
 * On each connection: IDENT, SET_TIME, then DISARM (a device that stayed powered may still be armed
 * for a session that ended, or was superseded, while the link was down). The open session is armed
 * again only once a POLL reply says the device is not armed and has nothing queued: every event it
 * kept has been committed and acknowledged first, so a coin that fell for the session before the
 * link dropped ends the session instead of the device taking a second one (一次一评; review of
 * issue 15 #1). The same rule arms a session again when a fault that made the device refuse ARM
 * (卡币, 币箱已满) clears (tryout of issue 15 #1). arm(), disarm() and identify() queue behind the
 * poll loop, also during the handshake: one exchange on the wire at a time.
 * An event whose commit keeps failing, or a device refusing every POLL, turns the status to `error`
 * with words after `failuresBeforeError` tries, and is logged first, then once a minute.
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
  private readonly keeper: PortKeeper;
  private readonly commitStreak: FailureStreak;
  private readonly pollNakStreak: FailureStreak;
  private running = false;
  private loopDone: Promise<void> | null = null;
  private connected = false;
  private missedInRow = 0;
  /** performance.now() of the device's last answer (reply, NAK) on this connection. */
  private lastAnswerAt = 0;
  /** Sends of the missed exchanges since that answer. */
  private unansweredSends = 0;
  /** The status bits when the device last refused ARM: not asked again until they change. */
  private armRefusedFlags: RatingDeviceFlags | null = null;
  private lastNakReason: V1NakReason | null = null;
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
    this.keeper = new PortKeeper({
      config,
      listPorts: deps.listPorts,
      openLine: this.openLine,
      timing: this.timing,
      status: this.statusSource,
      waker: this.waker,
      ...(deps.otherDevicePaths ? { otherDevicePaths: deps.otherDevicePaths } : {}),
      onLost: () => {
        this.connected = false;
      },
    });
    const { failuresBeforeError, repeatedFailureLogMs } = this.timing;
    this.commitStreak = new FailureStreak(deps.log, 'rating device event not stored; not acknowledged', failuresBeforeError, repeatedFailureLogMs);
    this.pollNakStreak = new FailureStreak(deps.log, 'rating device refused POLL', failuresBeforeError, repeatedFailureLogMs);
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
    return { ...this.count, opens: this.keeper.opens, droppedBytes: this.parserTotals.dropped, badCrc: this.parserTotals.badCrc };
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
    await this.keeper.close('程序正在退出');
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

  /**
   * Queues a job for the loop while a connection is open, the handshake included (an arm() made
   * while IDENT / SET_TIME are on the wire is sent right after them, review of issue 15 #7);
   * without one the caller hears at once what offline means for it.
   */
  private enqueue<T>(job: Omit<Job<T>, 'resolve' | 'reject'>): Promise<T> {
    const open = this.keeper.current;
    if (!this.running || open === null || open.goneReason !== null) return Promise.resolve().then(job.offline);
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
    await this.keeper.run(
      () => this.running,
      (conn) => this.converse(conn),
    );
  }

  /**
   * One connection, from the open port to its loss. @returns whether the device answered at all
   * (the back-off starts again from its first step after a connection that worked).
   */
  private async converse(session: Session): Promise<boolean> {
    const { line, path } = session;
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
    this.missedInRow = 0;
    this.lastAnswerAt = performance.now();
    this.unansweredSends = 0;
    this.armRefusedFlags = null;
    let answered = false;
    try {
      // While offline, the reason stays in view (the clerk needs "no answer: check the cable", not only "trying").
      const lost = this.keeper.lastLoss;
      this.statusSource.publish(this.statusSource.status().state, lost === null ? `正在识别评价器（${path}）` : `${lost}；正在重新识别评价器（${path}）`, { endpoint: path });
      if (!(await this.handshake(session))) return false;
      answered = true;
      this.connected = true;
      this.keeper.lastLoss = null;
      this.publishLive(path);
      while (this.running && session.goneReason === null) {
        for (let job = this.jobs.shift(); job; job = this.jobs.shift()) {
          await this.runJob(session, job);
          if (session.goneReason !== null) break;
        }
        if (session.goneReason !== null) break;
        const polled = await this.poll(session);
        // An event was just committed: the next POLL carries its acknowledgement, so it goes at
        // once — the device keeps the event (and resends it) until that ack arrives, and the
        // citizen's coin is not done until then (issue 15: event out → ack in p99 < 20 ms beyond
        // wire time). It also fetches the next event when more are queued, so a queue left from
        // before a reconnection drains at wire speed before the session is armed again. Jobs
        // waiting go first (one exchange). A commit that threw is not acked: wait the idle time,
        // as the database will not be back in a millisecond.
        if (polled.committed) continue;
        if (await this.keepSessionArmed(session, polled)) continue;
        await this.waker.sleep(this.timing.pollIdleMs);
      }
      return answered;
    } catch (err) {
      if (!(err instanceof LineGone)) throw err;
      return answered;
    } finally {
      this.connected = false;
      this.failJobs();
    }
  }

  /**
   * Arms the open session when the device is not armed, has nothing queued (every event it kept is
   * committed and acknowledged: a coin of this session would have ended it) and has not refused
   * ARM with these very status bits (a jam still there would refuse again; its clearing changes
   * the bits). Used after a reconnection (host rule 3) and after a fault clears.
   * @returns whether an ARM went on the wire.
   */
  private async keepSessionArmed(session: Session, polled: Polled): Promise<boolean> {
    const open = this.armed();
    const flags = polled.flags;
    if (open === null || flags === null || flags.armed || polled.queued > 0 || this.jobs.length > 0) return false;
    if (this.armRefusedFlags !== null && sameFlags(this.armRefusedFlags, flags)) return false;
    const seconds = Math.min(0xffff, Math.floor((open.until - this.deps.clock.now().getTime()) / 1000));
    if (seconds < REARM_MIN_SECONDS) return false;
    this.deps.log.info('rating device not armed for the open session: arming it again', { deviceSessionId: open.deviceSessionId, seconds });
    await this.sendArm(session, open.deviceSessionId, seconds, false);
    return true;
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

  /**
   * IDENT, SET_TIME, DISARM (host rule 3; the open session is armed again by the poll loop once the
   * device's queue is drained, keepSessionArmed). @returns false when IDENT got no answer.
   */
  private async handshake(session: Session): Promise<boolean> {
    const ident = await this.exchange(session, V1_CMD.IDENT, new Uint8Array(0));
    if (ident.kind !== 'reply' || !this.takeIdent(ident.frame.payload)) {
      const words = ident.kind === 'nak' ? `评价器拒绝识别：${NAK_WORDS[this.nakReason(ident) ?? 'unknown_command']}` : `评价器无应答（串口 ${session.path} 已打开，请检查评价器电源和连接线）`;
      this.statusSource.publish('offline', words, { endpoint: session.path, flags: null });
      return false;
    }
    const setTime = await this.exchange(session, V1_CMD.SET_TIME, setTimePayload(Math.floor(this.deps.clock.now().getTime() / 1000)));
    if (setTime.kind !== 'reply') this.deps.log.warn('rating device did not take SET_TIME', { outcome: setTime.kind });
    // A device that stayed powered through the loss keeps what it was armed with: a session that
    // ended meanwhile (sign-out, a newer session) must not take the next coin.
    // An arm() queued meanwhile is sent right after (its job), so this never undoes it.
    const disarm = await this.exchange(session, V1_CMD.DISARM, new Uint8Array(0));
    if (disarm.kind !== 'reply') this.deps.log.warn('rating device did not take DISARM on reconnection', { outcome: disarm.kind });
    return true;
  }

  /** ARM; @throws Error (Chinese) on NAK when `refusalThrows`. */
  private async sendArm(session: Session, deviceSessionId: number, timeoutSeconds: number, refusalThrows: boolean): Promise<boolean> {
    const outcome = await this.exchange(session, V1_CMD.ARM, armPayload(deviceSessionId, timeoutSeconds));
    if (outcome.kind === 'reply') {
      this.armRefusedFlags = null;
      this.deps.log.info('rating device armed', { deviceSessionId, timeoutSeconds });
      return true;
    }
    if (outcome.kind === 'nak') {
      const reason = this.nakReason(outcome);
      // Asked again by keepSessionArmed once the status bits differ from these (the fault cleared).
      this.armRefusedFlags = this.statusSource.flags() ?? { armed: false, boxFull: false, coinJam: false, coverOpen: false, sensorFault: false };
      this.deps.log.warn('rating device refused ARM', { deviceSessionId, reason });
      if (refusalThrows) throw new Error(`评价器拒绝开始评价：${NAK_WORDS[reason ?? 'wrong_state']}`);
    }
    return false;
  }

  /**
   * One POLL carrying the acknowledgement; commits the event it carries. A commit that throws
   * (or an event that cannot be made a record) is not acknowledged: the device delivers it again.
   */
  private async poll(session: Session): Promise<Polled> {
    const ackSent = this.ackEventId;
    const outcome = await this.exchange(session, V1_CMD.POLL, pollPayload(ackSent));
    if (outcome.kind === 'nak') {
      this.lastNakReason = this.nakReason(outcome);
      if (this.pollNakStreak.failed(performance.now(), { reason: this.lastNakReason })) this.publishLive(session.path);
      return { queued: 0, committed: false, flags: null };
    }
    if (outcome.kind !== 'reply') return { queued: 0, committed: false, flags: null };
    let reply;
    try {
      reply = decodePollReply(outcome.frame.payload);
    } catch (err) {
      this.badReply('POLL', err);
      return { queued: 0, committed: false, flags: null };
    }
    this.pollNakStreak.succeeded();
    // The device had the acknowledgement (it answered this very request).
    if (this.ackEventId === ackSent) this.ackEventId = 0;
    if (this.connected) this.publishLive(session.path, reply.flags);
    else this.statusSource.publish(this.statusSource.status().state, this.statusSource.status().detail, { flags: reply.flags });
    const polled: Polled = { queued: reply.queued, committed: false, flags: reply.flags };
    if (!reply.event) {
      // Nothing queued: a streak of failed commits is over (its event went away, e.g. another host took it).
      if (reply.queued === 0 && this.commitStreak.succeeded()) this.publishLive(session.path);
      return polled;
    }
    const serial = this.ident?.serial;
    if (serial === undefined) return polled;
    const event = reply.event;
    let record: ReturnType<typeof deviceEventRecord> | null = null;
    try {
      // Inside the try: an event that cannot be made a record is one more that cannot be stored,
      // never the end of the loop (review of issue 15 #16).
      record = deviceEventRecord(event, serial, this.config.address, this.deps.clock.now().toISOString());
      if (record.kind === 'vote') this.deps.sink.commitVote(record.vote);
      else this.deps.sink.commitFault(record.fault);
    } catch (err) {
      // Not stored: not acknowledged, so the device delivers it again (host rule 1).
      this.count.commitFailures++;
      const key = record === null ? `v1:${serial}:${event.eventId}` : record.kind === 'vote' ? record.vote.key : record.fault.key;
      if (this.commitStreak.failed(performance.now(), { key, error: err instanceof Error ? err.message : String(err) })) this.publishLive(session.path);
      return polled;
    }
    this.count.committed++;
    if (this.commitStreak.succeeded()) this.publishLive(session.path);
    this.ackEventId = event.eventId;
    if (record.kind === 'vote' && this.session_ && event.sessionId === this.session_.deviceSessionId) this.session_ = null;
    if (record.kind === 'fault') this.deps.log.warn('rating device fault', { fault: record.fault.fault, key: record.fault.key });
    return { ...polled, committed: true };
  }

  /**
   * One exchange on the session's line, counting missed ones in a row (a reply or a NAK is an
   * answer). @throws LineGone when the line went away (the caller ends the session).
   */
  private async exchange(session: Session, cmd: number, payload: Uint8Array): Promise<ExchangeOutcome & { roundTripMs: number | null }> {
    if (session.goneReason !== null) throw new LineGone(session.goneReason);
    let outcome: ExchangeOutcome & { roundTripMs: number | null };
    try {
      // Ends early, without the remaining resends, once the line is gone or the device has been
      // silent for silentOfflineMs (three heartbeats): the resends could not change the verdict.
      outcome = await this.engine.request(session.line, this.config.address, cmd, payload, (sent) => session.goneReason !== null || this.silent(this.unansweredSends + sent));
    } catch (err) {
      session.lose(err instanceof Error ? err.message : LINE_GONE_WORDS);
      throw new LineGone(session.goneReason ?? LINE_GONE_WORDS);
    }
    if (session.goneReason !== null) throw new LineGone(session.goneReason);
    this.count.resends += Math.max(0, outcome.attempts - 1);
    if (outcome.kind === 'missed') {
      this.count.missedExchanges++;
      this.missedInRow++;
      this.unansweredSends += outcome.attempts;
      this.deps.log.debug('rating device exchange missed', { cmd, inRow: this.missedInRow });
      const silentMs = this.silentForMs();
      if (this.missedInRow >= this.timing.missedForOffline || this.silent(this.unansweredSends)) {
        session.lose(`评价器 ${(silentMs / 1000).toFixed(1)} 秒无应答（请检查评价器电源和连接线）`);
        throw new LineGone(session.goneReason ?? LINE_GONE_WORDS);
      }
    } else {
      this.missedInRow = 0;
      this.unansweredSends = 0;
      this.lastAnswerAt = performance.now();
    }
    return outcome;
  }

  /** Silence by time (timing.ts silentOfflineMs), once at least MIN_UNANSWERED_SENDS went unanswered. */
  private silent(unansweredSends: number): boolean {
    return this.silentForMs() >= this.timing.silentOfflineMs && unansweredSends >= MIN_UNANSWERED_SENDS;
  }

  /** How long the device has not answered on this connection (ms). */
  private silentForMs(): number {
    return performance.now() - this.lastAnswerAt;
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

  /**
   * The status of a working connection: `error` with words while a failure streak has reached its
   * threshold (events not stored, POLL refused), else `connected` with the fault words of the bits.
   */
  private publishLive(path: string, flags?: RatingDeviceFlags): void {
    const options = flags === undefined ? { endpoint: path } : { endpoint: path, flags };
    if (this.commitStreak.alarmed) this.statusSource.publish('error', COMMIT_FAILING_WORDS, options);
    else if (this.pollNakStreak.alarmed) this.statusSource.publish('error', pollRefusedWords(this.lastNakReason), options);
    else this.statusSource.publish('connected', faultWords(flags ?? this.statusSource.flags()), options);
  }
}

function levelName(level: number): Satisfaction {
  const name = SATISFACTION_OF_DEVICE_LEVEL[level];
  if (name === undefined) throw new ProtocolError(`slot level must be 1..5, got ${level}`);
  return name;
}
