/**
 * The keyboard of every form dialog: it opens with the cursor in its first field (not on the
 * × that closes it), Enter in a one-line field confirms, and Ctrl+Enter confirms from anywhere —
 * a text area, a drop-down, a button — as it does on the intake page.
 */
import type { KeyboardEvent as ReactKeyboardEvent } from 'react';

/** The Enter that commits 张 in a pinyin IME (keyCode 229) is the IME's, not the dialog's. */
function isComposing(e: ReactKeyboardEvent): boolean {
  return e.nativeEvent.isComposing || e.nativeEvent.keyCode === 229;
}

/** Form controls a clerk types into or chooses with; buttons (× included) are not fields. */
const FIELD =
  'input:not([type="hidden"]):not([type="button"]):not([type="submit"]):not([type="reset"]):not([type="file"]), textarea, select';

function usable(el: HTMLElement): boolean {
  return (
    !el.hasAttribute('disabled') &&
    el.getAttribute('aria-disabled') !== 'true' &&
    el.getAttribute('aria-hidden') !== 'true' &&
    el.tabIndex >= 0 &&
    // Hidden ones (a closed popup, a collapsed part) have no layout box.
    el.getClientRects().length > 0
  );
}

/**
 * The first field of `root` in document order, as Tab would reach it: for a radio group the
 * checked radio (or its first usable one when none is checked). Null when there is none.
 */
export function firstField(root: ParentNode): HTMLElement | null {
  const fields = Array.from(root.querySelectorAll<HTMLElement>(FIELD)).filter(usable);
  const first = fields[0];
  if (!(first instanceof HTMLInputElement) || first.type !== 'radio' || first.name === '') return first ?? null;
  const group = fields.filter((f): f is HTMLInputElement => f instanceof HTMLInputElement && f.type === 'radio' && f.name === first.name);
  return group.find((r) => r.checked) ?? first;
}

/** Puts the cursor in the first field of `root`; false when it has none. */
export function focusFirstField(root: ParentNode | null | undefined): boolean {
  const field = root ? firstField(root) : null;
  if (!field) return false;
  field.focus();
  return true;
}

/** Text inputs where Enter means "done", not "choose" (drop-downs and date pickers keep Enter). */
function confirmsOnEnter(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLInputElement)) return false;
  if (['button', 'submit', 'reset', 'file', 'image', 'color', 'range'].includes(target.type)) return false;
  if (target.getAttribute('role') === 'combobox' || target.closest('.ant-select, .ant-picker, .ant-cascader')) return false;
  return true;
}

/**
 * For a dialog's `onKeyDownCapture`: runs `confirm` on Ctrl+Enter anywhere in the dialog and on
 * Enter in a one-line field (a radio or a check box counts, as in a browser's own forms), and
 * keeps the key from the widget under it. Left alone: Enter while an IME is composing (it picks
 * the characters), in a text area (a new line), in a drop-down or a date picker (it chooses), on
 * a button (it presses it), and Shift/Alt combinations.
 */
export function confirmKeyDown(e: ReactKeyboardEvent<HTMLElement>, confirm: () => void): void {
  if (e.key !== 'Enter' || e.altKey || e.shiftKey || isComposing(e)) return;
  const ctrl = e.ctrlKey || e.metaKey;
  if (!ctrl && !confirmsOnEnter(e.target)) return;
  e.preventDefault();
  e.stopPropagation();
  confirm();
}
