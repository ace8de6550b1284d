import type { Db } from './database';
import { statement } from './statements';

/** Small settings of this installation (key → text). */
export function readMeta(db: Db, key: string): string | null {
  const row = statement(db, 'SELECT value FROM app_meta WHERE key = ?').get(key) as { value: string } | undefined;
  return row?.value ?? null;
}

export function writeMeta(db: Db, key: string, value: string | null): void {
  if (value === null) statement(db, 'DELETE FROM app_meta WHERE key = ?').run(key);
  else statement(db, 'INSERT INTO app_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
}
