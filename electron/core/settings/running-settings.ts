import type { CounterConfig } from '../config/config-schema';

/**
 * The settings in effect while the core runs: those it started with, and for the paths a module
 * applied live since (LiveSettings), the values it applied. What the saved file holds beyond
 * these waits for a restart (`settings.restartPending`).
 */
export class RunningSettings {
  private current: CounterConfig;

  constructor(started: CounterConfig) {
    this.current = structuredClone(started);
  }

  get config(): CounterConfig {
    return this.current;
  }

  /** Takes the values at `paths` (dotted, as in LiveSettings.paths) from `applied`: they are in effect now. */
  applied(applied: CounterConfig, paths: readonly string[]): void {
    const next = structuredClone(this.current) as unknown as Record<string, unknown>;
    for (const dotted of paths) {
      const keys = dotted.split('.');
      const last = keys.pop();
      if (last === undefined) continue;
      let source: unknown = applied;
      let target: Record<string, unknown> = next;
      for (const key of keys) {
        source = isObject(source) ? source[key] : undefined;
        const child = target[key];
        if (!isObject(child)) {
          target[key] = {};
        }
        target = target[key] as Record<string, unknown>;
      }
      const value = isObject(source) ? source[last] : undefined;
      if (value === undefined) delete target[last];
      else target[last] = structuredClone(value);
    }
    this.current = next as unknown as CounterConfig;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
