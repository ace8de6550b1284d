import type { CapabilityModule, CoreContext, HandlerSlice, LiveSettings } from '../assembly/capability-module';
import { pending } from '../assembly/scaffold-pending';

export interface SettingsDeps {
  /** Every registered module's live settings (read after registration is complete). */
  liveSettings(): readonly LiveSettings[];
}

/** The window's settings (config.json) for the 系统管理员, the clock, and restarts. */
export function settingsModule(_ctx: CoreContext, _deps: SettingsDeps): CapabilityModule {
  return {
    name: 'settings',
    handlers: {
      'settings.get': pending,
      'settings.update': pending,
      'settings.history': pending,
      'settings.listPorts': pending,
      'app.clock': pending,
      'app.restart': pending,
    } satisfies HandlerSlice,
  };
}
