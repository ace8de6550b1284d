import { CounterError } from '../../contract/errors';
import type { CoreContext } from '../assembly/capability-module';
import { configFileOf, readConfigFile, writeConfigFile } from '../config/config-file';
import type { CounterConfig } from '../config/config-schema';
import { ConfigError, parseConfigText } from '../config/load-config';

/** The settings as saved now, where, and the file's bytes and revision (null: no file yet). */
export interface SavedSettings {
  /** The file a save writes (configFileOf). */
  file: string;
  /** The file's settings; the running ones when there is no file yet. */
  config: CounterConfig;
  bytes: Buffer | null;
  revision: string | null;
}

/**
 * Reads the config file the core saves to. A file made unreadable or invalid since the core
 * started (a hand edit) is reported, not papered over with the running settings.
 * @throws CounterError `unavailable` naming the file and its bad fields.
 */
export function readSavedSettings(ctx: Pick<CoreContext, 'config' | 'configSource' | 'places'>): SavedSettings {
  const file = configFileOf(ctx.configSource, ctx.places.dataDir);
  let content;
  try {
    content = readConfigFile(file);
  } catch (err) {
    throw new CounterError('unavailable', `无法读取配置文件 ${file}：${(err as Error).message}`);
  }
  if (content.bytes === null) return { file, config: ctx.config, bytes: null, revision: null };
  try {
    return { file, config: parseConfigText(content.bytes.toString('utf8'), file), bytes: content.bytes, revision: content.revision };
  } catch (err) {
    if (err instanceof ConfigError) throw new CounterError('unavailable', err.message);
    throw err;
  }
}

/**
 * Writes `config` to `file` atomically (config-file.ts), the way a save and the first-run setup
 * do; returns the new revision.
 * @throws CounterError `unavailable` naming the file and the system's reason (read-only disk,
 *   disk full, no permission): nothing was written.
 */
export function saveConfigFile(file: string, config: CounterConfig): string {
  try {
    return writeConfigFile(file, config).revision;
  } catch (err) {
    throw new CounterError('unavailable', `无法写入配置文件 ${file}（${(err as Error).message}），设置未保存。请联系信息科。`, {
      details: { code: (err as NodeJS.ErrnoException).code ?? null },
    });
  }
}
