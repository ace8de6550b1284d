import { V1_OVERHEAD } from '../../electron/core/ratings/protocol/v1-frame';
import { V1_EVENT_BYTES } from '../../electron/core/ratings/protocol/v1-messages';
import { summarise, type Summary } from './stats';

/** Target of issue 15 (Proof): p99 under 20 ms beyond the wire time at 9600 baud. */
export const RATING_P99_TARGET_MS = 20;

/** Bits on the wire per byte at 8N1: a start bit, 8 data bits, a stop bit. */
const BITS_PER_BYTE = 10;

/** A POLL reply carrying one event: status u8, queued u8, the 15-byte event (protocols/rating-device.md). */
export const POLL_REPLY_WITH_EVENT_BYTES = V1_OVERHEAD + 2 + V1_EVENT_BYTES;
/** A POLL request: ack_event_id u32. */
export const POLL_REQUEST_BYTES = V1_OVERHEAD + 4;

/** Milliseconds `bytes` take on a serial line at `baud` with 8N1 framing. */
export function wireMs(bytes: number, baud: number): number {
  return (bytes * BITS_PER_BYTE * 1000) / baud;
}

/**
 * The wire time of the frames between the event leaving the device and its acknowledgement
 * arriving back: the POLL reply that carries it and the next POLL that carries its event_id.
 */
export function exchangeWireMs(baud: number): number {
  return wireMs(POLL_REPLY_WITH_EVENT_BYTES + POLL_REQUEST_BYTES, baud);
}

/** What was timed of one coin, in ms of the monotonic clock (process.hrtime), relative to nothing in particular. */
export interface CoinTimes {
  /** The coin fell (the device recorded its event). */
  coinAt: number;
  /** The first POLL reply carrying its event was handed to the line at the device's end. */
  replyOutAt: number;
  /** The core published `ratings.received` for it (after its transaction committed). */
  committedAt: number;
  /** The POLL carrying its event_id reached the device. */
  ackInAt: number;
}

/** The bench's figures over every coin measured. */
export interface RatingFigures {
  /** Event leaving the device → vote committed. */
  toCommit: Summary;
  /** Vote committed → acknowledgement reaching the device. */
  commitToAck: Summary;
  /** Event leaving the device → acknowledgement reaching the device (the target's figure). */
  exchange: Summary;
  /** Coin falling → acknowledgement reaching the device (includes waiting for the next POLL). */
  endToEnd: Summary;
  /** Coins whose ack reached the device before the core's `ratings.received` was seen here (the event is published after the commit, possibly after the driver wrote the ack). */
  ackBeforeCommit: number;
}

/** Summarises per-coin times (pure). */
export function ratingFigures(times: readonly CoinTimes[]): RatingFigures {
  return {
    toCommit: summarise(times.map((t) => t.committedAt - t.replyOutAt)),
    commitToAck: summarise(times.map((t) => t.ackInAt - t.committedAt)),
    exchange: summarise(times.map((t) => t.ackInAt - t.replyOutAt)),
    endToEnd: summarise(times.map((t) => t.ackInAt - t.coinAt)),
    ackBeforeCommit: times.filter((t) => t.ackInAt < t.committedAt).length,
  };
}
