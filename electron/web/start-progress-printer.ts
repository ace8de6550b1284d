import { describeStartProgress, type StartProgress } from '../contract/start-progress';

/** Where the browser shell writes: its stdout (a terminal, or a pipe to a service's log). */
export interface ProgressOutput {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

/** Between two lines on a pipe, at least this long (ms): a service log gets a line a second, not five. */
const PIPE_LINE_INTERVAL_MS = 1000;

/**
 * The browser shell's start screen is its terminal: nothing else shows until the core is ready
 * and the URL is printed. In a terminal the one line is rewritten in place as the upgrade goes;
 * on a pipe a line is written when the words change, at most one a second (and every step's end).
 * `end()` finishes the line before the banner.
 */
export function startProgressPrinter(out: ProgressOutput, now: () => number = () => performance.now()): { print(progress: StartProgress): void; end(): void } {
  let last = '';
  let lastAt = -Infinity;
  let open = false;
  return {
    print(progress) {
      const text = describeStartProgress(progress);
      if (text === last) return;
      if (out.isTTY) {
        out.write(`\r\x1b[K${text}`);
        open = true;
      } else {
        if (progress.phase !== 'done' && now() - lastAt < PIPE_LINE_INTERVAL_MS) return;
        out.write(`${text}\n`);
      }
      last = text;
      lastAt = now();
    },
    end() {
      if (open) out.write('\n');
      open = false;
    },
  };
}
