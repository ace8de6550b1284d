/**
 * The legacy hall bus's de-duplication (protocols/legacy-hall-bus.md, "What the bus does not give":
 * no sequence number, so a vote resent after a lost acknowledgement looks like a new vote). A vote
 * frame with the same (address, score) as one we acknowledged less than `windowMs` ago is taken as
 * the device resending it: the driver acknowledges it again and does not store it. Every such
 * re-acknowledgement starts the window again, since the repeat shows the device is still resending.
 *
 * What it can still get wrong, by construction (the bus carries nothing to tell them apart):
 * - two real citizens dropping the same score at the same window within the window of each other
 *   are counted once (an undercount of one);
 * - a vote the device resends later than the window after our last acknowledgement is counted
 *   twice (an overcount of one);
 * - a vote whose acknowledgement we never sent (the commit failed) is not in the window: its resend
 *   is stored as it should be.
 * Pure: times are given (any monotonic millisecond clock).
 */
export class RepeatWindow {
  private readonly lastAck = new Map<string, number>();

  /** @param windowMs how long after our last ack a repeat counts as a resend (default 2000 ms in timing.ts). */
  constructor(readonly windowMs: number) {}

  /** Whether a vote (address, score) arriving at `nowMs` is the device resending one we acknowledged. */
  isRepeat(address: number, score: number, nowMs: number): boolean {
    const at = this.lastAck.get(key(address, score));
    return at !== undefined && nowMs - at < this.windowMs;
  }

  /** Records that we acknowledged (address, score) at `nowMs` (a first ack or a re-ack). */
  acked(address: number, score: number, nowMs: number): void {
    this.lastAck.set(key(address, score), nowMs);
    // Entries older than the window can never match again; keep the map small on a long day.
    for (const [k, at] of this.lastAck) if (nowMs - at >= this.windowMs) this.lastAck.delete(k);
  }
}

function key(address: number, score: number): string {
  return `${address}:${score}`;
}
