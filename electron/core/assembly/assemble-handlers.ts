import { isMethodName, methods, type MethodName } from '../../contract/methods';
import type { Handlers } from '../dispatcher/dispatcher';
import type { CapabilityModule } from './capability-module';

/**
 * Merges the modules' handler slices into the dispatcher's full table. Checked at start, so a
 * wiring mistake stops the core before a clerk meets it.
 * @throws Error naming the method and the module(s) when a method is claimed by two modules,
 *   claimed by nobody, or is not in the contract's method table (contract/methods.ts).
 */
export function assembleHandlers(modules: readonly CapabilityModule[]): Handlers {
  const owner = new Map<MethodName, string>();
  const merged: Partial<Record<MethodName, unknown>> = {};
  for (const module of modules) {
    for (const [name, handler] of Object.entries(module.handlers ?? {})) {
      if (handler === undefined) continue;
      if (!isMethodName(name)) throw new Error(`module ${module.name} handles ${name}, which is not a contract method`);
      const earlier = owner.get(name);
      if (earlier !== undefined) throw new Error(`method ${name} is claimed by both ${earlier} and ${module.name}`);
      owner.set(name, module.name);
      merged[name] = handler;
    }
  }
  const unclaimed = (Object.keys(methods) as MethodName[]).filter((name) => !owner.has(name));
  if (unclaimed.length > 0) throw new Error(`no module handles ${unclaimed.join(', ')}`);
  // Every contract method has exactly one handler, each typed by its own slice's `satisfies`.
  return merged as Handlers;
}

/**
 * The methods still served when the store was found damaged after start: the union of the
 * modules' `readsOnDamagedStore`.
 * @throws Error when a module lists a method it does not handle itself (a read allowed by
 *   mistake in another module's name would let a write through).
 */
export function readsOnDamagedStore(modules: readonly CapabilityModule[]): ReadonlySet<string> {
  const reads = new Set<string>();
  for (const module of modules) {
    for (const name of module.readsOnDamagedStore ?? []) {
      if (module.handlers?.[name] === undefined) throw new Error(`module ${module.name} lists ${name} as a read but does not handle it`);
      reads.add(name);
    }
  }
  return reads;
}
