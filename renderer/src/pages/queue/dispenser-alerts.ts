import type { DispenserStatus } from '../../../../electron/contract';

// The window staff's warnings about the hall's dispensers (取号机, issue 17), from their last
// reports in the panel (`QueuePanel.dispensers`, reportedAt on this PC's clock). Pure, for the
// 叫号 page: one line per dispenser that cannot issue or has gone silent, none when all are fine.

/** A dispenser whose last report is older than this (ms) is taken as gone (it reports every 30 s). */
export const DISPENSER_SILENT_MS = 90_000;

export interface DispenserAlert {
  device: number;
  /** `stopped`: it said it cannot print; `silent`: nothing heard for DISPENSER_SILENT_MS. */
  kind: 'stopped' | 'silent';
  /** The staff's sentence, e.g. "91 号取号机：缺纸，暂停取号". */
  words: string;
}

/**
 * The kiosk's words (addressed to the citizen: "取号机缺纸，暂停取号，请联系工作人员") as the
 * staff read them: without the leading 取号机 / 本机 and the call for staff ("缺纸，暂停取号").
 */
export function staffWords(kioskWords: string | null): string {
  const core = (kioskWords ?? '')
    .replace(/^(取号机|本机)/, '')
    .replace(/[，,]\s*请联系工作人员[。.]?$/, '')
    .trim();
  if (core === '') return '打印机不能出票，暂停取号';
  return core.includes('取号') ? core : `${core}，暂停取号`;
}

/** "2 分钟" / "3 小时" for an age in ms (whole units, at least 1 分钟). */
function ageWords(ms: number): string {
  const minutes = Math.max(1, Math.floor(ms / 60_000));
  return minutes < 60 ? `${minutes} 分钟` : `${Math.floor(minutes / 60)} 小时`;
}

/**
 * The warnings for `dispensers` at `nowMs` (this PC's clock), by device number: a silent
 * dispenser ("91 号取号机 2 分钟无消息", with its last trouble if it had one) before its last
 * state, which may be out of date; one not ready ("91 号取号机：缺纸，暂停取号"); nothing for one
 * ready and heard from lately.
 */
export function dispenserAlerts(dispensers: readonly DispenserStatus[], nowMs: number): DispenserAlert[] {
  const alerts: DispenserAlert[] = [];
  for (const d of [...dispensers].sort((a, b) => a.device - b.device)) {
    const age = nowMs - Date.parse(d.reportedAt);
    if (age > DISPENSER_SILENT_MS) {
      const last = d.ready ? '' : `（上次：${staffWords(d.words)}）`;
      alerts.push({ device: d.device, kind: 'silent', words: `${d.device} 号取号机 ${ageWords(age)}无消息${last}` });
    } else if (!d.ready) {
      alerts.push({ device: d.device, kind: 'stopped', words: `${d.device} 号取号机：${staffWords(d.words)}` });
    }
  }
  return alerts;
}

/** One dispenser's offline tickets the hall did not take, as the window staff read them. */
export interface DispenserRefusalAlert {
  device: number;
  /** One sentence per ticket, oldest first, e.g. "91 号取号机：离线号票 A6000 未被接受（…）— 请为持票群众人工安排". */
  lines: string[];
}

/**
 * The refused offline tickets each dispenser listed in its last report (`refusedTickets`, review
 * finding F2), by device number; none for a dispenser without any. Shown whether or not the
 * dispenser is silent now: the citizens holding those tickets wait all the same, and the server
 * lists only reports of today's service day.
 */
export function dispenserRefusalAlerts(dispensers: readonly DispenserStatus[]): DispenserRefusalAlert[] {
  return [...dispensers]
    .sort((a, b) => a.device - b.device)
    .filter((d) => (d.refusedTickets ?? []).length > 0)
    .map((d) => ({
      device: d.device,
      lines: (d.refusedTickets ?? []).map((t) => `${d.device} 号取号机：离线号票 ${t.number} 未被接受（${t.reason}）— 请为持票群众人工安排`),
    }));
}
