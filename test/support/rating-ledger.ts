import Database from 'better-sqlite3';

/**
 * What a data folder holds of the device's votes, read straight from the SQLite file (the same
 * file the core wrote; opened read-only so the reading cannot repair anything):
 * - `voteKeys`: every `ratings.vote_key`, one per row (a repeat would show twice here only if
 *   the UNIQUE constraint were missing — that is checked too, not assumed);
 * - `receivedEvents`: every `rating.received` event's stream id (the rating's id) — one per rating;
 * - `ratingIds`: every `ratings.id`;
 * - `notQueued`: `rating` stream events with no outbox row (sync would never send them);
 * - `integrity`: `PRAGMA integrity_check` and `foreign_key_check` findings (empty: fine);
 * - `attributions`: ratings per attribution (`session`, `on_duty`, `nobody`).
 */
export interface RatingLedger {
  voteKeys: string[];
  ratingIds: string[];
  receivedEvents: string[];
  notQueued: number;
  integrity: string[];
  attributions: Record<string, number>;
}

/** Reads the ledger of `databasePath` (counter.sqlite). @throws when the file or a table is missing. */
export function readRatingLedger(databasePath: string): RatingLedger {
  const db = new Database(databasePath, { readonly: true, fileMustExist: true });
  try {
    const integrity = db.pragma('integrity_check', { simple: false }) as Array<{ integrity_check: string }>;
    const foreignKeys = db.pragma('foreign_key_check') as unknown[];
    return {
      voteKeys: db.prepare('SELECT vote_key FROM ratings ORDER BY rowid').pluck().all() as string[],
      ratingIds: db.prepare('SELECT id FROM ratings ORDER BY rowid').pluck().all() as string[],
      receivedEvents: db.prepare(`SELECT stream_id FROM events WHERE stream_type = 'rating' AND type = 'rating.received' ORDER BY seq`).pluck().all() as string[],
      notQueued: db
        .prepare(`SELECT count(*) FROM events e LEFT JOIN outbox o ON o.event_seq = e.seq WHERE e.stream_type = 'rating' AND o.event_seq IS NULL`)
        .pluck()
        .get() as number,
      attributions: Object.fromEntries(
        (db.prepare('SELECT attribution, count(*) AS n FROM ratings GROUP BY attribution').all() as Array<{ attribution: string; n: number }>).map((r) => [r.attribution, r.n]),
      ),
      integrity: [...integrity.map((r) => r.integrity_check).filter((r) => r !== 'ok'), ...foreignKeys.map((r) => JSON.stringify(r))],
    };
  } finally {
    db.close();
  }
}

/** How often each value occurs, for the values that occur more than once. */
export function repeats(values: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  for (const [v, n] of counts) if (n === 1) counts.delete(v);
  return counts;
}

/**
 * The exactly-once verdict between what the device produced and what the store holds, as
 * sentences a failing test prints (empty: exactly once). `expectedKeys`: the vote keys of every
 * RATING event the device produced (`v1:<serial>:<event_id>`, rating-driver.ts DeviceVote.key).
 */
export function exactlyOnceProblems(ledger: RatingLedger, expectedKeys: readonly string[]): string[] {
  const problems: string[] = [];
  const stored = new Set(ledger.voteKeys);
  const expected = new Set(expectedKeys);
  const lost = [...expected].filter((k) => !stored.has(k));
  const extra = [...stored].filter((k) => !expected.has(k));
  const twice = repeats(ledger.voteKeys);
  if (lost.length) problems.push(`${lost.length} 个投币未入库：${lost.slice(0, 10).join(', ')}`);
  if (extra.length) problems.push(`${extra.length} 条评价不是评价器产生的：${extra.slice(0, 10).join(', ')}`);
  if (twice.size) problems.push(`${twice.size} 个投币入库不止一次：${[...twice].slice(0, 10).map(([k, n]) => `${k}×${n}`).join(', ')}`);
  const eventTwice = repeats(ledger.receivedEvents);
  if (eventTwice.size) problems.push(`${eventTwice.size} 条评价有多个 rating.received 事件`);
  const withEvent = new Set(ledger.receivedEvents);
  const noEvent = ledger.ratingIds.filter((id) => !withEvent.has(id));
  if (noEvent.length) problems.push(`${noEvent.length} 条评价没有 rating.received 事件`);
  if (ledger.receivedEvents.length !== ledger.ratingIds.length) problems.push(`rating.received 事件 ${ledger.receivedEvents.length} 条，评价 ${ledger.ratingIds.length} 条`);
  if (ledger.notQueued) problems.push(`${ledger.notQueued} 个评价事件不在待同步队列（outbox）`);
  if (ledger.integrity.length) problems.push(`数据库检查：${ledger.integrity.slice(0, 5).join('; ')}`);
  return problems;
}

/** Ratings stored per satisfaction name (the legacy bus has no event id to match one by one). */
export function storedSatisfactions(databasePath: string): Map<string, number> {
  const db = new Database(databasePath, { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare('SELECT satisfaction, count(*) AS n FROM ratings GROUP BY satisfaction').all() as Array<{ satisfaction: string; n: number }>;
    return new Map(rows.map((r) => [r.satisfaction, r.n]));
  } finally {
    db.close();
  }
}
