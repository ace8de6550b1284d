import { z } from 'zod';
import { isTimeZone } from './common';
import { HallCodeSchema, WindowNumberSchema } from './sync/codes';
import { normaliseEnrolmentCode } from './sync/enrolment';
import { checkUnifiedSocialCreditCode } from './validation';
import { isBadRating, isSatisfied, RATING_PROTOCOLS, SATISFACTIONS, type Satisfaction } from './ratings';
import { CategoryLetterSchema } from './queue/category';
import { QueueRoleSchema } from './queue/methods-queue';
import { QueueRulesSchema } from './queue/policy';
import { PauseReasonSchema } from './queue/window-actions';


const SerialEndpointSchema = z
  .object({
    type: z.literal('serial'),
    path: z.string().min(1, { error: '请填写串口，例如 COM3 或 /dev/ttyUSB0' }),
    baudRate: z.union([z.literal(9600), z.literal(19200), z.literal(38400), z.literal(115200)]).default(9600),
  })
  .strict();

/**
 * Flow control on a printer's serial line: `none`, `rtscts` (hardware, RTS/CTS wires) or
 * `xonxoff` (software; the printer sends XOFF 0x13 when its buffer fills). A printer wired for
 * RTS/CTS and driven without it loses bytes on long rasters.
 */
export const FLOW_CONTROLS = ['none', 'rtscts', 'xonxoff'] as const;
const SerialPrinterEndpointSchema = SerialEndpointSchema.extend({
  flowControl: z.enum(FLOW_CONTROLS, { error: '流控应为 none、rtscts 或 xonxoff' }).default('none'),
});

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

/**
 * A printer that only has an operating-system driver (Windows): jobs go to its print queue as an
 * 80/58 mm HTML page printed by Electron. No `DLE EOT` status there, and the UI says so.
 */
const SystemQueueEndpointSchema = z
  .object({
    type: z.literal('system'),
    /** The printer's name in the OS (控制面板 → 设备和打印机); empty: the system's default printer. */
    printerName: z.string().trim().max(200).default(''),
  })
  .strict();

/** The printer's character set (its built-in Chinese font): GBK on most hall printers, or GB18030. */
export const PRINTER_ENCODINGS = ['gbk', 'gb18030'] as const;
/** How QR codes are sent: the printer's own `GS ( k` command, or a raster image (printers without it print the command as text). */
export const QR_MODES = ['native', 'raster'] as const;

const PrinterCommon = {
  paperWidthMm: z.union([z.literal(58), z.literal(80)], { error: '纸宽应为 58 或 80（毫米）' }).default(80),
  encoding: z.enum(PRINTER_ENCODINGS, { error: '字符集应为 gbk 或 gb18030' }).default('gbk'),
  qrMode: z.enum(QR_MODES, { error: '二维码方式应为 native 或 raster' }).default('native'),
};

// Each endpoint extended on its own (still strict): an intersection would quietly drop a
// misspelt field such as "paperWidthMM" and print on the wrong width.
const PrinterSchema = z.discriminatedUnion('type', [
  SerialPrinterEndpointSchema.extend(PrinterCommon),
  TcpEndpointSchema.extend(PrinterCommon),
  DeviceFileEndpointSchema.extend(PrinterCommon),
  SystemQueueEndpointSchema.extend(PrinterCommon),
]);

type PrinterEntry = z.output<typeof PrinterSchema>;

/** What the clerk reads when both printers point at one machine. */
export const SAME_PRINTER_WORDS = '排队票打印机与回执打印机不能是同一台打印机';

/**
 * The field of `b` that names the same printer as `a`, or null when they are different
 * printers (as far as the settings tell): the same serial port (COM names case-insensitively, as
 * Windows reads them), the same host and port, the same device file, the same OS printer name
 * (case-insensitively, as Windows reads them; empty = the system default on both). One printer
 * driven as both would get two drivers writing into one port: receipts and tickets interleaved.
 */
function samePrinterField(a: PrinterEntry, b: PrinterEntry): 'path' | 'host' | 'printerName' | null {
  const comName = (p: string): string => (/^com\d+$/i.test(p.trim()) ? p.trim().toUpperCase() : p.trim());
  if (a.type === 'serial' && b.type === 'serial') return comName(a.path) === comName(b.path) ? 'path' : null;
  if (a.type === 'file' && b.type === 'file') return a.path.trim() === b.path.trim() ? 'path' : null;
  if (a.type === 'tcp' && b.type === 'tcp') return a.host.toLowerCase() === b.host.toLowerCase() && a.port === b.port ? 'host' : null;
  if (a.type === 'system' && b.type === 'system') return a.printerName.toLowerCase() === b.printerName.toLowerCase() ? 'printerName' : null;
  return null;
}

/** The receipt's words on collecting the result, unless the settings say otherwise. */
export const DEFAULT_COLLECTION_NOTE = '办结后凭本回执到本窗口领取，或申请邮寄送达';

/**
 * The longest progress-lookup address, in characters. With the longest case number appended
 * (27: an 8-character hall code, window 999, a 5-digit sequence) the QR payload stays within
 * 180 bytes, a version 9 symbol (ISO/IEC 18004, byte mode, level M: 53 modules), which keeps the
 * receipt's 6-dot modules on 58 mm paper (384 dots: (53 + 8 quiet) × 6 = 366) — a QR any phone
 * reads. Checked against the text layer's sizing by the tests.
 */
export const LOOKUP_URL_MAX_LENGTH = 150;

/** What the window prints and how (issue 14); every field has a default. */
const PrintingSchema = z
  .object({
    /** Accepting a case prints its 受理回执 at once on the receipt printer, when one is configured. */
    autoReceipt: z.boolean().default(true),
    /**
     * The progress-lookup address printed as a QR code on receipts: the case number is appended
     * (`https://…/progress?case=` → `…?case=HX-7-20261130-0001`); null: the QR holds the case
     * number alone. ASCII only (the QR's byte mode; printers' QR commands break on anything else).
     */
    lookupUrl: z
      .url({ protocol: /^https?$/, error: '查询地址应为 http(s):// 开头的网址' })
      .refine((v) => /^[\x21-\x7e]+$/.test(v), { error: '查询地址只能包含英文字母、数字和符号' })
      .refine((v) => v.length <= LOOKUP_URL_MAX_LENGTH, {
        error: `查询地址不超过 ${LOOKUP_URL_MAX_LENGTH} 个字符（回执上的二维码要在 58 毫米纸上扫得出）`,
      })
      .nullable()
      .default(null),
    /** How the applicant collects the result, printed on the receipt and the 受理通知书. */
    collectionNote: z
      .string()
      .trim()
      .max(200, { error: '不超过 200 字' })
      .default(DEFAULT_COLLECTION_NOTE),
    /** The OS printer A4 notices go to in Electron (empty: the system's default printer). */
    a4PrinterName: z.string().trim().max(200).default(''),
  })
  .strict();

/** What a legacy score byte that is not one (empty, 256, 1.5, 05) is told. */
export const LEGACY_SCORE_BYTE_WORDS = '分值应为 0–255 的整数';
/** What an empty legacy score map is told. */
export const LEGACY_SCORE_NONE_WORDS = '至少要有一个分值';
/** What a score map giving two bytes one level is told (the second byte's field). */
export const LEGACY_SCORE_TWICE_WORDS = '两个分值不能对应同一评价等级';
/** What a score map with no 差评 level is told. */
export const LEGACY_SCORE_NO_BAD_WORDS = '至少要有一个差评等级（不满意或非常不满意）';
/** What a score map with no 满意 level is told. */
export const LEGACY_SCORE_NO_GOOD_WORDS = '至少要有一个满意等级（基本满意、满意或非常满意）';
/**
 * The legacy hall bus's score byte → the national level's name (protocols/legacy-hall-bus.md:
 * vendors number their evaluators differently, e.g. 0–4 for 差 … 很好). Keys are the byte in
 * decimal (`"0"` … `"255"`). Default: 1–5 as the national scale (5 非常满意).
 */
export const LegacyScoreMapSchema = z
  .record(z.string(), z.enum(SATISFACTIONS, { error: '应为 very_satisfied … very_dissatisfied 之一' }))
  // Keys checked here rather than by a key schema: zod reports a bad record key only as "invalid
  // key", without the key schema's words. Plain decimal only (no leading zeros): "5" and "05"
  // would be two keys for one byte, and the driver reads each by its number.
  // One-to-one, with a 差评 and a 满意 level (review of issue 15 #3): the map is a live setting,
  // and a map sending every byte to 非常满意 would turn every citizen's coin into praise at once.
  .superRefine((m, ctx) => {
    const keys = Object.keys(m);
    if (keys.length === 0) {
      ctx.addIssue({ code: 'custom', message: LEGACY_SCORE_NONE_WORDS });
      return;
    }
    const seen = new Set<Satisfaction>();
    for (const key of keys) {
      if (!/^(0|[1-9]\d{0,2})$/.test(key) || Number(key) > 255) ctx.addIssue({ code: 'custom', path: [key], message: LEGACY_SCORE_BYTE_WORDS });
      const level = m[key];
      if (level === undefined) continue;
      if (seen.has(level)) ctx.addIssue({ code: 'custom', path: [key], message: LEGACY_SCORE_TWICE_WORDS });
      seen.add(level);
    }
    const levels = [...seen];
    if (!levels.some(isBadRating)) ctx.addIssue({ code: 'custom', message: LEGACY_SCORE_NO_BAD_WORDS });
    if (!levels.some(isSatisfied)) ctx.addIssue({ code: 'custom', message: LEGACY_SCORE_NO_GOOD_WORDS });
  });
export const DEFAULT_LEGACY_SCORES: Record<string, Satisfaction> = {
  '5': 'very_satisfied',
  '4': 'satisfied',
  '3': 'basically_satisfied',
  '2': 'dissatisfied',
  '1': 'very_dissatisfied',
};

/** One rating device's settings (`devices.ratingDevice`); also what `setup.testRatingDevice` tests. */
export const RatingDeviceSchema = SerialEndpointSchema.extend({
  /** Which driver: `v1` (protocols/rating-device.md, the default) or `legacy-bus` (legacy-hall-bus.md). */
  protocol: z.enum(RATING_PROTOCOLS, { error: '协议应为 v1 或 legacy-bus' }).default('v1'),
  /** Bus address (v1 ADDR; the legacy bus's window address); 1 on a point-to-point link. */
  address: z
    .number({ error: '请填写地址（1–255 的整数）' })
    .int({ error: '地址应为 1–255 的整数' })
    .min(1, { error: '地址应为 1–255 的整数' })
    .max(255, { error: '地址应为 1–255 的整数' })
    .default(1),
  /**
   * The USB serial adapter's identity, so the driver finds the device again when it comes back
   * under another name after a replug (`ttyUSB0` → `ttyUSB1`, COM3 → COM4). Hex as the OS lists
   * it (`1a86`); null: only `path` is tried.
   */
  usb: z
    .object({
      vendorId: z.string().regex(/^[0-9a-fA-F]{4}$/, { error: '应为 4 位十六进制，例如 1a86' }),
      productId: z.string().regex(/^[0-9a-fA-F]{4}$/, { error: '应为 4 位十六进制，例如 7523' }),
      serialNumber: z
        .string()
        .trim()
        .min(1, { error: '序列号不能为空；不填则只按厂商和产品识别' })
        .max(64, { error: '序列号不超过 64 个字符' })
        .nullable()
        .default(null),
    })
    .strict()
    .nullable()
    .default(null),
  /** legacy-bus only: the score byte → level map. */
  legacyScores: LegacyScoreMapSchema.default(DEFAULT_LEGACY_SCORES),
});

/** What a fallback slot that is not one of 1–5 is told. */
export const FALLBACK_SLOT_WORDS = '备用号段应为 1–5 的整数（同一大厅内每台设备各不相同）';

/**
 * The hall queue at this PC (issue 17; README "Configuration file"): the hall's rules
 * (QueueRules without `timeZone`, which is the config's own `timeZone`; IT gives every PC of a
 * hall the same), and this PC's own part:
 * - `fallbackSlot` (1–5, unique in the hall): the numbers it issues while the hall server is
 *   unreachable (core/queue/ticket-numbering.ts: slot 1 = A5000–A5999 …); null: it issues none
 *   then (a window still calls the tickets it has);
 * - `serves`: the letters this window calls, in order; absent: the categories whose `windows`
 *   list this window's number;
 * - `pauseReason`: the reason a caller keypad's 暂停 key gives (the bus carries none).
 */
export const QueueConfigSchema = QueueRulesSchema.omit({ timeZone: true })
  .extend({
    fallbackSlot: z
      .number({ error: FALLBACK_SLOT_WORDS })
      .int({ error: FALLBACK_SLOT_WORDS })
      .min(1, { error: FALLBACK_SLOT_WORDS })
      .max(5, { error: FALLBACK_SLOT_WORDS })
      .nullable()
      .default(null),
    serves: z.array(CategoryLetterSchema).max(26).optional(),
    pauseReason: PauseReasonSchema.default('临时离开'),
  })
  .strict()
  .superRefine((queue, ctx) => {
    const letters = new Set(queue.categories.map((c) => c.letter));
    (queue.serves ?? []).forEach((letter, i) => {
      if (!letters.has(letter)) ctx.addIssue({ code: 'custom', path: ['serves', i], message: `没有类别 ${letter}（queue.categories 中未定义）` });
    });
  });
export type QueueConfig = z.output<typeof QueueConfigSchema>;

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
      .superRefine((devices, ctx) => {
        if (!devices.receiptPrinter || !devices.ticketPrinter) return;
        const field = samePrinterField(devices.receiptPrinter, devices.ticketPrinter);
        if (field) ctx.addIssue({ code: 'custom', path: ['ticketPrinter', field], message: SAME_PRINTER_WORDS });
      })
      .default({ ratingDevice: null, receiptPrinter: null, ticketPrinter: null }),
    printing: PrintingSchema.default({
      autoReceipt: true,
      lookupUrl: null,
      collectionNote: DEFAULT_COLLECTION_NOTE,
      a4PrinterName: '',
    }),
    ratings: z
      .object({
        /** A 差评 follow-up's due date, in working days from the rating (DOMAIN.md, Ratings: commonly 15). */
        followUpWorkingDays: z
          .number({ error: '请填写差评回访期限（1–60 个工作日）' })
          .int({ error: '差评回访期限应为 1–60 的整数（工作日）' })
          .min(1, { error: '差评回访期限应为 1–60 的整数（工作日）' })
          .max(60, { error: '差评回访期限应为 1–60 的整数（工作日）' })
          .default(15),
        /** How long the device waits for a coin after a service is finished (ARM timeout_s), seconds. */
        sessionSeconds: z
          .number({ error: '请填写评价等待时间（10–600 秒）' })
          .int({ error: '评价等待时间应为 10–600 的整数（秒）' })
          .min(10, { error: '评价等待时间应为 10–600 的整数（秒）' })
          .max(600, { error: '评价等待时间应为 10–600 的整数（秒）' })
          .default(60),
      })
      .strict()
      .default({ followUpWorkingDays: 15, sessionSeconds: 60 }),
    /**
     * The upstream this window syncs with (issue 16; core/sync/). The window's token is kept in its
     * database, not here (IT copies config files between PCs):
     * - `url`: the server's address; the wire's paths (contract/sync/paths.ts) are appended to it.
     * - `enrolmentCode`: a one-time code for a scripted install (`npm run server -- enrol`), traded
     *   for the token at start when the database holds none; spent by the server on use. The 设置
     *   page takes one typed by the 系统管理员 instead (`sync.enrol`).
     * - `enrolmentToken`: accepted from config files written before tokens moved to the database,
     *   and used as the token while the database holds none.
     * - `intervalSeconds`: between rounds while nothing changes here; default 30.
     */
    sync: z
      .object({
        url: z.url({ protocol: /^https?$/, error: '同步地址应为 http(s):// 开头的网址' }),
        enrolmentCode: z
          .string()
          .refine((code) => normaliseEnrolmentCode(code) !== null, { error: '注册码应为 16 位字母或数字（可带短横线）' })
          .nullable()
          .optional(),
        enrolmentToken: z.string().min(16, { error: '窗口注册令牌至少 16 个字符' }).optional(),
        intervalSeconds: z
          .number({ error: '同步间隔应为 5–3600 的整数（秒）' })
          .int({ error: '同步间隔应为 5–3600 的整数（秒）' })
          .min(5, { error: '同步间隔应为 5–3600 的整数（秒）' })
          .max(3600, { error: '同步间隔应为 5–3600 的整数（秒）' })
          .optional(),
      })
      .strict()
      .nullable()
      .default(null),
    /** What this app is in the hall's queue: `window` (default), `dispenser` (取号机) or `display` (大厅显示屏). */
    role: QueueRoleSchema.default('window'),
    /** The hall queue (QueueConfigSchema); null: no queue at this PC. */
    queue: QueueConfigSchema.nullable().default(null),
  })
  .strict();

export type CounterConfig = z.output<typeof ConfigSchema>;
export type PrinterConfig = NonNullable<CounterConfig['devices']['receiptPrinter']>;
export type RatingDeviceConfig = NonNullable<CounterConfig['devices']['ratingDevice']>;
export type PrintingConfig = CounterConfig['printing'];
export type RatingsConfig = CounterConfig['ratings'];

/** What a settings form sends (defaults not yet applied). */
export type CounterConfigInput = z.input<typeof ConfigSchema>;
