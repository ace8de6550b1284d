import type { Db } from './database';

/**
 * One schema step. `up` runs inside a transaction together with the `user_version` stamp, so a
 * crash leaves the database at the previous version or the next, never between.
 */
export interface Migration {
  version: number;
  name: string;
  up(db: Db): void;
}
