import { z } from 'zod';
import { EnvelopeSchema } from './envelope-schema';

/**
 * Messages between the Electron main process and the core's utility process. The main process
 * only relays; it validates these shapes because a crashed or confused child must not be able
 * to make it throw.
 */
export const ToCoreMessageSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('invoke'), id: z.number().int(), method: z.string(), args: z.unknown() }),
  z.object({ kind: z.literal('shutdown') }),
]);
export type ToCoreMessage = z.infer<typeof ToCoreMessageSchema>;

export const FromCoreMessageSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('ready') }),
  z.object({ kind: z.literal('result'), id: z.number().int(), envelope: EnvelopeSchema }),
  z.object({ kind: z.literal('event'), name: z.string(), payload: z.unknown() }),
  z.object({ kind: z.literal('fatal'), message: z.string() }),
  z.object({ kind: z.literal('closed') }),
]);
export type FromCoreMessage = z.infer<typeof FromCoreMessageSchema>;
