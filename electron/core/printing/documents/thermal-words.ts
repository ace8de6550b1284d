import type { IssuingWindow } from './document-inputs';

/** How many characters of ASCII fit on one line at size 2 on 58 mm paper (32 columns, doubled). */
const BIG_ASCII_COLUMNS = 16;

/**
 * A code (case number, ticket number) to print at size 2, as lines that each fit 58 mm paper.
 * A code longer than a line is broken after a `-` (`HX-7-20261130-` / `0001`) rather than
 * wherever the width runs out, so it still reads as parts the citizen can quote. Assumes ASCII
 * (case and ticket numbers are).
 */
export function bigLines(code: string): string[] {
  const lines: string[] = [];
  let rest = code;
  while (rest.length > BIG_ASCII_COLUMNS) {
    const cut = rest.lastIndexOf('-', BIG_ASCII_COLUMNS - 1);
    // No hyphen to break at: leave it to the renderer's wrapping (it never splits a character).
    if (cut <= 0) break;
    lines.push(rest.slice(0, cut + 1));
    rest = rest.slice(cut + 1);
  }
  lines.push(rest);
  return lines;
}

/** `12号窗口 综合受理` (the name only when the settings give one). */
export function windowLine(window: IssuingWindow): string {
  return window.windowName ? `${window.windowNumber}号窗口 ${window.windowName}` : `${window.windowNumber}号窗口`;
}

/** `（暂定）` after a date a provisional year touches (DOMAIN.md "Time"), else nothing. */
export function provisionalMark(provisional: boolean): string {
  return provisional ? '（暂定）' : '';
}
