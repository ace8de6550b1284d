import type { IssuingWindow } from './document-inputs';

/** `12号窗口 综合受理` (the name only when the settings give one). */
export function windowLine(window: IssuingWindow): string {
  return window.windowName ? `${window.windowNumber}号窗口 ${window.windowName}` : `${window.windowNumber}号窗口`;
}

/** `（暂定）` after a date a provisional year touches (DOMAIN.md "Time"), else nothing. */
export function provisionalMark(provisional: boolean): string {
  return provisional ? '（暂定）' : '';
}
