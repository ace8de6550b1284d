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
 * A C0 control character other than TAB, LF and CR (U+0000–U+001F). None belongs in what a
 * person typed; they come from a card reader padding its fields with NUL, or from pasted text,
 * and the upstream's PostgreSQL `jsonb` refuses U+0000 outright (sync would stall on it).
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point.
export const CONTROL_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/;

/** What a form says for such text. */
export const CONTROL_CHARACTER_MESSAGE = '含有不可见的控制字符（如读卡器补位的空字符），请删除后重新输入';

/**
 * Free text of at most `max` characters as a person counts them: by code point, so a name or
 * address with characters beyond the BMP (𠮷) gets the same room as any other (zod's own
 * `.max` counts UTF-16 units, two for such a character). Trimmed; empty allowed; a C0 control
 * character other than TAB, LF and CR is refused (CONTROL_CHARACTER).
 */
export function boundedText(max: number, tooLong = `不超过 ${max} 字`, missing?: string) {
  return z
    .string(missing ? { error: missing } : undefined)
    .trim()
    .refine((v) => [...v].length <= max, { error: tooLong })
    .refine((v) => !CONTROL_CHARACTER.test(v), { error: CONTROL_CHARACTER_MESSAGE });
}

/** Like boundedText, but required: missing or empty (after trimming) gets `empty`. */
export function requiredText(max: number, empty: string) {
  return boundedText(max, `不超过 ${max} 字`, empty).refine((v) => v.length > 0, { error: empty });
}

/** Whether `value` names an IANA time zone this runtime knows (e.g. Asia/Shanghai). Never throws. */
export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}
