import {
  categoriesServedBy,
  HALL_REFUSED_WORDS,
  KEYPAD_KEYS,
  KEYPAD_SELECT,
  KEYPAD_SELECTIONS,
  HALL_UNREACHABLE_WORDS,
  DISPLAY_CONNECTING_WORDS,
  HISTORY_BATCH_MAX,
  NO_FALLBACK_SLOT_WORDS,
  NO_HALL_SERVER_WORDS,
  NOT_ENROLLED_WORDS,
  QUEUE_NOT_CONFIGURED_WORDS,
  refusalWords,
  RANGE_EXHAUSTED_WORDS,
  RECENT_CALLS,
  type CategoryLetter,
  BOOKING_CODE_WORDS,
  HALL_NUMBER_TAKEN_WORDS,
  type DispenserState,
  type HallRefusalNotice,
  type WindowFigures,
  type Lane,
  type QueueCall,
  type QueueCalls,
  type QueueIssueResult,
  type QueueLine,
  type QueueModeInfo,
  type QueuePanel,
  type QueuePressResult,
  type QueueRules,
  type QueueStateResponse,
  type Ticket,
  type WindowAction,
  type WindowOutcome,
  type WindowPress,
} from '../../contract/queue';
import { CounterError } from '../../contract/errors';
import type { QueueConfig } from '../../contract/config';
import type { CapabilityModule, CoreContext, HandlerSlice } from '../assembly/capability-module';
import { newId } from '../ids/new-id';
import type { KeypadPress } from '../ratings/device/rating-driver';
import type { SyncHttpResult } from '../sync/sync-http';
import { tokenFor } from '../sync/sync-tokens';
import { HallCallsFollower } from './hall-calls-follower';
import { hallFigures, hallState, issueTicket, pressAtHall, QUEUE_REQUEST_TIMEOUT_MS, sendHistory, type HallTarget } from './hall-client';
import { dayFigures } from './figures';
import { acknowledgeHallRefusals, hallRefusals, handHoldsToHall, issueLocally, loadLocalQueue, localCalls, markSent, pressLocally, unsentCount, unsentHistory, type HallRefusal } from './local-queue-store';
import { serviceDayOf } from './service-day';
import { comesBefore } from './next-ticket';
import { windowStatus, type QueueState } from './queue-state';
import { fallbackNumberRange } from './ticket-numbering';
import { peopleAhead } from './people-ahead';
import { estimateWait } from './wait-estimate';
import type { DispenserPrinting } from './dispenser-printing';
import { dispenserReporter } from './dispenser-report';

// The hall queue as a capability module (issue 17). While the hall server (config `sync.url`,
// with this PC's enrolment token) answers, every ticket and press goes through it (hall mode):
// numbers unique across the hall, a ticket called by one window. When it does not answer (a
// network error, a time-out, a 5xx) the module falls back to this PC's local queue (local mode),
// numbering from the config's fallback slot, and says so (HALL_UNREACHABLE_WORDS). A probe every
// `probeIntervalMs` tries the server again; when it answers, the local history (tickets and
// presses not sent yet) goes up once (POST history, idempotent by ticket id and pressId) and
// hall mode resumes. Every request and the probe run one at a time (`serial`), so a press made
// while the history is going up is never left behind in local rows after the switch.
// A read (the panel's GET) the server does not answer in time never switches the mode: the panel
// shows the hall's state last seen, marked HALL_STATE_LATE_WORDS; only a write or the probe does.
// Once the history is acknowledged, its tickets are the hall's (handed over): the local queue of a
// later offline spell the same day leaves them out (local-queue-store.ts), save the one a window
// here holds, so no citizen is called twice.
// Known limit: a press whose request reached the server but whose answer was lost twice is also
// applied locally; the server's effect (e.g. a ticket called to this window) shows in the panel
// once hall mode resumes, and a different ticket held here is logged at the switch. It is not
// sent again then: a late `callNext` would call someone nobody is waiting for.

export interface QueueModuleOptions {
  /** ms a request may take before the server counts as unreachable; default QUEUE_REQUEST_TIMEOUT_MS. */
  requestTimeoutMs?: number;
  /** ms between tries of the server while in local mode; default 15 s. */
  probeIntervalMs?: number;
  /** A display PC: ms before it follows the calls stream again after losing it; default 2 s. */
  callsRetryMs?: number;
  /** A window PC in hall mode: ms between reads of the hall's lines while its 叫号 panel is looked at; default HALL_WATCH_MS. */
  watchIntervalMs?: number;
}

/**
 * ms between a window's reads of the hall's lines while the panel is looked at (issue 17 §3: the
 * waiting counts grow as citizens take numbers at the dispenser, which tells the window nothing).
 */
export const HALL_WATCH_MS = 3_000;
/**
 * ms a panel read (`queue.state`: the 叫号 page opening, its dispenser warnings' refresh every
 * 30 s, 受理's header opening) keeps the watch going: nobody looking, no reads of the hall. The
 * status bar's read on every page is `passive` and does not (review F14).
 */
export const HALL_WATCH_LOOKED_MS = 75_000;

export interface QueueModuleDeps {
  /** A service finished at this window (办结, or a call that finished the ticket held): arms 一次一评 (ratings module). */
  serviceFinished?(service: { ticketId: string; ticketNumber: string; calledAt: string | null }): void;
  /**
   * At a dispenser (config role `dispenser`): its ticket printer, asked before each number is
   * issued (nothing issued when it cannot print) and given the ticket once issued (dispenser-printing.ts).
   */
  dispenserPrinting?: DispenserPrinting;
}

export interface QueueModule extends CapabilityModule {
  /**
   * Tries the hall server now (local mode only; nothing otherwise): sends the unsent local
   * history and, once all of it is acknowledged, resumes hall mode. Answers the mode after.
   */
  probe(): Promise<QueueModeInfo>;
  /** The mode now. */
  mode(): QueueModeInfo;
  /** A press made elsewhere than the window's screen (the caller keypad), with a pressId of its own. */
  press(action: WindowAction, pressId?: string): Promise<QueuePressResult>;
  /**
   * A caller keypad's key on the legacy hall bus (contract/queue/keypad.ts): the same press as
   * from the screen, a new pressId per frame (the driver hands each frame once). Answers at once
   * whether the queue took it (false with no queue here, or at a dispenser or display); the press
   * itself runs after, its answer going to the screen as `queue.changed`.
   */
  keypad(press: KeypadPress): boolean;
  /**
   * The ticket at this window's counter (called or being served) as the panel last showed it, or
   * null: read synchronously, with no request (a case accepted meanwhile records it, issue 17 §3).
   * `serviceDay` YYYY-MM-DD, `calledAt` ISO instant or null.
   */
  currentTicket(): CounterTicket | null;
}

/** The ticket at a window's counter, as currentTicket gives it. */
export interface CounterTicket {
  ticketId: string;
  number: string;
  serviceDay: string;
  calledAt: string | null;
}

/** The hall's rules as the wire and the pure rules take them: the config's `queue` with the config's time zone. */
export function rulesOf(queue: QueueConfig, timeZone: string): QueueRules {
  return {
    timeZone,
    resetHour: queue.resetHour,
    policy: queue.policy,
    categories: queue.categories,
    defaultServiceMinutes: queue.defaultServiceMinutes,
  };
}

/** The letters `window` calls: the config's `serves`, else the categories listing it. */
export function servedBy(queue: QueueConfig, window: number): CategoryLetter[] {
  return queue.serves ?? categoriesServedBy(queue.categories, window);
}

/**
 * The rules the local reducer runs for `window`: as the hall's, with the window put in (or out of)
 * each category's `windows` by `serves`, since the pure rules read the served letters from there.
 */
function localRulesFor(rules: QueueRules, serves: readonly CategoryLetter[], window: number): QueueRules {
  return {
    ...rules,
    categories: rules.categories.map((c) => {
      const others = c.windows.filter((w) => w !== window);
      return { ...c, windows: serves.includes(c.letter) ? [...others, window] : others };
    }),
  };
}

/** The sentence the window's screen shows for an outcome. */
export function outcomeWords(outcome: WindowOutcome): string {
  switch (outcome.kind) {
    case 'called':
      return outcome.recall ? `重呼 ${outcome.number} 号` : `请 ${outcome.number} 号到 ${outcome.window} 号窗口办理`;
    case 'serving':
      return '开始办理';
    case 'skipped':
      return '已过号';
    case 'finished':
      return '已办结';
    case 'transferred':
      return 'window' in outcome.to ? `已转移到 ${outcome.to.window} 号窗口` : `已转移到 ${outcome.to.category} 类业务`;
    case 'paused':
      return `窗口已暂停：${outcome.reason}`;
    case 'resumed':
      return '窗口已恢复叫号';
    case 'refused':
      return refusalWords(outcome);
  }
}

/**
 * A request's fate: the server's answer; `local` (local mode, now or already); `unanswered` (a
 * read the server did not answer in time: the mode stays as it was, see viaHall).
 */
type Routed<T> = { kind: 'ok'; body: T } | { kind: 'local' } | { kind: 'unanswered' };

/**
 * Said with a press made in local mode that would end the ticket held, while the hall server
 * still has this window holding `number`: the local press does not end the hall's ticket.
 */
export function hallStillOpenWords(number: string): string {
  return `大厅号 ${number} 仍在办理中（排队服务器不可用，未能结束），恢复联网后请再按办结`;
}

/** The panel's words when the hall server did not answer a read in time: what shows is not the hall's state now. */
export const HALL_STATE_LATE_WORDS = '排队服务器暂未应答，显示的不是最新排队情况';

/**
 * How long the hall's figures shown on the panel (今日已办 …) are kept before a panel read asks
 * again, in ms (a press asks at once). Read beside the panel, never awaited by it (review F4).
 */
export const TODAY_FIGURES_REFRESH_MS = 60_000;

export function queueModule(ctx: CoreContext, deps: QueueModuleDeps = {}, options: QueueModuleOptions = {}): QueueModule {
  const { db, log, config } = ctx;
  const queue = config.queue;
  const window = ctx.window.windowNumber;
  const timeoutMs = options.requestTimeoutMs ?? QUEUE_REQUEST_TIMEOUT_MS;
  const probeIntervalMs = options.probeIntervalMs ?? 15_000;
  const rules = queue ? rulesOf(queue, config.timeZone) : null;
  const serves = queue ? servedBy(queue, window) : [];
  const localRules = rules ? localRulesFor(rules, serves, window) : null;
  const stopping = new AbortController();

  /** The token the server knows this PC by (the database's, else an old config file's), or null. */
  const token = (): string | null => tokenFor(db, { hall: ctx.window.hallCode, window }) ?? config.sync?.enrolmentToken ?? null;

  const unsent = (): number => (queue ? unsentCount(db) : 0);
  let state: { mode: QueueModeInfo['mode']; words: string | null; since: string | null } = !queue
    ? { mode: 'off', words: QUEUE_NOT_CONFIGURED_WORDS, since: null }
    : !config.sync
      ? { mode: 'local', words: NO_HALL_SERVER_WORDS, since: null }
      : // A display is in hall mode only once its calls stream is open (the follower says so).
        config.role === 'display'
        ? { mode: 'local', words: DISPLAY_CONNECTING_WORDS, since: null }
        : // Local history left from before a restart goes up before hall mode resumes (the probe at start).
        unsentCount(db) > 0
        ? { mode: 'local', words: HALL_UNREACHABLE_WORDS, since: null }
        : { mode: 'hall', words: null, since: null };

  const modeInfo = (): QueueModeInfo => ({ ...state, unsentHistory: unsent() });

  /**
   * The hall server's panel as last answered in hall mode (shown, marked late, for a read it does
   * not answer in time); null after a fall back to local mode, whose presses it knows nothing of.
   */
  let lastHallPanel: QueuePanel | null = null;
  /**
   * The ticket the hall server last said this window holds (kept through a local spell: the hall
   * still has it open, and a local press cannot end it — trial F13), or null.
   */
  let hallHeld: { ticketId: string; number: string } | null = null;

  const setMode = (mode: 'hall' | 'local', words: string | null): void => {
    // A hall panel from before a local spell is stale once back: the first late read after it
    // shows this PC's own queue instead of, say, a ticket held before the outage (review L3).
    if (mode === 'local') lastHallPanel = null;
    if (state.mode === mode && state.words === words) return;
    state = { mode, words, since: ctx.clock.now().toISOString() };
    log.info('queue mode changed', { mode, words });
    ctx.emit({ name: 'queue.modeChanged', payload: modeInfo() });
  };

  let chain: Promise<unknown> = Promise.resolve();
  /** Runs `work` after every earlier request and probe has settled. */
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const run = chain.then(work, work);
    chain = run.catch(() => undefined);
    return run;
  };

  const targetOrNull = (): HallTarget | null => {
    const sync = config.sync;
    if (!sync) return null;
    const t = token();
    if (t === null) return null;
    return { baseUrl: sync.url, token: t, signal: stopping.signal, now: () => ctx.clock.now().getTime(), timeoutMs };
  };

  /**
   * Sends one request in hall mode. A write (`kind` 'write': a press, an issue) whose network
   * failure or 5xx repeats twice (the same body, so the same pressId / issueId) switches to local
   * mode; 401/403 (a token the server does not accept) local mode with words for IT; any other
   * refusal is the caller's error, in the server's words. A read (`kind` 'read') is tried once and
   * never switches the mode on its own — one slow GET is no outage, and nothing was left undone
   * at the hall — it answers `unanswered` and the caller shows what it last knew; a write or the
   * probe decides the mode.
   */
  const viaHall = async <T>(send: (target: HallTarget) => Promise<SyncHttpResult<T>>, kind: 'write' | 'read' = 'write'): Promise<Routed<T>> => {
    const attempts = kind === 'write' ? 2 : 1;
    if (state.mode !== 'hall') return { kind: 'local' };
    const target = targetOrNull();
    if (!target) {
      setMode('local', NOT_ENROLLED_WORDS);
      return { kind: 'local' };
    }
    for (let attempt = 1; ; attempt++) {
      const result = await send(target);
      if (result.kind === 'ok') return { kind: 'ok', body: result.body };
      if (kind === 'read' && (result.kind !== 'http' || result.status >= 500 || result.status === 401 || result.status === 403)) {
        log.warn('queue server did not answer a read, mode kept', { mode: state.mode, reason: result.kind === 'network' ? result.reason : `HTTP ${result.status}` });
        return { kind: 'unanswered' };
      }
      if (result.kind === 'http' && (result.status === 401 || result.status === 403)) {
        log.warn('queue server refused the token', { status: result.status, reason: result.error?.reason ?? null });
        setMode('local', HALL_REFUSED_WORDS);
        return { kind: 'local' };
      }
      if (result.kind === 'http' && result.status < 500) {
        throw new CounterError('rule_violation', result.error?.reason ?? `排队服务器拒绝了请求（HTTP ${result.status}）`);
      }
      if (attempt >= attempts) {
        log.warn('queue server unreachable, local queue in use', { reason: result.kind === 'network' ? result.reason : `HTTP ${result.status}` });
        setMode('local', HALL_UNREACHABLE_WORDS);
        return { kind: 'local' };
      }
    }
  };

  const requireQueue = (): { queue: QueueConfig; rules: QueueRules; localRules: QueueRules } => {
    if (!queue || !rules || !localRules) throw new CounterError('unavailable', QUEUE_NOT_CONFIGURED_WORDS);
    return { queue, rules, localRules };
  };

  const categoryName = (letter: string): string => queue?.categories.find((c) => c.letter === letter)?.name ?? letter;

  // -- the panel ---------------------------------------------------------------------------

  /**
   * This PC's local tickets the hall did not take, still to be shown (today's service day by this
   * PC's clock, not acknowledged, not done here: local-queue-store.ts hallRefusals).
   */
  const refusalsShown = (): HallRefusalNotice[] => (rules ? hallRefusals(db, serviceDayOf(ctx.clock.now(), rules.timeZone, rules.resetHour)) : []);

  /** A window's figures with nothing done yet. */
  const noFigures = (): WindowFigures => ({ window, served: 0, averageWaitMs: null, averageServiceMs: null, noShows: 0, recalls: 0 });

  /**
   * This window's line of the hall's figures as last read, with its service day (null before any
   * answer: an old server without the route answers 404, and the panel shows no line), and when
   * (this PC's clock, ms; a press sets it to 0 so the next panel reads it again). A second GET
   * beside the state's, not part of it: the figures read the whole day's tickets, the state only
   * the lines — so it is never awaited by a panel or a press (review F4): the panel shows the line
   * last read, and `queue.changed` follows when a new one lands.
   */
  let hallToday: { serviceDay: string; line: WindowFigures } | null = null;
  let hallTodayRead = 0;
  /** The figures read on its way, if any: one at a time, outside `serial` (a press never waits for it). */
  let hallTodayReading: Promise<void> | null = null;
  /** A press asked for the figures while a read was on its way (answered before the press): one more read after it. */
  let hallTodayAgain = false;
  /** The line to show for the hall's `serviceDay`: none from another day (a reset since the last read). */
  const todayFor = (serviceDay: string): WindowFigures | null => (hallToday && hallToday.serviceDay === serviceDay ? hallToday.line : null);
  const refreshHallToday = (r: QueueRules, serviceDay: string): void => {
    const stale = ctx.clock.now().getTime() - hallTodayRead >= TODAY_FIGURES_REFRESH_MS || (hallToday !== null && hallToday.serviceDay !== serviceDay);
    if (state.mode !== 'hall' || !stale) return;
    if (hallTodayReading) {
      hallTodayAgain = true;
      return;
    }
    const target = targetOrNull();
    if (!target) return;
    hallTodayRead = ctx.clock.now().getTime(); // a read now on its way counts as a read: no second one meanwhile
    hallTodayReading = hallFigures(target, r)
      .then((answer) => {
        // A figures read never changes the mode, and a failed one keeps the last line; a server that
        // answered (even 404: older than the figures) is asked again only after the refresh time.
        if (answer.kind === 'network') hallTodayRead = 0;
        if (answer.kind !== 'ok') return;
        const line = answer.body.windows.find((w) => w.window === window) ?? noFigures();
        const changed = JSON.stringify(todayFor(answer.body.serviceDay)) !== JSON.stringify(line);
        hallToday = { serviceDay: answer.body.serviceDay, line };
        // The panel last shown gets the new line, if it is the hall's current one of that day.
        const shown = lastHallPanel;
        if (!changed || !shown || shownLate || state.mode !== 'hall' || shown.serviceDay !== answer.body.serviceDay) return;
        lastHallPanel = { ...shown, today: line };
        const panel: QueuePanel = { ...lastHallPanel, mode: modeInfo(), hallRefusals: refusalsShown() };
        lastWatched = panelKey(panel);
        if (lastPanel === shown) lastPanel = panel;
        ctx.emit({ name: 'queue.changed', payload: panel });
      })
      .catch((err: unknown) => log.warn('queue figures read failed', { error: err instanceof Error ? err.message : String(err) }))
      .finally(() => {
        hallTodayReading = null;
        if (hallTodayAgain) {
          hallTodayAgain = false;
          refreshHallToday(r, hallToday?.serviceDay ?? serviceDay);
        }
      });
  };

  /** The ticket at the counter in the panel last built (a late read of the hall's says nothing new). */
  let atCounter: CounterTicket | null = null;
  /** The panel last built (hall or local, not a late one): what a passive read answers while a press is pending. */
  let lastPanel: QueuePanel | null = null;
  const noteCounter = (panel: QueuePanel): QueuePanel => {
    if (panel.mode.words === HALL_STATE_LATE_WORDS) return panel;
    lastPanel = panel;
    atCounter =
      panel.current && panel.serviceDay !== null
        ? { ticketId: panel.current.ticketId, number: panel.current.number, serviceDay: panel.serviceDay, calledAt: panel.current.calledAt }
        : null;
    return panel;
  };

  const localPanel = (q: QueueState): QueuePanel => noteCounter(localPanelOf(q));

  const localPanelOf = (q: QueueState): QueuePanel => {
    const status = windowStatus(q, window);
    const held = status.current ? q.tickets[status.current] : undefined;
    const lines = new Map<string, Ticket[]>();
    for (const letter of serves) lines.set(letter, []);
    for (const ticket of Object.values(q.tickets)) {
      if (ticket.state !== 'waiting' && ticket.state !== 'transferred') continue;
      if (ticket.forWindow !== null && ticket.forWindow !== window) continue;
      const line = lines.get(ticket.category) ?? [];
      line.push(ticket);
      lines.set(ticket.category, line);
    }
    const waiting: QueueLine[] = [...lines.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([letter, tickets]) => {
        const shown = [...tickets].sort((a, b) => (comesBefore(a, b) ? -1 : 1)).slice(0, 5);
        return {
          letter,
          name: categoryName(letter),
          count: tickets.length,
          next: shown.map((t) => t.number),
          nextTickets: shown.map((t) => ({ ticketId: t.id, number: t.number })),
        };
      });
    const skipped = Object.values(q.tickets)
      .filter((t) => t.state === 'skipped' && t.calledBy === window)
      .sort((a, b) => Date.parse(b.skippedAt ?? '') - Date.parse(a.skippedAt ?? ''));
    return {
      role: config.role,
      window,
      serviceDay: q.serviceDay,
      mode: modeInfo(),
      serves,
      current:
        held && held.calledBy === window && (held.state === 'called' || held.state === 'serving')
          ? { ticketId: held.id, number: held.number, state: held.state, calledAt: held.calledAt }
          : null,
      paused: status.paused,
      waiting,
      skipped,
      // Dispensers report to the hall server only: none known here in local mode.
      dispensers: [],
      hallRefusals: refusalsShown(),
      // This PC's own queue has no call log: its tickets' last calls and recall counts (figures.ts).
      today: dayFigures(Object.values(q.tickets), []).windows.find((w) => w.window === window) ?? noFigures(),
    };
  };

  /** Whether the panel last built from a hall read was the late one (HALL_STATE_LATE_WORDS): figures landing then do not clear the mark. */
  let shownLate = false;
  /** The panel with no queue configured. */
  const offPanel = (): QueuePanel => ({ role: config.role, window, serviceDay: null, mode: modeInfo(), serves: [], current: null, paused: null, waiting: [], skipped: [], dispensers: [] });
  /** The hall's state read (no side effect here: panelFrom applies it). */
  const readHallState = (r: QueueRules): Promise<Routed<QueueStateResponse>> => viaHall((target) => hallState(target, r), 'read');

  /** The panel from wherever the queue is now (the server, else the local store). Inside `serial`. */
  const panelNow = async (): Promise<QueuePanel> => {
    if (!queue || !rules || !localRules) return offPanel();
    return panelFrom(await readHallState(rules));
  };

  /**
   * The panel of a read of the hall's state (synchronous: applied at once, with nothing in
   * between): the local queue's when in local mode, the hall's last seen marked late when the read
   * was not answered, else the hall's, whose figures line is refreshed beside it (not awaited).
   */
  const panelFrom = (routed: Routed<QueueStateResponse>): QueuePanel => {
    if (!queue || !rules || !localRules) return offPanel();
    if (routed.kind === 'local') return localPanel(loadLocalQueue(db, localRules, ctx.clock.now()));
    if (routed.kind === 'unanswered') {
      // Still hall mode: the hall's panel last seen (else this PC's own, which may be older), marked as not current.
      shownLate = true;
      const shown = lastHallPanel ?? localPanel(loadLocalQueue(db, localRules, ctx.clock.now()));
      return { ...shown, hallRefusals: refusalsShown(), mode: { ...modeInfo(), words: HALL_STATE_LATE_WORDS } };
    }
    shownLate = false;
    const body = routed.body;
    refreshHallToday(rules, body.serviceDay);
    const mine = body.windows.find((w) => w.window === window) ?? null;
    const current = mine?.current ?? null;
    hallHeld = current && (current.state === 'called' || current.state === 'serving') ? { ticketId: current.ticketId, number: current.number } : null;
    lastHallPanel = {
      role: config.role,
      window,
      serviceDay: body.serviceDay,
      mode: modeInfo(),
      serves,
      current:
        current && (current.state === 'called' || current.state === 'serving')
          ? { ticketId: current.ticketId, number: current.number, state: current.state, calledAt: current.calledAt }
          : null,
      paused: mine?.paused ?? null,
      // The server lists the letters with someone waiting; the served ones show, empty, as locally.
      waiting: [...serves.filter((letter) => !body.waiting.some((line) => line.letter === letter)).map((letter) => ({ letter, count: 0, next: [], nextTickets: [] })), ...body.waiting]
        .sort((a, b) => (a.letter < b.letter ? -1 : a.letter > b.letter ? 1 : 0))
        .map((line) => ({ letter: line.letter, name: categoryName(line.letter), count: line.count, next: line.next, nextTickets: line.nextTickets ?? [] })),
      skipped: body.skipped,
      // On this PC's clock: the screen tells a silent dispenser by its own clock (skew from serverTime).
      dispensers: body.dispensers.map((d) => ({ ...d, reportedAt: new Date(Date.parse(d.reportedAt) + ctx.clock.now().getTime() - Date.parse(body.serverTime)).toISOString() })),
      // This PC's own record, whichever mode: the hall never had these tickets.
      hallRefusals: refusalsShown(),
      today: todayFor(body.serviceDay),
    };
    return noteCounter(lastHallPanel);
  };

  // -- calls for the hall display ----------------------------------------------------------

  let callSeq = 0;
  /** Calls made at this PC in hall mode, newest first (the server's stream is the hall's own record). */
  const hallCalls: QueueCall[] = [];

  const announce = (outcome: WindowOutcome, seq: number | null, at: string): void => {
    if (outcome.kind !== 'called') return;
    callSeq = Math.max(callSeq + 1, seq ?? 0);
    const call: QueueCall = { seq: seq ?? callSeq, hall: ctx.window.hallCode, window: outcome.window, number: outcome.number, recall: outcome.recall, calledAt: at };
    if (seq === null) {
      hallCalls.unshift(call);
      hallCalls.length = Math.min(hallCalls.length, RECENT_CALLS);
    }
    ctx.emit({ name: 'queue.called', payload: call });
  };

  // -- presses ------------------------------------------------------------------------------

  /** The ticket held, as last seen (number and call time), for the rating label of its finish. */
  let held: { ticketId: string; number: string; calledAt: string | null } | null = null;

  const finishedService = (ticketId: string, known: QueueState | null): void => {
    if (!deps.serviceFinished) return;
    const ticket = known?.tickets[ticketId];
    const number = ticket?.number ?? (held?.ticketId === ticketId ? held.number : null);
    if (number === null) return;
    const calledAt = ticket?.calledAt ?? (held?.ticketId === ticketId ? held.calledAt : null);
    try {
      deps.serviceFinished({ ticketId, ticketNumber: number, calledAt });
    } catch (err) {
      log.warn('rating not armed after a queue service', { error: err instanceof Error ? err.message : String(err) });
    }
  };

  /**
   * Presses asked for and not answered yet (queued in `serial` or on their way), and presses ever
   * asked for: a read beside `serial` (the watch's, the status bar's) is skipped while one is
   * pending and dropped if one was asked for while it was on its way (review F14).
   */
  let pressesPending = 0;
  let pressesAsked = 0;
  const press = (action: WindowAction, pressId?: string): Promise<QueuePressResult> => {
    pressesPending += 1;
    pressesAsked += 1;
    return pressInSerial(action, pressId).finally(() => {
      pressesPending -= 1;
    });
  };
  const pressInSerial = (action: WindowAction, pressId?: string): Promise<QueuePressResult> =>
    serial(async () => {
      const { rules: hallRules, localRules: ownRules } = requireQueue();
      // The id is made at the press, before any request: a retry below, or the caller's own, reuses it.
      const thePress: WindowPress = { pressId: pressId ?? newId(), window, action };
      const at = ctx.clock.now().toISOString();
      const routed = await viaHall((target) => pressAtHall(target, { press: thePress, categories: serves, rules: hallRules }));
      let outcome: WindowOutcome;
      let localQueue: QueueState | null = null;
      let repeated = false;
      if (routed.kind === 'ok') {
        outcome = routed.body.outcome;
        announce(outcome, null, at);
      } else {
        const done = pressLocally(db, ownRules, thePress, ctx.clock.now());
        outcome = done.outcome;
        localQueue = done.queue;
        repeated = done.repeated;
        if (!repeated) announce(outcome, done.seq, at);
      }
      if (!repeated) {
        if (outcome.kind === 'finished') finishedService(outcome.ticketId, localQueue);
        if (outcome.kind === 'called' && outcome.finished !== null) finishedService(outcome.finished, localQueue);
      }
      if (outcome.kind === 'called' && !outcome.recall) held = { ticketId: outcome.ticketId, number: outcome.number, calledAt: at };
      hallTodayRead = 0; // the press may have served or skipped a ticket: the hall's figures are read again
      const panel = localQueue ? localPanel(localQueue) : await panelNow();
      // A panel marked not current (the server's read late) says nothing new about the ticket held.
      if (panel.current && panel.mode.words !== HALL_STATE_LATE_WORDS) held = { ticketId: panel.current.ticketId, number: panel.current.number, calledAt: panel.current.calledAt };
      ctx.emit({ name: 'queue.changed', payload: panel });
      // Offline, a press that would end the ticket held says that the hall's is still open (trial F13).
      const endsHeld = ['callNext', 'callChosen', 'finish', 'skip', 'transfer'].includes(action.kind);
      const words = localQueue && hallHeld && endsHeld ? `${outcomeWords(outcome)}；${hallStillOpenWords(hallHeld.number)}` : outcomeWords(outcome);
      return { pressId: thePress.pressId, outcome, words, panel };
    });

  // -- issuing --------------------------------------------------------------------------------

  const issue = (args: { letter: string; lane?: Lane | undefined; bookingCode?: string | undefined; issueId?: string | undefined }): Promise<QueueIssueResult> =>
    serial(async () => {
      const { queue: q, rules: hallRules, localRules: ownRules } = requireQueue();
      const category = q.categories.find((c) => c.letter === args.letter);
      if (!category) {
        throw new CounterError('invalid_arguments', `没有类别 ${args.letter}`, { fieldErrors: [{ path: 'letter', message: `没有类别 ${args.letter}` }] });
      }
      // A category of the appointment lane (预约) queues its tickets there: its booking code is asked.
      const lane = args.lane ?? category.lane;
      if ((lane === 'appointment') !== (args.bookingCode !== undefined)) {
        throw new CounterError('invalid_arguments', BOOKING_CODE_WORDS, { fieldErrors: [{ path: 'bookingCode', message: BOOKING_CODE_WORDS }] });
      }
      const issueId = args.issueId ?? newId();
      const routed = await viaHall((target) =>
        issueTicket(target, { issueId, letter: args.letter, lane, ...(args.bookingCode !== undefined ? { bookingCode: args.bookingCode } : {}), rules: hallRules }),
      );
      if (routed.kind === 'ok') {
        return { issueId, ticket: routed.body.ticket, categoryName: categoryName(args.letter), ahead: routed.body.ahead, estimate: routed.body.estimate, mode: modeInfo() };
      }
      if (q.fallbackSlot === null) throw new CounterError('unavailable', NO_FALLBACK_SLOT_WORDS);
      const now = ctx.clock.now();
      const done = issueLocally(db, ownRules, { issueId, ticketId: newId(), letter: args.letter, lane, bookingCode: args.bookingCode ?? null }, fallbackNumberRange(q.fallbackSlot), now);
      if (!done.ok) throw new CounterError('rule_violation', RANGE_EXHAUSTED_WORDS);
      // The estimate of a ticket taken now: the tickets the policy calls before it at its
      // category's windows (people-ahead.ts; the ticket itself is not counted).
      const after = loadLocalQueue(db, ownRules, now);
      const ahead = peopleAhead(after, ownRules, done.ticket, now);
      const estimate = estimateWait(after, ownRules, args.letter, ahead);
      if (!done.repeated) ctx.emit({ name: 'queue.changed', payload: localPanel(after) });
      return { issueId, ticket: done.ticket, categoryName: categoryName(args.letter), ahead, estimate, mode: modeInfo() };
    });

  // -- back to the hall ---------------------------------------------------------------------

  const probeNow = async (): Promise<QueueModeInfo> => {
    if (!queue || !rules || state.mode !== 'local') return modeInfo();
    const target = targetOrNull();
    if (!target) {
      if (config.sync) setMode('local', NOT_ENROLLED_WORDS);
      return modeInfo();
    }
    // Every unsent ticket and press, in batches, each acknowledged before it is marked sent.
    for (;;) {
      const batch = unsentHistory(db, HISTORY_BATCH_MAX);
      if (batch.tickets.length === 0 && batch.presses.length === 0) break;
      const result = await sendHistory(target, {
        rules,
        tickets: batch.tickets,
        issueIds: batch.issueIds,
        presses: batch.presses.map(({ press, outcome, at }) => ({ press, outcome, at })),
      });
      if (result.kind !== 'ok') {
        if (result.kind === 'http') log.warn('queue history refused', { status: result.status, reason: result.error?.reason ?? null });
        if (result.kind === 'http' && (result.status === 401 || result.status === 403)) setMode('local', HALL_REFUSED_WORDS);
        return modeInfo();
      }
      if (result.body.conflicting.length > 0) log.warn('queue history: numbers already taken at the hall (fallback slot shared?)', { tickets: result.body.conflicting });
      if (result.body.refused.length > 0) log.warn('queue history: tickets the hall refused', { refused: result.body.refused });
      // Not resent (the server's word is final) and out of the local lines, but not "sent" either:
      // the hall will never call them, so they are kept with the hall's reason and the panel lists
      // them (hallRefusals) for the clerk to arrange by hand (review finding M2).
      const refusals: HallRefusal[] = [
        ...result.body.conflicting.map((ticketId) => ({ ticketId, kind: 'conflicting' as const, reason: HALL_NUMBER_TAKEN_WORDS })),
        ...result.body.refused.map((r) => ({ ticketId: r.ticketId, kind: 'refused' as const, reason: r.reason })),
      ];
      markSent(db, batch, ctx.clock.now().toISOString(), refusals);
      log.info('queue history sent', { stored: result.body.stored, already: result.body.already });
    }
    const answer = await hallState(target, rules);
    if (answer.kind !== 'ok') return modeInfo();
    // What this window holds by its own record (the queue the hand-over read), to check against the hall's below.
    let ownHeld: Ticket | null = null;
    if (localRules) {
      const { released, before } = handHoldsToHall(db, localRules, ctx.clock.now());
      const ownHeldId = windowStatus(before, window).current;
      ownHeld = ownHeldId ? (before.tickets[ownHeldId] ?? null) : null;
      if (released.length > 0) log.info('queue: tickets held here handed to the hall', { tickets: released });
    }
    setMode('hall', null);
    const panel = await panelNow();
    // A press that reached the server but whose answer was lost was applied here too (see the top):
    // the hall may then have called this window another ticket than the local queue did. From now
    // on the hall's state is the truth the panel shows; the difference is logged for the clerk's lead.
    if (ownHeld && (ownHeld.state === 'called' || ownHeld.state === 'serving') && panel.mode.words === null && panel.current?.ticketId !== ownHeld.id) {
      log.warn('queue: the hall and the local queue disagree on the ticket this window holds; the hall\'s is shown', {
        local: ownHeld.number,
        hall: panel.current?.number ?? null,
      });
    }
    ctx.emit({ name: 'queue.changed', payload: panel });
    return modeInfo();
  };
  const probe = (): Promise<QueueModeInfo> => serial(probeNow);

  // -- the hall's lines, watched ------------------------------------------------------------
  // Tickets issued at the dispenser (or moved by another window) reach this window only by a read:
  // while in hall mode and someone looked at the panel lately, the panel is read every
  // `watchIntervalMs` and `queue.changed` goes out when it differs from the last one sent. A read
  // is never queued behind another (one at a time, skipped while one is in flight), and one the
  // server does not answer doubles the pause before the next, up to the probe's interval — no
  // storm of requests at a server that is down; a read never switches the mode (viaHall).
  // The watch reads beside `serial`, never in it (review F14): a press never waits behind a watch
  // read on a slow server; a tick is skipped while a press is pending, and a read that a press
  // overtook is dropped (the press's own panel is newer). "Looked at" is the 叫号 page's and the
  // 受理 header's `queue.state`; the status bar's (`passive`) does not keep the watch going.
  const watchIntervalMs = options.watchIntervalMs ?? HALL_WATCH_MS;
  let lookedAt = Number.NEGATIVE_INFINITY; // wall clock (Date.now), not ctx.clock: it times real reads
  let watching = false;
  let watchPause = watchIntervalMs;
  let nextWatchAt = 0;
  let lastWatched: string | null = null;
  /** What of a panel the clerk sees change (a dispenser's report time moves on every read: left out). */
  const panelKey = (p: QueuePanel): string => JSON.stringify({ ...p, dispensers: (p.dispensers ?? []).map(({ reportedAt: _at, ...d }) => d) });
  /**
   * A read of the panel beside `serial`: null (and nothing of it kept) when a press is pending or
   * was asked for while the read was on its way, else the panel, applied as panelNow's would be.
   */
  const panelBeside = async (): Promise<QueuePanel | null> => {
    if (!queue || !rules) return offPanel();
    if (pressesPending > 0) return null;
    const asked = pressesAsked;
    const routed = await readHallState(rules);
    if (pressesAsked !== asked || pressesPending > 0) return null;
    return panelFrom(routed);
  };
  const watchOnce = async (): Promise<void> => {
    if (watching || pressesPending > 0 || state.mode !== 'hall' || Date.now() - lookedAt > HALL_WATCH_LOOKED_MS || Date.now() < nextWatchAt) return;
    watching = true;
    try {
      const panel = await panelBeside();
      if (panel === null) return; // a press overtook the read: its answer and queue.changed are newer
      const late = panel.mode.mode === 'hall' && panel.mode.words === HALL_STATE_LATE_WORDS;
      watchPause = late ? Math.min(watchPause * 2, probeIntervalMs) : watchIntervalMs;
      nextWatchAt = Date.now() + watchPause - watchIntervalMs;
      const key = panelKey(panel);
      if (key !== lastWatched) {
        lastWatched = key;
        ctx.emit({ name: 'queue.changed', payload: panel });
      }
    } finally {
      watching = false;
    }
  };
  let watchTimer: NodeJS.Timeout | null = null;
  const watcher = {
    name: 'queue.hallWatch',
    start() {
      if (!queue || !config.sync || config.role !== 'window') return;
      watchTimer = setInterval(() => {
        watchOnce().catch((err: unknown) => log.warn('queue watch read failed', { error: err instanceof Error ? err.message : String(err) }));
      }, watchIntervalMs);
      watchTimer.unref();
    },
    stop() {
      if (watchTimer) clearInterval(watchTimer);
      watchTimer = null;
    },
  };

  let timer: NodeJS.Timeout | null = null;
  const prober = {
    name: 'queue.hallProbe',
    start() {
      // A display issues and calls nothing: it follows the calls stream instead (below).
      if (!queue || !config.sync || config.role === 'display') return;
      timer = setInterval(() => {
        if (state.mode !== 'local') return;
        probe().catch((err: unknown) => log.warn('queue probe failed', { error: err instanceof Error ? err.message : String(err) }));
      }, probeIntervalMs);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
      stopping.abort();
    },
  };

  // A hall display PC follows the server's calls stream (the hall's own record of every call).
  const follower =
    queue && config.role === 'display' && config.sync
      ? new HallCallsFollower({
          baseUrl: config.sync.url,
          hall: ctx.window.hallCode,
          log,
          ...(rules ? { clock: { timeZone: rules.timeZone, resetHour: rules.resetHour } } : {}),
          onCall: (call) => ctx.emit({ name: 'queue.called', payload: call }),
          onConnected: (connected) => setMode(connected ? 'hall' : 'local', connected ? null : HALL_UNREACHABLE_WORDS),
          ...(options.callsRetryMs !== undefined ? { retryMs: options.callsRetryMs } : {}),
        })
      : null;

  // A dispenser tells the hall server its printer's state, which the windows' panel shows.
  const reporter =
    queue && config.role === 'dispenser' && config.sync && deps.dispenserPrinting
      ? dispenserReporter({
          printing: deps.dispenserPrinting,
          device: window,
          target: targetOrNull,
          log,
          now: () => ctx.clock.now().getTime(),
          // Its refused offline tickets go with the report: no clerk reads the kiosk (review F2).
          refusals: () => refusalsShown().map((r) => ({ number: r.number, reason: r.reason })),
        })
      : null;

  const calls = (): QueueCalls => {
    const list: QueueCall[] = follower
      ? follower.calls()
      : state.mode === 'local'
        ? localCalls(db, RECENT_CALLS).map(({ seq, outcome, at }) => ({ seq, hall: ctx.window.hallCode, window: outcome.window, number: outcome.number, recall: outcome.recall, calledAt: at }))
        : hallCalls.slice(0, RECENT_CALLS);
    const last = new Map<number, QueueCall>();
    for (const call of list) if (!last.has(call.window)) last.set(call.window, call);
    // A display keeps each window's last call itself: a window quiet since the morning is past the latest calls.
    if (follower) for (const call of follower.windows()) last.set(call.window, call);
    const windows = [...last.entries()].sort(([a], [b]) => a - b).map(([w, call]) => ({ window: w, last: call }));
    const stream = follower ? { state: follower.streamState(), shownBefore: follower.shownBefore() } : null;
    return { mode: state.mode, calls: list, windows, stream };
  };

  /**
   * A dispenser's touch: the ticket printer is asked first (a CounterError with its words, and no
   * number taken, when it cannot print); the ticket issued is then queued for printing.
   */
  const issueAtDispenser = async (printing: DispenserPrinting, args: Parameters<typeof issue>[0]): Promise<QueueIssueResult> => {
    await printing.ensureReady();
    const issued = await issue(args);
    printing.print(issued);
    return issued;
  };

  const dispenserState = async (): Promise<DispenserState> => {
    let serviceDay: string | null = null;
    if (queue && rules && localRules) {
      serviceDay = loadLocalQueue(db, localRules, ctx.clock.now()).serviceDay;
    }
    return {
      role: config.role,
      serviceDay,
      mode: modeInfo(),
      categories: (queue?.categories ?? []).map((c) => ({ letter: c.letter, name: c.name, lane: c.lane })),
      fallbackSlot: queue?.fallbackSlot ?? null,
      printer: config.role === 'dispenser' && deps.dispenserPrinting ? await deps.dispenserPrinting.state() : null,
    };
  };

  /** The action a keypad key stands for, or null (a key the queue does not use, or 转移 whose target the screen asks). */
  const keypadAction = async (key: KeypadPress): Promise<WindowAction | null> => {
    const kind = key.code === KEYPAD_SELECT ? (key.digit === null ? undefined : KEYPAD_SELECTIONS[key.digit]) : KEYPAD_KEYS[key.code];
    if (kind === undefined || kind === 'transfer') return null;
    if (kind === 'pauseToggle') {
      const panel = await serial(panelNow);
      return panel.paused ? { kind: 'resume' } : { kind: 'pause', reason: queue?.pauseReason ?? '临时离开' };
    }
    if (kind === 'recall') return { kind: 'recall' };
    if (kind === 'callChosen' || kind === 'pause') return null;
    return { kind };
  };

  const keypad = (key: KeypadPress): boolean => {
    if (!queue || config.role !== 'window') return false;
    // The press id is made now, at the key, before anything waits.
    const pressId = newId();
    keypadAction(key)
      .then((action) => {
        if (action === null) {
          log.info('keypad key without a queue action here', { code: key.code, digit: key.digit });
          return;
        }
        return press(action, pressId).then(() => undefined);
      })
      .catch((err: unknown) => log.warn('keypad press failed', { code: key.code, error: err instanceof Error ? err.message : String(err) }));
    return true;
  };

  return {
    name: 'queue',
    currentTicket: () => atCounter,
    probe,
    mode: modeInfo,
    press,
    keypad,
    handlers: {
      'queue.state': async (args) => {
        // The status bar's read (passive) neither keeps the watch going nor waits in `serial`: with
        // a press on its way, the panel last built answers (its queue.changed follows anyway).
        if (args.passive) return (await panelBeside()) ?? lastPanel ?? serial(panelNow);
        lookedAt = Date.now();
        return serial(panelNow).then((panel) => {
          lastWatched = panelKey(panel); // what the page now shows: the watch sends only a change from it
          return panel;
        });
      },
      'queue.press': (args) => press(args.action, args.pressId),
      'queue.acknowledgeRefusals': (args) =>
        serial(async () => {
          const marked = acknowledgeHallRefusals(db, args.ticketIds, ctx.clock.now().toISOString());
          log.info('queue: refusals of the hall acknowledged at the window', { tickets: args.ticketIds, marked });
          const panel = await panelNow();
          ctx.emit({ name: 'queue.changed', payload: panel });
          return panel;
        }),
      'queue.issue': (args) => (config.role === 'dispenser' && deps.dispenserPrinting ? issueAtDispenser(deps.dispenserPrinting, args) : issue(args)),
      'queue.dispenserState': () => dispenserState(),
      'queue.calls': () => calls(),
    } satisfies HandlerSlice,
    readsOnDamagedStore: ['queue.calls', 'queue.dispenserState'],
    services: [prober, watcher, ...(follower ? [follower] : []), ...(reporter ? [reporter] : [])],
    afterStart() {
      // History left unsent by the last run goes up now if the server answers (not awaited: the
      // window opens meanwhile, in local mode).
      if (state.mode === 'local' && config.sync && config.role !== 'display') {
        probe().catch((err: unknown) => log.warn('queue probe failed', { error: err instanceof Error ? err.message : String(err) }));
      }
    },
  };
}
