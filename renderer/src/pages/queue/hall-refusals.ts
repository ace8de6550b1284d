import { TICKET_STATE_WORDS, type HallRefusalNotice } from '../../../../electron/contract';

// The window staff's warning about this PC's local tickets the hall server did not take when the
// offline history went up (review finding M2; `QueuePanel.hallRefusals`). Pure, for the 叫号 page:
// the hall will never call these numbers, so whoever holds the paper must be seen to by hand.

/** The line's opening and closing words. */
export const HALL_REFUSALS_TITLE = '以下本机号票未被排队服务器接收，不会被叫号：';
export const HALL_REFUSALS_ADVICE = '请为持票群众人工安排';

/**
 * A refusal's reason as the line shows it after the number: the server's sentence without the
 * number it repeats ("号码 B7000 …") and its closing "，未保存" (the warning says so already).
 */
export function refusalReasonWords(notice: Pick<HallRefusalNotice, 'number' | 'reason'>): string {
  const core = notice.reason
    .replace(new RegExp(`^号码\\s*${notice.number}\\s*(的)?`), '')
    .replace(/[，,]\s*未保存[。.]?$/, '')
    .trim();
  return core === '' ? notice.reason : core;
}

/**
 * The warning, e.g. "以下本机号票未被排队服务器接收，不会被叫号：A6000（号码已被大厅另一张号票占用，…）；
 * B7000 已过号（属于营业日 …）— 请为持票群众人工安排"; a ticket not waiting says its state here.
 * null for none.
 */
export function hallRefusalsWords(notices: readonly HallRefusalNotice[]): string | null {
  if (notices.length === 0) return null;
  const items = notices.map((n) => `${n.number}${n.state === 'waiting' ? '' : ` ${TICKET_STATE_WORDS[n.state]}`}（${refusalReasonWords(n)}）`);
  return `${HALL_REFUSALS_TITLE}${items.join('；')} — ${HALL_REFUSALS_ADVICE}`;
}
