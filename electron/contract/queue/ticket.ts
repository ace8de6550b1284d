import { z } from 'zod';
import { IsoDate, IsoInstant, Uuid } from '../common';
import { WindowNumberSchema } from '../sync/codes';
import { CategoryLetterSchema, LaneSchema } from './category';

/**
 * A ticket's number as printed and announced: the category letter, then its sequence in the
 * service day, zero-padded to three digits (`A001`, `A012`, `A999`) and four beyond (`A1000`,
 * `A5012`). A four-digit sequence never starts with 0, so each number has one spelling.
 * The ranges that tell the hall server's numbers from a dispenser's own are in
 * core/queue/ticket-numbering.ts.
 */
export const TicketNumberSchema = z.string().regex(/^[A-Z](?:\d{3}|[1-9]\d{3})$/, { error: '号码格式应为类别字母加 3–4 位数字，例如 A012' });
export type TicketNumber = z.infer<typeof TicketNumberSchema>;

/**
 * A booking code (预约码) from the booking platform, checked in at the dispenser: stored as given,
 * never parsed; only its characters and length are checked.
 */
export const BookingCodeSchema = z.string().trim().regex(/^[0-9A-Za-z-]{4,32}$/, { error: '预约码应为 4–32 位字母或数字' });

/**
 * Where a ticket is in its day:
 * - `waiting`: in the line;
 * - `called`: called to a window (`calledBy`), the citizen not yet at the counter;
 * - `serving`: at the counter;
 * - `skipped`: a no-show (过号): out of the line until a window recalls it, for the rest of the day;
 * - `done`: finished (final);
 * - `transferred`: sent on by a window to another window or category, back in the line at its
 *   original place (its issue time).
 */
export const TICKET_STATES = ['waiting', 'called', 'serving', 'skipped', 'done', 'transferred'] as const;
export const TicketStateSchema = z.enum(TICKET_STATES);
export type TicketState = z.infer<typeof TicketStateSchema>;

/** UI words for each state. */
export const TICKET_STATE_WORDS: Record<TicketState, string> = {
  waiting: '等候中',
  called: '已叫号',
  serving: '办理中',
  skipped: '已过号',
  done: '已完成',
  transferred: '已转移',
};

/**
 * One ticket. `id` is a UUIDv7 made by the issuing device; `number` is unique in its category's
 * letter and `serviceDay`. `category` is the category it waits in now (a transfer to another
 * category changes it; the printed `number` keeps its letter). `forWindow` is set while a ticket
 * transferred to one window waits for that window only. Instants are ISO 8601 UTC.
 */
export const TicketSchema = z
  .object({
    id: Uuid,
    number: TicketNumberSchema,
    /** The service day (hall's date, starting at the reset hour) the number belongs to. */
    serviceDay: IsoDate,
    category: CategoryLetterSchema,
    lane: LaneSchema,
    issuedAt: IsoInstant,
    state: TicketStateSchema,
    /** The window that called it last; kept when it is skipped or done (figures per window). */
    calledBy: WindowNumberSchema.nullable(),
    /** When it was last called (a recall of the ticket at the counter does not move it). */
    calledAt: IsoInstant.nullable(),
    /** How many times it was called again (重呼) since it was first called. */
    recalls: z.number().int().min(0),
    /** Set while a ticket transferred to one window waits there. */
    forWindow: WindowNumberSchema.nullable(),
    skippedAt: IsoInstant.nullable(),
    finishedAt: IsoInstant.nullable(),
    /** Only for the appointment lane, and required there. */
    bookingCode: BookingCodeSchema.nullable(),
  })
  .strict()
  .superRefine((ticket, ctx) => {
    if ((ticket.lane === 'appointment') !== (ticket.bookingCode !== null)) {
      ctx.addIssue({ code: 'custom', path: ['bookingCode'], message: '预约号须有预约码，其他号不带预约码' });
    }
    if (ticket.number.slice(0, 1) !== ticket.category && ticket.state === 'waiting') {
      // A waiting ticket has never been transferred: it waits in the category it was issued in.
      ctx.addIssue({ code: 'custom', path: ['category'], message: '号码字母与类别不符' });
    }
  });
export type Ticket = z.infer<typeof TicketSchema>;
