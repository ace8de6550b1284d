import type { Logger } from '../logging/logger';
import type { BackgroundService, CapabilityModule } from './capability-module';
import { runEveryStep } from './run-every-step';

/** The services of a started core; `stop` stops each in the reverse of the start order. */
export interface RunningServices {
  /**
   * Stops every started service, last started first; each stop runs whatever an earlier one
   * threw, and each failure is logged (`closing step failed`, step `stop <name>`). Never throws.
   */
  stop(): Promise<void>;
}

/** The modules' services in start order: modules in registration order, each module's list in order. */
export function servicesOf(modules: readonly CapabilityModule[]): BackgroundService[] {
  return modules.flatMap((m) => m.services ?? []);
}

/**
 * Starts `services` one after the other (awaiting each). When one fails to start, those started
 * so far and the failing one (whose `stop` must bear a partial start) are stopped in reverse
 * order, and the start's error is rethrown.
 */
export async function startServices(services: readonly BackgroundService[], log: Logger): Promise<RunningServices> {
  const started: BackgroundService[] = [];
  const stopAll = async (): Promise<void> => {
    const steps = [...started].reverse().map((s) => [`stop ${s.name}`, () => s.stop()] as const);
    started.length = 0;
    await runEveryStep(steps, (step, err) => log.error('closing step failed', { step, error: err instanceof Error ? err.message : String(err) }));
  };
  for (const service of services) {
    started.push(service);
    try {
      await service.start();
    } catch (err) {
      log.error('service failed to start', { service: service.name, error: err instanceof Error ? err.message : String(err) });
      await stopAll();
      throw err;
    }
  }
  return { stop: stopAll };
}
