import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { caseElementsFromEvents } from '../../../../server/export/case-record';
import { ExportRecordSchema, type ExportRecord } from '../../../../server/export/export-record';
import { BatchManifestSchema, fileBatchAdapter } from '../../../../server/export/file-batch-adapter';
import { ratingRecordFromEvents } from '../../../../server/export/rating-record';
import { makeTempDir } from '../../../support/temp-dirs';
import { ACCEPTED, APPLICANT_ID, caseStream, nationalContext, ratingReceived, ratingStream, received } from './export-fixtures';

const ctx = nationalContext();

function records(): ExportRecord[] {
  const c = caseStream();
  c.event(
    'case.received',
    received({ applicant: { kind: 'person', name: '艾力·买买提', idType: 'resident_id_card', idNumber: APPLICANT_ID, mobile: '13912345678', address: '' } }),
  );
  c.event('case.accepted', ACCEPTED);
  const r = ratingStream();
  r.event('rating.received', ratingReceived('satisfied', c.id), { staff: null });
  return [caseElementsFromEvents(c.events, ctx), ratingRecordFromEvents(r.events, ctx)];
}

/** Where the next incremental export starts (run-export.ts writes the run's into every manifest). */
const watermark = { seq: '4711', receivedFrom: '2026-11-30T11:59:00.000Z' };

describe('the file-batch adapter', () => {
  it('writes one JSON-lines file per batch and, last, a manifest with its line count and SHA-256', async () => {
    const out = join(makeTempDir('export-out'), 'batches');
    const adapter = fileBatchAdapter(out);
    const batch = { id: 'JQ-national-20261130T120000Z-0001', province: 'national', hall: 'JQ', createdAt: '2026-11-30T12:00:00.000Z', watermark, records: records() };

    const receipt = await adapter.writeBatch(batch);

    expect(receipt).toEqual({ batchId: batch.id, taken: 2, rejected: [], location: join(out, `${batch.id}.jsonl`) });
    // Nothing half-written is left behind under a temporary name.
    expect(readdirSync(out).sort()).toEqual([`${batch.id}.jsonl`, `${batch.id}.manifest.json`]);
    const bytes = readFileSync(join(out, `${batch.id}.jsonl`));
    const lines = bytes.toString('utf8').split('\n');
    expect(lines.at(-1)).toBe('');
    const parsed = lines.slice(0, -1).map((line) => ExportRecordSchema.parse(JSON.parse(line)));
    expect(parsed).toEqual(batch.records);
    expect(bytes.toString('utf8')).toContain('艾力·买买提');

    const manifest = BatchManifestSchema.parse(JSON.parse(readFileSync(join(out, `${batch.id}.manifest.json`), 'utf8')));
    expect(manifest).toEqual({
      format: 1,
      batch: batch.id,
      province: 'national',
      hall: 'JQ',
      createdAt: batch.createdAt,
      file: `${batch.id}.jsonl`,
      lines: 2,
      bytes: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      counts: { case: 1, rating: 1 },
      watermark,
    });
  });

  it('refuses a record that fails its schema, and a batch id that is no file name, writing nothing', async () => {
    const out = makeTempDir('export-out');
    const adapter = fileBatchAdapter(out);
    const [good] = records();
    const broken = { ...good, channel: { code: '', name: '窗口' } } as ExportRecord;
    await expect(adapter.writeBatch({ id: 'b1', province: 'national', hall: 'JQ', createdAt: '2026-11-30T12:00:00.000Z', watermark, records: [good!, broken] })).rejects.toThrow();
    await expect(adapter.writeBatch({ id: '../b2', province: 'national', hall: 'JQ', createdAt: '2026-11-30T12:00:00.000Z', watermark, records: [good!] })).rejects.toThrow(/不能用作文件名/);
    expect(readdirSync(out)).toEqual([]);
  });
});
