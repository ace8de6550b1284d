import { z } from 'zod';

/** A calendar date in the hall's time zone, `YYYY-MM-DD`. */
export const IsoDate = z.iso.date({ error: '日期格式应为 YYYY-MM-DD' });
/** An instant, ISO 8601 in UTC with milliseconds, e.g. `2026-11-23T01:02:03.456Z`. */
export const IsoInstant = z.iso.datetime({ error: '时间格式不正确' });
/**
 * A UUID (RFC 9562), in lower case whatever case it was sent in: a UUID's hex digits mean the
 * same in either case (RFC 9562 §4), so `ABC…` and `abc…` must find the same case or the same
 * earlier request. Every id the core makes is lower case already (uuid v7).
 */
export const Uuid = z.uuid({ error: '标识格式不正确' }).toLowerCase();

export const NoArgs = z.object({}).strict();

/**
 * Free text of at most `max` characters as a person counts them: by code point, so a name or
 * address with characters beyond the BMP (𠮷) gets the same room as any other (zod's own
 * `.max` counts UTF-16 units, two for such a character). Trimmed; empty allowed.
 */
export function boundedText(max: number, tooLong = `不超过 ${max} 字`, missing?: string) {
  return z
    .string(missing ? { error: missing } : undefined)
    .trim()
    .refine((v) => [...v].length <= max, { error: tooLong });
}

/** Like boundedText, but required: missing or empty (after trimming) gets `empty`. */
export function requiredText(max: number, empty: string) {
  return boundedText(max, `不超过 ${max} 字`, empty).refine((v) => v.length > 0, { error: empty });
}
