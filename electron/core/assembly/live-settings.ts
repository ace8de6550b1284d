import type { CapabilityModule, LiveSettings } from './capability-module';

/** Every module's live settings (capability-module.ts, LiveSettings), in registration order. */
export function liveSettingsOf(modules: readonly CapabilityModule[]): LiveSettings[] {
  return modules.flatMap((module) => (module.liveSettings ? [module.liveSettings] : []));
}
