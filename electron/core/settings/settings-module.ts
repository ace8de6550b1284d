import fs from 'node:fs';
import path from 'node:path';
import { CounterError } from '../../contract/errors';
import type { SerialPortInfo, Settings, SettingChange } from '../../contract/settings';
import type { CapabilityModule, CoreContext, HandlerSlice, LiveSettings } from '../assembly/capability-module';
import { writeFileAtomically } from '../config/config-file';
import type { CounterConfig } from '../config/config-schema';
import { catalogChoices } from './catalog-choices';
import { withSecretsMasked, withSecretsRestored } from './config-secrets';
import { listPortsForForm } from './port-list';
import { RunningSettings } from './running-settings';
import { readSavedSettings, saveConfigFile } from './saved-settings';
import { diffSettings, pathsCovered } from './settings-diff';
import { recordSettingsChanged, settingsHistory } from './settings-history';

export interface SettingsDeps {
  /** The OS's serial ports with their descriptions (devices/serial-ports.ts); may reject. */
  listPorts: () => Promise<SerialPortInfo[]>;
  /** Every registered module's live settings (read after registration is complete). */
  liveSettings: () => readonly LiveSettings[];
}

/**
 * The window's settings (config.json) for the 系统管理员: read them as saved with what waits for a
 * restart, save a new version (checked by the file's own schema, recorded old → new on the
 * administrator's stream, applied at once where a module can), the record of changes, and the
 * serial ports found now.
 */
export function settingsModule(ctx: CoreContext, deps: SettingsDeps): CapabilityModule {
  const running = new RunningSettings(ctx.config);
  const appliedLive = (): string[] => [...new Set(deps.liveSettings().flatMap((live) => live.paths))];

  function current(): Settings {
    const saved = readSavedSettings(ctx);
    return {
      config: withSecretsMasked(saved.config),
      configFile: saved.file,
      revision: saved.revision,
      restartPending: diffSettings(running.config, saved.config),
      appliedLive: appliedLive(),
      catalogChoices: catalogChoices(ctx.db),
    };
  }

  /**
   * Records the change and writes the file in one transaction: a failed write rolls the record
   * back; a commit that fails after the file was replaced puts the old bytes back (or removes a
   * file that did not exist), so the file and the record never disagree.
   */
  function save(file: string, oldBytes: Buffer | null, next: CounterConfig, changes: SettingChange[], actorStaffId: string): void {
    let replaced = false;
    try {
      ctx.db
        .transaction(() => {
          recordSettingsChanged(ctx, ctx.db, actorStaffId, { via: 'settings', configFile: path.basename(file), changes });
          saveConfigFile(file, next);
          replaced = true;
        })
        .immediate();
    } catch (err) {
      if (replaced) {
        try {
          if (oldBytes === null) fs.rmSync(file, { force: true });
          else writeFileAtomically(file, oldBytes);
        } catch (restoreErr) {
          ctx.log.error('settings file not restored after a failed commit', { file, error: (restoreErr as Error).message });
        }
      }
      throw err;
    }
  }

  return {
    name: 'settings',
    handlers: {
      'settings.get': () => current(),
      'settings.update': async ({ config: sent, revision }, { staff }) => {
        const saved = readSavedSettings(ctx);
        if (revision !== saved.revision) {
          throw new CounterError('conflict', '配置文件已被其他人修改，请刷新后重新修改', { details: { revision: saved.revision } });
        }
        const next = withSecretsRestored(sent, saved.config);
        const changes = diffSettings(saved.config, next);
        if (changes.length === 0) {
          const settings = current();
          return { changes, applied: [], restartRequired: settings.restartPending.length > 0, settings };
        }
        save(saved.file, saved.bytes, next, changes, staff.staffId);
        ctx.log.info('settings changed', { file: saved.file, paths: changes.map((c) => c.path), staffId: staff.staffId });

        // A path is in effect once every module that applies it has; one that failed leaves it
        // waiting for the restart, whatever the others did.
        const applied = new Set<string>();
        const failed = new Set<string>();
        const succeeded: LiveSettings[] = [];
        for (const live of deps.liveSettings()) {
          const covered = pathsCovered(changes, live.paths);
          if (covered.length === 0) continue;
          try {
            await live.apply(next);
            succeeded.push(live);
            for (const p of covered) applied.add(p);
          } catch (err) {
            // Saved all the same: the change then waits for a restart, and the page says so.
            ctx.log.warn('live setting not applied', { paths: covered, error: (err as Error).message });
            for (const p of covered) failed.add(p);
          }
        }
        for (const live of succeeded) running.applied(next, live.paths.filter((p) => !failed.has(p)));
        for (const p of failed) applied.delete(p);
        const settings = current();
        return { changes, applied: [...applied], restartRequired: settings.restartPending.length > 0, settings };
      },
      'settings.history': ({ limit }) => settingsHistory(ctx.db, limit),
      'settings.listPorts': () => listPortsForForm(deps.listPorts),
    } satisfies HandlerSlice,
  };
}
