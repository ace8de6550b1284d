import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYNC_PATHS, type SyncEvent } from '../../../electron/contract/sync';
import type { BatchReceipt, ExportBatch, ProvincialExportAdapter } from '../../../server/export/adapter';
import { runProvincialExport } from '../../../server/export/run-export';
import { ACCEPTED, caseStream, nationalContext, received } from '../../unit/server/export/export-fixtures';
import { enrolledToken, post, startLiveApp, type LiveApp } from './server-fixtures';

// review-24 item 7: on PGlite the server has one database connection, and an export run by the
// running server (`npm run server -- export` on its folder) must not hold it for the whole run:
// windows push meanwhile. The export's snapshot is then the watermark's seq. Over the server's
// own app and PGlite (a pool of one connection, as main.ts opens it), with an adapter that holds
// the export half-way until the test lets it go.

let live: LiveApp;
let token: string;

beforeAll(async () => {
  live = await startLiveApp('pglite', null);
  token = await enrolledToken(live, 'JQ', 12);
}, 180_000);

afterAll(async () => {
  await live?.close();
});

function acceptedCase(caseNumber: string): SyncEvent[] {
  const c = caseStream('2026-11-25T01:00:00.000Z');
  c.event('case.received', received({ caseNumber }));
  c.event('case.accepted', ACCEPTED);
  return c.events;
}

async function push(events: SyncEvent[]): Promise<void> {
  const answer = await post(`${live.url}${SYNC_PATHS.push}`, { events }, token);
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
}

/** An adapter keeping every batch, whose first batch waits for `release()`; `entered` resolves when it starts waiting. */
function heldAdapter() {
  const batches: ExportBatch[] = [];
  let release = () => undefined as void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let entered = () => undefined as void;
  const inside = new Promise<void>((resolve) => (entered = resolve));
  const adapter: ProvincialExportAdapter = {
    name: 'held',
    async writeBatch(batch): Promise<BatchReceipt> {
      if (batches.length === 0) {
        entered();
        await gate;
      }
      batches.push(batch);
      return { batchId: batch.id, taken: batch.records.length, rejected: [], location: 'memory' };
    },
  };
  return { adapter, batches, inside, release };
}

const caseNumbers = (batches: ExportBatch[]) => batches.flatMap((b) => b.records.map((r) => (r.recordType === 'case' ? r.caseNumber : '')));

describe('an export through the running PGlite server', () => {
  it('leaves the connection free between reads: pushes are answered while the export is half-way, and are not in it', async () => {
    await push(acceptedCase('JQ-12-20261125-0001'));
    await push(acceptedCase('JQ-12-20261125-0002'));
    const held = heldAdapter();
    const running = runProvincialExport(live.db.pool, { hall: 'JQ', province: 'national', since: null, ctx: nationalContext(), adapter: held.adapter, batchSize: 1, serialisedDatabase: true });
    running.catch(() => undefined);
    await held.inside;

    // Half-way (the first batch being written, the second not yet read): a window's push is
    // answered at once. Holding the connection, the export would make it wait and answer 503.
    await push(acceptedCase('JQ-12-20261125-0003'));
    expect((await fetch(`${live.url}${SYNC_PATHS.health}`)).status).toBe(200);

    held.release();
    const summary = await running;
    // The export is the hall as it stood at its watermark: the push made meanwhile goes to the next one.
    expect(summary.cases).toBe(2);
    expect(caseNumbers(held.batches)).toEqual(['JQ-12-20261125-0001', 'JQ-12-20261125-0002']);

    const next = heldAdapter();
    next.release();
    const after = await runProvincialExport(live.db.pool, {
      hall: 'JQ',
      province: 'national',
      since: summary.watermark.receivedFrom,
      sinceSeq: summary.watermark.seq,
      ctx: nationalContext(),
      adapter: next.adapter,
      serialisedDatabase: true,
    });
    expect(caseNumbers(next.batches)).toContain('JQ-12-20261125-0003');
    expect(after.cases).toBeGreaterThanOrEqual(1);
  }, 120_000);
});
