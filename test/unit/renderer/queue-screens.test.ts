import { describe, expect, it } from 'vitest';
import type { DeviceHealth, QueueCall, QueuePanel, Ticket } from '../../../electron/contract';
import { QUEUE_REFUSAL_WORDS } from '../../../electron/contract';
import { EMPTY_BOARD, featuredCall, foldCalls, reconnectDelayMs, RECENT_ON_BOARD } from '../../../renderer/src/pages/queue/display-board';
import { printerStop } from '../../../renderer/src/pages/queue/dispenser-state';
import { chooseOptions, directAction, moveChoice, pressNote, whyNot } from '../../../renderer/src/pages/queue/panel-actions';
import { QUEUE_KEYS, QUEUE_SHORTCUTS } from '../../../renderer/src/pages/queue/queue-keys';

function call(seq: number, number: string, window: number, recall = false): QueueCall {
  return { seq, hall: 'JQ', window, number, recall, calledAt: '2026-12-01T01:00:00.000Z' };
}

describe('the hall screen board', () => {
  it('shows the newest call first and each window with its own last call', () => {
    const board = foldCalls(EMPTY_BOARD, [call(1, 'A001', 12), call(2, 'B001', 3), call(3, 'A002', 12)]);
    expect(board.recent.map((c) => c.number)).toEqual(['A002', 'B001', 'A001']);
    expect(board.windows.map((c) => `${c.window}:${c.number}`)).toEqual(['3:B001', '12:A002']);
  });

  it('does not let a late old call hide a window\'s newer one, nor a replay add a line', () => {
    let board = foldCalls(EMPTY_BOARD, [call(5, 'A005', 1)]);
    board = foldCalls(board, [call(4, 'A004', 1), call(5, 'A005', 1)]);
    expect(board.windows.map((c) => c.number)).toEqual(['A005']);
    expect(board.recent.map((c) => c.seq)).toEqual([5, 4]);
  });

  it('keeps only the last few calls and features the one being announced', () => {
    const many = Array.from({ length: 20 }, (_, i) => call(i + 1, `A${String(i + 1).padStart(3, '0')}`, (i % 4) + 1));
    const board = foldCalls(EMPTY_BOARD, many);
    expect(board.recent).toHaveLength(RECENT_ON_BOARD);
    expect(featuredCall(board, null)?.seq).toBe(20);
    expect(featuredCall(board, 18)?.seq).toBe(18);
    expect(featuredCall(EMPTY_BOARD, null)).toBeNull();
  });

  it('waits longer after each failed reconnect, up to half a minute', () => {
    expect([0, 1, 2, 3, 10, 100].map(reconnectDelayMs)).toEqual([1_000, 2_000, 4_000, 8_000, 30_000, 30_000]);
  });
});

const ticket = (id: string, number: string): Ticket => ({
  id,
  number,
  serviceDay: '2026-12-01',
  category: number.slice(0, 1),
  lane: 'ordinary',
  issuedAt: '2026-12-01T01:00:00.000Z',
  state: 'skipped',
  calledBy: 12,
  calledAt: '2026-12-01T01:10:00.000Z',
  recalls: 0,
  forWindow: null,
  skippedAt: '2026-12-01T01:12:00.000Z',
  finishedAt: null,
  bookingCode: null,
});

/** A waiting ticket as a panel line lists it, its id made from `n`. */
const waits = (n: number, number: string) => ({ ticketId: `0190a000-0000-7000-8000-0000000001${String(n).padStart(2, '0')}`, number });

function panel(over: Partial<QueuePanel> = {}): QueuePanel {
  return {
    role: 'window',
    window: 12,
    serviceDay: '2026-12-01',
    mode: { mode: 'hall', words: null, since: null, unsentHistory: 0 },
    serves: ['A'],
    current: null,
    paused: null,
    waiting: [{ letter: 'A', name: '企业开办', count: 0, next: [], nextTickets: [] }],
    skipped: [],
    ...over,
  };
}

describe('the window calling panel', () => {
  it('says why 叫号 cannot be pressed in the refusal words of the contract', () => {
    expect(whyNot(panel(), 'callNext')).toBe(QUEUE_REFUSAL_WORDS.queueEmpty);
    expect(whyNot(panel({ waiting: [{ letter: 'A', name: '企业开办', count: 2, next: ['A001', 'A002'], nextTickets: [waits(1, 'A001'), waits(2, 'A002')] }] }), 'callNext')).toBeNull();
    // Tickets waiting only in a category this window does not serve do not make 叫号 possible.
    expect(whyNot(panel({ waiting: [{ letter: 'B', name: '社保', count: 2, next: ['B001'], nextTickets: [waits(3, 'B001')] }] }), 'callNext')).toBe(QUEUE_REFUSAL_WORDS.queueEmpty);
    expect(whyNot(panel({ paused: { reason: '会议', since: '2026-12-01T01:00:00.000Z' } }), 'callNext')).toContain('暂停');
  });

  it('allows 过号 only for a called ticket, 重呼 for the ticket at the counter or a skipped one', () => {
    const called = panel({ current: { ticketId: '0190a000-0000-7000-8000-000000000001', number: 'A001', state: 'called', calledAt: null } });
    expect(whyNot(called, 'skip')).toBeNull();
    expect(whyNot(panel({ current: { ...called.current!, state: 'serving' } }), 'skip')).toBe(QUEUE_REFUSAL_WORDS.nothingCalled);
    expect(whyNot(panel(), 'recall')).toBe(QUEUE_REFUSAL_WORDS.nothingToRecall);
    expect(whyNot(panel({ skipped: [ticket('0190a000-0000-7000-8000-000000000002', 'A002')] }), 'recall')).toBeNull();
  });

  it('resumes with F9 at once, but asks the reason before pausing', () => {
    expect(directAction(panel({ paused: { reason: '会议', since: '2026-12-01T01:00:00.000Z' } }), 'pauseToggle')).toEqual({ kind: 'resume' });
    expect(directAction(panel(), 'pauseToggle')).toBeNull();
    expect(directAction(panel(), 'callNext')).toEqual({ kind: 'callNext' });
  });

  it('选号 offers the served categories\' waiting numbers (called by id out of turn), then the skipped ones (recalled)', () => {
    const shown = panel({
      serves: ['A'],
      waiting: [
        { letter: 'A', name: '企业开办', count: 7, next: ['A003', 'A004'], nextTickets: [waits(3, 'A003'), waits(4, 'A004')] },
        { letter: 'B', name: '社保', count: 1, next: ['B001'], nextTickets: [waits(5, 'B001')] },
      ],
      skipped: [ticket('0190a000-0000-7000-8000-000000000002', 'A002')],
    });
    const options = chooseOptions(shown);
    expect(options.map((o) => o.label)).toEqual(['A003 · 企业开办 · 等候中', 'A004 · 企业开办 · 等候中', 'A002 · 普通 · 已过号']);
    expect(options[1]?.action).toEqual({ kind: 'callChosen', ticketId: waits(4, 'A004').ticketId });
    expect(options[2]?.action).toEqual({ kind: 'recall', ticketId: '0190a000-0000-7000-8000-000000000002' });
    expect(whyNot(shown, 'choose')).toBeNull();
    // Only another category's tickets wait: nothing this window could call.
    expect(whyNot(panel({ waiting: [{ letter: 'B', name: '社保', count: 1, next: ['B001'], nextTickets: [waits(5, 'B001')] }] }), 'choose')).toBe(QUEUE_REFUSAL_WORDS.queueEmpty);
    expect(whyNot({ ...shown, paused: { reason: '会议', since: '2026-12-01T01:00:00.000Z' } }, 'choose')).toContain('暂停');
  });

  it('moves the 选号 choice with the arrow keys, stopping at the ends', () => {
    const options = chooseOptions(
      panel({ waiting: [{ letter: 'A', name: '企业开办', count: 2, next: ['A001', 'A002'], nextTickets: [waits(1, 'A001'), waits(2, 'A002')] }] }),
    );
    const [a1, a2] = options.map((o) => o.ticketId);
    expect(moveChoice(options, a1, 1)).toBe(a2);
    expect(moveChoice(options, a2, 1)).toBe(a2);
    expect(moveChoice(options, a2, -1)).toBe(a1);
    expect(moveChoice(options, a1, -1)).toBe(a1);
    // The chosen number was called elsewhere and left the list: back to the first.
    expect(moveChoice(options, waits(9, 'A009').ticketId, 1)).toBe(a1);
    expect(moveChoice([], a1, 1)).toBeUndefined();
  });

  it('shows a refused press in the contract\'s words', () => {
    expect(pressNote({ outcome: { kind: 'refused', window: 12, refusal: 'queueEmpty' }, words: '' })).toEqual({ words: '当前没有等候的号', refused: true });
  });

  it('lists the keys that call from any page in the F1 sheet; no key twice, none the browser or the app already uses', () => {
    expect(QUEUE_SHORTCUTS.shortcuts.flatMap((s) => s.keys)).toEqual(['F3', 'F4', 'F7']);
    const keys = QUEUE_KEYS.map((k) => k.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const taken of ['F1', 'F2', 'F5', 'F6', 'F11', 'F12']) expect(keys).not.toContain(taken);
  });
});

function printer(over: Partial<DeviceHealth>): DeviceHealth {
  return { id: 'ticketPrinter', label: '号票打印机', state: 'connected', endpoint: null, detail: null, since: '2026-12-01T01:00:00.000Z', ...over };
}

describe('the dispenser kiosk and its printer', () => {
  it('issues nothing with paper out or the cover open, as the printer said, and says so', () => {
    const ok = { online: true, coverOpen: false, paper: 'ok' as const, error: null };
    expect(printerStop(printer({ condition: ok }))).toBeNull();
    expect(printerStop(printer({ condition: { ...ok, paper: 'near_end' } }))).toBeNull();
    expect(printerStop(printer({ condition: { ...ok, paper: 'end' } }))).toBe('取号机缺纸，暂停取号，请联系工作人员');
    expect(printerStop(printer({ condition: { ...ok, coverOpen: true } }))).toContain('上盖打开');
    expect(printerStop(printer({ state: 'offline' }))).toContain('未就绪');
    expect(printerStop(null)).toBeNull();
  });
});
