import { describe, expect, it } from 'vitest';
import { QUEUE_REFUSAL_WORDS } from '../../../../electron/contract/queue';
import { applyWindowPress } from '../../../../electron/core/queue';
import { transferTargetKnown } from '../../../../electron/core/queue/window-actions';
import { STRICT, at, press, queueOf, ticket, uuid } from './queue-fixtures';

describe('a window’s presses', () => {
  it('a repeated pressId changes nothing and gets the first answer again', () => {
    const queue = queueOf(ticket('A', 1, 0), ticket('A', 2, 1));
    const pressId = uuid(1);
    const first = applyWindowPress(queue, STRICT, { pressId, window: 1, action: { kind: 'callNext' } }, at(10));
    expect(first.outcome).toMatchObject({ kind: 'called', number: 'A001' });
    // The same press again, even a second later: A002 is not called, A001 not called twice.
    const again = applyWindowPress(first.queue, STRICT, { pressId, window: 1, action: { kind: 'callNext' } }, at(10.02));
    expect(again.repeated).toBe(true);
    expect(again.outcome).toEqual(first.outcome);
    expect(again.queue).toBe(first.queue);
    expect(again.queue.tickets[ticket('A', 2, 1).id]?.state).toBe('waiting');
  });

  it('a refused press is refused again on retry, and a new press then works', () => {
    const empty = queueOf();
    const pressId = uuid(2);
    const refused = applyWindowPress(empty, STRICT, { pressId, window: 1, action: { kind: 'callNext' } }, at(1));
    expect(refused.outcome).toEqual({ kind: 'refused', window: 1, refusal: 'queueEmpty' });
    const withTicket = { ...refused.queue, tickets: queueOf(ticket('A', 1, 2)).tickets };
    expect(applyWindowPress(withTicket, STRICT, { pressId, window: 1, action: { kind: 'callNext' } }, at(3)).outcome.kind).toBe('refused');
    expect(press(withTicket, STRICT, 1, { kind: 'callNext' }, 3).outcome).toMatchObject({ kind: 'called', number: 'A001' });
  });

  it('calling next while holding a ticket finishes it, and says so for the rating', () => {
    let queue = queueOf(ticket('A', 1, 0), ticket('A', 2, 1));
    queue = press(queue, STRICT, 1, { kind: 'callNext' }, 10).queue;
    const next = press(queue, STRICT, 1, { kind: 'callNext' }, 20);
    expect(next.outcome).toMatchObject({ kind: 'called', number: 'A002', finished: ticket('A', 1, 0).id });
    expect(next.queue.tickets[ticket('A', 1, 0).id]).toMatchObject({ state: 'done', finishedAt: at(20).toISOString() });
  });

  it('recall calls the ticket at the counter again; with none, the ticket this window skipped last', () => {
    let queue = queueOf(ticket('A', 1, 0), ticket('A', 2, 1), ticket('A', 3, 2));
    queue = press(queue, STRICT, 1, { kind: 'callNext' }, 10).queue;
    const again = press(queue, STRICT, 1, { kind: 'recall' }, 11);
    expect(again.outcome).toMatchObject({ kind: 'called', number: 'A001', recall: true, finished: null });
    expect(again.queue.tickets[ticket('A', 1, 0).id]?.recalls).toBe(1);
    queue = press(again.queue, STRICT, 1, { kind: 'skip' }, 12).queue;
    queue = press(queue, STRICT, 1, { kind: 'callNext' }, 13).queue;
    queue = press(queue, STRICT, 1, { kind: 'skip' }, 14).queue;
    // The keypad's 回呼: no number given, A002 was skipped last.
    const back = press(queue, STRICT, 1, { kind: 'recall' }, 15);
    expect(back.outcome).toMatchObject({ kind: 'called', number: 'A002', recall: true });
    expect(press(queueOf(), STRICT, 1, { kind: 'recall' }, 15).outcome).toMatchObject({ kind: 'refused', refusal: 'nothingToRecall' });
  });

  it('a skipped ticket is not recalled by a window that neither skipped it nor serves its category', () => {
    let queue = queueOf(ticket('A', 1, 0));
    queue = press(queue, STRICT, 1, { kind: 'callNext' }, 10).queue;
    queue = press(queue, STRICT, 1, { kind: 'skip' }, 11).queue;
    expect(press(queue, STRICT, 3, { kind: 'recall', ticketId: ticket('A', 1, 0).id }, 12).outcome).toMatchObject({ kind: 'refused', refusal: 'notServedHere' });
  });

  it('pause keeps the window out of the estimate until resumed; calling next ends the pause', () => {
    let queue = queueOf(ticket('A', 1, 0));
    const paused = press(queue, STRICT, 1, { kind: 'pause', reason: '临时离开' }, 5);
    expect(paused.queue.windows['1']?.paused).toEqual({ reason: '临时离开', since: at(5).toISOString() });
    queue = press(paused.queue, STRICT, 1, { kind: 'callNext' }, 6).queue;
    expect(queue.windows['1']?.paused).toBeNull();
    expect(press(queue, STRICT, 1, { kind: 'resume' }, 7).outcome).toMatchObject({ kind: 'refused', refusal: 'notPaused' });
  });

  it('transfer: refused to the window itself or an unknown category; the ticket leaves the window', () => {
    let queue = queueOf(ticket('A', 1, 0));
    queue = press(queue, STRICT, 1, { kind: 'callNext' }, 5).queue;
    expect(press(queue, STRICT, 1, { kind: 'transfer', to: { window: 1 } }, 6).outcome).toMatchObject({ refusal: 'transferToSelf' });
    expect(press(queue, STRICT, 1, { kind: 'transfer', to: { category: 'Z' } }, 6).outcome).toMatchObject({ refusal: 'unknownCategory' });
    const moved = press(queue, STRICT, 1, { kind: 'transfer', to: { window: 2 } }, 6);
    expect(moved.queue.windows['1']?.current).toBeNull();
    expect(moved.queue.tickets[ticket('A', 1, 0).id]).toMatchObject({ state: 'transferred', forWindow: 2, issuedAt: ticket('A', 1, 0).issuedAt });
    expect(press(moved.queue, STRICT, 1, { kind: 'finish' }, 7).outcome).toMatchObject({ refusal: 'nothingCalled' });
  });

  it('transfer to a window no category lists is refused, and the ticket stays at the window (trial F18)', () => {
    let queue = queueOf(ticket('A', 1, 0));
    queue = press(queue, STRICT, 1, { kind: 'callNext' }, 5).queue;
    const listed = STRICT.categories.flatMap((c) => c.windows);
    const stranger = Math.max(...listed) + 1;
    const refused = press(queue, STRICT, 1, { kind: 'transfer', to: { window: stranger } }, 6);
    expect(refused.outcome).toEqual({ kind: 'refused', window: 1, refusal: 'unknownWindow' });
    expect(QUEUE_REFUSAL_WORDS.unknownWindow).toBe('该窗口未设置办理任何业务类别，不能转移到该窗口');
    expect(refused.queue.windows['1']?.current).toBe(ticket('A', 1, 0).id);
    expect(refused.queue.tickets[ticket('A', 1, 0).id]?.state).toBe('called');
    expect(transferTargetKnown(STRICT, stranger)).toBe(false);
    expect(transferTargetKnown(STRICT, 2)).toBe(true);
  });

  it('a press after the reset hour starts the new day: yesterday’s tickets lapse', () => {
    const queue = queueOf(ticket('A', 1, 0));
    // 2026-11-25 04:00 in Shanghai is 2026-11-24T20:00Z: OPENING (00:00Z) + 20 h.
    expect(press(queue, STRICT, 1, { kind: 'callNext' }, 20 * 60 - 1).outcome.kind).toBe('called');
    const next = press(queue, STRICT, 1, { kind: 'callNext' }, 20 * 60);
    expect(next.outcome).toMatchObject({ kind: 'refused', refusal: 'queueEmpty' });
    expect(next.queue.serviceDay).toBe('2026-11-25');
  });
});
