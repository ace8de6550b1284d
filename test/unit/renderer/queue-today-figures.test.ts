import { describe, expect, it } from 'vitest';
import { todayFiguresWords } from '../../../renderer/src/pages/queue/today-figures';

// The window's line of today's figures on its 叫号 panel: whole minutes, "—" before any service,
// no line when the figures are not known.

describe("the panel's line of today's figures", () => {
  it('says what the window did today, means in whole minutes', () => {
    expect(todayFiguresWords({ window: 12, served: 3, averageWaitMs: 12.4 * 60_000, averageServiceMs: 6.5 * 60_000, noShows: 1, recalls: 2 })).toBe(
      '今日已办 3 件 · 平均等候 12 分 · 平均办理 7 分 · 过号 1',
    );
  });

  it('shows a dash for a mean with nothing served, and no line when nothing is known', () => {
    expect(todayFiguresWords({ window: 12, served: 0, averageWaitMs: null, averageServiceMs: null, noShows: 2, recalls: 0 })).toBe('今日已办 0 件 · 平均等候 — · 平均办理 — · 过号 2');
    expect(todayFiguresWords(null)).toBeNull();
    expect(todayFiguresWords(undefined)).toBeNull();
  });
});
