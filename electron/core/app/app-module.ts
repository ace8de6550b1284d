import type { CapabilityModule, CoreContext, HandlerSlice } from '../assembly/capability-module';

/** `app.windowInfo`: who this window is (hall, number, departments), its settings and its files. */
export function appModule(ctx: CoreContext): CapabilityModule {
  const { config } = ctx;
  return {
    name: 'app',
    handlers: {
      'app.windowInfo': () => ({
        hallCode: config.hall.code,
        hallName: config.hall.name,
        windowNumber: config.window.number,
        windowName: config.window.name,
        departments: [...config.window.departments],
        timeZone: config.timeZone,
        appVersion: ctx.appVersion,
        demoConfig: ctx.configSource === null,
        configFile: ctx.configSource,
        dataDir: ctx.places.dataDir,
        databasePath: ctx.places.databasePath,
        today: ctx.today(),
      }),
    } satisfies HandlerSlice,
    readsOnDamagedStore: ['app.windowInfo'],
  };
}
