/**
 * The figures share of the `ratings.*` methods, for the ratings module to spread into its
 * handlers: `handlers: { ...figuresHandlers(ctx), … }`. Methods: ratings.search,
 * ratings.summary, ratings.deviceFaults (all reads: FIGURES_READS may go into the module's
 * readsOnDamagedStore).
 */
import type { CoreContext, HandlerSlice } from '../../assembly/capability-module';
import { listDeviceFaults } from './device-faults';
import { searchRatings } from './search-ratings';
import { summariseRatings } from './summarise-ratings';

/** The handlers of the figures methods. */
export function figuresHandlers(ctx: CoreContext) {
  const { db } = ctx;
  return {
    'ratings.search': (args) => searchRatings(db, args),
    'ratings.summary': (args) => summariseRatings(db, args),
    'ratings.deviceFaults': (args) => listDeviceFaults(db, args.limit),
  } satisfies HandlerSlice;
}

/** Every method figuresHandlers serves only reads. */
export const FIGURES_READS = ['ratings.search', 'ratings.summary', 'ratings.deviceFaults'] as const;
