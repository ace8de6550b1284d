/**
 * A failure of a print in main, in words for the clerk, and whether the page is known never to
 * have reached the OS print queue (host-protocol HostAnswer `notSent`).
 */
export class PrintFailure extends Error {
  constructor(
    message: string,
    readonly notSent: boolean,
  ) {
    super(message);
    this.name = 'PrintFailure';
  }
}

/** How long a print may take, and how long one may wait for the print before it, ms. */
export interface PrintQueueTiming {
  /** From the start of a print's own work to the answer "not finished" (the print goes on). */
  workTimeoutMs: number;
  /** How long a print waits for an earlier one that has not ended before giving up unprinted. */
  waitTimeoutMs: number;
}

/**
 * One print at a time, in order (two silent prints to one receipt printer could interleave).
 * Each print starts only once the one before it has really ended — not when the one before was
 * answered as timed out, since that print may still be going to the spooler. A print's answer
 * comes when its work ends, or after `workTimeoutMs` of its own work as a PrintFailure with
 * `notSent` false (it may still print); a print kept waiting `waitTimeoutMs` behind an earlier
 * one that never ends is answered with `notSent` true and never started.
 */
export function createPrintQueue(timing: PrintQueueTiming): <T>(work: () => Promise<T>) => Promise<T> {
  let tail: Promise<void> = Promise.resolve();
  return <T>(work: () => Promise<T>): Promise<T> => {
    const before = tail;
    let release!: () => void;
    const ended = new Promise<void>((resolve) => {
      release = resolve;
    });
    // The next print waits for this one's real end (or for this one to give up without starting).
    tail = ended;
    return new Promise<T>((resolve, reject) => {
      let started = false;
      const waitTimer = setTimeout(() => {
        if (started) return;
        started = true;
        // Never started: the prints behind it wait for the one still stuck before it.
        void before.then(release);
        reject(new PrintFailure(`上一张仍在打印，${Math.round(timing.waitTimeoutMs / 1000)} 秒未完成，本张未打印，请稍后重试`, true));
      }, timing.waitTimeoutMs);
      void before.then(() => {
        if (started) return;
        started = true;
        clearTimeout(waitTimer);
        let running: Promise<T>;
        try {
          running = work();
        } catch (err) {
          running = Promise.reject(err);
        }
        const workTimer = setTimeout(
          () => reject(new PrintFailure(`打印 ${Math.round(timing.workTimeoutMs / 1000)} 秒未完成，可能仍在打印，请查看打印机`, false)),
          timing.workTimeoutMs,
        );
        running.then(
          (value) => {
            clearTimeout(workTimer);
            release();
            resolve(value);
          },
          (err: unknown) => {
            clearTimeout(workTimer);
            release();
            reject(err);
          },
        );
      });
    });
  };
}
