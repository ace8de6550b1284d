import type { ExportRecord } from './export-record';

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
