import { LANE_WORDS, OTHER_REFUSAL, QUEUE_REFUSAL_WORDS, type QueuePanel, type QueuePressResult, type QueueRefusal, type WindowAction } from '../../../../electron/contract';
import type { QueueKeyAction } from './queue-keys';

// What the window's calling panel offers, from the panel the core sent: a button the press
// would only be refused for is disabled, with the refusal's own words as its reason, so the
// clerk learns why before pressing (the core still decides: a stale panel's press is refused
// with the same words).

/** Why an action cannot be taken now (the refusal's words), or null when it can. */
export function whyNot(panel: QueuePanel, action: QueueKeyAction): string | null {
  const paused = panel.paused !== null;
  switch (action) {
    case 'callNext':
      if (paused) return '窗口已暂停，请先恢复';
      return panel.waiting.some((l) => panel.serves.includes(l.letter) && l.count > 0) ? null : QUEUE_REFUSAL_WORDS.queueEmpty;
    case 'recall':
      return panel.current !== null || panel.skipped.length > 0 ? null : QUEUE_REFUSAL_WORDS.nothingToRecall;
    case 'skip':
      return panel.current?.state === 'called' ? null : QUEUE_REFUSAL_WORDS.nothingCalled;
    case 'choose':
      if (paused) return '窗口已暂停，请先恢复';
      return chooseOptions(panel).length > 0 ? null : QUEUE_REFUSAL_WORDS.queueEmpty;
    case 'pauseToggle':
      return null;
    case 'transfer':
      return panel.current !== null ? null : QUEUE_REFUSAL_WORDS.nothingCalled;
  }
}

/** The action a direct key press sends (those that need a choice first open a dialog instead). */
export function directAction(panel: QueuePanel, action: QueueKeyAction): WindowAction | null {
  switch (action) {
    case 'callNext':
      return { kind: 'callNext' };
    case 'recall':
      return { kind: 'recall' };
    case 'skip':
      return { kind: 'skip' };
    case 'pauseToggle':
      // Pausing asks for a reason (a dialog); resuming does not.
      return panel.paused !== null ? { kind: 'resume' } : null;
    case 'choose':
    case 'transfer':
      return null;
  }
}

/** The sentence beside the panel after a press, and whether it was refused. */
export function pressNote(result: Pick<QueuePressResult, 'outcome' | 'words'>): { words: string; refused: boolean } {
  if (result.outcome.kind === 'refused') {
    return { words: result.words || QUEUE_REFUSAL_WORDS[result.outcome.refusal], refused: true };
  }
  return { words: result.words, refused: false };
}

/**
 * Said in the 转移 dialog when it is confirmed while an earlier press is still on its way (review
 * F5): the dialog stays open, filled in, for the clerk to confirm again.
 */
export const PRESS_BUSY_WORDS = '上一个操作尚未完成，请稍候再按';

/**
 * What the 转移 dialog does with its press: words to show beside its field, the dialog staying
 * open — PRESS_BUSY_WORDS when the press was not sent (`'busy'`: one still on its way), a refusal
 * about the target (`targetRefusals`, or one this build does not know, in the server's words) —
 * or null, the dialog closing (done; or failed, said beside the panel).
 */
export function transferDialogWords(result: Pick<QueuePressResult, 'outcome' | 'words'> | 'busy' | null, targetRefusals: readonly QueueRefusal[]): string | null {
  if (result === 'busy') return PRESS_BUSY_WORDS;
  if (result?.outcome.kind === 'refused' && (targetRefusals.includes(result.outcome.refusal) || result.outcome.refusal === OTHER_REFUSAL)) return pressNote(result).words;
  return null;
}

/** One number the 选号 chooser offers: the ticket, what the list says, and the press it sends. */
export interface ChooseOption {
  ticketId: string;
  number: string;
  /** As the chooser lists it, e.g. 「A003 · 企业开办 · 等候中」. */
  label: string;
  action: WindowAction;
}

/**
 * What 选号 offers, in this order: the waiting numbers the panel shows of the categories this
 * window serves (line order, category by category; pressed as `callChosen` — another category's
 * ticket would only be refused with notServedHere), then the tickets this window skipped
 * (newest first; pressed as a `recall` of that ticket). Empty when there is nothing to call.
 */
export function chooseOptions(panel: QueuePanel): ChooseOption[] {
  const waiting = panel.waiting
    .filter((line) => panel.serves.includes(line.letter))
    .flatMap((line) =>
      line.nextTickets.map((t) => ({
        ticketId: t.ticketId,
        number: t.number,
        label: `${t.number} · ${line.name} · 等候中`,
        action: { kind: 'callChosen', ticketId: t.ticketId } as const,
      })),
    );
  const skipped = panel.skipped.map((t) => ({
    ticketId: t.id,
    number: t.number,
    label: `${t.number} · ${LANE_WORDS[t.lane]} · 已过号`,
    action: { kind: 'recall', ticketId: t.id } as const,
  }));
  return [...waiting, ...skipped];
}

/**
 * The chooser's selection after an arrow key: `step` +1 (↓/→) or −1 (↑/←) from the ticket
 * `current` (absent or gone: the first), staying at the ends. undefined with nothing to choose.
 */
export function moveChoice(options: readonly ChooseOption[], current: string | undefined, step: 1 | -1): string | undefined {
  if (options.length === 0) return undefined;
  const at = options.findIndex((o) => o.ticketId === current);
  if (at < 0) return options[0]?.ticketId;
  return options[Math.min(options.length - 1, Math.max(0, at + step))]?.ticketId;
}
