import type { CapabilityModule, CoreContext, HandlerSlice } from '../assembly/capability-module';
import { pending } from '../assembly/scaffold-pending';

/** Staff accounts (人员): list, add, disable/enable, role, PIN reset, unlock. */
export function staffModule(_ctx: CoreContext): CapabilityModule {
  return {
    name: 'staff',
    handlers: {
      'staff.list': pending,
      'staff.add': pending,
      'staff.setActive': pending,
      'staff.setRole': pending,
      'staff.resetPin': pending,
      'staff.unlock': pending,
    } satisfies HandlerSlice,
  };
}
