import { z } from 'zod';
import { boundedText, Uuid } from '../common';
import { WindowNumberSchema } from '../sync/codes';
import { CategoryLetterSchema } from './category';
import { TicketNumberSchema } from './ticket';

/**
 * An id per key press (UUID, made where the key was pressed: the window's UI or the keypad
 * driver). The same press sent twice — a retried request, a repeated bus frame — is applied once
 * and answered with the first answer.
 */
export const PressIdSchema = Uuid;

/** Why a window pauses (暂停), as the clerk chose or typed it; shown on the hall display. */
export const PauseReasonSchema = boundedText(20).refine((v) => v.length > 0, { error: '请填写暂停原因' });
/** Reasons offered on the window's screen; any other may be typed. */
export const PAUSE_REASONS = ['临时离开', '业务咨询', '系统故障', '会议', '休息'] as const;

/**
 * What a window does with the queue, one per key press:
 * - `callNext` (叫号): the next ticket by the hall's policy among the categories it serves;
 * - `recall` (重呼): call again the ticket at the counter, or, given `ticketId`, a skipped ticket;
 *   with neither, the ticket this window skipped last;
 * - `skip` (过号): the called ticket is a no-show; it leaves the line until recalled;
 * - `callChosen`: call a chosen waiting ticket out of turn;
 * - `pause` / `resume` (暂停 / 恢复);
 * - `transfer` (转移): the ticket at the counter goes back in line, at its original place, for
 *   another window or another category;
 * - `serve`: the citizen is at the counter (the case screen opened for the ticket);
 * - `finish` (办结): the service is over (it arms the rating device, 一次一评).
 */
export const WindowActionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('callNext') }).strict(),
  z.object({ kind: z.literal('recall'), ticketId: Uuid.optional() }).strict(),
  z.object({ kind: z.literal('skip') }).strict(),
  z.object({ kind: z.literal('callChosen'), ticketId: Uuid }).strict(),
  z.object({ kind: z.literal('pause'), reason: PauseReasonSchema }).strict(),
  z.object({ kind: z.literal('resume') }).strict(),
  z
    .object({
      kind: z.literal('transfer'),
      to: z.union([z.object({ window: WindowNumberSchema }).strict(), z.object({ category: CategoryLetterSchema }).strict()]),
    })
    .strict(),
  z.object({ kind: z.literal('serve') }).strict(),
  z.object({ kind: z.literal('finish') }).strict(),
]);
export type WindowAction = z.infer<typeof WindowActionSchema>;
export type WindowActionKind = WindowAction['kind'];

/** One key press at one window. */
export const WindowPressSchema = z
  .object({
    pressId: PressIdSchema,
    window: WindowNumberSchema,
    action: WindowActionSchema,
  })
  .strict();
export type WindowPress = z.infer<typeof WindowPressSchema>;

/** Why a press changed nothing. */
export const QUEUE_REFUSALS = [
  'queueEmpty',
  'nothingCalled',
  'nothingToRecall',
  'ticketNotFound',
  'ticketNotWaiting',
  'ticketNotSkipped',
  'notServedHere',
  'transferToSelf',
  'unknownWindow',
  'unknownCategory',
  'notPaused',
] as const;
/**
 * The refusal of a newer server whose word this build does not know (review F6): a window reads
 * it as this, not as a malformed answer (which would count as the server unreachable and switch
 * to local mode), and shows the server's `words` if it gave any, else QUEUE_REFUSAL_WORDS.other.
 * Never sent by this build's server.
 */
export const OTHER_REFUSAL = 'other';
export const QueueRefusalSchema = z.enum([...QUEUE_REFUSALS, OTHER_REFUSAL]);
export type QueueRefusal = z.infer<typeof QueueRefusalSchema>;

/** What the window's screen says for each refusal. */
export const QUEUE_REFUSAL_WORDS: Record<QueueRefusal, string> = {
  other: '排队服务器拒绝了此操作（本窗口程序较旧，不认识服务器给的原因）',
  queueEmpty: '当前没有等候的号',
  nothingCalled: '当前没有已叫的号',
  nothingToRecall: '没有可重呼的号',
  ticketNotFound: '找不到该号',
  ticketNotWaiting: '该号不在等候中',
  ticketNotSkipped: '该号未过号，不能重呼',
  notServedHere: '本窗口不办理该号的业务',
  transferToSelf: '不能转移到本窗口',
  unknownWindow: '该窗口未设置办理任何业务类别，不能转移到该窗口',
  unknownCategory: '没有该业务类别',
  notPaused: '窗口未暂停',
};

/**
 * What a press did: the answer to the window (and, for `called`, what the hall display announces:
 * "请 A012 号到 12 号窗口办理"; `recall` says it is a 重呼, spoken again). `finished` names a
 * ticket the call finished implicitly (the window still held it), whose rating is then due.
 */
export const WindowOutcomeSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('called'),
      window: WindowNumberSchema,
      ticketId: Uuid,
      number: TicketNumberSchema,
      recall: z.boolean(),
      finished: Uuid.nullable(),
    })
    .strict(),
  z.object({ kind: z.literal('serving'), window: WindowNumberSchema, ticketId: Uuid }).strict(),
  z.object({ kind: z.literal('skipped'), window: WindowNumberSchema, ticketId: Uuid }).strict(),
  z.object({ kind: z.literal('finished'), window: WindowNumberSchema, ticketId: Uuid }).strict(),
  z
    .object({
      kind: z.literal('transferred'),
      window: WindowNumberSchema,
      ticketId: Uuid,
      to: z.union([z.object({ window: WindowNumberSchema }).strict(), z.object({ category: CategoryLetterSchema }).strict()]),
    })
    .strict(),
  z.object({ kind: z.literal('paused'), window: WindowNumberSchema, reason: z.string() }).strict(),
  z.object({ kind: z.literal('resumed'), window: WindowNumberSchema }).strict(),
  z
    .object({
      kind: z.literal('refused'),
      window: WindowNumberSchema,
      refusal: QueueRefusalSchema,
      /** The server's own sentence for the refusal, if it gave one (shown for OTHER_REFUSAL). */
      words: z.string().min(1).max(200).optional(),
    })
    .strict(),
]);
export type WindowOutcome = z.infer<typeof WindowOutcomeSchema>;

/** The words of a refused outcome: ours for a refusal this build knows, else the server's, else QUEUE_REFUSAL_WORDS.other. */
export function refusalWords(outcome: { refusal: QueueRefusal; words?: string | undefined }): string {
  return outcome.refusal === OTHER_REFUSAL ? (outcome.words ?? QUEUE_REFUSAL_WORDS.other) : QUEUE_REFUSAL_WORDS[outcome.refusal];
}

/**
 * A press's outcome as a window reads it from the hall server (review F6): a refused outcome is
 * read leniently — a refusal word this build does not know becomes OTHER_REFUSAL, the server's
 * `words` (a non-empty string, cut to 200) are kept, and keys this build does not know are
 * dropped — so a newer server's new refusal is shown as a refusal, not taken for a network fault.
 * Every other outcome is read as strictly as WindowOutcomeSchema.
 */
export const WindowOutcomeAnswerSchema = z.preprocess((value: unknown): unknown => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const v = value as Record<string, unknown>;
  if (v.kind !== 'refused') return value;
  const known = typeof v.refusal === 'string' && (QUEUE_REFUSALS as readonly string[]).includes(v.refusal);
  const words = typeof v.words === 'string' && v.words.trim() !== '' ? v.words.trim().slice(0, 200) : undefined;
  return { kind: 'refused', window: v.window, refusal: known ? v.refusal : OTHER_REFUSAL, ...(words !== undefined ? { words } : {}) };
}, WindowOutcomeSchema);
