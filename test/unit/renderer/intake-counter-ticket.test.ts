import { describe, expect, it } from 'vitest';
import { counterTicketWords } from '../../../renderer/src/pages/intake/counter-ticket';

// 受理's header line for the ticket at the counter (issue 17 §3).

const LINES = [
  { letter: 'A', name: '企业开办', count: 0, next: [], nextTickets: [] },
  { letter: 'B', name: '绿色通道', count: 2, next: ['B002', 'B003'], nextTickets: [] },
];
const held = (number: string) => ({ ticketId: '0193a1b2-0000-7000-8000-000000000001', number, state: 'called' as const, calledAt: null });

describe('counterTicketWords', () => {
  it('names the ticket and its category', () => {
    expect(counterTicketWords({ current: held('B001'), waiting: LINES })).toBe('当前号 B001 · 绿色通道');
  });
  it('shows the number alone for a letter this window does not serve (a ticket transferred here)', () => {
    expect(counterTicketWords({ current: held('C004'), waiting: LINES })).toBe('当前号 C004');
  });
  it('shows nothing with no ticket held, no queue, or no panel yet', () => {
    expect(counterTicketWords({ current: null, waiting: LINES })).toBeNull();
    expect(counterTicketWords(undefined)).toBeNull();
  });
});
