import { isUtf8 } from 'node:buffer';
import type { Pool } from 'pg';
import type { PushBatch } from '../../electron/contract/sync';
import type { TokenOwner } from '../enrolment/enrolment';

/**
 * A batch refused because one of its events takes a stream version already stored under another
 * id (two windows, or a window restored from an old backup, wrote the same case's version N).
 * Nothing of the batch is stored.
 */
export class StreamVersionConflictError extends Error {
  constructor(
    readonly streamType: string,
    readonly streamId: string,
    readonly version: number,
  ) {
    super(`事件流 ${streamType}:${streamId} 的第 ${version} 版已由另一个事件保存在上级平台，本批次未保存；请联系上级平台管理员核对该窗口的数据`);
    this.name = 'StreamVersionConflictError';
  }
}

/** Why PostgreSQL refused the batch's insert, in the cases handled here. */
interface PgError {
  code?: string;
  constraint?: string;
}

/** The batch's rows as jsonb_to_recordset reads them, and its ids in order. */
function batchRows(batch: PushBatch): { rowsJson: string; ids: string[] } {
  const rows = batch.events.map((e) => ({
    id: e.id,
    stream_type: e.stream.type,
    stream_id: e.stream.id,
    stream_version: e.version,
    type: e.type,
    occurred_at: e.occurredAt,
    staff: e.staff,
    payload: e.payload,
  }));
  return { rowsJson: JSON.stringify(rows), ids: batch.events.map((e) => e.id) };
}

/**
 * The insert of a batch's rows ($rows) as hall $hall, window $window: jsonb_to_recordset unpacks
 * them server-side; an id already held in the hall is left as it is. `where`: a condition on the
 * whole statement (the token's check in storeBatchForToken). Returns the ids inserted.
 */
function insertSql(rows: string, hall: string, window: string, where = 'true'): string {
  return `INSERT INTO events (hall, id, window_number, stream_type, stream_id, stream_version, type, occurred_at, staff, payload)
       SELECT ${hall}, r.id, ${window}, r.stream_type, r.stream_id, r.stream_version, r.type, r.occurred_at, r.staff, r.payload
         FROM jsonb_to_recordset(${rows}::jsonb) AS r(id uuid, stream_type text, stream_id uuid, stream_version integer,
                                                 type text, occurred_at timestamptz, staff uuid, payload jsonb)
        WHERE ${where}
       ON CONFLICT (hall, id) DO NOTHING
       RETURNING id`;
}

const INSERT_SQL = insertSql('$3', '$1', '$2');

// The token's check as enrolment.ts's authenticate() makes it (live, by its SHA-256), narrowed to
// the window the batch names; evaluated once for the statement (an InitPlan), before any row.
const INSERT_FOR_TOKEN_SQL = `WITH inserted AS (
  ${insertSql('$4', '$2', '$3', 'EXISTS (SELECT 1 FROM tokens t WHERE t.hall = $2 AND t.token_hash = $1 AND t.window_number = $3 AND t.revoked_at IS NULL)')}
)
SELECT EXISTS (SELECT 1 FROM tokens t WHERE t.hall = $2 AND t.token_hash = $1 AND t.window_number = $3 AND t.revoked_at IS NULL) AS owner,
       (SELECT count(*) FROM inserted)::integer AS inserted`;

/**
 * The insert of a push's events straight from its body as received ($4, `{"events":[…]}`, as
 * jsonb), as hall $2, window $3, with the token's check of INSERT_FOR_TOKEN_SQL; the same rows in
 * the same order (array order, so the server's sequence follows the push's) and the same answer.
 * The id and version are cast by PostgreSQL as the recordset's columns were (a uuid sent in upper
 * case is the same uuid; a version sent as 1.0 is 1, as JSON.parse read it).
 */
const INSERT_RECEIVED_FOR_TOKEN_SQL = `WITH inserted AS (
  INSERT INTO events (hall, id, window_number, stream_type, stream_id, stream_version, type, occurred_at, staff, payload)
       SELECT $2, (e->>'id')::uuid, $3, e->'stream'->>'type', (e->'stream'->>'id')::uuid, (e->'version')::integer,
              e->>'type', (e->>'occurredAt')::timestamptz, (e->>'staff')::uuid, e->'payload'
         FROM jsonb_array_elements($4::jsonb -> 'events') AS e
        WHERE EXISTS (SELECT 1 FROM tokens t WHERE t.hall = $2 AND t.token_hash = $1 AND t.window_number = $3 AND t.revoked_at IS NULL)
       ON CONFLICT (hall, id) DO NOTHING
       RETURNING id
)
SELECT EXISTS (SELECT 1 FROM tokens t WHERE t.hall = $2 AND t.token_hash = $1 AND t.window_number = $3 AND t.revoked_at IS NULL) AS owner,
       (SELECT count(*) FROM inserted)::integer AS inserted`;

/** jsonb's binary format: a version byte (1), then the JSON text. */
const JSONB_BINARY_VERSION = Buffer.from([1]);

/**
 * A push body as received, as the jsonb parameter of INSERT_RECEIVED_FOR_TOKEN_SQL: its UTF-8 text
 * in jsonb's binary format (node-postgres sends a Buffer parameter as binary), without the byte
 * order mark JSON.parse was given leave to skip. Null when it is not valid UTF-8: the body was then
 * read with U+FFFD for the bad bytes, which PostgreSQL would refuse, so the parsed events go the
 * re-serialised way (batchRows), as before.
 *
 * Why (issue 16, push speed, measured on 500-event pushes of bench:sync's backlog): the parsed
 * events written out again as one JSON string (batchRows) and that string's UTF-8 length and
 * bytes (node-postgres's Bind) cost this process ~7 ms a push, as much as its schema check and
 * body parse together; PostgreSQL parses the same text either way. The body was checked whole by
 * PushBatchSchema before it gets here. PostgreSQL reads what JSON.parse accepted alike (a repeated
 * key: the last; escapes; a BOM left out here), numbers within a double's range digit for digit
 * as the window wrote them (`1.0` stays `1.0`; the same value to JavaScript); a value PostgreSQL
 * refuses sends the push down the re-serialised way (storeOneForToken).
 * Also the re-serialised way (null here), as before, a body outside what this path was measured
 * and reviewed for (review-30): nested deeper than MAX_RECEIVED_DEPTH (PGlite's parser recursed
 * off its stack on 10,000 levels and then hung the process), or with a number JavaScript reads as
 * ±Infinity or beyond a double's digits (an exponent of three digits, a run of over 300 digits:
 * `1e131071` is 14 bytes that PostgreSQL's numeric spells out in 131,079; JSON.stringify wrote it
 * as null, as it still does on that way).
 */
function receivedJsonb(body: Buffer): Buffer | null {
  const text = body.length >= 3 && body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf ? body.subarray(3) : body;
  if (!isUtf8(text) || !plainEnough(text)) return null;
  return Buffer.concat([JSONB_BINARY_VERSION, text], text.length + 1);
}

/** Deepest nesting of arrays and objects a body may have to be stored as received. */
const MAX_RECEIVED_DEPTH = 64;
/** Longest run of digits outside strings a body may have to be stored as received (a double has at most 17 significant, 309 integer digits). */
const MAX_RECEIVED_DIGITS = 300;

/**
 * Whether the JSON text `bytes` (valid UTF-8, already parsed once) nests no deeper than
 * MAX_RECEIVED_DEPTH and has no number with an exponent of three or more digits or a run of more
 * than MAX_RECEIVED_DIGITS digits, outside strings. One pass over the bytes, by hand: no JSON
 * library reports depth or number spelling without building the whole value again.
 */
export function plainEnough(bytes: Buffer): boolean {
  let depth = 0;
  let digits = 0;
  let exponentDigits = -1;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] as number;
    if (b >= 0x30 && b <= 0x39) {
      if (exponentDigits >= 0) {
        if (++exponentDigits >= 3) return false;
      } else if (++digits > MAX_RECEIVED_DIGITS) return false;
      continue;
    }
    if ((b === 0x65 || b === 0x45) && digits > 0) {
      exponentDigits = 0; // e/E after digits: the exponent's digits follow (a sign first, maybe)
      continue;
    }
    if ((b === 0x2b || b === 0x2d) && exponentDigits === 0) continue;
    digits = 0;
    exponentDigits = -1;
    if (b === 0x22) {
      // A string, skipped to its closing quote by Buffer.indexOf (memchr), not byte by byte: most
      // of a push is text (names, addresses), and this pass took ~1 ms a 500-event push (review of
      // issue 16's server CPU). The closing quote is the first one after an even run of
      // backslashes (an odd run escapes it); neither byte occurs inside a UTF-8 sequence.
      let end = i;
      for (;;) {
        end = bytes.indexOf(0x22, end + 1);
        if (end < 0) return false; // not JSON (it was parsed already: never)
        let slashes = 0;
        while (bytes[end - 1 - slashes] === 0x5c) slashes++;
        if (slashes % 2 === 0) break;
      }
      i = end;
    } else if (b === 0x7b || b === 0x5b) {
      if (++depth > MAX_RECEIVED_DEPTH) return false;
    } else if (b === 0x7d || b === 0x5d) depth--;
  }
  return true;
}

/**
 * A push's usual case in one round trip (POST /v1/push): the token whose SHA-256 is `tokenHash`
 * is live for the batch's own hall and window (`claimed`, the window every event names), and the
 * batch is stored as storeBatch() stores it, in the same statement. Returns the ids held, as
 * storeBatch(); or null when the token is not live for `claimed` (unknown, revoked, or another
 * window's), and nothing was stored: the caller then authenticates the token on its own for the
 * answer (401, 403). `prepared`: a named statement (PostgreSQL only, see there). `bytes`: the
 * push's body size as received (content-length), counted against MAX_GROUP_BYTES; without it the
 * events' JSON is measured. `received`: the body `batch` was parsed from, exactly as received;
 * a push going alone is then stored from it (receivedJsonb) instead of from `batch` written out
 * again; it must be the text `batch` was parsed from and checked in (PushBatchSchema).
 * Under load, pushes waiting for the database share one statement (PushGroups, below); each is
 * still all or nothing, checked against its own token, and answered as if it had gone alone.
 * Throws what storeBatch() throws.
 */
export function storeBatchForToken(
  pool: Pool,
  tokenHash: string,
  claimed: TokenOwner,
  batch: PushBatch,
  options: { prepared?: boolean; bytes?: number; received?: Buffer } = {},
): Promise<string[] | null> {
  let groups = pushGroups.get(pool);
  if (groups === undefined) {
    groups = new PushGroups(pool);
    pushGroups.set(pool, groups);
  }
  const bytes = options.bytes !== undefined && Number.isFinite(options.bytes) && options.bytes > 0 ? options.bytes : Buffer.byteLength(JSON.stringify(batch.events));
  return groups.submit({ tokenHash, claimed, batch, prepared: options.prepared === true, bytes, received: options.received ?? null });
}

/**
 * One push's statement on its own: storeBatchForToken's contract, for one push. From the body as
 * received when there is one in UTF-8 (receivedJsonb); when PostgreSQL refuses a value of it
 * (SQLSTATE class 22: nothing stored), once more from the parsed events, so what is stored, or
 * refused, is what it was before bodies went as received.
 */
async function storeOneForToken(
  pool: Pool,
  tokenHash: string,
  claimed: TokenOwner,
  batch: PushBatch,
  options: { prepared?: boolean; received?: Buffer | null } = {},
): Promise<string[] | null> {
  const jsonb = options.received ? receivedJsonb(options.received) : null;
  if (jsonb !== null) {
    try {
      return await insertForToken(pool, claimed, batch.events.map((e) => e.id), options.prepared === true ? 'counter.push-received-for-token' : null, INSERT_RECEIVED_FOR_TOKEN_SQL, [tokenHash, claimed.hall, claimed.window, jsonb]);
    } catch (err) {
      const code = (err as PgError).code;
      if (!(typeof code === 'string' && code.startsWith('22'))) throw await refined(err, pool, claimed, () => batchRows(batch).rowsJson);
    }
  }
  const { rowsJson, ids } = batchRows(batch);
  try {
    // `prepared` (PostgreSQL only): a named statement, parsed and planned once per connection, not
    // on every push. Measured with 20 windows pushing 5 events at a time on PostgreSQL 15: its CPU
    // per push 1.5 → 0.9 ms, the server's 1.25 → 1.15 ms (review-24, bench:server's live phase).
    // Behind PgBouncer in transaction mode this needs PgBouncer 1.21+ with max_prepared_statements.
    // Never on PGlite: its one backend session is shared by every socket connection, so a
    // replacement connection's Parse of the same name fails ("already exists").
    return await insertForToken(pool, claimed, ids, options.prepared === true ? 'counter.push-for-token' : null, INSERT_FOR_TOKEN_SQL, [tokenHash, claimed.hall, claimed.window, rowsJson]);
  } catch (err) {
    throw await refined(err, pool, claimed, () => rowsJson);
  }
}

/**
 * Runs one of the token-checked inserts (`sql`, answering `owner` and `inserted`), as the named
 * statement `name` when given; null when the token is not live for `claimed`, else the ids of
 * `ids` now held for its window (all of them when every row was new). Throws the database's error.
 */
async function insertForToken(pool: Pool, claimed: TokenOwner, ids: string[], name: string | null, sql: string, values: unknown[]): Promise<string[] | null> {
  const result = await pool.query<{ owner: boolean; inserted: number }>(name !== null ? { name, text: sql, values } : { text: sql, values });
  const row = result.rows[0];
  if (!row?.owner) return null;
  return row.inserted === ids.length ? ids : await heldOf(pool, claimed, ids);
}

/** The ids of `ids` held for `owner`'s window, in their order (a second read, after the insert committed). */
async function heldOf(pool: Pool, owner: TokenOwner, ids: string[]): Promise<string[]> {
  const held = await pool.query<{ id: string }>('SELECT id FROM events WHERE hall = $1 AND window_number = $2 AND id = ANY($3::uuid[])', [owner.hall, owner.window, ids]);
  const heldSet = new Set(held.rows.map((r) => r.id));
  return ids.filter((id) => heldSet.has(id));
}

/** A conflict on a stream's version as StreamVersionConflictError (`rowsJson`: the batch's rows, made only then); any other error as it is. */
async function refined(err: unknown, pool: Pool, owner: TokenOwner, rowsJson: () => string): Promise<unknown> {
  const pgErr = err as PgError;
  if (pgErr.code === '23505' && pgErr.constraint === 'events_stream_version_key') return describeConflict(pool, owner, rowsJson(), err);
  return err;
}

/**
 * Stores a window's batch (POST /v1/push), all or nothing, in one statement: every event not
 * already held (by hall and id) is inserted with the server's receive time and sequence; events
 * already held are left as they are, so a repeated or overlapping batch changes nothing.
 * The caller has checked that every event is `owner`'s (hall and window).
 * Returns the batch's ids now held for this window, in the batch's order (all of them, unless an
 * id was already held for another window of the hall).
 * Throws StreamVersionConflictError (nothing stored), or the database's own error.
 */
export async function storeBatch(pool: Pool, owner: TokenOwner, batch: PushBatch): Promise<string[]> {
  const { rowsJson, ids } = batchRows(batch);
  try {
    // One INSERT, committed on its own: a single statement is all or nothing, so no BEGIN/COMMIT
    // round trips (each costs as much as the insert's own work on a loaded server, bench:server).
    const inserted = await pool.query<{ id: string }>(INSERT_SQL, [owner.hall, owner.window, rowsJson]);
    // Every event new (the batch's ids are distinct, PushBatchSchema): all held now, for this window.
    // Otherwise some were held already: by an earlier push of this window (its answer lost), or —
    // not listed then — under another window of the hall.
    return inserted.rowCount === ids.length ? ids : await heldOf(pool, owner, ids);
  } catch (err) {
    throw await refined(err, pool, owner, () => rowsJson);
  }
}

/** Finds which event of the batch met a stored version under another id, for the reason. */
async function describeConflict(pool: Pool, owner: TokenOwner, rowsJson: string, original: unknown): Promise<unknown> {
  try {
    const found = await pool.query<{ stream_type: string; stream_id: string; stream_version: number }>(
      `SELECT r.stream_type, r.stream_id::text, r.stream_version
         FROM jsonb_to_recordset($2::jsonb) AS r(id uuid, stream_type text, stream_id uuid, stream_version integer)
         JOIN events e ON e.hall = $1 AND e.stream_type = r.stream_type AND e.stream_id = r.stream_id
                      AND e.stream_version = r.stream_version AND e.id <> r.id
        LIMIT 1`,
      [owner.hall, rowsJson],
    );
    const row = found.rows[0];
    // A conflict with a concurrent batch that has since rolled back leaves nothing to name.
    return row ? new StreamVersionConflictError(row.stream_type, row.stream_id, row.stream_version) : new StreamVersionConflictError('?', '?', 0);
  } catch {
    return original;
  }
}

// ── Pushes grouped into one statement under load ──────────────────────────────────────────────
//
// Measured for a push of 5 events (bench:server's live phase) on PostgreSQL 15, on a 2-core box
// shared with other work (CPU time, so the ratios hold better than the figures): its own statement
// costs PostgreSQL ~0.3–0.4 ms and this process ~0.15 ms in node-postgres (Bind, Execute, the
// result), against ~0.02 ms for the body's JSON parse and ~0.04 ms for its schema check; ten pushes
// in one statement cost PostgreSQL ~0.17 ms and this process ~0.05 ms a push. With 40 windows
// pushing at once through storeBatchForToken, grouping took PostgreSQL's CPU a push down ~40% and
// this process's ~30% (review-27). So when pushes queue for the database (more arrive than
// statements are in flight), the queued ones go together in one statement; a push that arrives
// alone goes alone, as before, and waits for nothing.

/** Statements storing pushes in flight at once; more pushes wait, and go together. */
const GROUPS_IN_FLIGHT = 4;
/** The most pushes in one statement, and the most events (a push is never split). */
const MAX_GROUP_PUSHES = 64;
const MAX_GROUP_EVENTS = 1_000;
/**
 * The most bytes of push bodies in one statement (a push is never split: one larger goes alone).
 * A push may be up to 4 MB (DEFAULT_BODY_LIMIT_BYTES) with few events, and a group's rows go as
 * one jsonb parameter that this process builds as one string and PostgreSQL parses twice (owners,
 * rows): without a cap, 64 such pushes would be ~256 MB in one statement (review 27 F10).
 */
export const MAX_GROUP_BYTES = 8 * 1024 * 1024;

interface PendingPush {
  tokenHash: string;
  claimed: TokenOwner;
  batch: PushBatch;
  prepared: boolean;
  /** The push's size in bytes (its body's, as received), counted against MAX_GROUP_BYTES. */
  bytes: number;
  /** Its body as received (storeBatchForToken `received`), used when it goes alone; null: none. */
  received: Buffer | null;
  resolve(held: string[] | null): void;
  reject(err: unknown): void;
}

const pushGroups = new WeakMap<Pool, PushGroups>();

// Several pushes, each with its token's check, in one statement: a push whose token is not live
// for its window stores nothing (its k is not in `owners`), the others are stored. The statement is
// one transaction: any error stores nothing of any push, and each is then stored on its own
// (PushGroups.run), so one push's conflict or bad value is answered to that push alone. Rows are
// read in array order (an InitPlan filter, no join), so each push's events get the server's
// sequence in the push's order, as storeBatch() gives them. `inserted`: "hall window id" of each
// row inserted.
const INSERT_GROUP_SQL = `WITH owners AS (
  SELECT p.k FROM jsonb_to_recordset($1::jsonb) AS p(k integer, token_hash text, hall text, window_number integer)
   WHERE EXISTS (SELECT 1 FROM tokens t WHERE t.hall = p.hall AND t.token_hash = p.token_hash AND t.window_number = p.window_number AND t.revoked_at IS NULL)
), inserted AS (
  INSERT INTO events (hall, id, window_number, stream_type, stream_id, stream_version, type, occurred_at, staff, payload)
       SELECT r.hall, r.id, r.window_number, r.stream_type, r.stream_id, r.stream_version, r.type, r.occurred_at, r.staff, r.payload
         FROM jsonb_to_recordset($2::jsonb) AS r(k integer, hall text, window_number integer, id uuid, stream_type text, stream_id uuid, stream_version integer,
                                                 type text, occurred_at timestamptz, staff uuid, payload jsonb)
        WHERE r.k = ANY (ARRAY(SELECT k FROM owners))
       ON CONFLICT (hall, id) DO NOTHING
       RETURNING hall, window_number, id
)
SELECT ARRAY(SELECT k FROM owners) AS owners, ARRAY(SELECT hall || ' ' || window_number || ' ' || id FROM inserted) AS inserted`;

/** The grouped statement's two parameters: the pushes' token checks, and every push's rows (k: the push's place). */
function groupRows(group: PendingPush[]): { pushesJson: string; rowsJson: string } {
  const pushes = group.map((p, k) => ({ k, token_hash: p.tokenHash, hall: p.claimed.hall, window_number: p.claimed.window }));
  const rows = group.flatMap((p, k) =>
    p.batch.events.map((e) => ({
      k,
      hall: p.claimed.hall,
      window_number: p.claimed.window,
      id: e.id,
      stream_type: e.stream.type,
      stream_id: e.stream.id,
      stream_version: e.version,
      type: e.type,
      occurred_at: e.occurredAt,
      staff: e.staff,
      payload: e.payload,
    })),
  );
  return { pushesJson: JSON.stringify(pushes), rowsJson: JSON.stringify(rows) };
}

/**
 * The pushes of one pool waiting for the database: at most GROUPS_IN_FLIGHT statements at once;
 * when one ends, the pushes that arrived meanwhile go in the next, up to MAX_GROUP_PUSHES,
 * MAX_GROUP_EVENTS and MAX_GROUP_BYTES. Each push is answered as storeBatchForToken() answers it alone.
 */
class PushGroups {
  private readonly waiting: PendingPush[] = [];
  private inFlight = 0;

  constructor(private readonly pool: Pool) {}

  submit(push: Omit<PendingPush, 'resolve' | 'reject'>): Promise<string[] | null> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ ...push, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < GROUPS_IN_FLIGHT && this.waiting.length > 0) {
      const group: PendingPush[] = [];
      let events = 0;
      let bytes = 0;
      for (const next of this.waiting) {
        const full = group.length >= MAX_GROUP_PUSHES || events + next.batch.events.length > MAX_GROUP_EVENTS || bytes + next.bytes > MAX_GROUP_BYTES;
        if (group.length > 0 && full) break;
        group.push(next);
        events += next.batch.events.length;
        bytes += next.bytes;
      }
      this.waiting.splice(0, group.length);
      this.inFlight++;
      void this.run(group).finally(() => {
        this.inFlight--;
        this.pump();
      });
    }
  }

  private async run(group: PendingPush[]): Promise<void> {
    if (group.length > 1) {
      let answers: (string[] | null)[] | null = null;
      try {
        answers = await this.storeGroup(group);
      } catch (err) {
        // Nothing of the group was stored. A refused value or a conflict (SQLSTATE classes 22, 23)
        // is one push's: each goes on its own below, for its own answer. Anything else (the
        // database away, a deadlock, a time-out) is rejected to every push of the group, and the
        // push route (app.ts POST /v1/push) then takes each on its slower path alone (the token's
        // owner, then storeBatch): a deadlock or a passing failure is so retried once per push,
        // and with the database away each push fails there too, with its own error.
        const code = (err as PgError).code;
        if (!(typeof code === 'string' && (code.startsWith('22') || code.startsWith('23')))) {
          for (const p of group) p.reject(err);
          return;
        }
      }
      if (answers !== null) {
        group.forEach((p, k) => p.resolve(answers[k] ?? null));
        return;
      }
    }
    await Promise.all(
      group.map((p) => storeOneForToken(this.pool, p.tokenHash, p.claimed, p.batch, { prepared: p.prepared, received: p.received }).then(p.resolve, p.reject)),
    );
  }

  /** The group in one statement: each push's answer, in the group's order (null: its token not live for its window). */
  private async storeGroup(group: PendingPush[]): Promise<(string[] | null)[]> {
    const { pushesJson, rowsJson } = groupRows(group);
    const values = [pushesJson, rowsJson];
    const prepared = group.every((p) => p.prepared);
    const result = await this.pool.query<{ owners: number[]; inserted: string[] }>(
      prepared ? { name: 'counter.push-group', text: INSERT_GROUP_SQL, values } : { text: INSERT_GROUP_SQL, values },
    );
    const row = result.rows[0];
    const owners = new Set(row?.owners ?? []);
    const inserted = new Set(row?.inserted ?? []);
    return Promise.all(
      group.map(async (p, k) => {
        if (!owners.has(k)) return null;
        const ids = p.batch.events.map((e) => e.id);
        // Every id inserted for this window now: all held. Otherwise some were held already (an
        // earlier push of this window, or another window of the hall): read which, as storeBatch().
        const prefix = `${p.claimed.hall} ${p.claimed.window} `;
        return ids.every((id) => inserted.has(prefix + id)) ? ids : heldOf(this.pool, p.claimed, ids);
      }),
    );
  }
}
