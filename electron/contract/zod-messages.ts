import { z } from 'zod';

/**
 * What zod says when a schema gives no message of its own (a call whose shape is wrong: a key the
 * method does not know, a number where text belongs, text past a limit), in Chinese: such a
 * message reaches the clerk's screen and the browser shell's API callers, and zod's default is
 * English. The field rules the clerk meets every day carry their own words in their schemas;
 * this is the floor under them. zod's own zh-CN locale answers every case this map leaves alone.
 *
 * zod's configuration is global to the process (and to the page), so it is set here, by the
 * module every method table import goes through (methods.ts), before any schema is used.
 */
function structureMessage(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case 'unrecognized_keys':
      return `不认识的字段：${issue.keys.join('、')}`;
    case 'invalid_type':
      if (issue.input === undefined) return '缺少必填项';
      return '类型不正确';
    case 'invalid_value':
    case 'invalid_union':
      return '不是可选的值';
    case 'too_big':
      if (issue.origin === 'string') return `不超过 ${String(issue.maximum)} 个字符`;
      if (issue.origin === 'array' || issue.origin === 'set') return `最多 ${String(issue.maximum)} 项`;
      return `不大于 ${String(issue.maximum)}`;
    case 'too_small':
      if (issue.origin === 'string') return Number(issue.minimum) <= 1 ? '不能为空' : `至少 ${String(issue.minimum)} 个字符`;
      if (issue.origin === 'array' || issue.origin === 'set') return `至少 ${String(issue.minimum)} 项`;
      return `不小于 ${String(issue.minimum)}`;
    default:
      return undefined;
  }
}

z.config(z.locales.zhCN());
z.config({ customError: structureMessage });

/** Whether this module's settings are in force (imported for its effect; the tests ask it). */
export const ZOD_MESSAGES_IN_CHINESE = true;
