import { isSpace, type PrintUnit } from './print-units';

/** Punctuation that must not begin a line (GB/T 15834 usage: closing marks, pause and stop marks). */
const NO_LINE_START = new Set([...'，。、；：？！）》」』】〕〉”’…,.;:?!)]}%']);

function isWordUnit(unit: PrintUnit): boolean {
  return unit.kind === 'font' && unit.bytes.length === 1 && !isSpace(unit);
}

/** Index of the last `-` in `line` at or after `start` (within the ASCII word being broken), or -1. */
function lastHyphen(line: readonly PrintUnit[], start: number): number {
  for (let i = line.length - 1; i >= start; i -= 1) if ((line[i] as PrintUnit).text === '-') return i;
  return -1;
}

function trimEnd(line: PrintUnit[]): PrintUnit[] {
  let end = line.length;
  while (end > 0 && isSpace(line[end - 1] as PrintUnit)) end -= 1;
  return line.slice(0, end);
}

/**
 * `units` cut into lines of at most `width` columns. A unit is never split (a GBK character's
 * two bytes, a glyph, a `[U+…]` marker stay whole). CJK text breaks between any two
 * characters, except that closing punctuation (，。）…) never starts a line; an ASCII word (a
 * case number, a URL part) moves whole to the next line when it fits there, and one that must
 * break (longer than a line, or glued to CJK text) breaks after its last hyphen that fits
 * (`JQ-12-20261130-` / `0001`), else where the width runs out; the space at the break is dropped. A unit wider than the line on its own (only a
 * marker on a very narrow line) is cut into its ASCII characters. Empty input gives one empty
 * line (a blank paragraph still feeds paper).
 *
 * Hand-written: node-thermal-printer's `_fold` counts UTF-16 code units, not columns.
 */
export function wrapUnits(units: readonly PrintUnit[], width: number): PrintUnit[][] {
  if (width < 2) throw new Error(`wrapUnits: a line of ${width} columns cannot hold a CJK character`);
  const lines: PrintUnit[][] = [];
  let line: PrintUnit[] = [];
  let used = 0;
  const flush = (): void => {
    lines.push(trimEnd(line));
    line = [];
    used = 0;
  };
  const queue = [...units];
  for (let i = 0; i < queue.length; i += 1) {
    const unit = queue[i] as PrintUnit;
    if (unit.columns > width) {
      const pieces = [...unit.text].map((c): PrintUnit => ({ kind: 'font', text: c, bytes: Uint8Array.of(c.charCodeAt(0)), columns: 1 }));
      queue.splice(i, 1, ...pieces);
      i -= 1;
      continue;
    }
    // A space right after a soft break would indent the next line.
    if (line.length === 0 && lines.length > 0 && isSpace(unit)) continue;
    if (used + unit.columns <= width) {
      line.push(unit);
      used += unit.columns;
      continue;
    }
    if (isSpace(unit)) {
      flush();
      continue;
    }
    let carried: PrintUnit[] = [];
    const last = line[line.length - 1];
    if (NO_LINE_START.has(unit.text) && line.length > 1 && last && !NO_LINE_START.has(last.text) && last.columns + unit.columns <= width) {
      // 避头 (kinsoku): closing punctuation never starts a line; the character before it goes along.
      carried = line.splice(line.length - 1);
    } else if (isWordUnit(unit)) {
      let start = line.length;
      while (start > 0 && isWordUnit(line[start - 1] as PrintUnit)) start -= 1;
      const wordColumns = line.length - start + unit.columns;
      if (start > 0 && isSpace(line[start - 1] as PrintUnit) && wordColumns <= width) {
        carried = line.splice(start);
      } else {
        // The word cannot move whole: break it after its last hyphen on this line
        // (`JQ-12-20261130-` / `0001`), so a case number is never cut mid-number.
        const hyphen = lastHyphen(line, start);
        if (hyphen >= 0) carried = line.splice(hyphen + 1);
      }
    }
    flush();
    line = carried;
    used = carried.reduce((sum, u) => sum + u.columns, 0);
    line.push(unit);
    used += unit.columns;
  }
  if (line.length > 0 || lines.length === 0) flush();
  return lines;
}
