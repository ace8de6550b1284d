import { encodeV1Frame, type V1Frame } from '../protocol/v1-frame';

/** v1 NAK command byte (protocols/rating-device.md, Frame: CMD `7F`). */
const NAK_CMD = 0x7f;

/** A reply wait that ended this much later than asked (ms) means the event loop was busy. */
const LATE_TIMER_MS = 20;

/** One request as the host puts it on the wire. */
export interface V1Request {
  addr: number;
  seq: number;
  cmd: number;
  payload: Uint8Array;
}

/** How an exchange ended. */
export type ExchangeOutcome =
  /** The reply with our SEQ and CMD | 0x80. `attempts`: sends it took (1 = no resend). */
  | { kind: 'reply'; frame: V1Frame; attempts: number }
  /** The device refused (CMD 7F, our SEQ); the payload's reason is the caller's to decode. */
  | { kind: 'nak'; frame: V1Frame; attempts: number }
  /** No reply after the first send and every resend: one missed exchange. */
  | { kind: 'missed'; attempts: number }
  /**
   * A reply with our SEQ but another command: the device answered from its cache of a previous
   * request that had the same SEQ (it compares SEQ only; after a restart of the host the new SEQ may
   * meet the old one). The request must go again under a new SEQ.
   */
  | { kind: 'stale'; frame: V1Frame; attempts: number };

/** What the machine wants done next. */
export type ExchangeStep = { kind: 'send'; bytes: Buffer; waitMs: number } | { kind: 'done'; outcome: ExchangeOutcome };

/**
 * One v1 exchange as a pure state machine (protocols/rating-device.md, Exchange): send the request,
 * wait `replyTimeoutMs` for the reply with the same SEQ, on time-out send the SAME bytes again, up to
 * `resends` times, then the exchange is missed. The caller does the I/O and the waiting: it calls
 * start(), then timedOut() when a wait ran out, or received() with each frame that arrived.
 */
export class ExchangeAttempts {
  private readonly bytes: Buffer;
  private attempts = 0;
  private finished: ExchangeOutcome | null = null;

  constructor(
    readonly request: V1Request,
    private readonly timing: { replyTimeoutMs: number; resends: number },
  ) {
    this.bytes = encodeV1Frame(request);
  }

  /** The outcome once done, else null. */
  get outcome(): ExchangeOutcome | null {
    return this.finished;
  }

  /** Sends so far. */
  get sent(): number {
    return this.attempts;
  }

  /** The first send. */
  start(): ExchangeStep {
    this.attempts = 1;
    return { kind: 'send', bytes: this.bytes, waitMs: this.timing.replyTimeoutMs };
  }

  /** The wait after the latest send ran out: the same bytes again, or a missed exchange. */
  timedOut(): ExchangeStep {
    if (this.finished) return { kind: 'done', outcome: this.finished };
    if (this.attempts <= this.timing.resends) {
      this.attempts++;
      return { kind: 'send', bytes: this.bytes, waitMs: this.timing.replyTimeoutMs };
    }
    return this.finish({ kind: 'missed', attempts: this.attempts });
  }

  /**
   * A frame arrived: the outcome when it is the reply to this request (same ADDR and SEQ), null when
   * it is not (a late reply to an earlier exchange, another device's frame) and the wait goes on.
   */
  received(frame: V1Frame): ExchangeStep | null {
    if (this.finished || this.attempts === 0) return null;
    if (frame.addr !== this.request.addr || frame.seq !== this.request.seq) return null;
    if (frame.cmd === (this.request.cmd | 0x80)) return this.finish({ kind: 'reply', frame, attempts: this.attempts });
    if (frame.cmd === NAK_CMD) return this.finish({ kind: 'nak', frame, attempts: this.attempts });
    // A request to the device itself echoed back (a line looped back) is not a reply either.
    if ((frame.cmd & 0x80) === 0) return null;
    return this.finish({ kind: 'stale', frame, attempts: this.attempts });
  }

  private finish(outcome: ExchangeOutcome): ExchangeStep {
    this.finished = outcome;
    return { kind: 'done', outcome };
  }
}

/** Where the engine writes (SerialLine.write: bounded, throws when the line is gone). */
export interface ExchangeLine {
  write(bytes: Uint8Array): Promise<void>;
}

/**
 * The host's request/resend engine over one line: one exchange on the wire at a time (callers
 * queue), SEQ advanced mod 256 for every new request (protocol: Exchange). The first SEQ is random,
 * so a host restarted mid-conversation rarely meets the device's cached SEQ; when it does, the
 * `stale` reply is answered by sending the request again under the next SEQ (once).
 */
export class V1RequestEngine {
  private seq: number;
  private waiting: { attempts: ExchangeAttempts; settle: (step: ExchangeStep) => void } | null = null;
  private busy = false;

  constructor(
    private readonly timing: { replyTimeoutMs: number; resends: number },
    firstSeq: number = Math.floor(Math.random() * 256),
  ) {
    this.seq = (firstSeq + 255) & 0xff;
  }

  /** The SEQ the latest request used. */
  get lastSeq(): number {
    return this.seq;
  }

  /** Advances SEQ (mod 256) and returns it. */
  nextSeq(): number {
    this.seq = (this.seq + 1) & 0xff;
    return this.seq;
  }

  /**
   * Runs one exchange on `line`. `giveUp`, asked after each wait that ran out with the sends of
   * this exchange so far, may end it early as `missed` instead of resending (the driver's silence-by-time rule, timing.ts silentOfflineMs).
   * @returns the outcome, with `roundTripMs` from the last send to the reply (null when missed).
   * @throws whatever line.write throws (the line is gone: the caller reconnects), or Error when
   *   another exchange is still on the wire (a caller bug: exchanges are queued).
   */
  async request(
    line: ExchangeLine,
    addr: number,
    cmd: number,
    payload: Uint8Array,
    giveUp: (sent: number) => boolean = () => false,
  ): Promise<ExchangeOutcome & { roundTripMs: number | null }> {
    if (this.busy) throw new Error('a v1 exchange is already on the wire');
    this.busy = true;
    try {
      const first = await this.run(line, { addr, seq: this.nextSeq(), cmd, payload }, giveUp);
      if (first.kind !== 'stale') return first;
      const again = await this.run(line, { addr, seq: this.nextSeq(), cmd, payload }, giveUp);
      return { ...again, attempts: again.attempts + first.attempts };
    } finally {
      this.busy = false;
    }
  }

  /** Hands a frame that arrived to the exchange waiting for it (others are ignored). */
  received(frame: V1Frame): void {
    const waiting = this.waiting;
    if (!waiting) return;
    const step = waiting.attempts.received(frame);
    if (step) waiting.settle(step);
  }

  private async run(line: ExchangeLine, request: V1Request, giveUp: (sent: number) => boolean): Promise<ExchangeOutcome & { roundTripMs: number | null }> {
    const attempts = new ExchangeAttempts(request, this.timing);
    let step = attempts.start();
    while (step.kind === 'send') {
      const send = step;
      // Listening before the write: a fast device's reply may come before the drain's callback.
      const replied = new Promise<ExchangeStep>((resolve) => {
        this.waiting = { attempts, settle: resolve };
      });
      const sentAt = performance.now();
      let timer: ReturnType<typeof setTimeout> | undefined;
      try {
        await line.write(send.bytes);
        const timeout = new Promise<'timeout'>((resolve) => {
          timer = setTimeout(() => resolve('timeout'), send.waitMs);
        });
        const next = await Promise.race([replied, timeout]);
        if (next === 'timeout') {
          // A reply already waiting to be read when the event loop ran late (timers come before
          // I/O) is still the reply: let pending input in before calling the wait lost.
          if (performance.now() - sentAt > send.waitMs + LATE_TIMER_MS) await new Promise((resolve) => setImmediate(resolve));
          const late = attempts.outcome;
          if (late !== null && late.kind !== 'missed') return { ...late, roundTripMs: performance.now() - sentAt };
          step = giveUp(attempts.sent) ? { kind: 'done', outcome: { kind: 'missed', attempts: attempts.sent } } : attempts.timedOut();
        } else {
          step = next;
          if (step.kind === 'done' && step.outcome.kind !== 'missed') return { ...step.outcome, roundTripMs: performance.now() - sentAt };
        }
      } finally {
        clearTimeout(timer);
        this.waiting = null;
      }
    }
    return { ...step.outcome, roundTripMs: null };
  }
}
