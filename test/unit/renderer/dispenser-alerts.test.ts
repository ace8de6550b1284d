import { describe, expect, it } from 'vitest';
import type { DispenserStatus } from '../../../electron/contract';
import { dispenserPrinterWords, NO_TICKET_PRINTER_WORDS } from '../../../electron/core/queue/dispenser-printing';
import { DISPENSER_SILENT_MS, dispenserAlerts, staffWords } from '../../../renderer/src/pages/queue/dispenser-alerts';

// What the window staff read about the hall's dispensers on the 叫号 page (issue 17).

const NOW = Date.parse('2026-12-01T02:00:00.000Z');

function report(device: number, ready: boolean, words: string | null, agoMs = 5_000): DispenserStatus {
  return { device, ready, words, reportedAt: new Date(NOW - agoMs).toISOString() };
}

describe('dispenser warnings for the window staff', () => {
  it('says nothing when every dispenser can issue and was heard from lately', () => {
    expect(dispenserAlerts([report(91, true, null), report(92, true, null, DISPENSER_SILENT_MS - 1000)], NOW)).toEqual([]);
    expect(dispenserAlerts([], NOW)).toEqual([]);
  });

  it('names a dispenser out of paper in the staff\'s words, not the citizen\'s', () => {
    // The words the dispenser's own look gives (and reports) for a printer out of paper.
    const paperOut = dispenserPrinterWords(
      { state: 'connected', endpoint: '192.168.1.50:9100', detail: null, since: new Date(NOW).toISOString() },
      { online: true, coverOpen: false, paper: 'end', error: null },
      true,
    );
    expect(paperOut).not.toBeNull();
    expect(dispenserAlerts([report(91, false, paperOut), report(92, true, null)], NOW)).toEqual([{ device: 91, kind: 'stopped', words: '91 号取号机：缺纸，暂停取号' }]);
  });

  it('names a dispenser with no ticket printer set, without the kiosk\'s 本机', () => {
    const [alert] = dispenserAlerts([report(93, false, NO_TICKET_PRINTER_WORDS)], NOW);
    expect(alert?.words).toBe('93 号取号机：未配置取号打印机（设置 → 设备 → 取号打印机），不能取号');
  });

  it('says a dispenser silent for more than 90 s has sent nothing, with its last trouble', () => {
    expect(dispenserAlerts([report(91, true, null, 2 * 60_000 + 5_000)], NOW)).toEqual([{ device: 91, kind: 'silent', words: '91 号取号机 2 分钟无消息' }]);
    expect(dispenserAlerts([report(92, false, '取号机缺纸，暂停取号，请联系工作人员', 3 * 3_600_000)], NOW)[0]?.words).toBe('92 号取号机 3 小时无消息（上次：缺纸，暂停取号）');
  });

  it('lists the warnings by dispenser number', () => {
    const alerts = dispenserAlerts([report(95, false, '取号机打印机上盖打开，暂停取号，请联系工作人员'), report(91, true, null, 100_000)], NOW);
    expect(alerts.map((a) => a.words)).toEqual(['91 号取号机 1 分钟无消息', '95 号取号机：打印机上盖打开，暂停取号']);
  });

  it('still says something for a dispenser that stopped without words', () => {
    expect(staffWords(null)).toBe('打印机不能出票，暂停取号');
  });
});
