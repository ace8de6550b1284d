import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ConfigSchema, type CounterConfig } from './config-schema';

/** The name config.json has in the data folder when no `--config FILE` is given. */
export const CONFIG_FILE_NAME = 'config.json';

/**
 * The file a save writes: the `--config` file the core started with, else config.json in the
 * data folder (where the core looks for one at its next start, load-config.ts).
 */
export function configFileOf(configSource: string | null, dataDir: string): string {
  return configSource ?? path.join(dataDir, CONFIG_FILE_NAME);
}

/** A config file as it is on disk now: its bytes and their revision, or nulls when there is no file. */
export interface ConfigFileContent {
  bytes: Buffer | null;
  /** sha256 of the bytes, lowercase hex; null when there is no file. */
  revision: string | null;
}

/** The revision of a file's bytes (sha256, lowercase hex): two equal revisions are the same bytes. */
export function revisionOf(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Reads the config file's bytes and revision. A missing file is not an error (no revision yet);
 * temp files a killed write left beside it are not looked at.
 * @throws the file system's error for a file that exists but cannot be read.
 */
export function readConfigFile(file: string): ConfigFileContent {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { bytes: null, revision: null };
    throw err;
  }
  return { bytes, revision: revisionOf(bytes) };
}

/**
 * What a save writes for `config`: the schema's output (defaults filled in, so the file shows
 * every setting IT may change) as indented JSON with a final newline. Parsed by ConfigSchema it
 * gives `config` back.
 */
export function configFileText(config: CounterConfig): string {
  return `${JSON.stringify(ConfigSchema.parse(config), null, 2)}\n`;
}

// Temp files are hidden and named after their target, so a leftover is recognisable as ours and
// never mistaken for the settings (`.config.json.<random>.tmp`).
function tempPrefix(file: string): string {
  return `.${path.basename(file)}.`;
}
const TEMP_SUFFIX = '.tmp';

/**
 * Removes temp files a write killed half-way left beside `file` (the target itself is always
 * whole: see writeFileAtomically). One core holds a data folder at a time (data-dir-lock.ts), so
 * no other write of ours is in flight.
 * @returns the names removed.
 */
export function removeLeftoverTempFiles(file: string): string[] {
  const dir = path.dirname(file);
  const prefix = tempPrefix(file);
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith(TEMP_SUFFIX)) continue;
    try {
      fs.rmSync(path.join(dir, name), { force: true });
      removed.push(name);
    } catch {
      // Left for the next write: a leftover is never read, only untidy.
    }
  }
  return removed;
}

/**
 * Writes `content` to `file` so that a crash or power cut at any moment leaves either the old
 * file or the new one, never a half: the bytes go to a temp file in the same folder (same file
 * system, so the rename is atomic), which is fsynced, renamed over the target, and the folder
 * fsynced so the rename itself survives a power cut. Where the OS refuses to open or fsync a
 * folder (Windows), that last step is skipped: NTFS journals the rename. Mode 0o600, like the
 * database: the file may hold the sync enrolment token.
 * @throws the file system's error (no permission, disk full); the target is then untouched and
 *   the temp file removed.
 */
export function writeFileAtomically(file: string, content: string | Buffer, mode = 0o600): void {
  removeLeftoverTempFiles(file);
  const temp = path.join(path.dirname(file), `${tempPrefix(file)}${randomBytes(6).toString('hex')}${TEMP_SUFFIX}`);
  try {
    const fd = fs.openSync(temp, 'wx', mode);
    try {
      fs.writeFileSync(fd, content);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    // openSync's mode is filtered by the umask; the file must end up 0o600 whatever it is.
    fs.chmodSync(temp, mode);
    fs.renameSync(temp, file);
  } catch (err) {
    fs.rmSync(temp, { force: true });
    throw err;
  }
  syncFolder(path.dirname(file));
}

/**
 * fsyncs a folder so a rename in it is on disk. Best effort: Windows cannot open a folder, some
 * network file systems refuse to sync one, and by now the rename has happened, so a refusal must
 * not make the caller believe the write failed.
 */
function syncFolder(dir: string): void {
  let fd: number | null = null;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    // See above: the new file is in place either way.
  } finally {
    if (fd !== null) fs.closeSync(fd);
  }
}

/** Writes `config` as configFileText to `file`, atomically (writeFileAtomically); returns the bytes' revision. */
export function writeConfigFile(file: string, config: CounterConfig): { bytes: Buffer; revision: string } {
  const bytes = Buffer.from(configFileText(config), 'utf8');
  writeFileAtomically(file, bytes);
  return { bytes, revision: revisionOf(bytes) };
}
