import { z } from 'zod';
import { HallCodeSchema, WindowNumberSchema } from './sync/codes';
import { checkUnifiedSocialCreditCode } from './validation';

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

const SerialEndpointSchema = z
  .object({
    type: z.literal('serial'),
    path: z.string().min(1, { error: '请填写串口，例如 COM3 或 /dev/ttyUSB0' }),
    baudRate: z.union([z.literal(9600), z.literal(19200), z.literal(38400), z.literal(115200)]).default(9600),
  })
  .strict();

/**
 * A network printer's address: an IPv4 address whose four numbers are each 0–255, an IPv6
 * address, or a host name (RFC 1123 labels). A dotted string of digits is read as an IPv4 address
 * and so must be one: `192.168.10.300` would otherwise pass as a "host name" and never resolve.
 */
function isPrinterHost(value: string): boolean {
  if (/^[0-9.]+$/.test(value)) return z.ipv4().safeParse(value).success;
  if (value.includes(':')) return z.ipv6().safeParse(value).success;
  return /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/.test(value);
}

const TcpEndpointSchema = z
  .object({
    type: z.literal('tcp'),
    host: z
      .string({ error: '请填写打印机地址' })
      .trim()
      .min(1, { error: '请填写打印机地址' })
      .refine(isPrinterHost, { error: '打印机地址应为 IP 地址（如 192.168.1.50）或主机名' }),
    port: z
      .number({ error: '请填写端口（1–65535，通常为 9100）' })
      .int({ error: '端口应为 1–65535 的整数（通常为 9100）' })
      .min(1, { error: '端口应为 1–65535 的整数（通常为 9100）' })
      .max(65535, { error: '端口应为 1–65535 的整数（通常为 9100）' })
      .default(9100),
  })
  .strict();

const DeviceFileEndpointSchema = z
  .object({
    type: z.literal('file'),
    path: z.string().min(1, { error: '请填写设备文件路径，例如 /dev/usb/lp0' }),
  })
  .strict();

const PaperWidth = { paperWidthMm: z.union([z.literal(58), z.literal(80)], { error: '纸宽应为 58 或 80（毫米）' }).default(80) };

// Each endpoint extended on its own (still strict): an intersection would quietly drop a
// misspelt field such as "paperWidthMM" and print on the wrong width.
const PrinterSchema = z.discriminatedUnion('type', [
  SerialEndpointSchema.extend(PaperWidth),
  TcpEndpointSchema.extend(PaperWidth),
  DeviceFileEndpointSchema.extend(PaperWidth),
]);

const RatingDeviceSchema = SerialEndpointSchema.extend({
  /** RS-485 multi-drop address; 1 on a point-to-point link. */
  address: z.number().int().min(1).max(255).default(1),
});

/**
 * The window's settings file (`config.json` in the data folder, or `--config FILE`; JSON). Every
 * field is documented in README.md. It lives in the contract because three places apply the same
 * rule with the same words: the core when it starts, the first-run setup screen and the
 * administrator's 设置 page (each message lands beside its field).
 */
export const ConfigSchema = z
  .object({
    hall: z
      .object({
        code: HallCodeSchema,
        name: z.string({ error: '请填写大厅名称' }).trim().min(2, { error: '请填写大厅名称' }).max(60, { error: '大厅名称不超过 60 个字符' }),
        // The validator's own words (which character, the check character …), as at intake.
        creditCode: z
          .string()
          .superRefine((v, ctx) => {
            const checked = checkUnifiedSocialCreditCode(v);
            if (!checked.ok) ctx.addIssue({ code: 'custom', message: checked.message });
          })
          .optional(),
      })
      .strict(),
    window: z
      .object({
        number: WindowNumberSchema,
        name: z.string().trim().max(40).default(''),
        /** Departments served here; empty = all (综合窗口). */
        departments: z.array(z.string().trim().min(1)).default([]),
        /** Item codes served here in addition to the departments'; empty with no departments = all. */
        itemCodes: z.array(z.string().trim().min(1)).default([]),
      })
      .strict(),
    timeZone: z.string().refine(isTimeZone, { error: '不是有效的时区名称，例如 Asia/Shanghai' }).default('Asia/Shanghai'),
    intake: z
      .object({
        /** Default due date offered for a material deferred under 容缺受理, in working days. */
        deferralWorkingDays: z.number().int().min(1).max(60).default(5),
      })
      .strict()
      .default({ deferralWorkingDays: 5 }),
    devices: z
      .object({
        ratingDevice: RatingDeviceSchema.nullable().default(null),
        receiptPrinter: PrinterSchema.nullable().default(null),
        ticketPrinter: PrinterSchema.nullable().default(null),
      })
      .strict()
      .default({ ratingDevice: null, receiptPrinter: null, ticketPrinter: null }),
    sync: z
      .object({
        url: z.url({ protocol: /^https?$/, error: '同步地址应为 http(s):// 开头的网址' }),
        enrolmentToken: z.string().min(16, { error: '窗口注册令牌至少 16 个字符' }),
      })
      .strict()
      .nullable()
      .default(null),
  })
  .strict();

export type CounterConfig = z.output<typeof ConfigSchema>;
export type PrinterConfig = NonNullable<CounterConfig['devices']['receiptPrinter']>;
export type RatingDeviceConfig = NonNullable<CounterConfig['devices']['ratingDevice']>;

/** What a settings form sends (defaults not yet applied). */
export type CounterConfigInput = z.input<typeof ConfigSchema>;
