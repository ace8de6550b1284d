import type { WindowActionKind } from './window-actions';

// The caller keypad (呼叫器) on the legacy hall bus (../shared/protocols/legacy-hall-bus.md,
// "Functions seen"): which window action each key stands for. The bus driver parses the frames
// and makes one press (with its own pressId) per frame it has not seen before; the same actions
// then run as from the window's screen.

/**
 * Key codes (FUNC byte) → action. `0B` "ask for evaluation" is `finish`, which arms the rating
 * device (一次一评). `12` pause toggles: `pause` (with the window's configured default reason;
 * the bus carries none) when the window is open, `resume` when it is paused. `13` transfer carries
 * no target: the window's screen asks for it.
 */
export const KEYPAD_KEYS: Readonly<Record<number, WindowActionKind | 'pauseToggle'>> = {
  0x0c: 'callNext',
  0x0d: 'recall',
  0x0b: 'finish',
  0x12: 'pauseToggle',
  0x13: 'transfer',
};

/**
 * A digit followed by `0F` selects: 0 挂起 (hang up) and 6 弃号 (give up) both `skip` — the bus
 * cannot name a number to recall later, and a citizen who comes back must not need a new ticket,
 * so a given-up number stays recallable for the day like any 过号; 3 回呼 (call back) is `recall`
 * without a ticket, which calls the ticket this window skipped last.
 */
export const KEYPAD_SELECTIONS: Readonly<Record<number, WindowActionKind>> = {
  0: 'skip',
  3: 'recall',
  6: 'skip',
};

/** The byte ending a digit selection. */
export const KEYPAD_SELECT = 0x0f;
