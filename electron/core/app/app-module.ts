import type { CapabilityModule, CoreContext, HandlerSlice } from '../assembly/capability-module';
import { readClock } from './clock-reading';

/**
 * `app.windowInfo`: who this window is (hall, number, departments), its settings and its files;
 * `app.clock`: the PC's clock against the hall's; `app.restart`: the core restarted on the saved
 * settings by its host.
 */
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
        itemCodes: [...config.window.itemCodes],
        timeZone: config.timeZone,
        appVersion: ctx.appVersion,
        demoConfig: ctx.configSource === null,
        configFile: ctx.configSource,
        dataDir: ctx.places.dataDir,
        databasePath: ctx.places.databasePath,
        today: ctx.today(),
      }),
      'app.clock': () => readClock(ctx.clock.now(), config.timeZone),
      'app.restart': (_args, { staff }) => {
        const restarting = ctx.requestRestart('settings');
        ctx.log.info('restart requested', { staffId: staff.staffId, restarting });
        return { restarting };
      },
    } satisfies HandlerSlice,
    readsOnDamagedStore: ['app.windowInfo', 'app.clock'],
  };
}
