import { describe, expect, it } from 'vitest';
import { methods, type MethodName } from '../../../../electron/contract/methods';
import { assembleHandlers, readsOnDamagedStore } from '../../../../electron/core/assembly/assemble-handlers';
import type { CapabilityModule, HandlerSlice } from '../../../../electron/core/assembly/capability-module';

const ALL = Object.keys(methods) as MethodName[];

/** A module claiming `names`, each handler answering its own name (so the merge can be traced). */
function claiming(name: string, names: readonly string[], extra: Partial<CapabilityModule> = {}): CapabilityModule {
  // The handlers' types do not matter to the assembler, only which names are claimed.
  const handlers = Object.fromEntries(names.map((m) => [m, () => `${name}:${m}`])) as HandlerSlice;
  return { name, handlers, ...extra };
}

describe('assembleHandlers', () => {
  it("merges the modules' slices into one table, each method served by its own module's handler", () => {
    const [first, ...rest] = ALL;
    const table = assembleHandlers([claiming('a', [first!]), claiming('b', rest)]);
    const call = (m: MethodName) => (table[m] as unknown as () => string)();
    expect(call(first!)).toBe(`a:${first}`);
    for (const m of rest) expect(call(m)).toBe(`b:${m}`);
    expect(Object.keys(table).sort()).toEqual([...ALL].sort());
  });

  it('refuses a method claimed by two modules, naming both', () => {
    expect(() => assembleHandlers([claiming('cases', ALL), claiming('printing', ['cases.get'])])).toThrow(
      'method cases.get is claimed by both cases and printing',
    );
  });

  it('refuses a contract method that no module handles, naming it', () => {
    const missing: MethodName[] = ['drafts.save', 'cases.terminate'];
    const claimed = ALL.filter((m) => !missing.includes(m));
    expect(() => assembleHandlers([claiming('core', claimed)])).toThrow('no module handles drafts.save, cases.terminate');
  });

  it('refuses a handler for a method the contract does not have', () => {
    expect(() => assembleHandlers([claiming('core', ALL), claiming('queue', ['queue.callNext'])])).toThrow(
      'module queue handles queue.callNext, which is not a contract method',
    );
  });
});

describe('readsOnDamagedStore', () => {
  it("is the union of the modules' read lists", () => {
    const reads = readsOnDamagedStore([
      claiming('app', ['app.windowInfo'], { readsOnDamagedStore: ['app.windowInfo'] }),
      claiming('cases', ['cases.get', 'cases.search', 'cases.decide'], { readsOnDamagedStore: ['cases.get', 'cases.search'] }),
      claiming('drafts', ['drafts.get']),
    ]);
    expect([...reads].sort()).toEqual(['app.windowInfo', 'cases.get', 'cases.search']);
  });

  it('refuses a module listing as a read a method it does not handle', () => {
    expect(() =>
      readsOnDamagedStore([claiming('cases', ['cases.get']), claiming('app', ['app.windowInfo'], { readsOnDamagedStore: ['cases.decide'] })]),
    ).toThrow('module app lists cases.decide as a read but does not handle it');
  });
});
