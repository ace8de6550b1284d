import { describe, expect, it } from 'vitest';
import { HALL_NUMBER_TAKEN_WORDS, type HallRefusalNotice } from '../../../electron/contract';
import { hallRefusalsWords, refusalReasonWords } from '../../../renderer/src/pages/queue/hall-refusals';

// What the window staff read on the 叫号 page about local tickets the hall did not take (review M2).

function notice(number: string, kind: HallRefusalNotice['kind'], reason: string, state: HallRefusalNotice['state'] = 'waiting'): HallRefusalNotice {
  return { ticketId: '0193a000-0000-7000-8000-000000000001', number, serviceDay: '2026-12-01', state, kind, reason, refusedAt: '2026-12-01T02:00:00.000Z' };
}

describe('the warning of local tickets the hall did not take', () => {
  it('says nothing when there are none', () => {
    expect(hallRefusalsWords([])).toBeNull();
  });

  it('lists each number with its reason and asks the clerk to see to the holders by hand', () => {
    expect(hallRefusalsWords([notice('A9001', 'conflicting', HALL_NUMBER_TAKEN_WORDS)])).toBe(
      '以下本机号票未被排队服务器接收，不会被叫号：A9001（号码已被大厅另一张号票占用，叫到此号时可能两人同来） — 请为持票群众人工安排',
    );
    expect(
      hallRefusalsWords([
        notice('A9001', 'conflicting', HALL_NUMBER_TAKEN_WORDS),
        notice('B7000', 'refused', '号码 B7000 属于营业日 2026-11-28，只接收 2026-11-30 和 2026-12-01 的离线记录，未保存', 'skipped'),
      ]),
    ).toBe(
      '以下本机号票未被排队服务器接收，不会被叫号：A9001（号码已被大厅另一张号票占用，叫到此号时可能两人同来）；B7000 已过号（属于营业日 2026-11-28，只接收 2026-11-30 和 2026-12-01 的离线记录） — 请为持票群众人工安排',
    );
  });

  it('keeps a server reason it cannot shorten as it is', () => {
    expect(refusalReasonWords({ number: 'A6001', reason: '号码 A6001 的字母 Z 不是本大厅的类别，未保存' })).toBe('字母 Z 不是本大厅的类别');
    expect(refusalReasonWords({ number: 'A6001', reason: '未保存' })).toBe('未保存');
  });
});
