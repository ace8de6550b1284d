import { z } from 'zod';
import { CounterErrorSchema } from './errors';

/** An envelope (envelope.ts) as it arrives from another process or over HTTP, checked. */
export const EnvelopeSchema = z.union([
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: CounterErrorSchema }),
]);
