import { failure, type Envelope } from '../contract/envelope';
import type { CounterErrorPayload } from '../contract/errors';

export interface PendingCallInfo {
  id: number;
  method: string;
  startedAt: number;
}

interface Entry extends PendingCallInfo {
  resolve(envelope: Envelope): void;
}

/**
 * Calls sent to the core and not yet answered, keyed by the id that travels with the message.
 * Ids keep increasing across core restarts, so an answer can never be matched to a call made to
 * a previous core process. There is deliberately no timeout: a long sync batch or a printer
 * retry is a legitimate slow answer; a call ends when the core answers or when it dies.
 */
export class PendingCalls {
  private nextId = 1;
  private readonly entries = new Map<number, Entry>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Registers a call; `result` settles exactly once, through `settle` or `failAll`. */
  open(method: string): { id: number; result: Promise<Envelope> } {
    const id = this.nextId++;
    const result = new Promise<Envelope>((resolve) => {
      this.entries.set(id, { id, method, startedAt: this.now(), resolve });
    });
    return { id, result };
  }

  /** False when the id is unknown (already settled, or never issued): the caller logs it. */
  settle(id: number, envelope: Envelope): boolean {
    const entry = this.entries.get(id);
    if (entry === undefined) return false;
    this.entries.delete(id);
    entry.resolve(envelope);
    return true;
  }

  /** Ends every open call with the same error; returns which calls were ended, for the log. */
  failAll(error: CounterErrorPayload): PendingCallInfo[] {
    const ended = [...this.entries.values()];
    this.entries.clear();
    for (const entry of ended) entry.resolve(failure(error.code, error.message, error));
    return ended.map(({ id, method, startedAt }) => ({ id, method, startedAt }));
  }

  has(id: number): boolean {
    return this.entries.has(id);
  }

  get size(): number {
    return this.entries.size;
  }
}
