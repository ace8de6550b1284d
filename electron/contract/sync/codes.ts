import { z } from 'zod';

// The codes that name a hall, a window and an item, wherever they are written: on the sync wire,
// in a window's config file (contract/config.ts) and in the catalog files
// (core/catalog/catalog-file-schema.ts). Each rule is here once; those files import it.

/**
 * A hall's code: 1–8 capital letters or digits, the start of every case number. The message is
 * the config file's (read by IT staff setting up a window), and serves the wire as well.
 */
export const HallCodeSchema = z.string({ error: '请填写大厅代码（1–8 位大写字母或数字）' }).min(1, { error: '请填写大厅代码（1–8 位大写字母或数字）' }).regex(/^[A-Z0-9]{1,8}$/, { error: '大厅代码应为 1–8 位大写字母或数字（用于办件编号）' });

/** A window's number in its hall, 1–999 (the second part of a case number). */
export const WindowNumberSchema = z
  .number({ error: '请填写窗口号（1–999 的整数）' })
  .int({ error: '窗口号应为 1–999 的整数' })
  .min(1, { error: '窗口号应为 1–999 的整数' })
  .max(999, { error: '窗口号应为 1–999 的整数' });

/**
 * An item code (事项编码). Codes vary by province (31–33 characters is common); they are stored
 * as given and never parsed, so only the character set and a sane length are checked.
 */
export const ItemCodeSchema = z.string().regex(/^[0-9A-Za-z-]{10,40}$/, 'must be 10–40 characters of 0-9, A-Z, a-z or -');
