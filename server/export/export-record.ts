import { z } from 'zod';
import { CaseElementsRecordSchema } from './case-record';
import { RatingRecordSchema } from './rating-record';

/** One line of an export batch: a case's GB/T 39046 elements or a 好差评 record, by `recordType`. */
export const ExportRecordSchema = z.discriminatedUnion('recordType', [CaseElementsRecordSchema, RatingRecordSchema]);
export type ExportRecord = z.infer<typeof ExportRecordSchema>;

/** The record's own id: the case's or the rating's stream id (a re-export of it replaces the earlier one). */
export function exportRecordId(record: ExportRecord): string {
  return record.recordType === 'case' ? record.caseId : record.ratingId;
}
