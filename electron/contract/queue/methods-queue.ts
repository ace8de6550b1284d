import { z } from 'zod';
import { IsoDate, IsoInstant, Uuid } from '../common';
import { HallCodeSchema, WindowNumberSchema } from '../sync/codes';
import { CategoryLetterSchema, LaneSchema } from './category';
import { WindowFiguresSchema } from './figures';
import { DispenserStatusSchema, WaitEstimateSchema, WaitingTicketSchema } from './hall-wire';
import { BookingCodeSchema, TicketNumberSchema, TicketSchema, TicketStateSchema } from './ticket';
import { PressIdSchema, WindowActionSchema, WindowOutcomeSchema } from './window-actions';

// The hall queue's methods for the UI (issue 17): the window's panel and its key presses, the
// dispenser's issuing, and the hall display's read of the calls. The core answers them from the
// hall server when it can reach it and from its own local queue when it cannot (core/queue/).

/**
 * What this app is in the hall (config `role`): `window` a counter (the default), `dispenser` a
 * ticket kiosk (取号机), `display` the hall screen.
 */
export const QUEUE_ROLES = ['window', 'dispenser', 'display'] as const;
export const QueueRoleSchema = z.enum(QUEUE_ROLES, { error: '角色应为 window（窗口）、dispenser（取号机）或 display（大厅显示屏）' });
export type QueueRole = z.infer<typeof QueueRoleSchema>;

/**
 * Where the queue is kept now:
 * - `hall`: the hall server (numbers unique across the hall, a ticket called by one window);
 * - `local`: this PC's own queue, numbers from its fallback slot (A5000…), because the server is
 *   unreachable or not set up — the words say which;
 * - `off`: the config has no `queue` section: no queue at this PC.
 */
export const QUEUE_MODES = ['hall', 'local', 'off'] as const;
export const QueueModeSchema = z.enum(QUEUE_MODES);
export type QueueMode = z.infer<typeof QueueModeSchema>;

/** Said while the server cannot be reached (network error, time-out) and the local queue is used. */
export const HALL_UNREACHABLE_WORDS = '排队服务器不可用，已改用本机号段';
/** Said by a hall display until its first connection to the server's calls stream. */
export const DISPLAY_CONNECTING_WORDS = '正在连接排队服务器…';
/** Said when the config names no server (`sync.url`): the local queue only. */
export const NO_HALL_SERVER_WORDS = '未设置排队服务器（配置文件的 sync.url），使用本机号段';
/** Said when the server is set but this PC holds no enrolment token for it yet. */
export const NOT_ENROLLED_WORDS = '本机尚未注册到上级平台（设置 → 上级平台同步），使用本机号段';
/** Said when the server refused this PC's token (revoked, another hall). */
export const HALL_REFUSED_WORDS = '排队服务器拒绝了本机的注册令牌，已改用本机号段，请联系信息科';
/** Said for a queue method when the config has no `queue` section. */
export const QUEUE_NOT_CONFIGURED_WORDS = '本机未设置排队叫号（配置文件的 queue）';
/** Said when the local queue must issue a number and the config gives no fallback slot. */
export const NO_FALLBACK_SLOT_WORDS = '排队服务器不可用，且本机未设置备用号段（queue.fallbackSlot），不能取号';
/** Said when a booking code is missing for the appointment lane, or given for another. */
export const BOOKING_CODE_WORDS = '预约号须有预约码，其他号不带预约码';
/** Said when the fallback slot's range is used up for the day. */
export const RANGE_EXHAUSTED_WORDS = '今日号码已取完';

/**
 * The queue's mode with its words (null in `hall` mode), since when (ISO instant; null before the
 * first request), and how many local tickets and presses are still to be sent to the server.
 */
export const QueueModeInfoSchema = z
  .object({
    mode: QueueModeSchema,
    words: z.string().nullable(),
    since: IsoInstant.nullable(),
    unsentHistory: z.number().int().min(0),
  })
  .strict();
export type QueueModeInfo = z.infer<typeof QueueModeInfoSchema>;

/**
 * One category's line as the window's panel shows it: how many wait, and the first numbers;
 * `nextTickets` the same tickets with their ids, in the same order (for 选号, `callChosen`).
 */
export const QueueLineSchema = z
  .object({
    letter: CategoryLetterSchema,
    name: z.string(),
    count: z.number().int().min(0),
    next: z.array(TicketNumberSchema),
    nextTickets: z.array(WaitingTicketSchema),
  })
  .strict();
export type QueueLine = z.infer<typeof QueueLineSchema>;

/**
 * Our reason for a ticket the hall answered `conflicting` (its number is another ticket's there
 * that day): that other ticket will be called by this number, so two citizens may come to it.
 */
export const HALL_NUMBER_TAKEN_WORDS = '号码已被大厅另一张号票占用，叫到此号时可能两人同来';
/**
 * Kept as the reason of a ticket the server refused without saying why (an empty reason): the
 * window's store needs a reason for every refusal (window migration 0018), and the clerk some words.
 */
export const HALL_REFUSAL_UNEXPLAINED_WORDS = '排队服务器未说明原因';
/** The longest refusal reason kept (characters): a longer one from the server is cut, ending in …. */
export const HALL_REFUSAL_MAX_CHARS = 200;

/**
 * A local ticket of this PC that the hall server did not take when its offline history went up
 * (review finding M2): `kind` 'conflicting' (its number is already another ticket's at the hall
 * that day: two devices on one fallback slot) or 'refused' (the server's reason). The hall will
 * never call it, so the window's panel lists it until a clerk acknowledges it
 * (`queue.acknowledgeRefusals`) or its service day ends. `state` is the ticket's state here
 * (a ticket done here is not listed: nobody waits for it); `refusedAt` when the hall answered.
 */
export const HallRefusalNoticeSchema = z
  .object({
    ticketId: Uuid,
    number: TicketNumberSchema,
    serviceDay: IsoDate,
    state: TicketStateSchema,
    kind: z.enum(['conflicting', 'refused']),
    reason: z.string().min(1),
    refusedAt: IsoInstant,
  })
  .strict();
export type HallRefusalNotice = z.infer<typeof HallRefusalNoticeSchema>;

/**
 * `queue.state`'s arguments. `passive`: a read that does not mean the 叫号 panel is looked at (the
 * status bar's, on every page): it does not keep the 3 s hall watch going (review F14), and it
 * does not wait behind a press on its way (the panel last built answers then).
 */
export const QueueStateArgs = z.object({ passive: z.boolean().optional() }).strict();

/** `queue.acknowledgeRefusals`: the refusals a clerk has seen (ticket ids of HallRefusalNotice); answers the panel after. */
export const QueueAcknowledgeRefusalsArgs = z.object({ ticketIds: z.array(Uuid).min(1).max(200) }).strict();

/**
 * The window's panel (`queue.state`, event `queue.changed`): the ticket it holds (called or
 * serving; in `hall` mode without the fields the server's state does not give, see
 * `current`), its pause, the lines of the categories it serves (and of any other category with a
 * ticket waiting), the tickets it skipped today (recallable, newest first). `serviceDay` is null
 * with the queue `off`.
 */
export const QueuePanelSchema = z
  .object({
    role: QueueRoleSchema,
    window: WindowNumberSchema,
    serviceDay: IsoDate.nullable(),
    mode: QueueModeInfoSchema,
    /** The letters this window calls (config `queue.serves`, else the categories listing it). */
    serves: z.array(CategoryLetterSchema),
    current: z
      .object({ ticketId: Uuid, number: TicketNumberSchema, state: z.enum(['called', 'serving']), calledAt: IsoInstant.nullable() })
      .strict()
      .nullable(),
    paused: z.object({ reason: z.string(), since: IsoInstant }).strict().nullable(),
    waiting: z.array(QueueLineSchema),
    skipped: z.array(TicketSchema),
    /**
     * The hall's dispensers as they last reported (hall mode; [] in local mode, absent: none
     * known), `reportedAt` put on this PC's clock (the server's time shifted by the skew its
     * answer showed), so the screen can tell a silent dispenser by its own clock.
     */
    dispensers: z.array(DispenserStatusSchema).optional(),
    /**
     * This PC's local tickets the hall did not take (HallRefusalNotice), of today's service day and
     * not yet acknowledged, oldest first; absent or []: none.
     */
    hallRefusals: z.array(HallRefusalNoticeSchema).optional(),
    /**
     * This window's figures of the service day (core/queue/figures.ts: 已办 served, 平均等候,
     * 平均办理, 过号) — the hall's in hall mode (read with the panel, at most every
     * TODAY_FIGURES_REFRESH_MS and after each press), this PC's own queue's in local mode; absent
     * or null: not known (a server without figures, or none read yet).
     */
    today: WindowFiguresSchema.nullable().optional(),
  })
  .strict();
export type QueuePanel = z.infer<typeof QueuePanelSchema>;

/**
 * A key press at the window (叫号, 重呼, 过号, 暂停 …). The core makes the pressId at the moment
 * of the press; a caller that retries its own call (the UI after a lost answer) may send the
 * pressId it got the first time, and the press is applied once.
 */
export const QueuePressArgs = z.object({ action: WindowActionSchema, pressId: PressIdSchema.optional() }).strict();

/** What the press did (`words`: the sentence the window's screen shows), and the panel after it. */
export const QueuePressResultSchema = z
  .object({
    pressId: PressIdSchema,
    outcome: WindowOutcomeSchema,
    words: z.string(),
    panel: QueuePanelSchema,
  })
  .strict();
export type QueuePressResult = z.infer<typeof QueuePressResultSchema>;

/**
 * A ticket taken at the dispenser (or at a window for a walk-in); `lane` absent: the category's. `issueId` as for `pressId`:
 * made by the core unless a retrying caller sends the one it got. `bookingCode` only with the
 * appointment lane, and required there.
 */
export const QueueIssueArgs = z
  .object({
    letter: CategoryLetterSchema,
    /** Absent: the category's own lane. */
    lane: LaneSchema.optional(),
    bookingCode: BookingCodeSchema.optional(),
    issueId: Uuid.optional(),
  })
  .strict()
  .superRefine((args, ctx) => {
    if (args.lane !== undefined && (args.lane === 'appointment') !== (args.bookingCode !== undefined)) {
      ctx.addIssue({ code: 'custom', path: ['bookingCode'], message: BOOKING_CODE_WORDS });
    }
  });

/**
 * The ticket issued, the category's name (for the paper), the tickets the policy calls before it
 * at its category's windows (core/queue/people-ahead.ts), the wait estimate (null for an unknown
 * category) and the mode it was issued in (outside `hall` mode the screen and paper say the wait is
 * unknown, ticket-words.ts).
 */
export const QueueIssueResultSchema = z
  .object({
    issueId: Uuid,
    ticket: TicketSchema,
    categoryName: z.string(),
    ahead: z.number().int().min(0),
    estimate: WaitEstimateSchema.nullable(),
    mode: QueueModeInfoSchema,
  })
  .strict();
export type QueueIssueResult = z.infer<typeof QueueIssueResultSchema>;

/** One category on the dispenser's screen. */
export const DispenserCategorySchema = z
  .object({
    letter: CategoryLetterSchema,
    name: z.string(),
    lane: LaneSchema,
  })
  .strict();

/**
 * The dispenser's ticket printer as asked just now (DLE EOT): `ready` false with the words the
 * kiosk shows (取号机缺纸，暂停取号… ; no number is issued then); `condition` the printer's own
 * words (缺纸, 纸将尽, 正常 …; null: none read); `checkedAt` when it answered (ISO instant).
 */
export const DispenserPrinterSchema = z
  .object({
    ready: z.boolean(),
    words: z.string().nullable(),
    condition: z.string().nullable(),
    checkedAt: IsoInstant,
  })
  .strict();
export type DispenserPrinter = z.infer<typeof DispenserPrinterSchema>;

/**
 * The dispenser's screen (`queue.dispenserState`): its categories, the mode, the service day,
 * its fallback slot (null: none set, it cannot issue while the server is away) and, at a
 * dispenser, its ticket printer read now (null at a window or display).
 */
export const DispenserStateSchema = z
  .object({
    role: QueueRoleSchema,
    serviceDay: IsoDate.nullable(),
    mode: QueueModeInfoSchema,
    categories: z.array(DispenserCategorySchema),
    fallbackSlot: z.number().int().min(1).max(5).nullable(),
    printer: DispenserPrinterSchema.nullable(),
  })
  .strict();
export type DispenserState = z.infer<typeof DispenserStateSchema>;

/**
 * One call (or 重呼) as the hall display announces it: "请 A012 号到 12 号窗口办理". No personal
 * data. `seq` orders the calls: the server's sequence in `hall` mode, this PC's own in `local`
 * mode (the two are never mixed in one list).
 */
export const QueueCallSchema = z
  .object({
    seq: z.number().int().min(1),
    hall: HallCodeSchema,
    window: WindowNumberSchema,
    number: TicketNumberSchema,
    recall: z.boolean(),
    calledAt: IsoInstant,
  })
  .strict();
export type QueueCall = z.infer<typeof QueueCallSchema>;

/** How many calls `queue.calls` lists. */
export const RECENT_CALLS = 20;

/**
 * The hall display's read (`queue.calls`, `display` access): the latest calls, newest first (at
 * most RECENT_CALLS), and the last call per window (by window number). `stream`, at a display PC
 * (role `display`) only: the hall server's calls stream — `state` (`lost`: the screen says
 * 连接中断，正在重连; a change is told as `queue.modeChanged`), and `shownBefore`, the seq up to
 * which calls were on the hall's board when this PC first connected (announced before it
 * listened: shown, never spoken; null before the first connection).
 */
export const QueueCallsSchema = z
  .object({
    mode: QueueModeSchema,
    calls: z.array(QueueCallSchema),
    windows: z.array(z.object({ window: WindowNumberSchema, last: QueueCallSchema }).strict()),
    stream: z
      .object({ state: z.enum(['connecting', 'open', 'lost']), shownBefore: z.number().int().min(0).nullable() })
      .strict()
      .nullable()
      .optional(),
  })
  .strict();
export type QueueCalls = z.infer<typeof QueueCallsSchema>;
