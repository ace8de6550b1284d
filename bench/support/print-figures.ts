import { summarise, type Summary } from './stats';

/**
 * Watches the bytes arriving at the printer's end of the line and finds where each receipt
 * begins: the first byte that is not part of a `DLE EOT n` status request (three bytes, which the
 * transport sends before each job). Counts the receipt's own bytes: every byte from its first,
 * less the status requests that came after it (the transport's check after the job), which the
 * caller reports with `request()` from the printer's decoder (it alone can tell a request from a
 * 0x10 inside image data). Pure: fed chunks, told when a new receipt is expected.
 */
export class ReceiptByteWatch {
  /** Bytes of a DLE EOT request still to skip (a request may be split between chunks). */
  private inRequest = 0;
  private started = false;
  private count = 0;
  /** Requests skipped before the receipt began whose `request()` report has not come yet. */
  private skipped = 0;

  /** A new receipt is expected from now on: returns the bytes of the previous one. */
  expect(): number {
    const counted = this.count;
    this.started = false;
    this.count = 0;
    return counted;
  }

  /** Takes a chunk; true when it holds the first byte of the receipt expected. */
  feed(chunk: Uint8Array): boolean {
    if (this.started) {
      this.count += chunk.length;
      return false;
    }
    for (let i = 0; i < chunk.length; i++) {
      if (this.inRequest > 0) {
        this.inRequest--;
        continue;
      }
      // Between jobs only real-time requests (DLE EOT n) come down the line.
      if (chunk[i] === 0x10) {
        this.inRequest = 2;
        this.skipped++;
        continue;
      }
      this.started = true;
      this.count += chunk.length - i;
      return true;
    }
    return false;
  }

  /** The printer decoded a DLE EOT request (3 bytes): not part of the receipt if it came after its start. */
  request(): void {
    if (this.skipped > 0) this.skipped--;
    else if (this.started) this.count -= 3;
  }

  /** Receipt bytes counted since the last expect(). */
  get counted(): number {
    return this.count;
  }
}

/** The bench's figures from its samples. */
export interface PrintFigures {
  latency: Summary;
  /** Receipts whose first byte arrived before intake.submit returned (counted as 0 ms). */
  beforeReturn: number;
  bytesMean: number;
  bytesMax: number;
}

/**
 * Figures from per-receipt samples: `latenciesMs` (first receipt byte at the printer minus the
 * moment intake.submit returned; negative when the byte came first, counted as 0) and the bytes
 * of each receipt.
 */
export function printFigures(latenciesMs: readonly number[], receiptBytes: readonly number[]): PrintFigures {
  const beforeReturn = latenciesMs.filter((v) => v < 0).length;
  const total = receiptBytes.reduce((a, b) => a + b, 0);
  return {
    latency: summarise(latenciesMs.map((v) => Math.max(0, v))),
    beforeReturn,
    bytesMean: receiptBytes.length ? total / receiptBytes.length : Number.NaN,
    bytesMax: receiptBytes.length ? Math.max(...receiptBytes) : Number.NaN,
  };
}

/** The target of issue 14: p99 of the first receipt byte after intake.submit returns, under 50 ms. */
export const PRINT_P99_TARGET_MS = 50;

/** Whether the figures meet the target (and every receipt was measured). */
export function printTargetMet(figures: PrintFigures, expected: number): boolean {
  return figures.latency.count === expected && figures.latency.p99 < PRINT_P99_TARGET_MS;
}
