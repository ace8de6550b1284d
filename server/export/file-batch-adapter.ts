import { createHash } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { IsoInstant } from '../../electron/contract/common';
import { ExportWatermarkSchema, type BatchReceipt, type ExportBatch, type ProvincialExportAdapter } from './adapter';
import { ExportRecordSchema } from './export-record';

/**
 * The manifest written beside each batch (`<batch>.manifest.json`), last: a platform takes a
 * batch only once its manifest exists, and checks the data file's line count and SHA-256 (hex,
 * over the file's bytes) against it. `watermark` (adapter.ts) is where the next incremental export
 * starts (`--since-manifest`); absent from manifests written before it existed. A run that found
 * nothing to export writes one empty batch (0 lines), so that its watermark is kept too.
 */
export const BatchManifestSchema = z.strictObject({
  format: z.literal(1),
  batch: z.string().min(1),
  province: z.string().min(1),
  hall: z.string().min(1),
  createdAt: IsoInstant,
  file: z.string().min(1),
  lines: z.number().int().min(0),
  bytes: z.number().int().min(0),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  counts: z.strictObject({ case: z.number().int().min(0), rating: z.number().int().min(0) }),
  watermark: ExportWatermarkSchema.optional(),
});
export type BatchManifest = z.infer<typeof BatchManifestSchema>;

/** Batch ids name files: keep them to safe characters. */
const SafeName = /^[A-Za-z0-9._-]{1,120}$/;

/** Writes `bytes` to `path` through a temporary name and a rename, flushed, so no reader sees half a file. */
async function writeAtomically(dir: string, name: string, bytes: Buffer): Promise<void> {
  const temp = join(dir, `.${name}.tmp`);
  const handle = await open(temp, 'w');
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temp, join(dir, name));
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
  // The rename itself is made durable by syncing the folder (where the platform allows it).
  const folder = await open(dir, 'r').catch(() => null);
  if (folder) {
    await folder.sync().catch(() => undefined);
    await folder.close();
  }
}

/**
 * The file-batch adapter: each batch becomes `<out>/<batch>.jsonl` (one record per line, UTF-8,
 * each checked against its schema first) and then `<out>/<batch>.manifest.json` (line count,
 * bytes, SHA-256). Both are written to a temporary name and renamed. A record that fails its
 * schema rejects the whole batch before anything is written (a bug, not a platform refusal).
 */
export function fileBatchAdapter(outDir: string): ProvincialExportAdapter {
  return {
    name: 'file-batch',
    async writeBatch(batch: ExportBatch): Promise<BatchReceipt> {
      if (!SafeName.test(batch.id)) throw new Error(`批次编号“${batch.id}”不能用作文件名`);
      const lines = batch.records.map((record) => `${JSON.stringify(ExportRecordSchema.parse(record))}\n`);
      const bytes = Buffer.from(lines.join(''), 'utf8');
      const file = `${batch.id}.jsonl`;
      const manifest: BatchManifest = {
        format: 1,
        batch: batch.id,
        province: batch.province,
        hall: batch.hall,
        createdAt: batch.createdAt,
        file,
        lines: lines.length,
        bytes: bytes.length,
        sha256: createHash('sha256').update(bytes).digest('hex'),
        counts: {
          case: batch.records.filter((r) => r.recordType === 'case').length,
          rating: batch.records.filter((r) => r.recordType === 'rating').length,
        },
        watermark: batch.watermark,
      };
      await mkdir(outDir, { recursive: true });
      await writeAtomically(outDir, file, bytes);
      await writeAtomically(outDir, `${batch.id}.manifest.json`, Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8'));
      return { batchId: batch.id, taken: lines.length, rejected: [], location: join(outDir, file) };
    },
  };
}
