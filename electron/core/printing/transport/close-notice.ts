/**
 * The "closed on its own" notice of a PrinterConnection: listeners hear it once, with words,
 * whether they registered before or after it happened; a close asked for by the driver
 * (`close()`) is not told (`quiet`).
 */
export class CloseNotice {
  private readonly listeners: Array<(reason: string) => void> = [];
  private reason: string | null = null;
  private silenced = false;

  /** Whether the line has closed (on its own or by `quiet`). */
  get closed(): boolean {
    return this.reason !== null || this.silenced;
  }

  /** Why it closed on its own, or null. */
  get why(): string | null {
    return this.reason;
  }

  /** Hears the notice (at once, in a microtask, if it already happened); returns how to stop hearing it. */
  listen(listener: (reason: string) => void): () => void {
    if (this.silenced) return () => undefined;
    const reason = this.reason;
    if (reason !== null) {
      queueMicrotask(() => listener(reason));
      return () => undefined;
    }
    this.listeners.push(listener);
    return () => {
      const at = this.listeners.indexOf(listener);
      if (at >= 0) this.listeners.splice(at, 1);
    };
  }

  /** The line failed or closed on its own: tell every listener, once. */
  fire(reason: string): void {
    if (this.reason !== null || this.silenced) return;
    this.reason = reason;
    for (const listener of this.listeners.splice(0)) {
      try {
        listener(reason);
      } catch {
        // A listener's own failure must not keep the others from hearing it.
      }
    }
  }

  /** The driver closes it: nobody is told. */
  quiet(): void {
    this.silenced = true;
    this.listeners.length = 0;
  }
}
