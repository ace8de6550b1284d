import { describe, expect, it } from 'vitest';
import {
  HALL_DOWN_TICKET_WORDS,
  HALL_REFUSED_WORDS,
  HALL_UNREACHABLE_WORDS,
  NO_HALL_SERVER_WORDS,
  NOT_ENROLLED_WORDS,
  ticketWaitWords,
  type TicketQueueMode,
} from '../../../../../electron/contract/queue';
import { buildQueueTicket } from '../../../../../electron/core/printing/documents/queue-ticket';
import { queueInputs } from './document-fixtures';
import { documentWords } from './thermal-text';

describe('排队票 (queue ticket)', () => {
  it('hall, category, the number large, people ahead, wait, QR, time and the keep-it line', () => {
    const doc = buildQueueTicket(queueInputs());
    expect(doc).toMatchObject({ kind: 'queueTicket', title: 'A012' });
    expect(doc.blocks).toContainEqual({ kind: 'text', text: 'A012', align: 'center', bold: true, size: 2 });
    const words = documentWords(doc);
    expect(words[0]).toBe('杭州市西湖区政务服务中心');
    expect(words).toContain('A 企业开办');
    expect(words).toContain('前面还有 5 人');
    expect(words).toContain('预计等候约 18 分钟');
    expect(words).toContain('取号时间：2026-11-30 09:31');
    expect(words).toContain('请保管好本票，留意叫号');
    // A skipped number is recallable at the window: the paper does not send the citizen to take a new one.
    expect(words).toContain('过号后请留意叫号屏或到窗口请求重呼');
    expect(words.join('\n')).not.toContain('重新取号');
    // The QR holds the ticket's number, not an address: its caption says so, and promises no progress page.
    expect(doc.blocks).toContainEqual({ kind: 'qr', payload: 'QT:HZXH:2026-11-30:A012', caption: '号票凭证' });
    expect(words.join('\n')).not.toContain('扫码查看');
    // The number comes before the count, the count before the QR: the order a citizen reads it.
    const order = ['A012', '前面还有 5 人', '[QR'].map((w) => words.findIndex((x) => x.startsWith(w)));
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it('no minutes line when the wait is unknown; nobody ahead is said as 0 and 即将叫号', () => {
    const unknown = documentWords(buildQueueTicket(queueInputs({ estimatedWaitMinutes: null })));
    expect(unknown).toContain('前面还有 5 人');
    expect(unknown.join('\n')).not.toContain('预计等候');
    const nobody = documentWords(buildQueueTicket(queueInputs({ estimatedWaitMinutes: 0, peopleAhead: 0 })));
    expect(nobody).toContain('前面还有 0 人');
    expect(nobody).toContain('即将叫号，请留意叫号屏');
    expect(nobody.join('\n')).not.toContain('分钟');
  });

  it('with the hall server set up but away: says so, in a citizen\'s words, instead of a count only this PC knows', () => {
    for (const words of [HALL_UNREACHABLE_WORDS, HALL_REFUSED_WORDS, NOT_ENROLLED_WORDS]) {
      const paper = documentWords(buildQueueTicket(queueInputs({ queueMode: { mode: 'local', words }, peopleAhead: 0, estimatedWaitMinutes: 0 })));
      expect(paper).toContain('叫号系统网络中断，叫号可能延迟，请留意叫号屏');
      expect(paper).toContain('暂无法估计等候人数和时间');
      expect(paper.join('\n')).not.toMatch(/前面还有|分钟|排队服务器/);
    }
  });

  it('on a PC with no hall server at all: prints its own count and estimate, not that a server is away', () => {
    const paper = documentWords(buildQueueTicket(queueInputs({ queueMode: { mode: 'local', words: NO_HALL_SERVER_WORDS }, peopleAhead: 2, estimatedWaitMinutes: 9 })));
    expect(paper).toContain('前面还有 2 人');
    expect(paper).toContain('预计等候约 9 分钟');
    expect(paper.join('\n')).not.toContain(HALL_DOWN_TICKET_WORDS);
  });

  it('prints the same words the kiosk shows (one function for both)', () => {
    const hall: TicketQueueMode = { mode: 'hall', words: null };
    for (const facts of [
      { ahead: 3, waitMinutes: 7, mode: hall },
      { ahead: 0, waitMinutes: 0, mode: hall },
      { ahead: 2, waitMinutes: 1, mode: { mode: 'local', words: HALL_UNREACHABLE_WORDS } satisfies TicketQueueMode },
      { ahead: 2, waitMinutes: 1, mode: { mode: 'local', words: NO_HALL_SERVER_WORDS } satisfies TicketQueueMode },
    ]) {
      const words = documentWords(buildQueueTicket(queueInputs({ peopleAhead: facts.ahead, estimatedWaitMinutes: facts.waitMinutes, queueMode: facts.mode })));
      const said = ticketWaitWords(facts);
      expect(words).toContain(said.ahead);
      if (said.wait !== null) expect(words).toContain(said.wait);
    }
  });

  it('refuses a QR payload that is not ASCII, and a negative count', () => {
    expect(() => buildQueueTicket(queueInputs({ qrPayload: 'A012号' }))).toThrow(/二维码/);
    expect(() => buildQueueTicket(queueInputs({ qrPayload: '' }))).toThrow(/二维码/);
    expect(() => buildQueueTicket(queueInputs({ peopleAhead: -1 }))).toThrow(/等候人数/);
  });
});
