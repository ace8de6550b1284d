/** Keyboard plumbing shared by the intake screens. */
import type { KeyboardEvent as ReactKeyboardEvent } from 'react';

/**
 * True while an IME is composing: the Enter that commits 张 in a pinyin IME must not also
 * jump to the next field or choose an item.
 */
export function isComposing(e: KeyboardEvent | ReactKeyboardEvent): boolean {
  const native = 'nativeEvent' in e ? e.nativeEvent : e;
  return native.isComposing || native.keyCode === 229;
}

const FOCUSABLE = 'input, textarea, select, button, a[href], [tabindex]';

/** A radio group is one Tab stop: its checked radio, or its first when none is checked. */
function isGroupStop(el: HTMLElement, root: ParentNode): boolean {
  if (!(el instanceof HTMLInputElement) || el.type !== 'radio' || el.name === '') return true;
  if (el.checked) return true;
  const group = Array.from(root.querySelectorAll<HTMLInputElement>('input[type="radio"]')).filter(
    (r) => r.name === el.name && !r.disabled,
  );
  return !group.some((r) => r.checked) && group[0] === el;
}

function tabbable(root: ParentNode): HTMLElement[] {
  return Array.from(root.querySelectorAll<HTMLElement>(FOCUSABLE)).filter(
    (el) =>
      el.tabIndex >= 0 &&
      !el.hasAttribute('disabled') &&
      el.getAttribute('aria-hidden') !== 'true' &&
      // Hidden ones (collapsed panels, closed popups) have no layout box.
      el.getClientRects().length > 0 &&
      isGroupStop(el, root),
  );
}

/** Moves focus as Tab would, within `root`; false when `from` was the last stop. */
export function focusNextField(from: HTMLElement, root: ParentNode): boolean {
  const list = tabbable(root);
  const index = list.findIndex((el) => el === from || el.contains(from));
  const next = list[index + 1];
  if (index < 0 || !next) return false;
  next.focus();
  return true;
}

export function focusFirstIn(root: ParentNode | null | undefined): boolean {
  if (!root) return false;
  const first = tabbable(root)[0];
  if (!first) return false;
  first.focus();
  return true;
}

/**
 * Focuses the first field (top to bottom) that shows a message, scrolling it into view.
 * Fields carry `data-field="<field key>"` on their wrapper.
 */
export function focusFirstError(root: ParentNode | null, keys: ReadonlySet<string>): boolean {
  if (!root || keys.size === 0) return false;
  const wrapper = Array.from(root.querySelectorAll<HTMLElement>('[data-field]')).find((el) =>
    keys.has(el.dataset.field ?? ''),
  );
  if (!wrapper) return false;
  wrapper.scrollIntoView({ block: 'center' });
  const target = wrapper.matches(FOCUSABLE) && wrapper.tabIndex >= 0 ? wrapper : tabbable(wrapper)[0];
  // A row of the checklist is focusable itself but not a tab stop until it is the active one.
  (target ?? wrapper.querySelector<HTMLElement>('[tabindex]') ?? wrapper).focus({ preventScroll: true });
  return true;
}

/**
 * Enter in a one-line field moves on like Tab, the way counter software has always worked.
 * Left alone: IME composition, modified keys, text areas, and combo boxes (Enter picks there).
 */
export function enterMovesOn(e: ReactKeyboardEvent<HTMLElement>, root: ParentNode | null): void {
  if (e.defaultPrevented || e.key !== 'Enter' || e.ctrlKey || e.altKey || e.metaKey || e.shiftKey || isComposing(e) || !root) return;
  const target = e.target;
  if (!(target instanceof HTMLInputElement)) return;
  if (target.getAttribute('role') === 'combobox' || target.closest('.ant-picker')) return;
  e.preventDefault();
  focusNextField(target, root);
}

/**
 * Enter on a closed drop-down (证件类型) moves on instead of opening it: the default is right
 * almost every time, and a clerk going down the form with Enter must not get stuck in a list.
 * ↓ still opens it. Runs in the capture phase, before the drop-down sees the key.
 */
export function enterSkipsClosedSelect(e: ReactKeyboardEvent<HTMLElement>, root: ParentNode | null): void {
  if (e.key !== 'Enter' || e.ctrlKey || e.altKey || e.metaKey || e.shiftKey || isComposing(e) || !root) return;
  const target = e.target;
  if (!(target instanceof HTMLInputElement) || target.getAttribute('role') !== 'combobox') return;
  if (!target.closest('.ant-select') || target.getAttribute('aria-expanded') === 'true') return;
  e.preventDefault();
  e.stopPropagation();
  focusNextField(target, root);
}

/** Messages whose field is not on the page now (so they must be shown on top instead). */
export function messagesWithoutField(root: ParentNode | null, fields: Readonly<Record<string, string>>): string[] {
  if (!root) return Object.values(fields);
  return Object.entries(fields)
    .filter(([key]) => root.querySelector(`[data-field="${CSS.escape(key)}"]`) === null)
    .map(([, message]) => message);
}
