import { z } from 'zod';
import { IsoDate, IsoInstant, Uuid } from '../common';
import { HallCodeSchema, WindowNumberSchema } from '../sync/codes';
import { CategoryLetterSchema, LaneSchema } from './category';
import { HallTimeZoneQuerySchema, QueueRulesSchema, ResetHourSchema } from './policy';
import { BookingCodeSchema, TicketNumberSchema, TicketSchema, TicketStateSchema } from './ticket';
import { PauseReasonSchema, WindowOutcomeAnswerSchema, WindowOutcomeSchema, WindowPressSchema } from './window-actions';

// The hall queue's wire (issue 17): what dispensers, windows and the hall display send to the
// hall server (server/queue/) and what it answers. Both ends validate with these schemas.
//
// Auth: every request but the display's carries the sender's enrolment token in
// ENROLMENT_TOKEN_HEADER (contract/sync/enrolment.ts), as for /v1/push; the token names the hall
// and the window (a dispenser is enrolled under a window number of its own, e.g. 91). A `window`
// in a body must be the token's (403 otherwise). Errors answer a SyncErrorBody with a Chinese
// `reason`. The server keeps no queue rules of its own: each request carries the sender's
// QueueRules (every PC of a hall has the same, from its config), from which the server takes the
// service day (rules' timeZone + resetHour at the server's clock) and the pressing window's policy.

/** The queue's paths, appended to the config's `sync.url` like SYNC_PATHS. */
export const QUEUE_PATHS = {
  /** POST IssueTicketRequest → IssueTicketResponse. */
  tickets: '/v1/queue/tickets',
  /** POST QueuePressRequest → QueuePressResponse. */
  press: '/v1/queue/press',
  /** GET ?timeZone=&resetHour= (QueueStateQuery) → QueueStateResponse: the asking window's panel. */
  state: '/v1/queue/state',
  /** GET ?hall=JQ, Server-Sent Events of CallEvent (public, read-only; no personal data). */
  calls: '/v1/queue/calls',
  /** POST QueueHistoryRequest → QueueHistoryResponse: offline history, once. */
  history: '/v1/queue/history',
  /** POST DispenserReportRequest → DispenserReportResponse: a dispenser's ticket printer, now. */
  dispenser: '/v1/queue/dispenser',
  /** GET ?day=&timeZone=&resetHour= (QueueFiguresQuery) → QueueFiguresResponse: the hall's figures per window for a day. */
  figures: '/v1/queue/figures',
  /** GET ?hall=JQ: the hall display page served by the server. */
  display: '/display',
} as const;

/** The SSE event name of a call on `calls`; each event's `id:` is its `seq`. */
export const CALL_EVENT_NAME = 'call';

/** Seconds between the calls stream's comment heartbeats (`: ping`). */
export const CALLS_HEARTBEAT_SECONDS = 15;

/**
 * A wait estimate as core/queue/wait-estimate.ts computes it (same fields): people ahead in the
 * category, mean service time in ms, whether the hall's default was used, windows counted, and
 * the wait in whole minutes (rounded up).
 */
export const WaitEstimateSchema = z
  .object({
    peopleAhead: z.number().int().min(0),
    serviceMs: z.number().min(0),
    defaulted: z.boolean(),
    windowsServing: z.number().int().min(0),
    minutes: z.number().int().min(0),
  })
  .strict();

/**
 * A dispenser takes a ticket. `issueId` (UUID, made when the citizen touched the button) makes it
 * idempotent: the same issueId answers the same ticket, so a retried request prints no second
 * number. `bookingCode` is required for the appointment lane and refused for the others.
 */
export const IssueTicketRequestSchema = z
  .object({
    issueId: Uuid,
    letter: CategoryLetterSchema,
    lane: LaneSchema,
    bookingCode: BookingCodeSchema.optional(),
    rules: QueueRulesSchema,
  })
  .strict()
  .superRefine((request, ctx) => {
    if ((request.lane === 'appointment') !== (request.bookingCode !== undefined)) {
      ctx.addIssue({ code: 'custom', path: ['bookingCode'], message: '预约号须有预约码，其他号不带预约码' });
    }
    if (!request.rules.categories.some((c) => c.letter === request.letter)) {
      ctx.addIssue({ code: 'custom', path: ['letter'], message: `没有类别 ${request.letter}` });
    }
  });
export type IssueTicketRequest = z.infer<typeof IssueTicketRequestSchema>;

/**
 * The ticket issued (numbers from the server's range, core/queue/ticket-numbering.ts), the
 * tickets the hall's policy calls before it at the windows serving its category (`ahead`,
 * core/queue/people-ahead.ts) and the wait estimate (null when the category is not in the rules).
 */
export const IssueTicketResponseSchema = z
  .object({
    ticket: TicketSchema,
    ahead: z.number().int().min(0),
    estimate: WaitEstimateSchema.nullable(),
  })
  .strict();
export type IssueTicketResponse = z.infer<typeof IssueTicketResponseSchema>;

/**
 * A window's key press. `categories` are the letters the window calls (its config's, in order);
 * `press.window` must be the token's window. Idempotent by `press.pressId`: a repeat is answered
 * with the stored outcome (a refusal included) and changes nothing.
 */
export const QueuePressRequestSchema = z
  .object({
    press: WindowPressSchema,
    categories: z.array(CategoryLetterSchema).max(26),
    rules: QueueRulesSchema,
  })
  .strict();
export type QueuePressRequest = z.infer<typeof QueuePressRequestSchema>;

/**
 * The press's answer. Read leniently by the window (review F6): keys a newer server may add are
 * ignored and its refusal words this build does not know are read as OTHER_REFUSAL
 * (WindowOutcomeAnswerSchema). This build's server sends `{ outcome }` only.
 */
export const QueuePressResponseSchema = z.looseObject({ outcome: WindowOutcomeAnswerSchema }).transform(({ outcome }) => ({ outcome }));
export type QueuePressResponse = z.infer<typeof QueuePressResponseSchema>;

/** The query of `state`: the rules' time zone and reset hour, which fix the service day. */
export const QueueStateQuerySchema = z
  .object({
    timeZone: z.string().min(1).max(64),
    resetHour: z.coerce.number().pipe(ResetHourSchema),
  })
  .strict();
export type QueueStateQuery = z.infer<typeof QueueStateQuerySchema>;

/** How many next numbers `state` lists per letter. */
export const STATE_NEXT_NUMBERS = 5;

/** A ticket in line as a panel lists it: its id (what 选号 presses, `callChosen`) and its number. */
export const WaitingTicketSchema = z.object({ ticketId: Uuid, number: TicketNumberSchema }).strict();
export type WaitingTicket = z.infer<typeof WaitingTicketSchema>;

/**
 * The tickets waiting in one category: how many, and the first numbers in line (≤
 * STATE_NEXT_NUMBERS); `nextTickets` the same tickets with their ids, in the same order (absent
 * from a server older than 选号: the window then offers no waiting ticket to choose).
 */
export const WaitingLineSchema = z
  .object({
    letter: CategoryLetterSchema,
    count: z.number().int().min(0),
    next: z.array(TicketNumberSchema),
    nextTickets: z.array(WaitingTicketSchema).optional(),
  })
  .strict();

/** One window as the hall sees it today: the ticket it holds, and its pause. */
export const HallWindowSchema = z
  .object({
    window: WindowNumberSchema,
    current: z
      .object({ ticketId: Uuid, number: TicketNumberSchema, state: TicketStateSchema, calledAt: IsoInstant.nullable() })
      .strict()
      .nullable(),
    paused: z.object({ reason: PauseReasonSchema, since: IsoInstant }).strict().nullable(),
  })
  .strict();

/**
 * A dispenser's last report as the hall's windows see it: its number, whether its ticket printer
 * could print, the kiosk's words when not, and when the server received the report.
 */
/**
 * One of a dispenser's offline tickets the hall server refused or found conflicting when the
 * dispenser uploaded its history (window migration 0018): the number a citizen holds on paper and
 * the server's reason (e.g. HALL_NUMBER_TAKEN_WORDS). The hall will not call it: a clerk must.
 */
export const DispenserRefusedTicketSchema = z.object({ number: TicketNumberSchema, reason: z.string().min(1).max(200) }).strict();
export type DispenserRefusedTicket = z.infer<typeof DispenserRefusedTicketSchema>;

/** At most this many refused tickets travel in one dispenser report (and are listed per dispenser). */
export const DISPENSER_REFUSED_TICKETS_MAX = 50;

/**
 * The header a window sends with GET state when it can read `DispenserStatus.refusedTickets`
 * (value DISPENSER_REFUSALS_FEATURE). Without it the server leaves the key out: a window older
 * than the field parses DispenserStatus strictly and would take the whole answer as malformed.
 * A header, not a query key: an older server's strict query schema would answer 400 to a new key.
 */
export const QUEUE_FEATURES_HEADER = 'x-queue-features';
/** QUEUE_FEATURES_HEADER's value for `refusedTickets` in the state answer's dispensers. */
export const DISPENSER_REFUSALS_FEATURE = 'dispenser-refusals';

/**
 * A dispenser's last report as the hall's windows see it: its number, whether its ticket printer
 * could print, the kiosk's words when not, and when the server received the report.
 * `refusedTickets`: its offline tickets the hall did not take, as its last report listed them
 * (today's, not acknowledged on the dispenser); absent: none, or an asking window that did not
 * send QUEUE_FEATURES_HEADER, or a server or dispenser older than the field.
 */
export const DispenserStatusSchema = z
  .object({
    device: WindowNumberSchema,
    ready: z.boolean(),
    words: z.string().nullable(),
    reportedAt: IsoInstant,
    refusedTickets: z.array(DispenserRefusedTicketSchema).max(DISPENSER_REFUSED_TICKETS_MAX).optional(),
  })
  .strict();
export type DispenserStatus = z.infer<typeof DispenserStatusSchema>;

/**
 * The window's panel: the service day, the lines per letter (letters with a ticket waiting or
 * transferred to them, A–Z), every window that acted today (by number), and the tickets the asking
 * window skipped today and may recall (newest first). `serverTime` lets the window show its clock skew.
 */
export const QueueStateResponseSchema = z
  .object({
    serviceDay: IsoDate,
    waiting: z.array(WaitingLineSchema),
    windows: z.array(HallWindowSchema),
    skipped: z.array(TicketSchema),
    serverTime: IsoInstant,
    /** The hall's dispensers that reported today (absent from a server older than the reports: none). */
    dispensers: z.array(DispenserStatusSchema).default([]),
  })
  .strict();
export type QueueStateResponse = z.infer<typeof QueueStateResponseSchema>;

/**
 * A dispenser (取号机) says whether its ticket printer can print now (POST `dispenser`, issue 17),
 * when that changes and every DISPENSER_REPORT_SECONDS: `device` is its own number (the token's
 * window number, 403 otherwise), `words` what its kiosk shows when it cannot (缺纸 …), else null.
 * The server stamps the report with its own clock (`reportedAt`), so a window's staleness check
 * does not depend on the dispenser's clock.
 */
export const DispenserReportRequestSchema = z
  .object({
    device: WindowNumberSchema,
    ready: z.boolean(),
    words: z.string().max(200).nullable(),
    /**
     * Its offline tickets the hall refused or found conflicting (today's, not acknowledged here),
     * oldest first, at most DISPENSER_REFUSED_TICKETS_MAX; each report gives the whole list.
     * Absent (a dispenser older than the field, or none): the server keeps none for it.
     */
    refusedTickets: z.array(DispenserRefusedTicketSchema).max(DISPENSER_REFUSED_TICKETS_MAX).optional(),
  })
  .strict()
  .refine((r) => r.ready === (r.words === null), { message: '取号机能出票时不带原因，不能出票时须说明原因', path: ['words'] });
export type DispenserReportRequest = z.infer<typeof DispenserReportRequestSchema>;

export const DispenserReportResponseSchema = z.object({ reportedAt: IsoInstant }).strict();
export type DispenserReportResponse = z.infer<typeof DispenserReportResponseSchema>;

/** Seconds between a dispenser's reports while nothing changes. */
export const DISPENSER_REPORT_SECONDS = 30;

/**
 * The SSE event name of the board a first connection opens with (CallsBoard); its `id:` is `after`,
 * and a bare `id: after` block follows it, as on every stream (a display from before the board
 * takes its resume point only from that).
 */
export const CALLS_BOARD_EVENT_NAME = 'board';

/** The calls of the day a first connection's board holds at most (newest first). */
export const BOARD_RECENT_CALLS = 20;

/**
 * The query of `calls` and `display`. `lastEventId` (calls only): the last seq received, for a page
 * that opens a new EventSource (which cannot set headers); a Last-Event-ID header wins over it.
 * `timeZone` and `resetHour`: the hall's clock (config `timeZone`, `queue.resetHour`; the server
 * keeps no queue rules), giving the service day of a first connection's board and the display's
 * clock; by default the config's defaults, Asia/Shanghai from 00:00. `name` (display only): the
 * hall's name as the screen's title (the server does not know it). A key it does not know is
 * dropped (zod's default, deliberately not .strict()), not refused: a server from before the
 * clock answered 400 to a newer display's query for good (review-27 F1), so the next parameter
 * added is ignored by this server instead of blanking a hall's display.
 */
export const CallsQuerySchema = z
  .object({
    hall: HallCodeSchema,
    lastEventId: z.coerce.number().int().min(0).optional(),
    timeZone: HallTimeZoneQuerySchema,
    resetHour: z.coerce.number().pipe(ResetHourSchema).default(0),
    name: z.string().trim().min(1).max(40).optional(),
  });
export type CallsQuery = z.infer<typeof CallsQuerySchema>;

/**
 * One call (or recall, 重呼) as the hall display announces it: "请 A012 号到 12 号窗口办理".
 * `seq` is the server's sequence per call (a bigserial; the SSE `id:`), increasing in commit
 * order for the hall; a display reconnecting with `Last-Event-ID: <seq>` gets every later call.
 */
export const CallEventSchema = z
  .object({
    seq: z.number().int().min(1),
    hall: HallCodeSchema,
    window: WindowNumberSchema,
    number: TicketNumberSchema,
    recall: z.boolean(),
    calledAt: IsoInstant,
  })
  .strict();
export type CallEvent = z.infer<typeof CallEventSchema>;

/**
 * What a display's first connection to `calls` (no Last-Event-ID) opens with, as the `board` event
 * (id: `after`): the hall's board as it stands, so a screen switched on mid-day is not empty.
 * `recent`: the service day's latest calls up to `after`, newest first (at most
 * BOARD_RECENT_CALLS); `windows`: each window's latest call of the day, by window number. These
 * were announced before the display was there: shown, never spoken. The calls after `after`
 * follow as `call` events (spoken).
 */
export const CallsBoardSchema = z
  .object({
    after: z.number().int().min(0),
    serviceDay: IsoDate,
    recent: z.array(CallEventSchema),
    windows: z.array(CallEventSchema),
  })
  .strict();
export type CallsBoard = z.infer<typeof CallsBoardSchema>;

/** One press applied offline, with its outcome and when (ISO instant). */
export const HistoryPressSchema = z
  .object({
    press: WindowPressSchema,
    outcome: WindowOutcomeSchema,
    at: IsoInstant,
  })
  .strict();

/** The most tickets, or presses, in one history upload; more go in further uploads. */
export const HISTORY_BATCH_MAX = 1000;

/**
 * A window's or dispenser's offline history: the tickets it issued from its fallback range (their
 * latest state) and the presses it applied. Idempotent by ticket id and pressId. Every press must
 * be of the token's window (403 otherwise). `rules` are the sender's, as on every request: the
 * server takes from them the service day (a ticket must be of today's or yesterday's) and the
 * categories. `issueIds`: per ticket id of `tickets`, the issueId its dispenser made when the
 * citizen touched the button (a ticket issued locally after the server's answer was lost carries
 * the issueId the server already issued a ticket for: that one is withdrawn, the local one stands).
 * A ticket the sender could not have made so is refused alone (listed in the answer's `refused`,
 * server/queue/history.ts historyTicketRefusal); a press of another window refuses the whole
 * upload (403), a press whose outcome is another window's too (400).
 */
export const QueueHistoryRequestSchema = z
  .object({
    rules: QueueRulesSchema,
    tickets: z.array(TicketSchema).max(HISTORY_BATCH_MAX),
    issueIds: z.record(Uuid, Uuid).default({}),
    presses: z.array(HistoryPressSchema).max(HISTORY_BATCH_MAX),
  })
  .strict()
  .superRefine((request, ctx) => {
    const ids = new Set(request.tickets.map((t) => t.id));
    const seen = new Set<string>();
    for (const [ticketId, issueId] of Object.entries(request.issueIds)) {
      if (!ids.has(ticketId)) ctx.addIssue({ code: 'custom', path: ['issueIds', ticketId], message: '取号标识对应的号票不在本次上传中' });
      if (seen.has(issueId)) ctx.addIssue({ code: 'custom', path: ['issueIds', ticketId], message: '两张号票不能有同一个取号标识' });
      seen.add(issueId);
    }
  });
export type QueueHistoryRequest = z.infer<typeof QueueHistoryRequestSchema>;

/**
 * A ticket of a history upload the server did not take, and why (Chinese, for the log and the
 * staff). `reason` is read as any string, empty or long: refusing the answer would fail the upload
 * and the next probe would send the same batch again, for good (review 27 F11); the window's store
 * keeps HALL_REFUSAL_UNEXPLAINED_WORDS for an empty one and cuts a long one (local-queue-store.ts
 * keptRefusalReason).
 */
export const HistoryRefusalSchema = z.object({ ticketId: Uuid, reason: z.string() }).strict();
export type HistoryRefusal = z.infer<typeof HistoryRefusalSchema>;

/**
 * How many tickets and presses were stored now, and how many the server held already (a repeat).
 * `conflicting`: ids of tickets not stored because another ticket holds their number that day
 * (two devices configured with the same fallback slot).
 * `refused`: tickets not stored because the sender could not have made them so (a number outside
 * the fallback ranges, another window's call, a state its fields contradict, a service day before
 * yesterday). The sender does not resend either kind; it keeps them with the reason (window
 * migration 0018) and its 叫号 panel lists them for the clerk (QueuePanel.hallRefusals), since the
 * hall will never call them. The other tickets are stored all the same.
 */
export const QueueHistoryResponseSchema = z
  .object({
    stored: z.number().int().min(0),
    already: z.number().int().min(0),
    conflicting: z.array(Uuid).default([]),
    refused: z.array(HistoryRefusalSchema).default([]),
  })
  .strict();
export type QueueHistoryResponse = z.infer<typeof QueueHistoryResponseSchema>;
