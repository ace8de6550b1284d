/**
 * The server's log: JSON lines on stdout (one object a line, `level`, `time`, `msg`), the shape
 * Fastify's own logger writes, so one collector reads both.
 */
export interface ServerLog {
  info(msg: string, detail?: Record<string, unknown>): void;
  warn(msg: string, detail?: Record<string, unknown>): void;
  error(msg: string, detail?: Record<string, unknown>): void;
}

function line(level: number, msg: string, detail?: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify({ level, time: Date.now(), pid: process.pid, msg, ...detail })}\n`);
}

/** Pino's level numbers: 30 info, 40 warn, 50 error. */
export const jsonLineLog: ServerLog = {
  info: (msg, detail) => line(30, msg, detail),
  warn: (msg, detail) => line(40, msg, detail),
  error: (msg, detail) => line(50, msg, detail),
};

/** A log that drops everything (tests that check behaviour, not log lines). */
export const silentLog: ServerLog = { info: () => undefined, warn: () => undefined, error: () => undefined };
