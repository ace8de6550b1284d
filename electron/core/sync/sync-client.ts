import { MAX_PULL_CHANGES, MAX_PUSH_EVENTS, PushAckSchema, SYNC_PATHS, TolerantPullResponseSchema, type PushAck, type TolerantPullResponse } from '../../contract/sync';
import type { SyncProgress } from '../../contract/health';
import type { QueueRole } from '../../contract/queue';
import type { BackgroundService } from '../assembly/capability-module';
import type { Clock } from '../clock';
import type { StatusReport, StatusSource } from '../devices/device';
import { countOutbox } from '../events/event-store';
import type { Logger } from '../logging/logger';
import type { Db } from '../storage/database';
import { backoffDelayMs, BACKOFF_MAX_MS, bodyCeilingBytes, grownBatch, grownBudget, halvedBatch } from './backoff';
import { clockOffsetMs, clockWarning } from './clock-offset';
import { enrolWindow, type EnrolOutcome } from './enrol';
import { acknowledge, BodyBuffer, parkedSummary, parkStream, readOutboxBatch, unparkAll, unparkAllBut, type OutboxBatch, type OutboxEntry } from './outbox';
import { postSync, postSyncText, upstreamBodyLimit, type SyncHttpResult } from './sync-http';
import { notePulled, noteSyncError, noteSyncSuccess, readPullCursor, readSyncState } from './sync-state-store';
import { outboxGroups, tokenFor, type OutboxGroup } from './sync-tokens';
import { restartPull } from './pull/pull-deferred';
import { SYNC_STATUS_ID, SYNC_STATUS_LABEL } from './sync-status';
import {
  CONFLICT_MARK,
  conflictWords,
  eventTooLargeWords,
  forbiddenWords,
  invalidWords,
  NOT_ENROLLED_WORDS,
  notEnrolledHereWords,
  parkedWords,
  progressWords,
  refusedEventWords,
  serverTroubleWords,
  TOKEN_REFUSED_WORDS,
  unreachableWords,
  unsendableWords,
  waitingGroupWords,
} from './sync-words';

/** A push on its way: its batch, which of the round's two body buffers holds its body, its answer to come. */
interface InFlight {
  batch: OutboxBatch;
  buffer: 0 | 1;
  sending: Promise<SyncHttpResult<PushAck>>;
}

/** What applying one pull response changed (C2's applyPullResponse, sync/pull/apply-pull.ts). */
export interface PullApplied {
  applied: number;
  skipped: number;
  caseIds: string[];
  catalogChanged: boolean;
  calendarYears: number[];
}

/** The upstream section of the settings, as the client uses it. */
export interface SyncTarget {
  url: string;
  /** A one-time code from config.json (scripted install), traded while the database holds no token. */
  enrolmentCode: string | null;
  /** An old config's token, used while the database holds none. */
  configToken: string | null;
  hall: string;
  window: number;
  /** The config's `role`, sent at enrolment (the server checks it against the code's); absent: not sent. */
  role?: QueueRole;
}

export interface SyncClientOptions {
  db: Db;
  clock: Clock;
  log: Logger;
  target: SyncTarget;
  /** Between rounds while nothing changes (ms); default 30 s. */
  intervalMs?: number;
  /** After a local change, before the round (ms): a burst of changes is one round; default 1 s. */
  debounceMs?: number;
  /** Events per push; default and at most MAX_PUSH_EVENTS. */
  batchSize?: number;
  /** Applies one pull response in one transaction with its cursor; none: the client only pushes. */
  applyPull?: (response: TolerantPullResponse) => PullApplied;
  /** Told after each pull response is committed (UI events: cases, catalog). */
  onPulled?: (applied: PullApplied) => void;
  /** Told after acknowledged events left the outbox (the status bar's pending count). */
  onOutboxChanged?: () => void;
  /** For back-off jitter; tests fix it. */
  random?: () => number;
  /** Between looks at the event log's newest seq, which catches every kind of local change (ms); default 1 s. */
  changeWatchMs?: number;
}

/** What ended a round. */
type RoundEnd =
  /** `waiting`: events of an earlier hall or window number this PC holds no token for, in words (they stay in the outbox). */
  | { kind: 'done'; waiting?: string }
  /** Try again after back-off (network, server trouble). */
  | { kind: 'retry'; words: string; offline: boolean }
  /** Nothing will change by itself: stop until someone acts (a new code, `sync.now`, a restart). */
  | { kind: 'halt'; words: string }
  /** Stuck on something only a newer program or server can fix: retried at the longest back-off only. */
  | { kind: 'stuck'; words: string }
  | { kind: 'stopped' };

class Stopped extends Error {}

/** How long the upstream's published body limit is trusted before `/health` is read again (ms). */
const BODY_LIMIT_TTL_MS = 10 * 60_000;

/**
 * Events parked in a row for a 400 `invalid_event` (no accepted batch between, across rounds)
 * after which the client takes the refusals for the server refusing what every event of this
 * program carries (a server a release behind, not knowing a new stream type), not for poison
 * events: it parks no more and says so (stuck), instead of parking every stream.
 */
const REFUSALS_BEFORE_STUCK = 5;

/**
 * How often streams parked for anything but a 409 are released for another try by themselves
 * (ms); also at the first round after start. A refused event (400 invalid_event), one over the
 * body limit or one the wire schema refuses may go up after a server fix or upgrade, so no
 * administrator has to press 重试 on every window; one still refused is parked again after a
 * request or two. A 409 (the stream's version held upstream under another event) never passes by
 * itself and waits for 重试.
 */
const AUTO_RELEASE_MS = 24 * 60 * 60_000;

/**
 * The window's sync client (DESIGN.md, "Sync"; issue 16), a background service of the core and
 * the status source `sync`. A round: enrol if the database holds no token and a code is at hand;
 * push the outbox oldest first in batches (≤ 500, read one batch at a time, two on their way at
 * most and never sharing a stream: a week offline is streamed with bounded memory), each batch
 * leaving the outbox only for the ids the server's
 * ack says it holds; then pull until the server has no more, each response applied with its
 * cursor in one transaction. Rounds run at start, every `intervalMs`, about a second after a
 * local change, and after a failure by back-off alone (1 s doubling to 5 min, with jitter).
 * Every database step is short and no transaction spans a request, so intake and printing never
 * wait for the network.
 */
export class SyncClient implements BackgroundService, StatusSource {
  readonly name = 'sync.client';
  readonly id = SYNC_STATUS_ID;
  readonly label = SYNC_STATUS_LABEL;
  private report: StatusReport;
  private readonly listeners = new Set<(report: StatusReport) => void>();
  private timer: NodeJS.Timeout | null = null;
  private timerDue = Infinity;
  private watchTimer: NodeJS.Timeout | null = null;
  private lastSeenSeq = -1;
  private running: Promise<void> | null = null;
  private again = false;
  private failures = 0;
  private halted = false;
  private started = false;
  private abort = new AbortController();
  private batchSize: number;
  /** Bytes a push body may have now; null: the ceiling (bodyCeilingBytes). Halved by a 413, grown back gradually. */
  private bodyBudget: number | null = null;
  /** The upstream's body limit from its `/health` (bytes), when it said; and when that was read (ms, Date.now). */
  private maxBodyBytes: number | null = null;
  private maxBodyReadAt = -Infinity;
  /** The smallest push body the upstream (or a proxy before it) refused with 413 (bytes). */
  private smallestRefusedBytes: number | null = null;
  /**
   * The largest push body the upstream took since its last 413, or since the client started when
   * none came (bytes; 0: none yet). A push goes beside another only when both bodies are no larger
   * than this: a larger size (a backlog after small live pushes, the first push after a start, a
   * size after a 413) is tried by a push alone, so a limit the client does not know (a proxy's,
   * lower than the server publishes) is found without a second upload beside the refused one.
   */
  private largestTakenBytes = 0;
  private progress: SyncProgress | null = null;
  /** Events parked for a 400 since the last accepted batch (REFUSALS_BEFORE_STUCK); kept across rounds. */
  private refusalsInARow = 0;
  /** When parked streams were last released by themselves (clock ms; AUTO_RELEASE_MS). */
  private lastAutoReleaseMs = -Infinity;
  private readonly intervalMs: number;
  private readonly debounceMs: number;
  private readonly random: () => number;

  constructor(private readonly options: SyncClientOptions) {
    this.intervalMs = options.intervalMs ?? 30_000;
    this.debounceMs = options.debounceMs ?? 1000;
    this.random = options.random ?? Math.random;
    this.batchSize = Math.min(options.batchSize ?? MAX_PUSH_EVENTS, MAX_PUSH_EVENTS);
    const saved = readSyncState(options.db);
    this.report = {
      state: 'offline',
      endpoint: options.target.url,
      detail: '正在连接上级平台…',
      since: options.clock.now().toISOString(),
      sync: { lastSuccessAt: saved.lastSuccessAt, lastError: saved.lastError, progress: null },
    };
  }

  status(): StatusReport {
    return this.report;
  }

  onStatus(listener: (report: StatusReport) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Starts the first round at once and watches for local changes. */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.abort = new AbortController();
    this.lastSeenSeq = this.newestSeq();
    this.schedule(0);
    const watchMs = this.options.changeWatchMs ?? 1000;
    this.watchTimer = setInterval(() => {
      const seq = this.newestSeq();
      if (seq !== this.lastSeenSeq) {
        this.lastSeenSeq = seq;
        this.localChange();
      }
    }, watchMs);
    this.watchTimer.unref();
  }

  /** Stops the timers, cancels a request in flight and waits for the round to end. */
  async stop(): Promise<void> {
    this.started = false;
    if (this.timer) clearTimeout(this.timer);
    if (this.watchTimer) clearInterval(this.watchTimer);
    this.timer = null;
    this.watchTimer = null;
    this.abort.abort();
    await this.running;
  }

  /**
   * Something was recorded here: a round about a second from now (a burst is one round). During
   * a back-off the back-off stands: a server that is down is not asked more often because the
   * clerk is busy.
   */
  localChange(): void {
    if (!this.started || this.halted) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.failures > 0) return;
    this.schedule(this.debounceMs);
  }

  /**
   * `sync.now` (设置 page, 立即同步): a round at once, also after a halt (a new token, a server
   * fixed) and during a back-off. Resolves when that round has ended.
   */
  async syncNow(): Promise<void> {
    if (!this.started) return;
    this.halted = false;
    this.failures = 0;
    if (this.running) await this.running;
    await this.startRound();
  }

  /**
   * Trades a code typed on the 设置 page for the token and stores it (never logged). On success
   * a round starts at once.
   */
  async enrol(code: string): Promise<EnrolOutcome> {
    const outcome = await enrolWindow(this.httpBase(), code);
    if (outcome.ok) {
      this.enrolled(outcome);
      if (this.started) void this.syncNow();
    }
    return outcome;
  }

  /**
   * 重试 (设置 page, `sync.retryParked`): every parked stream is un-parked for one more try, and a
   * round starts at once (without waiting for it). An event the server still refuses is parked
   * again, with the new reason. Returns how many events were parked.
   */
  retryParked(): number {
    const unparked = unparkAll(this.options.db);
    this.options.log.info('sync parked events released for another try', { unparked });
    if (this.started) void this.syncNow();
    return unparked;
  }

  private httpBase(): { db: Db; baseUrl: string; hall: string; window: number; role: QueueRole | undefined; signal: AbortSignal; now: () => number } {
    const { target } = this.options;
    return { db: this.options.db, baseUrl: target.url, hall: target.hall, window: target.window, role: target.role, signal: this.abort.signal, now: () => this.options.clock.now().getTime() };
  }

  /** enrolWindow stored the token (sync_tokens); said in the log, never the token itself. */
  private enrolled(outcome: Extract<EnrolOutcome, { ok: true }>): void {
    this.options.log.info('sync enrolled', { hall: outcome.hall, window: outcome.window });
  }

  private newestSeq(): number {
    try {
      return (this.options.db.prepare('SELECT coalesce(max(seq), 0) AS s FROM events').get() as { s: number }).s;
    } catch {
      return this.lastSeenSeq;
    }
  }

  private nowIso(): string {
    return this.options.clock.now().toISOString();
  }

  /** Runs a round after `delayMs`, unless one is already due sooner. */
  private schedule(delayMs: number): void {
    if (!this.started) return;
    const due = Date.now() + delayMs;
    if (this.timer && this.timerDue <= due) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerDue = due;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.timerDue = Infinity;
      void this.startRound();
    }, delayMs);
    this.timer.unref();
  }

  /** Starts a round now (none due later stays), or returns the one running. */
  private startRound(): Promise<void> {
    if (this.running) return this.running;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.timerDue = Infinity;
    const round = this.round().finally(() => {
      if (this.running === round) this.running = null;
    });
    this.running = round;
    return round;
  }

  private async round(): Promise<void> {
    this.again = false;
    let end: RoundEnd;
    try {
      end = await this.work();
    } catch (err) {
      if (err instanceof Stopped || this.abort.signal.aborted) end = { kind: 'stopped' };
      else {
        // A database fault (a full disk, a lock) or a bug: said, logged, retried by back-off.
        this.options.log.error('sync round failed', { error: err instanceof Error ? err.message : String(err) });
        end = { kind: 'retry', words: `同步出错：${err instanceof Error ? err.message : String(err)}`, offline: false };
      }
    }
    this.progress = null;
    this.finish(end);
  }

  private finish(end: RoundEnd): void {
    if (end.kind === 'stopped' || !this.started) return;
    const at = this.nowIso();
    if (end.kind === 'done') {
      this.failures = 0;
      this.tryWrite(() => noteSyncSuccess(this.options.db, at));
      if (end.waiting !== undefined) {
        // This window's own events went up; an earlier number's wait for its enrolment, said
        // until then. Rounds go on as usual (not a back-off): new events here still go up.
        const words = end.waiting;
        this.tryWrite(() => noteSyncError(this.options.db, words, at));
        this.publish('error', words, { lastSuccessAt: at, lastError: words });
        this.schedule(this.again ? this.debounceMs : this.intervalMs);
        return;
      }
      const offset = this.safeState()?.clockOffsetMs ?? null;
      this.publish('connected', clockWarning(offset) ?? '已同步', { lastSuccessAt: at, lastError: null });
      this.schedule(this.again ? this.debounceMs : this.intervalMs);
      return;
    }
    this.tryWrite(() => noteSyncError(this.options.db, end.words, at));
    this.options.log.warn('sync round ended with an error', { kind: end.kind, words: end.words });
    if (end.kind === 'halt') {
      this.halted = true;
      this.publish('error', end.words, { lastError: end.words });
      return;
    }
    this.failures += 1;
    const delay = end.kind === 'stuck' ? BACKOFF_MAX_MS : backoffDelayMs(this.failures, this.random);
    this.publish(end.kind === 'retry' && end.offline ? 'offline' : 'error', end.words, { lastError: end.words });
    this.schedule(delay);
  }

  private tryWrite(write: () => void): void {
    try {
      write();
    } catch (err) {
      this.options.log.warn('sync state not written', { error: err instanceof Error ? err.message : String(err) });
    }
  }

  private safeState(): ReturnType<typeof readSyncState> | null {
    try {
      return readSyncState(this.options.db);
    } catch {
      return null;
    }
  }

  private publish(state: StatusReport['state'], detail: string, sync: Partial<NonNullable<StatusReport['sync']>> = {}): void {
    const previous = this.report;
    const next: StatusReport = {
      state,
      endpoint: this.options.target.url,
      detail,
      since: previous.state === state ? previous.since : this.nowIso(),
      sync: { lastSuccessAt: previous.sync?.lastSuccessAt ?? null, lastError: previous.sync?.lastError ?? null, progress: this.progress, ...sync },
    };
    this.report = next;
    for (const listener of this.listeners) {
      try {
        listener(next);
      } catch (err) {
        this.options.log.warn('sync status listener failed', { error: (err as Error).message });
      }
    }
  }

  /**
   * The token of the window's current hall and number (its settings): the database's, else an
   * old config's, else one enrolled for now with config.json's code (enrol.ts: a retry after a
   * lost answer sends the same token again).
   */
  private async token(): Promise<{ token: string } | RoundEnd> {
    const { target } = this.options;
    const saved = tokenFor(this.options.db, target);
    if (saved !== null) return { token: saved };
    if (target.configToken !== null) return { token: target.configToken };
    if (target.enrolmentCode === null) {
      const last = readSyncState(this.options.db);
      const renumbered = last.enrolledHall !== null && last.enrolledWindow !== null;
      return { kind: 'halt', words: renumbered ? notEnrolledHereWords(target.hall, target.window) : NOT_ENROLLED_WORDS };
    }
    const outcome = await enrolWindow(this.httpBase(), target.enrolmentCode);
    if (this.abort.signal.aborted) throw new Stopped();
    if (!outcome.ok) {
      const words = `配置文件中的注册码未能使用：${outcome.words}`;
      return outcome.retryable ? { kind: 'retry', words, offline: true } : { kind: 'halt', words };
    }
    this.enrolled(outcome);
    return { token: outcome.token };
  }

  /**
   * A round. The outbox may hold events of earlier numbers of this window (renumbered, or moved
   * to another hall, in its settings): each (hall, window) run goes up with that number's own
   * token, the current number's first being enrolled when needed. A number with no token waits,
   * said in the status, without holding back the others; the current one not enrolled halts,
   * after the earlier numbers' events went up.
   */
  private async work(): Promise<RoundEnd> {
    const { target } = this.options;
    this.autoRelease();
    const got = await this.token();
    // Not enrolled here (halt): the earlier numbers' events still go up first.
    const notHere: RoundEnd | null = 'token' in got ? null : got;
    if (notHere !== null && notHere.kind !== 'halt') return notHere;
    const current = 'token' in got ? got.token : null;
    const waiting: OutboxGroup[] = [];
    for (const group of outboxGroups(this.options.db)) {
      const isCurrent = group.hall === target.hall && group.window === target.window;
      const token = isCurrent ? current : tokenFor(this.options.db, group);
      if (token === null) {
        if (!isCurrent) waiting.push(group);
        continue;
      }
      const pushed = await this.pushAll(token, group);
      if (pushed.kind === 'halt' && !isCurrent) {
        // That number's token is no longer accepted (revoked upstream): it waits like one never held.
        this.options.log.warn('sync token of an earlier window number refused', { hall: group.hall, window: group.window, words: pushed.words });
        waiting.push(group);
        continue;
      }
      if (pushed.kind !== 'done') return pushed;
    }
    if (notHere !== null || current === null) return notHere ?? { kind: 'done' };
    const pulled = await this.pullAll(current);
    if (pulled.kind !== 'done') return pulled;
    // Events that wait (an earlier number's, parked streams') are said, while the rest is in sync.
    const parked = parkedSummary(this.options.db);
    const notes = [waiting.length > 0 ? waitingGroupWords(waiting, target.hall) : null, parked ? parkedWords(parked.count, parked.reason) : null];
    const words = notes.filter((w): w is string => w !== null);
    return words.length === 0 ? pulled : { kind: 'done', waiting: words.join('；') };
  }

  /**
   * Pushes `group`'s events (one hall and window number) until none is left (events recorded
   * meanwhile included), each body under the upstream's published limit (bodyCeilingBytes). One
   * event the server will never take as it is parks its stream (outbox.ts parkStream) and the
   * other streams go on: a 409 (its stream's version is held upstream under another event), a 400
   * `invalid_event` on that event alone, one event over the body limit alone, an event the wire
   * schema refuses. A 409 or `invalid_event` on a batch of several halves the batch (no growth
   * meanwhile) until the culprit is alone, so no innocent stream is parked; after
   * REFUSALS_BEFORE_STUCK such parkings with no batch accepted, none more (stuck). Any other 400 is
   * about the request (a proxy, a cut body): retried by back-off, nothing parked. A 413 halves count and bytes; sizes grow back gradually.
   */
  private async pushAll(token: string, group: OutboxGroup): Promise<RoundEnd> {
    const bodies: [BodyBuffer, BodyBuffer] = [new BodyBuffer(), new BodyBuffer()];
    try {
      return await this.pushAllInto(bodies, token, group);
    } finally {
      for (const b of bodies) b.release();
    }
  }

  /**
   * pushAll, the bodies written into `bodies` (two buffers for the round, not one per batch).
   * While a batch cut short waits for its answer, the next is read beside it and sent too (two pushes
   * on their way at most): the window's reads, the server's parse and check and PostgreSQL's
   * insert and commit of two batches then overlap instead of taking turns (issue 16, push speed;
   * measured on bench:sync with one request at a time, the three processes together kept about
   * one of two cores busy). The batch sent beside carries no stream of the one before it
   * (readOutboxBatch `besides`), so whatever becomes of that one — refused, its stream parked,
   * halved, a 413 — no later version of its streams has gone up ahead of it, and the parking
   * rules hold as with one batch at a time; the server stores by id, in any order. Not while
   * searching for a refused event (one batch at a time then), only when the batch before was cut
   * short (more to send), and only with bodies of sizes already taken (largestTakenBytes). When a
   * push fails, the one beside it is answered first and its held events leave the outbox, then the
   * failure is handled. A push taken beside another does not grow the batch size or byte budget
   * (the one awaited does).
   */
  private async pushAllInto(bodies: [BodyBuffer, BodyBuffer], token: string, group: OutboxGroup): Promise<RoundEnd> {
    const { db } = this.options;
    const progress = { done: 0, total: countOutbox(db) };
    let searching = false;
    const maxBatch = Math.min(this.options.batchSize ?? MAX_PUSH_EVENTS, MAX_PUSH_EVENTS);
    await this.readBodyLimit();
    /** The push sent beside the one awaited (see above); it becomes the one awaited next. */
    let beside: InFlight | null = null;
    try {
      for (;;) {
        if (this.abort.signal.aborted) throw new Stopped();
        const ceiling = bodyCeilingBytes(this.maxBodyBytes, this.smallestRefusedBytes);
        const budget = Math.min(this.bodyBudget ?? ceiling, ceiling);
        let current: InFlight;
        if (beside !== null) {
          current = beside;
          beside = null;
        } else {
          const batch = readOutboxBatch(db, this.batchSize, { only: group, maxBytes: budget, bodyBuffer: bodies[0] });
          if (batch.unsendable) {
            const { unsendable } = batch;
            this.options.log.error('outbox event does not fit the sync wire', { seq: unsendable.seq, id: unsendable.id, type: unsendable.type, problem: unsendable.problem });
            this.park(unsendable.seq, unsendableWords(unsendable.id, unsendable.type));
            continue;
          }
          if (batch.entries.length === 0) return { kind: 'done' };
          const only = batch.entries[0] as OutboxEntry;
          if (batch.entries.length === 1 && this.maxBodyBytes !== null && batch.bodyBytes > this.maxBodyBytes) {
            // Over the published limit alone: parked without uploading megabytes to hear 413.
            this.park(only.seq, eventTooLargeWords(only.id, only.type, batch.bodyBytes, this.maxBodyBytes));
            continue;
          }
          current = this.send(batch, 0, token);
        }
        const { batch } = current;
        const { entries } = batch;
        const first = entries[0] as OutboxEntry;
        if (progress.total > entries.length || this.progress !== null) {
          this.progress = { ...progress };
          // Connected or not is known from the answer; until then the state stays what it was.
          this.publish(this.report.state, progressWords(progress.done, progress.total));
        }
        // Only beside a push of a size already taken (largestTakenBytes): a larger one goes alone.
        if (!searching && batch.cut && batch.bodyBytes <= this.largestTakenBytes) {
          // Read once the request has been handed its socket (a later tick). The read is
          // synchronous: the body is in the kernel's buffers and the server at work meanwhile.
          await new Promise<void>((resolve) => setImmediate(resolve));
          const other: 0 | 1 = current.buffer === 0 ? 1 : 0;
          try {
            const next = readOutboxBatch(db, this.batchSize, { only: group, maxBytes: budget, bodyBuffer: bodies[other], besides: entries });
            // An unsendable or oversized first event is dealt with when it is read on its own turn.
            // A batch larger than any taken is not sent beside but read again after the answer and
            // sent alone (one read lost): read under that size instead, every batch after the
            // first would be cut to it, the size never growing back to the batch limit.
            if (next.unsendable === null && next.entries.length > 0 && next.bodyBytes <= this.largestTakenBytes) beside = this.send(next, other, token);
          } catch (err) {
            // The push on its way is still awaited below; the next batch is read after it.
            this.options.log.warn('sync read beside a push failed, read again after the answer', { error: err instanceof Error ? err.message : String(err) });
          }
        }
        const result = await current.sending;
        if (result.kind !== 'ok') {
          // The push beside it is answered first (it shares no stream with this one).
          if (beside !== null) {
            this.settleBeside(beside, await beside.sending, progress);
            beside = null;
          }
          // Only a real 413 halves: a connection reset is the network's, retried by back-off as it is.
          if (result.kind === 'http' && result.status === 413) {
            this.refusedAsTooLarge(batch.bodyBytes);
            const smaller = halvedBatch(entries.length);
            if (smaller === null) {
              this.park(first.seq, eventTooLargeWords(first.id, first.type, batch.bodyBytes, this.maxBodyBytes));
              continue;
            }
            this.options.log.info('sync batch over the server limit, halved', { from: entries.length, to: smaller, bytes: batch.bodyBytes });
            this.batchSize = smaller;
            this.bodyBudget = Math.floor(batch.bodyBytes / 2);
            continue;
          }
          // Parked only when the server says the refusal is about one event: a 409, or a 400
          // `invalid_event`. A plain 400 is about the request (a proxy or WAF, a body cut off, a
          // server speaking another protocol): no event is at fault, so nothing is parked and the
          // round is retried by back-off; the outbox goes up as it is once that passes.
          const oneEvent = result.kind === 'http' && (result.status === 409 || (result.status === 400 && result.error?.error === 'invalid_event'));
          if (result.kind === 'http' && result.status === 400 && !oneEvent) {
            this.options.log.warn('sync push refused as a request, nothing parked', { status: result.status, error: result.error });
            return { kind: 'retry', words: invalidWords(result.error), offline: false };
          }
          if (result.kind === 'http' && oneEvent) {
            if (entries.length > 1) {
              // One event of these is refused, and the server refuses the whole batch: find it.
              searching = true;
              this.batchSize = halvedBatch(entries.length) ?? 1;
              this.options.log.info('sync batch refused, halving to find the event', { status: result.status, from: entries.length, to: this.batchSize });
              continue;
            }
            if (result.status === 400) {
              if (this.refusalsInARow >= REFUSALS_BEFORE_STUCK) return { kind: 'stuck', words: invalidWords(result.error) };
              this.refusalsInARow += 1;
            }
            this.park(first.seq, result.status === 409 ? conflictWords(first.id, first.type, result.error) : refusedEventWords(first.id, first.type, result.error));
            // The culprit is parked: what follows is searched from a batch of one, growing back.
            searching = false;
            continue;
          }
          return this.failed(result);
        }
        if (this.settle(current, result, progress) === 0) return { kind: 'stuck', words: '上级平台确认的记录与本窗口发送的不符，同步暂停，请联系信息科' };
        if (!searching) {
          this.batchSize = grownBatch(this.batchSize, maxBatch);
          if (this.bodyBudget !== null) this.bodyBudget = grownBudget(this.bodyBudget, ceiling);
        }
      }
    } finally {
      // A round ending with a push still on its way (stopped, a database fault): its answer is
      // read before the buffers go, and its held events leave the outbox when it came back whole.
      if (beside !== null && !this.abort.signal.aborted) {
        const last = beside;
        await last.sending.then(
          (result) => this.settleBeside(last, result, progress),
          () => undefined,
        ).catch((err: unknown) => this.options.log.warn('sync answer of a push beside another not recorded', { error: err instanceof Error ? err.message : String(err) }));
      }
    }
  }

  /** Posts `batch` (its body in the round's buffer `buffer`) to the upstream. */
  private send(batch: OutboxBatch, buffer: 0 | 1, token: string): InFlight {
    const sending = postSyncText(
      { baseUrl: this.options.target.url, path: SYNC_PATHS.push, token, signal: this.abort.signal, now: () => this.options.clock.now().getTime() },
      batch.body,
      PushAckSchema,
    );
    // Handled now: an abort (the core stopping) may reject it before the await that reads it;
    // unhandled meanwhile, Node would end the process.
    sending.catch(() => undefined);
    return { batch, buffer, sending };
  }

  /** A 413 for a body of `bytes`: no body near it again, and no push beside another until one is taken (largestTakenBytes). */
  private refusedAsTooLarge(bytes: number): void {
    this.smallestRefusedBytes = Math.min(this.smallestRefusedBytes ?? Infinity, bytes);
    this.largestTakenBytes = 0;
  }

  /**
   * The answer of a push that went beside one that failed (or of one left on its way when a round
   * ends), settled before that failure is handled: taken, its events leave the outbox (the status
   * bar is not told: the round's end is about to say what holds); a 413 is noted as one; any other
   * failure leaves its events to go again in their turn.
   */
  private settleBeside(push: InFlight, result: SyncHttpResult<PushAck>, progress: { done: number; total: number }): void {
    if (result.kind === 'http' && result.status === 413) this.refusedAsTooLarge(push.batch.bodyBytes);
    if (result.kind !== 'ok') return;
    if (this.settle(push, result, progress, false) === 0) {
      this.options.log.warn('sync ack of a push beside another named none of its events; they stay in the outbox', { events: push.batch.entries.length });
    }
  }

  /**
   * An answered push: when the upstream took it, the ids it holds leave the outbox (with the clock
   * offset of its answer), the back-off and the refusals in a row start again, and `progress` and
   * (when `say`) the status bar move on. Returns how many events left the outbox (0 for a failed
   * push, whose events stay to go again in their turn).
   */
  private settle(push: InFlight, result: SyncHttpResult<PushAck>, progress: { done: number; total: number }, say = true): number {
    if (result.kind !== 'ok') return 0;
    const { db } = this.options;
    this.refusalsInARow = 0;
    const offset = clockOffsetMs(result.body.serverTime, result.sentAtMs, result.receivedAtMs);
    const removed = acknowledge(db, push.batch.entries, result.body.held, offset, this.nowIso());
    if (removed === 0) return 0;
    this.largestTakenBytes = Math.max(this.largestTakenBytes, push.batch.bodyBytes);
    // The upstream took a batch: the back-off starts again from its first step. Otherwise every
    // interruption of one long catch-up (a server restarted, a link dropping now and then) would
    // add to the failures of the last, and the window would wait minutes after each short outage.
    this.failures = 0;
    this.options.onOutboxChanged?.();
    progress.done += removed;
    // Events recorded meanwhile join this round's total.
    progress.total = progress.done + countOutbox(db);
    if (this.progress !== null && say) {
      this.progress = { ...progress };
      this.publish('connected', progressWords(progress.done, progress.total));
    }
    return removed;
  }

  /** Releases the streams parked for anything but a 409, at the first round and every AUTO_RELEASE_MS after (see there). */
  private autoRelease(): void {
    const at = this.options.clock.now().getTime();
    if (at - this.lastAutoReleaseMs < AUTO_RELEASE_MS) return;
    this.lastAutoReleaseMs = at;
    const released = unparkAllBut(this.options.db, CONFLICT_MARK);
    if (released > 0) this.options.log.info('sync parked events released for another try by themselves', { released });
  }

  /** Parks the stream of outbox row `seq` with `reason` (logged; the round's end says it in the status). */
  private park(seq: number, reason: string): void {
    this.options.log.warn('sync event parked, its stream waits', { seq, reason });
    parkStream(this.options.db, seq, reason, this.nowIso());
  }

  /** Reads the upstream's body limit from its `/health` when not known, or known for over 10 minutes; keeps the last one known otherwise. */
  private async readBodyLimit(): Promise<void> {
    if (this.maxBodyBytes !== null && Date.now() - this.maxBodyReadAt < BODY_LIMIT_TTL_MS) return;
    const limit = await upstreamBodyLimit(this.options.target.url, this.abort.signal);
    if (this.abort.signal.aborted) throw new Stopped();
    this.maxBodyReadAt = Date.now();
    if (limit !== null) this.maxBodyBytes = limit;
  }

  /** Pulls until the server says there is no more, each answer applied with its cursor. */
  private async pullAll(token: string): Promise<RoundEnd> {
    const apply = this.options.applyPull;
    if (!apply) return { kind: 'done' };
    for (;;) {
      if (this.abort.signal.aborted) throw new Stopped();
      const cursor = readPullCursor(this.options.db);
      const result = await postSync(
        { baseUrl: this.options.target.url, path: SYNC_PATHS.pull, token, signal: this.abort.signal, now: () => this.options.clock.now().getTime() },
        { cursor, limit: MAX_PULL_CHANGES },
        // Read leniently: a change this program cannot read is skipped, never the whole answer.
        TolerantPullResponseSchema,
      );
      if (result.kind === 'http' && result.error?.error === 'bad_cursor' && cursor !== null) {
        // The server's database did not write this cursor (restored, replaced): from the beginning
        // again, at once. Safe: the changes already applied are in sync_applied_changes. A null
        // cursor is never refused, so this happens once per answer at most.
        this.options.log.warn('sync pull cursor refused, pulling from the beginning', { cursor, reason: result.error.reason });
        restartPull(this.options.db);
        continue;
      }
      if (result.kind !== 'ok') return this.failed(result);
      const applied = apply(result.body);
      notePulled(this.options.db, this.nowIso());
      if (applied.applied > 0 || applied.caseIds.length > 0 || applied.catalogChanged || applied.calendarYears.length > 0) {
        this.options.log.info('sync pulled', { applied: applied.applied, skipped: applied.skipped, cases: applied.caseIds.length });
        try {
          this.options.onPulled?.(applied);
        } catch (err) {
          this.options.log.warn('sync pull listener failed', { error: (err as Error).message });
        }
      }
      if (!result.body.more) return { kind: 'done' };
      // A server answering "more" without moving the cursor would spin this loop.
      if (result.body.cursor === cursor) return { kind: 'stuck', words: '上级平台的下发游标没有前进，同步暂停，请联系信息科' };
    }
  }

  private failed(result: Exclude<SyncHttpResult<unknown>, { kind: 'ok' }>): RoundEnd {
    if (result.kind === 'network') return { kind: 'retry', words: unreachableWords(result.reason), offline: result.offline };
    switch (result.status) {
      case 401:
        return { kind: 'halt', words: TOKEN_REFUSED_WORDS };
      case 403:
        return { kind: 'halt', words: forbiddenWords(result.error) };
      case 400:
        return { kind: 'stuck', words: invalidWords(result.error) };
      case 409:
        // A conflict does not pass by waiting (pushAll parks the event it is about): not server trouble.
        return { kind: 'stuck', words: invalidWords(result.error) };
      default:
        return { kind: 'retry', words: serverTroubleWords(result.status, result.error), offline: result.status >= 500 };
    }
  }
}
