import { z } from 'zod';
import { IsoInstant } from '../../electron/contract/common';
import type { ExportRecord } from './export-record';

/**
 * Where the next incremental export starts (`--since-manifest`), read in the export's own
 * snapshot and written into every batch's manifest:
 * - `seq`: the highest server sequence among the hall's events the export saw (decimal text:
 *   a bigint);
 * - `receivedFrom`: the start (server clock, ISO 8601 UTC) of the oldest transaction that may
 *   have been in flight when the snapshot was taken, less a margin. An event's `received_at` is
 *   its push transaction's start time, so any event the export did not see has `received_at` at
 *   or after this instant, whenever it committed.
 * The next export takes every stream with an event after `seq` or received at or after
 * `receivedFrom`; a stream exported twice is harmless (a record is the stream's whole state).
 */
export const ExportWatermarkSchema = z.strictObject({ seq: z.string().regex(/^\d{1,19}$/), receivedFrom: IsoInstant });
export type ExportWatermark = z.infer<typeof ExportWatermarkSchema>;

/**
 * A batch handed to a province: records of one hall, in the server's order. `id` is unique per
 * export run and batch (it names the file, or is the live API's idempotency key), so a batch
 * sent twice can be recognised by the platform.
 */
export interface ExportBatch {
  id: string;
  province: string;
  hall: string;
  /** When the batch was made, ISO 8601 UTC. */
  createdAt: string;
  /** The run's watermark (the same in every batch of a run), for the next `--since-manifest`. */
  watermark: ExportWatermark;
  /** Empty only when the run found nothing to export: the batch then only carries the watermark. */
  records: readonly ExportRecord[];
}

/** What the target took of a batch: `taken` records, and those it refused with its reason. */
export interface BatchReceipt {
  batchId: string;
  taken: number;
  rejected: ReadonlyArray<{ recordId: string; reason: string }>;
  /** Where it went: the file written, or the API's batch reference. */
  location: string;
}

/**
 * How an export reaches a provincial platform: the file-batch adapter (file-batch-adapter.ts)
 * writes batches a platform collects; a province's live API adapter implements the same call.
 * `writeBatch` resolves only once the batch is durably handed over (file renamed into place, or
 * the API's acknowledgement), and rejects (nothing counted as taken) otherwise.
 */
export interface ProvincialExportAdapter {
  /** For the operator's summary, e.g. `file-batch`. */
  readonly name: string;
  writeBatch(batch: ExportBatch): Promise<BatchReceipt>;
}
