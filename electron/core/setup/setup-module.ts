import type { CapabilityModule, CoreContext, HandlerSlice } from '../assembly/capability-module';
import { pending } from '../assembly/scaffold-pending';

/** First run: a data folder with no staff account. */
export function setupModule(_ctx: CoreContext): CapabilityModule {
  return {
    name: 'setup',
    handlers: {
      'setup.status': pending,
      'setup.listPorts': pending,
      'setup.complete': pending,
    } satisfies HandlerSlice,
  };
}
