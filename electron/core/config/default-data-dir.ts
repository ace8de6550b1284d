import os from 'node:os';
import path from 'node:path';

export const APP_DIR_NAME = 'counter-window';

/**
 * An environment variable that names a base folder, or null when it cannot: unset, empty, or
 * relative. The XDG Base Directory Specification says a relative `XDG_CONFIG_HOME` is invalid
 * and must be ignored (and an empty one means "use the default"); a relative `%APPDATA%` is as
 * meaningless. Used as given, either would put the clerks' database in whatever folder the
 * program happened to be started from.
 */
function absoluteBase(value: string | undefined, isAbsolute: (p: string) => boolean): string | null {
  return value !== undefined && value !== '' && isAbsolute(value) ? value : null;
}

/**
 * The OS's per-user application-data folder + `counter-window`, the same for the desktop app,
 * the browser shell and the staff command: `%APPDATA%\counter-window` on Windows,
 * `~/Library/Application Support/counter-window` on macOS, `$XDG_CONFIG_HOME/counter-window`
 * (default `~/.config/counter-window`) elsewhere. Always an absolute path when `home` is.
 */
export function defaultDataDir(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
  home: string = os.homedir(),
): string {
  if (platform === 'win32') {
    const appData = absoluteBase(env.APPDATA, (p) => path.win32.isAbsolute(p));
    return path.win32.join(appData ?? path.win32.join(home, 'AppData', 'Roaming'), APP_DIR_NAME);
  }
  if (platform === 'darwin') {
    return path.posix.join(home, 'Library', 'Application Support', APP_DIR_NAME);
  }
  const configHome = absoluteBase(env.XDG_CONFIG_HOME, (p) => path.posix.isAbsolute(p));
  return path.posix.join(configHome ?? path.posix.join(home, '.config'), APP_DIR_NAME);
}
