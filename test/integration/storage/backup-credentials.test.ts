import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { backupDatabase } from '../../../electron/core/storage/backup';
import { MIGRATIONS } from '../../../electron/core/storage/migrations';
import { openDatabase } from '../../../electron/core/storage/open-database';
import { makeTempDir } from '../../support/browser-shell-process';

// review-16 finding 13: a backup goes to USB sticks and shared folders, so it must not carry the
// window's live sync token (a restored or cloned copy would push as this window). The copy's
// token is blanked; the live database keeps its own.

const TOKEN = 'Zt1c9yQmM3vX8pL0aB4nR7sK2wE5hJ6gD1fC3xV9uYo';

function paths() {
  const dir = makeTempDir('backup-token');
  return { file: path.join(dir, 'data', 'counter.sqlite'), backups: path.join(dir, 'data', 'backups') };
}

it("blanks the window's sync token in a backup copy while the live database keeps it", async () => {
  const p = paths();
  const { db } = await openDatabase({ path: p.file, backupDir: p.backups });
  try {
    db.prepare(`UPDATE sync_state SET token = ?, enrolled_hall = 'JQ', enrolled_window = 12, enrolled_at = '2026-11-30T08:00:00.000Z' WHERE id = 1`).run(TOKEN);
    const hasTokenTable = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sync_tokens'`).get() !== undefined;
    if (hasTokenTable) db.prepare(`INSERT INTO sync_tokens (hall_code, window_number, token, enrolled_at) VALUES ('JQ', 12, ?, '2026-11-30T08:00:00.000Z')`).run(TOKEN);

    const file = await backupDatabase(db, p.backups, 'daily', new Date('2026-11-30T12:00:00.000Z'));

    expect(db.prepare('SELECT token FROM sync_state WHERE id = 1').pluck().get()).toBe(TOKEN);
    expect(fs.existsSync(`${file}-wal`)).toBe(false); // the blanking is in the file itself, not left in a WAL beside it
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(file).includes(Buffer.from(TOKEN))).toBe(false);
    const copy = new Database(file, { readonly: true });
    try {
      expect(copy.prepare('SELECT token, enrolled_hall FROM sync_state WHERE id = 1').get()).toEqual({ token: null, enrolled_hall: 'JQ' });
      if (hasTokenTable) {
        expect(copy.prepare(`SELECT token FROM sync_tokens WHERE hall_code = 'JQ' AND window_number = 12`).pluck().get()).toBeNull();
        expect(db.prepare(`SELECT token FROM sync_tokens WHERE hall_code = 'JQ' AND window_number = 12`).pluck().get()).toBe(TOKEN);
      }
    } finally {
      copy.close();
    }
  } finally {
    db.close();
  }
});

it('backs up a database from before sync (no sync_state table) unchanged', async () => {
  const p = paths();
  const beforeSync = MIGRATIONS.filter((m) => m.version < 12);
  const { db } = await openDatabase({ path: p.file, backupDir: p.backups, migrations: beforeSync });
  try {
    const file = await backupDatabase(db, p.backups, 'before-v12', new Date('2026-11-30T12:00:00.000Z'));
    const copy = new Database(file, { readonly: true });
    try {
      expect(copy.pragma('user_version', { simple: true })).toBe(11);
      expect(copy.prepare(`SELECT count(*) FROM sqlite_master WHERE name = 'sync_state'`).pluck().get()).toBe(0);
    } finally {
      copy.close();
    }
  } finally {
    db.close();
  }
});
