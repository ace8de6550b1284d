import type { StatusSource } from '../devices/device';
import type { CapabilityModule } from './capability-module';

/** The modules' status sources (devices, sync), in registration order, for the health module to collect. */
export function statusSourcesOf(modules: readonly CapabilityModule[]): StatusSource[] {
  return modules.flatMap((m) => m.statusSources ?? []);
}
