import { describe, expect, it } from 'vitest';
import type { DispenserStatus } from '../../../electron/contract';
import { dispenserAlerts } from '../../../renderer/src/pages/queue/dispenser-alerts';
import { shortDispenserWords } from '../../../renderer/src/pages/queue/DispenserStatusItem';

// The status bar's short words for a dispenser warning (trial finding F10): 91 号取号机缺纸 on every page.

const NOW = Date.parse('2026-12-01T02:00:00.000Z');
const at = (secondsAgo: number) => new Date(NOW - secondsAgo * 1000).toISOString();

describe('the status bar says which dispenser cannot issue, briefly', () => {
  it('out of paper: the number and the trouble; gone silent: 无消息', () => {
    const dispensers: DispenserStatus[] = [
      { device: 91, ready: false, words: '取号机缺纸，暂停取号，请联系工作人员', reportedAt: at(10) },
      { device: 92, ready: true, words: null, reportedAt: at(600) },
      { device: 93, ready: true, words: null, reportedAt: at(5) },
    ];
    const alerts = dispenserAlerts(dispensers, NOW);
    expect(alerts.map((a) => shortDispenserWords(a, dispensers.find((d) => d.device === a.device)))).toEqual(['91 号取号机缺纸', '92 号取号机无消息']);
  });
});
