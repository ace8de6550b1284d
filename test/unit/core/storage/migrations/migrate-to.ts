import Database from 'better-sqlite3';
import type { Db } from '../../../../../electron/core/storage/database';
import { MIGRATIONS } from '../../../../../electron/core/storage/migrations';
import { applyMigration } from '../../../../../electron/core/storage/migration';

/** A fresh in-memory database with the migrations up to `version` applied, as openDatabase applies them. */
export function databaseAt(version: number): Db {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  migrate(db, version);
  return db;
}

export function migrate(db: Db, toVersion: number): void {
  const from = db.pragma('user_version', { simple: true }) as number;
  for (const m of MIGRATIONS.filter((m) => m.version > from && m.version <= toVersion)) {
    applyMigration(db, m);
  }
}

export function columns(db: Db, table: string): string[] {
  return (db.prepare(`PRAGMA table_info(${table})`).all() as Array<{ name: string }>).map((c) => c.name);
}

export function tables(db: Db): string[] {
  return (db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as Array<{ name: string }>).map(
    (r) => r.name,
  );
}
