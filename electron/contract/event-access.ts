import type { Access } from './access';
import type { EventName } from './events';

/**
 * Who may hear each core event (access.ts). Transports on this PC pass every event to a caller
 * holding the token; a hall screen on another PC hears only `display` events. The compiler
 * refuses an event without a level.
 */
export const eventAccess = {
  'health.changed': 'display',
  'session.changed': 'public',
  'case.changed': 'staff',
} as const satisfies { readonly [E in EventName]: Access };
