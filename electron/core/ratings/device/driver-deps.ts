import type { Clock } from '../../clock';
import type { Logger } from '../../logging/logger';
import type { RatingPortLister } from './port-finder';
import type { RatingDeviceSink } from './rating-driver';
import type { SerialLineOpener } from './serial-line';
import type { RatingDriverTiming } from './timing';

/** What a rating driver is given (ratingDriverFor). */
export interface RatingDriverDeps {
  /** Where votes, faults and keypad presses go (committed when it returns). */
  sink: RatingDeviceSink;
  log: Logger;
  /** Wall time for receivedAt, SET_TIME and a session's end. */
  clock: Clock;
  /** SerialPort.list() or a fake: finds the device again by its USB identity after a replug. */
  listPorts: RatingPortLister;
  /**
   * The window's other serial devices' configured paths (the printers'): never taken for the rating
   * device when following a replugged adapter of the same make (port-finder.ts pickPort). Asked at
   * each reopen (settings are live). Default: none.
   */
  otherDevicePaths?: () => ReadonlyArray<string>;
  /** Overrides of the default times (tests); the protocol's numbers are the defaults. */
  timing?: Partial<RatingDriverTiming>;
  /** Opens a serial line (default: serialport, bounded by `timing`); tests may give a fake. */
  openLine?: SerialLineOpener;
}
