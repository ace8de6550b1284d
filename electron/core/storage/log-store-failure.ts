import { logFileWriter } from '../logging/log-files';
import { createLogger } from '../logging/logger';
import { StoreStartupError } from './store-startup-error';

/**
 * For tools that open the store without a core (the staff command): a StoreStartupError's
 * technical cause goes to the data folder's log file, as the core's would, while the tool shows
 * only the Chinese message. Best effort: a folder that cannot take a log line (the very failure
 * being reported, often) loses only this line.
 */
export function logStoreFailure(logsDir: string, err: unknown, source: string): void {
  if (!(err instanceof StoreStartupError)) return;
  try {
    createLogger({ write: logFileWriter(logsDir, false) }).error('the store cannot be used', {
      source,
      problem: err.problem,
      technical: err.technical,
    });
  } catch {
    // Nowhere to write it; the message on screen still says what to do.
  }
}
