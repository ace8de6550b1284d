import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncEvent } from '../../../electron/contract/sync';
import { openDatabase, type ServerDatabase } from '../../../server/db/database';
import { storeBatch } from '../../../server/events/store-batch';
import type { ExportBatch, ProvincialExportAdapter } from '../../../server/export/adapter';
import { parseExportCommand, runExportCommand } from '../../../server/export/export-command';
import { ExportRecordSchema, type ExportRecord } from '../../../server/export/export-record';
import { BatchManifestSchema, fileBatchAdapter } from '../../../server/export/file-batch-adapter';
import { runProvincialExport } from '../../../server/export/run-export';
import { silentLog } from '../../../server/log';
import { startPostgres, type TestPostgres } from '../../support/postgres';
import { makeTempDir } from '../../support/temp-dirs';
import { ACCEPTED, HALL_CREDIT_CODE, caseStream, nationalContext, received, uuid } from '../../unit/server/export/export-fixtures';

// The provincial export on a real PostgreSQL with windows pushing meanwhile (review-16 finding 8):
// one snapshot for the whole run, and an incremental export that does not lose a push whose
// transaction started before the previous export and committed after it.

let cluster: TestPostgres;
let db: ServerDatabase;
let databaseUrl: string;
const dir = makeTempDir('export-snapshot');
const profilePath = join(dir, 'JQ.json');
const JQ_12 = { hall: 'JQ', window: 12 };

/** A case received and accepted at JQ window 12; `caseNumber` tells the records apart. */
function acceptedCase(caseNumber: string) {
  const c = caseStream('2026-11-23T01:00:00.000Z');
  c.event('case.received', received({ caseNumber }));
  c.event('case.accepted', ACCEPTED);
  return c;
}

function caseNumbersIn(out: string): string[] {
  return manifestsIn(out).flatMap((m) =>
    readFileSync(join(out, m.file), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => ExportRecordSchema.parse(JSON.parse(line)))
      .map((r) => (r.recordType === 'case' ? r.caseNumber : '')),
  );
}

function manifestsIn(out: string) {
  return readdirSync(out)
    .filter((f) => f.endsWith('.manifest.json'))
    .sort()
    .map((f) => BatchManifestSchema.parse(JSON.parse(readFileSync(join(out, f), 'utf8'))));
}

beforeAll(async () => {
  cluster = await startPostgres();
  databaseUrl = await cluster.createDatabase('export_snapshot');
  db = await openDatabase({ databaseUrl, log: silentLog });
  writeFileSync(profilePath, JSON.stringify({ format: 1, hall: 'JQ', unitName: '杭州市西湖区行政服务中心', creditCode: HALL_CREDIT_CODE }));
}, 120_000);

afterAll(async () => {
  await db?.close();
  await cluster?.stop();
});

describe('the provincial export while windows push', () => {
  it('an incremental export from the previous manifest carries a push that started before that export and committed after it', async () => {
    await storeBatch(db.pool, JQ_12, { events: acceptedCase('JQ-12-20261123-0001').events });

    // A window's push transaction starts (and draws its sequence numbers), and is slow to commit…
    const late = acceptedCase('JQ-12-20261123-0002');
    const slow = new pg.Client({ connectionString: databaseUrl });
    await slow.connect();
    try {
      await slow.query('BEGIN');
      await slow.query(
        `INSERT INTO events (hall, id, window_number, stream_type, stream_id, stream_version, type, occurred_at, staff, payload)
         SELECT 'JQ', r.id, 12, r.stream_type, r.stream_id, r.stream_version, r.type, r.occurred_at, r.staff, r.payload
           FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, stream_type text, stream_id uuid, stream_version integer,
                                                   type text, occurred_at timestamptz, staff uuid, payload jsonb)`,
        [JSON.stringify(late.events.map((e) => ({ id: e.id, stream_type: e.stream.type, stream_id: e.stream.id, stream_version: e.version, type: e.type, occurred_at: e.occurredAt, staff: e.staff, payload: e.payload })))],
      );
      const lateSeq = (await slow.query<{ seq: string }>('SELECT max(seq)::text AS seq FROM events WHERE stream_id = $1', [late.id])).rows[0]!.seq;
      // …while another window's push starts after it and commits at once (a higher sequence number).
      await storeBatch(db.pool, { hall: 'JQ', window: 13 }, { events: acceptedCase('JQ-13-20261123-0001').events.map((e) => ({ ...e, window: 13 })) });

      const exportA = join(dir, 'a');
      const startedA = new Date().toISOString();
      const a = await runExportCommand(db.pool, parseExportCommand({ hall: 'JQ', province: 'national', out: exportA, profile: profilePath }));
      expect(caseNumbersIn(exportA).sort()).toEqual(['JQ-12-20261123-0001', 'JQ-13-20261123-0001']);
      // The slow push's events lie below the watermark's sequence: a sequence alone would lose them.
      expect(BigInt(lateSeq)).toBeLessThan(BigInt(a.watermark.seq));
      expect(manifestsIn(exportA).every((m) => m.watermark?.seq === a.watermark.seq && m.watermark.receivedFrom === a.watermark.receivedFrom)).toBe(true);

      await slow.query('COMMIT');

      // `--since` with the time export A ran misses the case: its received_at is its transaction's start.
      const bySince = join(dir, 'b-since');
      await runExportCommand(db.pool, parseExportCommand({ hall: 'JQ', province: 'national', out: bySince, since: startedA, profile: profilePath }));
      expect(caseNumbersIn(bySince)).not.toContain('JQ-12-20261123-0002');

      // `--since-manifest` with any of A's manifests carries it (and may carry A's cases again: harmless).
      const exportB = join(dir, 'b');
      const manifestA = join(exportA, readdirSync(exportA).find((f) => f.endsWith('.manifest.json'))!);
      const b = await runExportCommand(db.pool, parseExportCommand({ hall: 'JQ', province: 'national', out: exportB, 'since-manifest': manifestA, profile: profilePath }));
      expect(caseNumbersIn(exportB)).toContain('JQ-12-20261123-0002');
      expect(b).toMatchObject({ since: a.watermark.receivedFrom, sinceSeq: a.watermark.seq });
    } finally {
      await slow.end();
    }
  }, 60_000);

  it('a push committed while the batches are being written neither fails the export halfway nor changes what it writes', async () => {
    // More streams than one read takes (500), so the second read happens after the first batch is written.
    const cases = Array.from({ length: 520 }, (_, i) => acceptedCase(`JQ-12-20261124-${String(i + 1).padStart(4, '0')}`));
    for (let i = 0; i < cases.length; i += 100) await storeBatch(db.pool, JQ_12, { events: cases.slice(i, i + 100).flatMap((c) => c.events) });
    const lastCase = cases.at(-1)!;
    // An event the export cannot read (a type it does not know), on a stream the second read takes.
    const unreadable: SyncEvent = { ...lastCase.events[1]!, id: uuid(), version: 3, type: 'case.somethingNew', payload: {} };

    const written: ExportRecord[] = [];
    const files = fileBatchAdapter(join(dir, 'meanwhile'));
    const adapter: ProvincialExportAdapter = {
      name: 'file-batch',
      async writeBatch(batch: ExportBatch) {
        if (written.length === 0) await storeBatch(db.pool, JQ_12, { events: [unreadable] });
        written.push(...batch.records);
        return files.writeBatch(batch);
      },
    };
    const summary = await runProvincialExport(db.pool, { hall: 'JQ', province: 'national', since: null, ctx: nationalContext(), adapter, batchSize: 100 });

    expect(summary.cases).toBeGreaterThanOrEqual(520);
    const last = written.find((r) => r.recordType === 'case' && r.caseNumber === 'JQ-12-20261124-0520');
    expect(last).toMatchObject({ recordType: 'case', status: 'accepted' });
    // The pushed event is stored, for the next export to meet.
    expect((await db.pool.query('SELECT 1 FROM events WHERE hall = $1 AND id = $2', ['JQ', unreadable.id])).rowCount).toBe(1);
  }, 120_000);
});
