import type { QueueCall } from '../../../../electron/contract';

// What the hall screen shows (大厅显示屏, issue 17): the latest call in large type, the last call of
// each window, and the calls before it. Pure: the display page folds every call it hears into it.

/** The screen's calls. */
export interface DisplayBoard {
  /** The newest calls first (the highest seq), at most RECENT_ON_BOARD. */
  recent: readonly QueueCall[];
  /** Each window's last call, by window number. */
  windows: readonly QueueCall[];
}

/** How many calls the screen lists under the latest one. */
export const RECENT_ON_BOARD = 8;

export const EMPTY_BOARD: DisplayBoard = { recent: [], windows: [] };

/**
 * The board after `calls` (in any order; calls already on it — a replay after a reconnect — change
 * nothing). A window's slot keeps its highest seq, so a late old call never hides a newer one.
 */
export function foldCalls(board: DisplayBoard, calls: readonly QueueCall[]): DisplayBoard {
  if (calls.length === 0) return board;
  const bySeq = new Map<number, QueueCall>(board.recent.map((c) => [c.seq, c]));
  for (const call of calls) bySeq.set(call.seq, call);
  const recent = [...bySeq.values()].sort((a, b) => b.seq - a.seq).slice(0, RECENT_ON_BOARD);
  const byWindow = new Map<number, QueueCall>(board.windows.map((c) => [c.window, c]));
  for (const call of calls) {
    const held = byWindow.get(call.window);
    if (held === undefined || held.seq < call.seq) byWindow.set(call.window, call);
  }
  const windows = [...byWindow.values()].sort((a, b) => a.window - b.window);
  return { recent, windows };
}

/** The call shown in large type: the one being announced, else the newest. */
export function featuredCall(board: DisplayBoard, announcingSeq: number | null): QueueCall | null {
  if (announcingSeq !== null) {
    const announcing = board.recent.find((c) => c.seq === announcingSeq);
    if (announcing) return announcing;
  }
  return board.recent[0] ?? null;
}

/**
 * The delay before reconnecting after the `attempt`-th failure in a row (0-based): 1 s, 2 s,
 * 4 s … at most 30 s, so a hall screen is back within half a minute of the server, without
 * hammering a server that is starting.
 */
export function reconnectDelayMs(attempt: number): number {
  return Math.min(30_000, 1_000 * 2 ** Math.max(0, Math.min(attempt, 15)));
}
