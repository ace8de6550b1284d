/**
 * An interruptible pause for a driver's loop: `sleep(ms)` ends after `ms` or at the next `wake()`,
 * whichever comes first (a queued arm(), stop(), a line gone), so the loop never sits out a whole
 * back-off with work waiting.
 */
export class Waker {
  private wakeUp: (() => void) | null = null;
  private woken = false;

  /** Waits `ms`, or less when woken (a wake() since the last sleep ends the next one at once). */
  sleep(ms: number): Promise<void> {
    if (this.woken) {
      this.woken = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      const self = this;
      function done(): void {
        clearTimeout(timer);
        self.wakeUp = null;
        resolve();
      }
      this.wakeUp = done;
    });
  }

  /**
   * Forgets a wake() that found no sleep under way: the back-off after a lost line must not be
   * skipped because the loss itself woke the loop.
   */
  reset(): void {
    this.woken = false;
  }

  /** Ends the current sleep, or the next one when none is under way. */
  wake(): void {
    if (this.wakeUp) this.wakeUp();
    else this.woken = true;
  }
}
