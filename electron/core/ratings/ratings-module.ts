import { CounterError } from '../../contract/errors';
import type { CapabilityModule, CoreContext, HandlerSlice } from '../assembly/capability-module';

const unavailable = (): never => {
  throw new CounterError('unavailable', '好差评功能正在建设中');
};

/**
 * TEMPORARY placeholder (issue 15 in progress): claims the `ratings.*` methods so the core
 * assembles; the ratings helper replaces this whole file.
 */
export function ratingsModule(_ctx: CoreContext): CapabilityModule {
  return {
    name: 'ratings',
    handlers: {
      'ratings.search': unavailable,
      'ratings.summary': unavailable,
      'ratings.followUps': unavailable,
      'ratings.followUp': unavailable,
      'ratings.verify': unavailable,
      'ratings.revisit': unavailable,
      'ratings.rectify': unavailable,
      'ratings.close': unavailable,
      'ratings.appeal': unavailable,
      'ratings.decideAppeal': unavailable,
      'ratings.session': unavailable,
      'ratings.requestRating': unavailable,
      'ratings.deviceFaults': unavailable,
      'ratings.testDevice': unavailable,
    } satisfies HandlerSlice,
  };
}
