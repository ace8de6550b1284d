/**
 * The rules of a limited text field (components/LimitedText.tsx), without React: characters are
 * counted as people count them (code points, as the core's boundedText does), and an edit past
 * the limit is refused whole rather than cut.
 */

/** Length in code points, as the core counts a free-text field. */
export function codePointCount(value: string): number {
  return Array.from(value).length;
}

/**
 * The value an edit leaves: the edited value when within `max` (or no longer than before, so an
 * over-long value can always be shortened), otherwise the value before the edit — nothing
 * already typed is cut, wherever the clerk was typing or pasting.
 */
export function limitedEdit(previous: string, next: string, max: number): { value: string; refused: boolean } {
  const length = codePointCount(next);
  if (length <= max || length <= codePointCount(previous)) return { value: next, refused: false };
  return { value: previous, refused: true };
}

/** Shown beside the field when an edit was refused; `unit` is 字 for text, 位 for a number. */
export function refusedMessage(max: number, unit: '字' | '位' = '字'): string {
  // Says that the whole edit (often a paste) was left out, not just its tail: nothing is cut.
  return `最多 ${max} ${unit}，这次输入或粘贴会超出，未录入`;
}
