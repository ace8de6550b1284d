/**
 * The 设置 page's clock card, computed from the core's `app.clock` answer without asking again
 * every second: the core's now plus the time passed here since the answer, shown in each zone by
 * the UTC offset the answer gave. The card asks again every minute, which picks up a change of
 * offset (daylight saving) and of the PC's zone.
 */
import type { Clock } from '../../../../electron/contract';

/** One zone's wall clock: `2026-05-12` and `09:31:05`. */
export interface WallClock {
  date: string;
  time: string;
}

/** The wall clock at `instantMs` (ms since epoch) in a zone `offsetMinutes` east of UTC. */
export function wallClock(instantMs: number, offsetMinutes: number): WallClock {
  const iso = new Date(instantMs + offsetMinutes * 60_000).toISOString();
  return { date: iso.slice(0, 10), time: iso.slice(11, 19) };
}

/** `UTC+8`, `UTC-5`, `UTC+5:30`, `UTC`. */
export function formatOffset(offsetMinutes: number): string {
  if (offsetMinutes === 0) return 'UTC';
  const sign = offsetMinutes > 0 ? '+' : '-';
  const abs = Math.abs(offsetMinutes);
  const minutes = abs % 60;
  return `UTC${sign}${Math.floor(abs / 60)}${minutes ? `:${String(minutes).padStart(2, '0')}` : ''}`;
}

/** What the card shows at one moment. */
export interface ClockView {
  pc: WallClock;
  hall: WallClock;
  /** The PC's date is not the hall's: numbers and deadlines use the hall's (the warning). */
  datesDiffer: boolean;
  /** The PC is set to another zone than the hall's (the info line). */
  zonesDiffer: boolean;
}

/**
 * The card at `localNowMs` (this browser's Date.now()), given `answer` received when this
 * browser's clock read `receivedAtMs`: the core's clock is the reference, so a browser on
 * another machine with a wrong clock does not change what is shown.
 */
export function clockView(answer: Clock, receivedAtMs: number, localNowMs: number): ClockView {
  const coreNow = Date.parse(answer.now) + (localNowMs - receivedAtMs);
  const pc = wallClock(coreNow, answer.pcUtcOffsetMinutes);
  const hall = wallClock(coreNow, answer.hallUtcOffsetMinutes);
  return { pc, hall, datesDiffer: pc.date !== hall.date, zonesDiffer: answer.pcTimeZone !== answer.hallTimeZone };
}

/** The warning when the dates differ, naming the hall's date. */
export function datesDifferMessage(hallDate: string): string {
  return `本机日期与大厅日期不同：办件编号和期限按大厅日期 ${hallDate} 计算，请核对本机时钟和时区`;
}
