import type { RatingDeviceConfig } from '../../../contract/config';
import type { RatingDriverDeps } from './driver-deps';
import { LegacyBusDriver } from './legacy-bus-driver';
import type { RatingDriver } from './rating-driver';
import { V1RatingDriver } from './v1-driver';

export type { RatingDriverDeps };

/**
 * The driver for a configured rating device, by `protocol`: `v1` (protocols/rating-device.md) or
 * `legacy-bus` (protocols/legacy-hall-bus.md). Not started: the caller starts and stops it as a
 * BackgroundService. `deps.timing` overrides the default times (tests); the protocol's own
 * numbers are the defaults.
 */
export function ratingDriverFor(config: RatingDeviceConfig, deps: RatingDriverDeps): RatingDriver {
  switch (config.protocol) {
    case 'v1':
      return new V1RatingDriver(config, deps);
    case 'legacy-bus':
      return new LegacyBusDriver(config, deps);
  }
}
