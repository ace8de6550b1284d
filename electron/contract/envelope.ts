import { z } from 'zod';
import { CounterErrorSchema, type CounterErrorPayload } from './errors';

/**
 * What every call returns over every transport. Failures are values, not exceptions, because
 * neither Electron IPC nor JSON over HTTP preserves an exception's fields.
 */
export type Envelope<T = unknown> = { ok: true; value: T } | { ok: false; error: CounterErrorPayload };

export const EnvelopeSchema = z.union([
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: CounterErrorSchema }),
]);
