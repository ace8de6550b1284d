import type { z } from 'zod';
import type { SyncEvent } from '../../electron/contract/sync';

/**
 * Why an export could not be made, in words for the operator who ran it:
 * - `missing_mapping`: a stored value has no code in the target's table (`details.table`,
 *   `details.value`); the export never falls back to a default code;
 * - `bad_code_table`: a code-table or target file is unreadable or fails its schema;
 * - `unknown_province`: no code-table folder for the province asked for;
 * - `bad_profile`: the hall profile (acceptance unit, credit code) is missing or invalid;
 * - `bad_events`: a stream's stored events cannot be read as a case or a rating (the event named);
 * - `bad_manifest`: `--since-manifest`'s file is unreadable, another hall's, or has no watermark.
 */
export type ExportErrorCode = 'missing_mapping' | 'bad_code_table' | 'unknown_province' | 'bad_profile' | 'bad_events' | 'bad_manifest';

export class ExportError extends Error {
  readonly code: ExportErrorCode;
  readonly details: Readonly<Record<string, string>>;

  constructor(code: ExportErrorCode, message: string, details: Record<string, string> = {}) {
    super(message);
    this.name = 'ExportError';
    this.code = code;
    this.details = details;
  }
}

/**
 * Several records' problems at once, so an operator fixes every missing mapping in one go
 * rather than one per run. `problems` keeps each distinct message once, in the order met.
 */
export class ExportFailedError extends Error {
  readonly problems: readonly ExportError[];

  constructor(problems: readonly ExportError[]) {
    const distinct = [...new Map(problems.map((p) => [p.message, p])).values()];
    super(`导出未完成（未写出任何批次）：\n${distinct.map((p) => `  - ${p.message}`).join('\n')}`);
    this.name = 'ExportFailedError';
    this.problems = distinct;
  }
}

/**
 * An event's payload read with its schema, for the case and rating folds: `what` names the stream
 * in the message (办件 / 评价).
 * @throws ExportError `bad_events` naming the stream, the event and the first problem.
 */
export function readPayload<T>(schema: z.ZodType<T>, event: SyncEvent, what: '办件' | '评价'): T {
  const parsed = schema.safeParse(event.payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ExportError(
      'bad_events',
      `${what} ${event.stream.id} 的事件 ${event.id}（${event.type}）内容无法读取：${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim(),
      { event: event.id },
    );
  }
  return parsed.data;
}
