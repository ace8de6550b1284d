import { createLogger, logFileWriter, type Logger } from '../core/logging/log-files';
import type { HostLog } from './core-host';

/** Electron main's log: HostLog, and the moment it learns the data folder. */
export interface MainLog extends HostLog {
  /** From now on, lines go only into `dir` (the data folder's `logs/`); if it cannot be written, stderr stays. */
  toFolder(dir: string): void;
}

/** Where main's lines go before the data folder is known; default the process's stderr. */
export type LineWriter = (line: string) => void;

function processStderr(line: string): void {
  try {
    process.stderr.write(line + '\n');
  } catch {
    // A packaged Windows GUI process may have no usable stderr; logging must not crash main.
  }
}

/**
 * Main's log: the core's logger (one JSON object a line, `source: "main"`; a field named like a
 * line's own key, `message: err.message` say, is kept as `message_` instead of replacing it).
 * Main logs carry method names and states, never arguments; the core's masking applies anyway.
 * Until the data folder is known lines go to `stderr`; from then on only into its `logs/`,
 * beside the core's (logFileWriter), because an installed app has no console for IT staff.
 */
export function createMainLog(stderr: LineWriter = processStderr): MainLog {
  let sink: LineWriter = stderr;
  const logger: Logger = createLogger({ source: 'main', write: (line) => sink(line) });
  return {
    toFolder: (dir) => {
      try {
        // From here on the file only: `npm start` shows its terminal to people, not JSON.
        sink = logFileWriter(dir, false);
      } catch (error) {
        // An unwritable data folder is reported by the core, with a dialog; stderr stays.
        logger.warn('cannot write log files', { error: String(error) });
      }
    },
    info: (message, fields) => logger.info(message, fields),
    warn: (message, fields) => logger.warn(message, fields),
    error: (message, fields) => logger.error(message, fields),
  };
}
