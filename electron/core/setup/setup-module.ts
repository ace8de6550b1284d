import path from 'node:path';
import type { RatingDeviceConfig } from '../../contract/config';
import { CounterError } from '../../contract/errors';
import type { RatingDeviceTest } from '../../contract/ratings';
import type { SerialPortInfo } from '../../contract/settings';
import type { CapabilityModule, CoreContext, HandlerSlice } from '../assembly/capability-module';
import { newId } from '../ids/new-id';
import { catalogChoices } from '../settings/catalog-choices';
import { listPortsForForm } from '../settings/port-list';
import { readSavedSettings, saveConfigFile } from '../settings/saved-settings';
import { withSecretsMasked, withSecretsRestored } from '../settings/config-secrets';
import { settingsAsSet } from '../settings/settings-diff';
import { recordSettingsChanged } from '../settings/settings-history';
import { hashPin } from '../staff/pin-hash';
import { recordStaffEvent } from '../staff/staff-events';
import { countStaff, insertStaff } from '../staff/staff-repository';

export interface SetupDeps {
  /** The OS's serial ports with their descriptions (devices/serial-ports.ts); may reject. */
  listPorts: () => Promise<SerialPortInfo[]>;
  /** 测试评价器 on the wizard's rating device as typed (RatingsModule.testUnsaved). */
  testRatingDevice: (device: RatingDeviceConfig) => Promise<RatingDeviceTest>;
}

const ALREADY_SET_UP = '本机已完成初始设置，请登录';

/**
 * First run: a data folder with no staff account shows the setup screen instead of a sign-in
 * nobody can pass. `setup.complete` writes config.json (atomically) and then creates the first
 * 系统管理员; a folder with any account (made by the staff command, or a setup before) refuses it.
 */
export function setupModule(ctx: CoreContext, deps: SetupDeps): CapabilityModule {
  const needed = (): boolean => countStaff(ctx.db) === 0;
  const refuseOnceSetUp = (): void => {
    if (!needed()) throw new CounterError('conflict', ALREADY_SET_UP);
  };

  return {
    name: 'setup',
    // Every screen asks it when it loads: a store found damaged must still show the app (and its warning).
    readsOnDamagedStore: ['setup.status'],
    handlers: {
      'setup.status': () => {
        // Once set up, nothing more: the settings are the administrator's (settings.get), and a
        // file since broken by hand must not stop every screen from loading.
        if (!needed()) return { needed: false as const };
        const saved = readSavedSettings(ctx);
        return {
          needed: true as const,
          config: withSecretsMasked(saved.config),
          demoConfig: ctx.configSource === null && saved.bytes === null,
          configFile: saved.file,
          catalogChoices: catalogChoices(ctx.db),
        };
      },
      'setup.listPorts': () => {
        // Public while no one can sign in; afterwards the ports are the administrator's business.
        // `conflict`, not `forbidden`: that code means a role's refusal (roles.ts), and this is
        // the folder's state, the same for everyone.
        if (!needed()) throw new CounterError('conflict', '初始设置已完成，请由系统管理员在“设置”中查看串口');
        return listPortsForForm(deps.listPorts);
      },
      'setup.testRatingDevice': async ({ device }) => {
        // As setup.listPorts: the wizard's, while no one can sign in; afterwards 设置's ratings.testDevice.
        if (!needed()) throw new CounterError('conflict', '初始设置已完成，请由系统管理员在“设置”中测试评价器');
        return deps.testRatingDevice(device);
      },
      'setup.complete': async ({ config: sent, admin }) => {
        refuseOnceSetUp();
        const pinHash = await hashPin(admin.pin);
        // Checked again after the hash (another call may have completed meanwhile), and once more
        // inside the transaction that creates the account: the file is written only by the call
        // that goes on to create it, and only one account is ever created.
        refuseOnceSetUp();
        const previous = readSavedSettings(ctx);
        const config = withSecretsRestored(sent, previous.config);
        // The file first: a failure after it leaves a folder that still shows the setup screen,
        // now filled with these settings, and the account is made on the next try.
        saveConfigFile(previous.file, config);
        const adminId = newId();
        const at = ctx.clock.now().toISOString();
        ctx.db
          .transaction(() => {
            refuseOnceSetUp();
            insertStaff(ctx.db, { id: adminId, staffNumber: admin.staffNumber, name: admin.name, pinHash, role: 'it_admin', pinChangeRequired: false }, at);
            recordStaffEvent(
              ctx.db,
              // Recorded as the window now set up, not as the demo settings it ran on until now.
              { hallCode: config.hall.code, windowNumber: config.window.number, at },
              {
                streamStaffId: adminId,
                actorStaffId: adminId,
                type: 'staff.registered',
                payload: { via: 'setup', staffNumber: admin.staffNumber, name: admin.name, role: 'it_admin' },
              },
            );
            recordSettingsChanged(
              ctx,
              ctx.db,
              adminId,
              { via: 'setup', configFile: path.basename(previous.file), changes: settingsAsSet(config) },
              { hallCode: config.hall.code, windowNumber: config.window.number },
            );
          })
          .immediate();
        ctx.log.info('first-run setup completed', { configFile: previous.file, staffId: adminId });
        return { configFile: previous.file, restarting: ctx.requestRestart('setup') };
      },
    } satisfies HandlerSlice,
  };
}
