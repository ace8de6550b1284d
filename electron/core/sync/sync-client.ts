import { MAX_PULL_CHANGES, MAX_PUSH_EVENTS, PullResponseSchema, PushAckSchema, SYNC_PATHS, type PullResponse } from '../../contract/sync';
import type { SyncProgress } from '../../contract/health';
import type { BackgroundService } from '../assembly/capability-module';
import type { Clock } from '../clock';
import type { StatusReport, StatusSource } from '../devices/device';
import { countOutbox } from '../events/event-store';
import type { Logger } from '../logging/logger';
import type { Db } from '../storage/database';
import { backoffDelayMs, BACKOFF_MAX_MS, grownBatch, halvedBatch } from './backoff';
import { clockOffsetMs, clockWarning } from './clock-offset';
import { enrolWindow, type EnrolOutcome } from './enrol';
import { acknowledge, readOutboxBatch, type OutboxEntry } from './outbox';
import { postSync, postSyncText, upstreamHealthy, type SyncHttpResult } from './sync-http';
import { notePulled, noteSyncError, noteSyncSuccess, readPullCursor, readSyncState, storeEnrolment } from './sync-state-store';
import { SYNC_STATUS_ID, SYNC_STATUS_LABEL } from './sync-status';
import {
  eventTooLargeWords,
  forbiddenWords,
  invalidWords,
  NOT_ENROLLED_WORDS,
  progressWords,
  serverTroubleWords,
  TOKEN_REFUSED_WORDS,
  unreachableWords,
  unsendableWords,
} from './sync-words';

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
  applyPull?: (response: PullResponse) => PullApplied;
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
  | { kind: 'done' }
  /** Try again after back-off (network, server trouble). */
  | { kind: 'retry'; words: string; offline: boolean }
  /** Nothing will change by itself: stop until someone acts (a new code, `sync.now`, a restart). */
  | { kind: 'halt'; words: string }
  /** Stuck on something only a newer program or server can fix: retried at the longest back-off only. */
  | { kind: 'stuck'; words: string }
  | { kind: 'stopped' };

class Stopped extends Error {}

/**
 * A push body from this size on (characters of JSON, ≈ bytes) that is cut off while the server
 * answers its health check is taken as over the server's body limit (upstreamHealthy).
 */
const LARGE_BODY_CHARS = 256 * 1024;

/**
 * The window's sync client (DESIGN.md, "Sync"; issue 16), a background service of the core and
 * the status source `sync`. A round: enrol if the database holds no token and a code is at hand;
 * push the outbox oldest first in batches (≤ 500, read one batch at a time: a week offline is
 * streamed with bounded memory), each batch leaving the outbox only for the ids the server's
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
  private progress: SyncProgress | null = null;
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
      this.storeToken(outcome);
      if (this.started) void this.syncNow();
    }
    return outcome;
  }

  private httpBase(): { baseUrl: string; hall: string; window: number; signal: AbortSignal; now: () => number } {
    const { target } = this.options;
    return { baseUrl: target.url, hall: target.hall, window: target.window, signal: this.abort.signal, now: () => this.options.clock.now().getTime() };
  }

  private storeToken(outcome: Extract<EnrolOutcome, { ok: true }>): void {
    storeEnrolment(this.options.db, { token: outcome.token, hall: outcome.hall, window: outcome.window, at: this.nowIso(), clockOffsetMs: outcome.clockOffsetMs });
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

  /** The token to use: the database's, else an old config's, else one traded for a code now. */
  private async token(): Promise<{ token: string } | RoundEnd> {
    const saved = readSyncState(this.options.db);
    const { target } = this.options;
    if (saved.token !== null) {
      if (saved.enrolledHall !== null && (saved.enrolledHall !== target.hall || saved.enrolledWindow !== target.window)) {
        return { kind: 'halt', words: `本窗口的同步令牌是为 ${saved.enrolledHall} 大厅 ${saved.enrolledWindow ?? '?'} 号窗口注册的，本窗口现为 ${target.hall} 大厅 ${target.window} 号窗口：请重新注册` };
      }
      return { token: saved.token };
    }
    if (target.configToken !== null) return { token: target.configToken };
    if (target.enrolmentCode === null) return { kind: 'halt', words: NOT_ENROLLED_WORDS };
    const outcome = await enrolWindow(this.httpBase(), target.enrolmentCode);
    if (this.abort.signal.aborted) throw new Stopped();
    if (!outcome.ok) {
      const words = `配置文件中的注册码未能使用：${outcome.words}`;
      return outcome.retryable ? { kind: 'retry', words, offline: true } : { kind: 'halt', words };
    }
    this.storeToken(outcome);
    return { token: outcome.token };
  }

  private async work(): Promise<RoundEnd> {
    const got = await this.token();
    if (!('token' in got)) return got;
    const pushed = await this.pushAll(got.token);
    if (pushed.kind !== 'done') return pushed;
    return this.pullAll(got.token);
  }

  /** Pushes until the outbox is empty (events recorded meanwhile included). */
  private async pushAll(token: string): Promise<RoundEnd> {
    const { db } = this.options;
    let done = 0;
    let total = countOutbox(db);
    for (;;) {
      if (this.abort.signal.aborted) throw new Stopped();
      const { entries, unsendable } = readOutboxBatch(db, this.batchSize);
      if (unsendable) {
        this.options.log.error('outbox event does not fit the sync wire', { seq: unsendable.seq, id: unsendable.id, type: unsendable.type, problem: unsendable.problem });
        return { kind: 'stuck', words: unsendableWords(unsendable.id, unsendable.type) };
      }
      if (entries.length === 0) return { kind: 'done' };
      if (total > entries.length || this.progress !== null) {
        this.progress = { done, total };
        // Connected or not is known from the answer; until then the state stays what it was.
        this.publish(this.report.state, progressWords(done, total));
      }
      const bodyText = JSON.stringify({ events: entries.map((e) => e.event) });
      const result = await postSyncText(
        { baseUrl: this.options.target.url, path: SYNC_PATHS.push, token, signal: this.abort.signal, now: () => this.options.clock.now().getTime() },
        bodyText,
        PushAckSchema,
      );
      if (result.kind !== 'ok') {
        // A server refusing an oversize body may cut the connection before its 413 is read.
        const cutOff = result.kind === 'network' && bodyText.length > LARGE_BODY_CHARS && (await upstreamHealthy(this.options.target.url, this.abort.signal));
        if ((result.kind === 'http' && result.status === 413) || cutOff) {
          const smaller = halvedBatch(entries.length);
          const first = entries[0] as OutboxEntry;
          if (smaller === null) return { kind: 'stuck', words: eventTooLargeWords(first.event.id, first.event.type) };
          this.options.log.info('sync batch over the server limit, halved', { from: entries.length, to: smaller });
          this.batchSize = smaller;
          continue;
        }
        return this.failed(result);
      }
      const offset = clockOffsetMs(result.body.serverTime, result.sentAtMs, result.receivedAtMs);
      const removed = acknowledge(db, entries, result.body.held, offset, this.nowIso());
      if (removed === 0) return { kind: 'stuck', words: '上级平台确认的记录与本窗口发送的不符，同步暂停，请联系信息科' };
      this.options.onOutboxChanged?.();
      this.batchSize = grownBatch(this.batchSize, Math.min(this.options.batchSize ?? MAX_PUSH_EVENTS, MAX_PUSH_EVENTS));
      done += removed;
      // Events recorded meanwhile join this round's total.
      total = done + countOutbox(db);
      if (this.progress !== null) {
        this.progress = { done, total };
        this.publish('connected', progressWords(done, total));
      }
    }
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
        PullResponseSchema,
      );
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
      default:
        return { kind: 'retry', words: serverTroubleWords(result.status, result.error), offline: result.status >= 500 };
    }
  }
}
