/** Beyond this difference (ms) between this PC's clock and the server's, the status says so. */
export const CLOCK_WARNING_MS = 2 * 60_000;

/**
 * The server's clock minus this PC's (ms), from a reply's `serverTime` and the PC's clock when
 * the request left and when the answer came: the server read its clock somewhere in between,
 * taken as the middle (as NTP does), so a slow network does not show as a clock error. Pure.
 */
export function clockOffsetMs(serverTime: string, sentAtMs: number, receivedAtMs: number): number {
  const server = Date.parse(serverTime);
  if (Number.isNaN(server)) return 0;
  return Math.round(server - (sentAtMs + receivedAtMs) / 2);
}

/**
 * Words for the status bar when this PC's clock is off by more than CLOCK_WARNING_MS, or null.
 * Ordering never depends on the window's clock (the server keeps its own receive time beside it),
 * but the times on receipts and in the records do, so IT staff should set it right.
 */
export function clockWarning(offsetMs: number | null): string | null {
  if (offsetMs === null || Math.abs(offsetMs) <= CLOCK_WARNING_MS) return null;
  const minutes = Math.round(Math.abs(offsetMs) / 60_000);
  // offset = server − PC: a positive offset means the PC is behind.
  const way = offsetMs > 0 ? '慢' : '快';
  return `本机时钟比上级平台${way} ${minutes} 分钟，请校准本机时间`;
}
