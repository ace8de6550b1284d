import fs from 'node:fs';
import os from 'node:os';

/**
 * How far the WAL of the database at `databasePath` has grown and been copied, from the WAL-index
 * header in its `-shm` file (https://www.sqlite.org/walformat.html §2.2), read without a lock:
 * `mxFrame` frames in the WAL, `nBackfill` of them copied into the database. Null when there is
 * no such file or the header is not one SQLite wrote whole (caught mid-update, another layout).
 * For deciding when to checkpoint and showing progress only, never for what is durable.
 */
export function walProgress(databasePath: string): { mxFrame: number; nBackfill: number } | null {
  let fd: number | null = null;
  try {
    fd = fs.openSync(`${databasePath}-shm`, 'r');
    const header = new Uint8Array(100);
    if (fs.readSync(fd, header, 0, 100, 0) < 100) return null;
    const view = new DataView(header.buffer);
    const little = os.endianness() === 'LE';
    const u32 = (offset: number): number => view.getUint32(offset, little);
    // A header caught mid-update (its two copies differ) or of another layout is no answer.
    const copiesAgree = header.subarray(0, 48).every((b, i) => b === header[48 + i]);
    if (u32(0) !== 3007000 || header[12] !== 1 || !copiesAgree) return null;
    return { mxFrame: u32(16), nBackfill: u32(96) };
  } catch {
    return null;
  } finally {
    if (fd !== null) fs.closeSync(fd);
  }
}
