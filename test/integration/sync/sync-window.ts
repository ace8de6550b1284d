import path from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { systemClock, type Clock } from '../../../electron/core/clock';
import type { StatusReport } from '../../../electron/core/devices/device';
import { appendEvent, countOutbox } from '../../../electron/core/events/event-store';
import { silentLogger } from '../../../electron/core/logging/logger';
import type { Db } from '../../../electron/core/storage/database';
import { openDatabase } from '../../../electron/core/storage/open-database';
import { SyncClient, type SyncClientOptions } from '../../../electron/core/sync/sync-client';
import { makeTempDir } from '../../support/temp-dirs';

/** A window's store on a real SQLite file (migrated as the app does); `reopen` opens one made before. */
export const windowStore = Object.assign(() => openWindowStore(makeTempDir('sync-window')), { reopen: (dir: string) => openWindowStore(dir) });

async function openWindowStore(dir: string): Promise<{ db: Db; dir: string; close(): void }> {
  const opened = await openDatabase({ path: path.join(dir, 'counter.sqlite'), backupDir: path.join(dir, 'backups') });
  return {
    db: opened.db,
    dir,
    close() {
      opened.integrityCheck?.cancel();
      opened.db.close();
    },
  };
}

/**
 * Records `count` events at window `window` of hall JQ, as case commands would (a case's stream,
 * versions in order), in one transaction; `payloadBytes` pads each payload. Returns their ids in order.
 */
export function recordEvents(db: Db, count: number, options: { window?: number; payloadBytes?: number; perCase?: number } = {}): string[] {
  const ids: string[] = [];
  const perCase = options.perCase ?? 5;
  const padding = 'x'.repeat(options.payloadBytes ?? 0);
  db.transaction(() => {
    let caseId = uuidv7();
    for (let i = 0; i < count; i += 1) {
      if (i % perCase === 0) caseId = uuidv7();
      const id = uuidv7();
      appendEvent(db, {
        id,
        streamType: 'case',
        streamId: caseId,
        streamVersion: (i % perCase) + 1,
        type: i % perCase === 0 ? 'case.received' : 'case.materialsSupplemented',
        occurredAt: new Date().toISOString(),
        hallCode: 'JQ',
        windowNumber: options.window ?? 12,
        staffId: null,
        payload: { n: i, note: padding },
      });
      ids.push(id);
    }
  }).immediate();
  return ids;
}

export { countOutbox };

/** A sync client on `db` for window `window` of JQ, pushing only, with every status report kept. */
export function syncClient(db: Db, url: string, window: number, extra: Partial<SyncClientOptions> & { clock?: Clock } = {}): { client: SyncClient; reports: StatusReport[] } {
  const client = new SyncClient({
    db,
    clock: extra.clock ?? systemClock,
    log: silentLogger,
    target: { url, enrolmentCode: null, configToken: null, hall: 'JQ', window },
    intervalMs: 60_000,
    debounceMs: 50,
    ...extra,
  });
  const reports: StatusReport[] = [];
  client.onStatus((r) => reports.push(r));
  return { client, reports };
}

/** Polls `probe` every 50 ms until it returns a value that is not null/undefined/false, or fails after `ms`. */
export async function until<T>(what: string, probe: () => T | null | undefined | false | Promise<T | null | undefined | false>, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== null && value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
