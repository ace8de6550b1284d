/**
 * The far end of a printer line in the transport tests: it keeps every byte it receives and
 * answers `DLE EOT n` (0x10 0x04 n) as a test says — at once, late, or not at all — like a
 * printer's real-time status. Deliberately small and independent of the virtual printer, so these
 * tests pin the transports' side of the exchange.
 */
export interface StatusAnswer {
  /** The status byte sent back. */
  byte: number;
  /** How long after the request it is sent, ms. */
  delayMs?: number;
}

/** Answers for `DLE EOT` 1, 2, 3 and 4 (ESC/POS status bytes: fixed bits 0x12). */
export type StatusTable = Record<1 | 2 | 3 | 4, number>;

export const PAPER_OK: StatusTable = { 1: 0x12, 2: 0x12, 3: 0x12, 4: 0x12 };
export const PAPER_NEAR_END: StatusTable = { 1: 0x12, 2: 0x12, 3: 0x12, 4: 0x1e };
/** Out of paper: offline (1 bit 3), stopped by paper end (2 bit 5), sensor says end (4 bits 5–6). */
export const PAPER_END: StatusTable = { 1: 0x1a, 2: 0x32, 3: 0x12, 4: 0x72 };
/** Cover open: offline (1 bit 3), cover (2 bit 2). */
export const COVER_OPEN: StatusTable = { 1: 0x1a, 2: 0x16, 3: 0x12, 4: 0x12 };
/** A cutter jam: error (2 bit 6), cause auto-cutter (3 bit 3). */
export const CUTTER_ERROR: StatusTable = { 1: 0x1a, 2: 0x52, 3: 0x1a, 4: 0x12 };

export class StatusResponder {
  /** Every byte received, status requests included. */
  readonly received: number[] = [];
  /** Every request seen, in order (n of each `DLE EOT n`). */
  readonly requests: number[] = [];
  /** What each request is answered with; null: no answer. */
  answer: (n: number, index: number) => StatusAnswer | null;
  private pending: number[] = [];
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();

  constructor(private readonly send: (bytes: Uint8Array) => void, table: StatusTable = PAPER_OK) {
    this.answer = (n) => ({ byte: table[n as 1 | 2 | 3 | 4] ?? 0x12 });
  }

  /** Answer every request from this table, at once. */
  set table(table: StatusTable) {
    this.answer = (n) => ({ byte: table[n as 1 | 2 | 3 | 4] ?? 0x12 });
  }

  /** Bytes from the line. */
  feed(chunk: Uint8Array): void {
    for (const byte of chunk) {
      this.received.push(byte);
      this.pending.push(byte);
      if (this.pending.length > 3) this.pending.shift();
      if (this.pending.length === 3 && this.pending[0] === 0x10 && this.pending[1] === 0x04) {
        const n = this.pending[2] as number;
        this.pending = [];
        const index = this.requests.length;
        this.requests.push(n);
        const reply = this.answer(n, index);
        if (reply === null) continue;
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          this.send(Uint8Array.of(reply.byte));
        }, reply.delayMs ?? 0);
        this.timers.add(timer);
      }
    }
  }

  /** The bytes received that were not status requests (the job's bytes). */
  jobBytes(): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.received.length; i += 1) {
      if (this.received[i] === 0x10 && this.received[i + 1] === 0x04 && [1, 2, 3, 4].includes(this.received[i + 2] ?? -1)) i += 2;
      else out.push(this.received[i] as number);
    }
    return out;
  }

  stop(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}
