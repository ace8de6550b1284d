import type { Pool, PoolClient } from 'pg';
import type { SyncEvent } from '../../electron/contract/sync';
import type { BatchReceipt, ExportWatermark, ProvincialExportAdapter } from './adapter';
import { caseElementsFromEvents, type ExportContext } from './case-record';
import { ExportError, ExportFailedError } from './export-error';
import type { ExportRecord } from './export-record';
import { ratingRecordFromEvents } from './rating-record';

/** Records per batch (one file, or one API call), unless told otherwise. */
export const DEFAULT_BATCH_SIZE = 1000;
/** Streams read from the database at a time: bounds the memory an export of a large hall takes. */
const STREAMS_PER_READ = 500;
/**
 * Taken off the watermark's `receivedFrom`: a transaction's start time reaches pg_stat_activity a
 * moment after it is taken, and the database's clock may be stepped back a little. Its only cost
 * is that the next incremental export carries the streams of that last minute again.
 */
const WATERMARK_MARGIN = "interval '1 minute'";

/**
 * Folds one stream's events into its export record (a case's GB/T 39046 elements, a rating's
 * 好差评 record); null for a stream the export does not carry (a staff member's). Throws
 * ExportError (see caseElementsFromEvents, ratingRecordFromEvents).
 */
export function exportRecordOf(events: readonly SyncEvent[], ctx: ExportContext): ExportRecord | null {
  const stream = events[0]?.stream.type;
  if (stream === 'case') return caseElementsFromEvents(events, ctx);
  if (stream === 'rating') return ratingRecordFromEvents(events, ctx);
  return null;
}

/** What to export: a hall's cases and ratings for a province, all or those changed since an instant. */
export interface ExportOptions {
  hall: string;
  /** Used in batch ids and manifests; the tables in `ctx` are this province's. */
  province: string;
  /** Only streams with an event the server received at or after this instant (ISO 8601); null: all. */
  since: string | null;
  /**
   * With `since`: also every stream with an event whose server sequence is above this (decimal
   * text; a previous manifest's watermark, `--since-manifest`). Null or absent: `since` alone.
   */
  sinceSeq?: string | null;
  ctx: ExportContext;
  adapter: ProvincialExportAdapter;
  batchSize?: number;
  /** The clock the batch ids and times come from (tests fix it). */
  now?: () => Date;
  /**
   * The database runs one statement at a time on one connection (PGlite, served to the server's
   * pool of one): then the export holds no connection across its reads (a running server keeps
   * answering pushes meanwhile) and cuts its snapshot by the watermark's `seq` instead of a
   * transaction (runProvincialExport). Never for PostgreSQL: there pushes commit out of `seq` order.
   */
  serialisedDatabase?: boolean;
}

/** What an export did, for the operator (printed as one JSON line by the command). */
export interface ExportSummary {
  hall: string;
  province: string;
  since: string | null;
  sinceSeq: string | null;
  adapter: string;
  /** Where the next incremental export starts (also in every batch's manifest). */
  watermark: ExportWatermark;
  cases: number;
  ratings: number;
  batches: BatchReceipt[];
}

interface EventRow {
  id: string;
  stream_type: 'case' | 'staff' | 'rating';
  stream_id: string;
  stream_version: number;
  type: string;
  occurred_at: Date;
  hall: string;
  window_number: number;
  staff: string | null;
  payload: Record<string, unknown>;
}

function toSyncEvent(row: EventRow): SyncEvent {
  return {
    id: row.id,
    stream: { type: row.stream_type, id: row.stream_id },
    version: row.stream_version,
    type: row.type,
    occurredAt: row.occurred_at.toISOString(),
    hall: row.hall,
    window: row.window_number,
    staff: row.staff,
    payload: row.payload,
  };
}

/** Where the export's statements go: one connection in a snapshot, or the pool statement by statement. */
type Reader = Pick<PoolClient, 'query'>;

/**
 * The hall's case and rating streams to export, in the server's order (each stream by its first
 * event's server sequence), `STREAMS_PER_READ` at a time, each with all its events in version
 * order, as they stood at the watermark (events up to `upTo`, its `seq`). A stream touched since
 * `since` is exported whole: a record is the stream's state.
 */
async function* streamsToExport(db: Reader, hall: string, since: string | null, sinceSeq: string | null, upTo: string): AsyncGenerator<SyncEvent[][]> {
  const { rows: streams } = await db.query<{ stream_type: string; stream_id: string }>(
    `SELECT stream_type, stream_id FROM events
      WHERE hall = $1 AND stream_type IN ('case', 'rating') AND seq <= $4::bigint
      GROUP BY stream_type, stream_id
     HAVING $2::timestamptz IS NULL OR max(received_at) >= $2::timestamptz OR max(seq) > $3::bigint
      ORDER BY min(seq)`,
    [hall, since, since === null ? null : sinceSeq, upTo],
  );
  for (let i = 0; i < streams.length; i += STREAMS_PER_READ) {
    const chunk = streams.slice(i, i + STREAMS_PER_READ);
    const { rows } = await db.query<EventRow>(
      `SELECT e.id, e.stream_type, e.stream_id, e.stream_version, e.type, e.occurred_at, e.hall, e.window_number, e.staff, e.payload
         FROM events e
         JOIN unnest($2::text[], $3::uuid[]) AS s(stream_type, stream_id)
           ON e.stream_type = s.stream_type AND e.stream_id = s.stream_id
        WHERE e.hall = $1 AND e.seq <= $4::bigint
        ORDER BY e.stream_type, e.stream_id, e.stream_version`,
      [hall, chunk.map((s) => s.stream_type), chunk.map((s) => s.stream_id), upTo],
    );
    const byStream = new Map<string, SyncEvent[]>();
    for (const row of rows) {
      const key = `${row.stream_type}/${row.stream_id}`;
      let list = byStream.get(key);
      if (!list) byStream.set(key, (list = []));
      list.push(toSyncEvent(row));
    }
    yield chunk.map((s) => byStream.get(`${s.stream_type}/${s.stream_id}`) ?? []);
  }
}

function compactInstant(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z');
}

/**
 * Where an export run stands: the watermark (adapter.ts), read on `client` around the snapshot.
 * `receivedFrom` is read *before* the snapshot is taken (the caller then begins the transaction):
 * any transaction the snapshot will not see either was in flight then (its start is in
 * pg_stat_activity) or starts later, so its events' `received_at` is at or after the least of
 * those starts and this clock. `seq` is read as the transaction's first statement, which takes
 * the snapshot. The export's own role sees the start of every session of its role (the server's,
 * with the same DATABASE_URL); sessions of other roles may hide theirs.
 */
async function readReceivedFrom(client: Reader): Promise<string> {
  const { rows } = await client.query<{ received_from: Date }>(
    `SELECT least(clock_timestamp(),
                  (SELECT min(xact_start) FROM pg_stat_activity
                    WHERE datname = current_database() AND pid <> pg_backend_pid() AND xact_start IS NOT NULL)) - ${WATERMARK_MARGIN} AS received_from`,
  );
  return rows[0]!.received_from.toISOString();
}

/**
 * Exports a hall's cases and ratings to a province through `adapter`, in batches of
 * `batchSize` records, from one snapshot of the database: both passes below run in one
 * `REPEATABLE READ READ ONLY` transaction on one connection, so windows pushing meanwhile can
 * neither fail the export halfway nor make it partial (their events go to the next export; the
 * watermark says from where). Every record is folded once first: if any stream has a problem (a
 * value with no code in the province's tables, an unreadable history), nothing is written and
 * ExportFailedError lists every distinct problem. Then the records are folded again and handed
 * over batch by batch, reading the database a bounded number of streams at a time. A run with
 * nothing to export hands over one empty batch, which carries the watermark.
 * With `serialisedDatabase` (PGlite: one backend, the server's pool of one connection) no
 * connection is held: every read takes the pool's connection and gives it back, so the server's
 * pushes and pulls go on between the export's reads, and the snapshot is the watermark's `seq`
 * instead (every read says `seq <= watermark`). That cut is consistent because such a database
 * runs one statement (or transaction) at a time, so events commit in `seq` order: whatever is at
 * or below the watermark was committed when it was read, and events are never changed.
 * Throws ExportFailedError, ExportError, the adapter's or the database's error.
 */
export async function runProvincialExport(pool: Pool, options: ExportOptions): Promise<ExportSummary> {
  if (options.serialisedDatabase === true) return exportInSnapshot(pool, options, await readReceivedFrom(pool));
  const client = await pool.connect();
  let broken = false;
  try {
    const receivedFrom = await readReceivedFrom(client);
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    try {
      const summary = await exportInSnapshot(client, options, receivedFrom);
      await client.query('COMMIT');
      return summary;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {
        broken = true;
      });
      throw err;
    }
  } finally {
    // A connection whose ROLLBACK failed is not handed to the next request.
    client.release(broken);
  }
}

async function exportInSnapshot(client: Reader, options: ExportOptions, receivedFrom: string): Promise<ExportSummary> {
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const now = options.now ?? (() => new Date());
  const sinceSeq = options.since === null ? null : (options.sinceSeq ?? null);
  const { rows: top } = await client.query<{ seq: string }>('SELECT coalesce(max(seq), 0)::text AS seq FROM events WHERE hall = $1', [options.hall]);
  const watermark: ExportWatermark = { seq: top[0]!.seq, receivedFrom };
  const problems: ExportError[] = [];
  for await (const chunk of streamsToExport(client, options.hall, options.since, sinceSeq, watermark.seq)) {
    for (const events of chunk) {
      try {
        exportRecordOf(events, options.ctx);
      } catch (err) {
        if (!(err instanceof ExportError)) throw err;
        problems.push(err);
      }
    }
  }
  if (problems.length > 0) throw new ExportFailedError(problems);

  const started = now();
  const prefix = `${options.hall}-${options.province}-${compactInstant(started)}`;
  const summary: ExportSummary = {
    hall: options.hall,
    province: options.province,
    since: options.since,
    sinceSeq,
    adapter: options.adapter.name,
    watermark,
    cases: 0,
    ratings: 0,
    batches: [],
  };
  let pending: ExportRecord[] = [];
  const flush = async (evenEmpty: boolean) => {
    if (pending.length === 0 && !evenEmpty) return;
    const id = `${prefix}-${String(summary.batches.length + 1).padStart(4, '0')}`;
    const receipt = await options.adapter.writeBatch({ id, province: options.province, hall: options.hall, createdAt: now().toISOString(), watermark, records: pending });
    summary.batches.push(receipt);
    pending = [];
  };
  for await (const chunk of streamsToExport(client, options.hall, options.since, sinceSeq, watermark.seq)) {
    for (const events of chunk) {
      const record = exportRecordOf(events, options.ctx);
      if (record === null) continue;
      if (record.recordType === 'case') summary.cases++;
      else summary.ratings++;
      pending.push(record);
      if (pending.length >= batchSize) await flush(false);
    }
  }
  await flush(summary.batches.length === 0);
  return summary;
}
