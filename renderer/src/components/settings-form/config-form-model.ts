/**
 * The settings form's values and the config file's shape (ConfigSchema), both ways, and where a
 * message the core gives for a config path (`config.devices.receiptPrinter.host`) goes in the
 * form. Shared by the first-run setup screen and the 设置 page, so both place every message the
 * same way. Pure: no React, no antd.
 *
 * The form keeps one device as a kind (无 / 串口 / 网络 / 设备文件 / 系统打印机) plus the fields of every kind,
 * so switching the kind back and forth does not lose what was typed; only the chosen kind's
 * fields are sent.
 */
import {
  DEFAULT_COLLECTION_NOTE,
  DEFAULT_LEGACY_SCORES,
  LegacyScoreMapSchema,
  type CounterConfig,
  type CounterConfigInput,
  type FLOW_CONTROLS,
  type PRINTER_ENCODINGS,
  type QR_MODES,
} from '../../../../electron/contract';
import { SATISFACTIONS, type RatingProtocol, type Satisfaction } from '../../../../electron/contract/ratings';

/** The three devices of a window, by their key under `devices` in config.json. */
export const DEVICE_SLOTS = ['ratingDevice', 'receiptPrinter', 'ticketPrinter'] as const;
export type DeviceSlot = (typeof DEVICE_SLOTS)[number];

/** The printers (a rating device is only ever on a serial port). */
export function isPrinterSlot(slot: DeviceSlot): boolean {
  return slot !== 'ratingDevice';
}

/**
 * 'none': not configured (null in config.json); the others are the endpoint's `type`
 * ('system': a printer driven through the operating system's print queue, printers only).
 */
export type DeviceKind = 'none' | 'serial' | 'tcp' | 'file' | 'system';

/** The connection kinds a slot offers, in the order shown. */
export function deviceKindsOf(slot: DeviceSlot): readonly DeviceKind[] {
  return isPrinterSlot(slot) ? ['none', 'serial', 'tcp', 'file', 'system'] : ['none', 'serial'];
}

/** A printer's character set (config.ts PRINTER_ENCODINGS). */
export type PrinterEncoding = (typeof PRINTER_ENCODINGS)[number];
/** How a printer takes QR codes (config.ts QR_MODES). */
export type QrMode = (typeof QR_MODES)[number];
/** Flow control on a printer's serial line (config.ts FLOW_CONTROLS). */
export type FlowControl = (typeof FLOW_CONTROLS)[number];

/** Baud rates the config schema accepts (config.ts SerialEndpointSchema). */
export const BAUD_RATES = [9600, 19200, 38400, 115200] as const;
export type BaudRate = (typeof BAUD_RATES)[number];
export const PAPER_WIDTHS = [58, 80] as const;
export type PaperWidth = (typeof PAPER_WIDTHS)[number];

/** One device in the form. Fields of the kinds not chosen are kept but not sent. */
export interface DeviceFormValues {
  kind: DeviceKind;
  /** Serial port path (COM3, /dev/ttyUSB0). */
  serialPath: string;
  baudRate: BaudRate;
  /** Network printer's host name or IP address. */
  host: string;
  /** Network printer's TCP port; null while empty. */
  port: number | null;
  /** Device file path (/dev/usb/lp0). */
  filePath: string;
  /** Printers only: paper width in millimetres. */
  paperWidthMm: PaperWidth;
  /** Printers only: the printer's Chinese font (gbk unless the printer has GB18030). */
  encoding: PrinterEncoding;
  /** Printers only: QR codes by the printer's own command or as an image. */
  qrMode: QrMode;
  /** Serial printers only: the line's flow control. */
  flowControl: FlowControl;
  /** System-queue printers only: the printer's name in the OS; '' = the system's default printer. */
  printerName: string;
  /** Rating device only: RS-485 address 1–255; null while empty. */
  address: number | null;
  /** Rating device only: which driver (v1, or the legacy hall bus). */
  protocol: RatingProtocol;
  /** Rating device only: the USB adapter's vendor id (hex, `1a86`); all three USB fields '' = none. */
  usbVendorId: string;
  /** Rating device only: the USB adapter's product id (hex, `7523`). */
  usbProductId: string;
  /** Rating device only: the USB adapter's serial number; '' = none (vendor and product alone). */
  usbSerialNumber: string;
  /** Rating device on the legacy bus only: the score map's rows, in the order shown. */
  legacyScores: LegacyScoreRow[];
}

/** One row of a legacy evaluator's score map: the byte it sends → the national level. */
export interface LegacyScoreRow {
  /** The score byte 0–255; null while empty. */
  byte: number | null;
  satisfaction: Satisfaction;
}

/** The 好差评 settings (config.json `ratings`), as the form holds them; null while a field is empty. */
export interface RatingsFormValues {
  /** A 差评's follow-up due date, in working days. */
  followUpWorkingDays: number | null;
  /** How long the device waits for a coin after a service, in seconds. */
  sessionSeconds: number | null;
}

/** What the window prints and how (config.json `printing`), as the form holds it. */
export interface PrintingFormValues {
  autoReceipt: boolean;
  /** '' = none (null in config.json: the receipt's QR holds the case number alone). */
  lookupUrl: string;
  collectionNote: string;
  /** '' = the system's default printer. */
  a4PrinterName: string;
}

/**
 * The settings form's values (antd Form values, at the form's root). Names are those of
 * config.json except the devices (DeviceFormValues) and empty text standing for "none".
 */
export interface ConfigFormValues {
  hall: {
    code: string;
    name: string;
    /** '' = none. */
    creditCode: string;
  };
  window: {
    /** null while the field is empty. */
    number: number | null;
    name: string;
    departments: string[];
    itemCodes: string[];
  };
  timeZone: string;
  intake: { deferralWorkingDays: number | null };
  devices: Record<DeviceSlot, DeviceFormValues>;
  printing: PrintingFormValues;
  ratings: RatingsFormValues;
  /** Kept as given and sent back unchanged (no form field edits it yet). */
  sync: CounterConfig['sync'] | null;
}

const DEFAULT_BAUD: BaudRate = 9600;
const DEFAULT_TCP_PORT = 9100;
const DEFAULT_PAPER: PaperWidth = 80;

/** A device the form shows as 无 (nothing configured), with the usual values ready for the other kinds. */
export function emptyDevice(): DeviceFormValues {
  return {
    kind: 'none',
    serialPath: '',
    baudRate: DEFAULT_BAUD,
    host: '',
    port: DEFAULT_TCP_PORT,
    filePath: '',
    paperWidthMm: DEFAULT_PAPER,
    encoding: 'gbk',
    qrMode: 'native',
    flowControl: 'none',
    printerName: '',
    address: 1,
    protocol: 'v1',
    usbVendorId: '',
    usbProductId: '',
    usbSerialNumber: '',
    legacyScores: scoreRows(DEFAULT_LEGACY_SCORES),
  };
}

/** A score map's rows, by byte (the default map: 1 非常不满意 … 5 非常满意). */
export function scoreRows(map: Readonly<Record<string, Satisfaction>>): LegacyScoreRow[] {
  return Object.entries(map)
    .map(([byte, satisfaction]) => ({ byte: Number(byte), satisfaction }))
    .sort((a, b) => a.byte - b.byte);
}

/**
 * The score map the rows make, as config.json holds it: each byte in decimal as the key. An empty
 * byte becomes the key '' and a fraction its digits, so the contract's schema names what is wrong
 * in its own words (LEGACY_SCORE_BYTE_WORDS); two rows of one byte make one key (the later row),
 * which is why the form checks duplicates itself (duplicateScoreRows).
 */
export function scoreMapOf(rows: readonly Partial<LegacyScoreRow>[]): Record<string, Satisfaction> {
  const map: Record<string, Satisfaction> = {};
  for (const row of rows) map[typeof row.byte === 'number' ? String(row.byte) : ''] = row.satisfaction ?? SATISFACTIONS[0];
  return map;
}

/**
 * The messages of the score map as a whole, beside the score table (configFieldFor places a
 * `legacyScores` path there too): the contract's rules with no row to stand by (issue path = the
 * map itself) — none at all (LEGACY_SCORE_NONE_WORDS), no 差评 level, no 满意 level
 * (LegacyScoreMapSchema; review of issue 15 #3). A row's own faults (its byte, a level used twice)
 * stand beside that row instead. Empty when the map is whole.
 */
export function scoreMapMessages(rows: readonly Partial<LegacyScoreRow>[]): string[] {
  const parsed = LegacyScoreMapSchema.safeParse(scoreMapOf(rows));
  return parsed.success ? [] : parsed.error.issues.filter((i) => i.path.length === 0).map((i) => i.message);
}

/** What a score byte used twice is told (the config file cannot hold it twice, so only the form can say it). */
export const DUPLICATE_SCORE_WORDS = '分值不能重复';

/** The indexes of rows whose byte an earlier or later row also has (empty bytes are not duplicates). */
export function duplicateScoreRows(rows: readonly Partial<LegacyScoreRow>[]): number[] {
  const count = new Map<number, number>();
  for (const r of rows) if (typeof r.byte === 'number') count.set(r.byte, (count.get(r.byte) ?? 0) + 1);
  return rows.flatMap((r, i) => (typeof r.byte === 'number' && (count.get(r.byte) ?? 0) > 1 ? [i] : []));
}

/**
 * The next row 添加分值 offers: the byte after the highest one (0 for none, wrapping to the
 * first free byte past 255) with the first level no row has yet (else 满意).
 */
export function nextScoreRow(rows: readonly Partial<LegacyScoreRow>[]): LegacyScoreRow {
  const used = new Set(rows.flatMap((r) => (typeof r.byte === 'number' ? [r.byte] : [])));
  const highest = Math.max(-1, ...used);
  let byte = highest < 255 ? highest + 1 : 0;
  while (used.has(byte) && byte < 255) byte += 1;
  const levels = new Set(rows.map((r) => r.satisfaction));
  return { byte, satisfaction: SATISFACTIONS.find((s) => !levels.has(s)) ?? 'satisfied' };
}

/** The ratings section as the config schema's defaults make it (a file without `ratings`). */
export function defaultRatings(): RatingsFormValues {
  return { followUpWorkingDays: 15, sessionSeconds: 60 };
}

/** The printing section as the config schema's defaults make it (a file without `printing`). */
export function defaultPrinting(): PrintingFormValues {
  return { autoReceipt: true, lookupUrl: '', collectionNote: DEFAULT_COLLECTION_NOTE, a4PrinterName: '' };
}

type RatingInput = NonNullable<NonNullable<CounterConfigInput['devices']>['ratingDevice']>;
type PrinterInput = NonNullable<NonNullable<CounterConfigInput['devices']>['receiptPrinter']>;
type PrintingInput = NonNullable<CounterConfigInput['printing']>;
type RatingsInput = NonNullable<CounterConfigInput['ratings']>;

function deviceToForm(device: RatingInput | PrinterInput | undefined): DeviceFormValues {
  const form = emptyDevice();
  if (!device) return form;
  if ('paperWidthMm' in device && device.paperWidthMm !== undefined) form.paperWidthMm = device.paperWidthMm;
  if ('address' in device && device.address !== undefined) form.address = device.address;
  if ('encoding' in device && device.encoding !== undefined) form.encoding = device.encoding;
  if ('qrMode' in device && device.qrMode !== undefined) form.qrMode = device.qrMode;
  if ('flowControl' in device && device.flowControl !== undefined) form.flowControl = device.flowControl;
  if ('protocol' in device && device.protocol !== undefined) form.protocol = device.protocol;
  if ('usb' in device && device.usb) {
    form.usbVendorId = device.usb.vendorId;
    form.usbProductId = device.usb.productId;
    form.usbSerialNumber = device.usb.serialNumber ?? '';
  }
  if ('legacyScores' in device && device.legacyScores !== undefined) form.legacyScores = scoreRows(device.legacyScores);
  switch (device.type) {
    case 'serial':
      form.kind = 'serial';
      form.serialPath = device.path;
      form.baudRate = device.baudRate ?? DEFAULT_BAUD;
      break;
    case 'tcp':
      form.kind = 'tcp';
      form.host = device.host;
      form.port = device.port ?? DEFAULT_TCP_PORT;
      break;
    case 'file':
      form.kind = 'file';
      form.filePath = device.path;
      break;
    case 'system':
      form.kind = 'system';
      form.printerName = device.printerName ?? '';
      break;
  }
  return form;
}

function printingToForm(printing: PrintingInput | undefined): PrintingFormValues {
  const form = defaultPrinting();
  if (!printing) return form;
  return {
    autoReceipt: printing.autoReceipt ?? form.autoReceipt,
    lookupUrl: printing.lookupUrl ?? '',
    collectionNote: printing.collectionNote ?? form.collectionNote,
    a4PrinterName: printing.a4PrinterName ?? '',
  };
}

/**
 * The form's starting values from settings as saved (settings.get, setup.status) or as typed
 * (a config input without its defaults applied).
 */
export function configToFormValues(config: CounterConfig | CounterConfigInput): ConfigFormValues {
  return {
    hall: { code: config.hall.code, name: config.hall.name, creditCode: config.hall.creditCode ?? '' },
    window: {
      number: config.window.number,
      name: config.window.name ?? '',
      departments: [...(config.window.departments ?? [])],
      itemCodes: [...(config.window.itemCodes ?? [])],
    },
    timeZone: config.timeZone ?? 'Asia/Shanghai',
    intake: { deferralWorkingDays: config.intake?.deferralWorkingDays ?? 5 },
    devices: {
      ratingDevice: deviceToForm(config.devices?.ratingDevice ?? undefined),
      receiptPrinter: deviceToForm(config.devices?.receiptPrinter ?? undefined),
      ticketPrinter: deviceToForm(config.devices?.ticketPrinter ?? undefined),
    },
    printing: printingToForm(config.printing),
    ratings: {
      followUpWorkingDays: config.ratings?.followUpWorkingDays ?? defaultRatings().followUpWorkingDays,
      sessionSeconds: config.ratings?.sessionSeconds ?? defaultRatings().sessionSeconds,
    },
    sync: config.sync ?? null,
  };
}

/** An empty number field is sent as missing, so the schema says in its own words that it is needed. */
function numberOrMissing(value: number | null | undefined): number | undefined {
  return typeof value === 'number' ? value : undefined;
}

/**
 * An empty number field whose setting has a default is sent as null, not missing: missing would
 * quietly become the default (an emptied 评价等待时间 saved as 60), null gets the schema's
 * 请填写… beside the field. The cast is the point: the schema, not the type, refuses it.
 */
function numberOrNull(value: number | null | undefined): number {
  return (typeof value === 'number' ? value : null) as number;
}

/** The USB identity as sent: null when all three fields are empty, the serial number null when it is. */
function usbToInput(d: DeviceFormValues): RatingInput['usb'] {
  const vendorId = (d.usbVendorId ?? '').trim();
  const productId = (d.usbProductId ?? '').trim();
  const serialNumber = (d.usbSerialNumber ?? '').trim();
  if (!vendorId && !productId && !serialNumber) return null;
  return { vendorId, productId, serialNumber: serialNumber === '' ? null : serialNumber };
}

function ratingToInput(d: DeviceFormValues | undefined): RatingInput | null {
  if (!d || d.kind === 'none') return null;
  const protocol = d.protocol ?? 'v1';
  const rows = d.legacyScores ?? [];
  const map = scoreMapOf(rows);
  // A v1 device does not read the score map and the form hides it: a map left unfinished before
  // switching to v1 is not sent (the saved file keeps the default), a good one is kept for later.
  const keepMap = protocol === 'legacy-bus' || (LegacyScoreMapSchema.safeParse(map).success && duplicateScoreRows(rows).length === 0);
  // A rating device is only ever serial; any other kind is sent as serial with what was typed.
  return {
    type: 'serial',
    path: d.serialPath.trim(),
    baudRate: d.baudRate,
    protocol,
    address: numberOrNull(d.address),
    usb: usbToInput(d),
    ...(keepMap ? { legacyScores: map } : {}),
  };
}

function printerToInput(d: DeviceFormValues | undefined): PrinterInput | null {
  if (!d || d.kind === 'none') return null;
  // A form from before these fields existed (or still mounting) lacks them: the schema's defaults.
  const common = { paperWidthMm: d.paperWidthMm, encoding: d.encoding ?? 'gbk', qrMode: d.qrMode ?? 'native' };
  switch (d.kind) {
    case 'serial':
      return { type: 'serial', path: d.serialPath.trim(), baudRate: d.baudRate, flowControl: d.flowControl ?? 'none', ...common };
    case 'tcp':
      return { type: 'tcp', host: d.host.trim(), port: numberOrMissing(d.port) as number, ...common };
    case 'file':
      return { type: 'file', path: d.filePath.trim(), ...common };
    case 'system':
      return { type: 'system', printerName: (d.printerName ?? '').trim(), ...common };
  }
}

/** The printing section as sent: an empty lookup address is null (the QR holds the case number alone). */
function printingToInput(p: Partial<PrintingFormValues> | undefined): PrintingInput {
  const defaults = defaultPrinting();
  const lookupUrl = (p?.lookupUrl ?? '').trim();
  return {
    autoReceipt: p?.autoReceipt ?? defaults.autoReceipt,
    lookupUrl: lookupUrl === '' ? null : lookupUrl,
    collectionNote: p?.collectionNote ?? defaults.collectionNote,
    a4PrinterName: (p?.a4PrinterName ?? '').trim(),
  };
}

/** The ratings section as sent; a section the form has not mounted yet is the defaults. */
function ratingsToInput(r: Partial<RatingsFormValues> | undefined): RatingsInput {
  const defaults = defaultRatings();
  return {
    followUpWorkingDays: numberOrNull(r === undefined ? defaults.followUpWorkingDays : r.followUpWorkingDays),
    sessionSeconds: numberOrNull(r === undefined ? defaults.sessionSeconds : r.sessionSeconds),
  };
}

/**
 * What the form sends as `config` (settings.update, setup.complete): config.json's shape, to be
 * checked by ConfigSchema (the core checks it again). Text is trimmed, an empty credit code is
 * left out, an empty number is sent as missing. Accepts a partial form (antd's getFieldsValue
 * while fields are still mounting) and fills what is missing with the empty values.
 */
export function formValuesToConfigInput(values: ConfigFormValues): CounterConfigInput {
  const creditCode = (values.hall?.creditCode ?? '').trim();
  const input: CounterConfigInput = {
    hall: {
      code: (values.hall?.code ?? '').trim(),
      name: values.hall?.name ?? '',
      ...(creditCode ? { creditCode } : {}),
    },
    window: {
      number: numberOrMissing(values.window?.number) as number,
      name: values.window?.name ?? '',
      departments: [...(values.window?.departments ?? [])],
      itemCodes: [...(values.window?.itemCodes ?? [])],
    },
    timeZone: (values.timeZone ?? '').trim(),
    intake: { deferralWorkingDays: numberOrMissing(values.intake?.deferralWorkingDays) as number },
    devices: {
      ratingDevice: ratingToInput(values.devices?.ratingDevice),
      receiptPrinter: printerToInput(values.devices?.receiptPrinter),
      ticketPrinter: printerToInput(values.devices?.ticketPrinter),
    },
    printing: printingToInput(values.printing),
    ratings: ratingsToInput(values.ratings),
    sync: values.sync ?? null,
  };
  // Missing numbers must be absent keys (not `undefined` values) for JSON, and the schema reads both alike.
  return JSON.parse(JSON.stringify(input)) as CounterConfigInput;
}

/** An antd name path into ConfigFormValues. */
export type ConfigFieldName = (string | number)[];

const USB_FIELDS = { vendorId: 'usbVendorId', productId: 'usbProductId', serialNumber: 'usbSerialNumber' } as const;

/** The form field of `usb.<key>`; the identity as a whole goes beside the vendor id. */
function usbField(key: string | undefined): keyof DeviceFormValues {
  return key === 'productId' || key === 'serialNumber' ? USB_FIELDS[key] : USB_FIELDS.vendorId;
}

/**
 * The form field of `legacyScores.<byte>`: the byte of the row that has it (the last such row,
 * as scoreMapOf keeps it); `legacyScores` itself (an empty map) goes beside the table.
 */
function scoreField(slot: DeviceSlot, key: string | undefined, device: DeviceFormValues | undefined): ConfigFieldName {
  const list: ConfigFieldName = ['devices', slot, 'legacyScores'];
  if (key === undefined) return list;
  const rows = device?.legacyScores ?? [];
  for (let i = rows.length - 1; i >= 0; i--) {
    const byte = rows[i]?.byte;
    if ((typeof byte === 'number' ? String(byte) : '') === key) return [...list, i, 'byte'];
  }
  return list;
}

/** Form fields of one device, by the endpoint's key in config.json. */
function deviceField(slot: DeviceSlot, key: string | undefined, device: DeviceFormValues | undefined, ...parts: string[]): ConfigFieldName {
  const at = (field: keyof DeviceFormValues): ConfigFieldName => ['devices', slot, field];
  switch (key) {
    case 'path':
      return at(device?.kind === 'file' ? 'filePath' : 'serialPath');
    case 'host':
    case 'port':
    case 'baudRate':
    case 'paperWidthMm':
    case 'address':
    case 'encoding':
    case 'qrMode':
    case 'flowControl':
    case 'printerName':
    case 'protocol':
      return at(key);
    case 'usb':
      return at(usbField(parts[0]));
    case 'legacyScores':
      return scoreField(slot, parts[0], device);
    default:
      // The device as a whole (`type`, an unknown key, the endpoint itself): beside its kind.
      return at('kind');
  }
}

/**
 * The form field for a config path, as the core reports it (`config.devices.receiptPrinter.host`,
 * `config.window.departments.2`) or as ConfigSchema run in the window reports it (without the
 * `config.` prefix): an antd name path, or null when the form has no field for it (the sync
 * settings; anything unknown), which then goes above the form. `values` tells a serial port's
 * `path` from a device file's.
 */
export function configFieldFor(path: string, values?: Partial<ConfigFormValues>): ConfigFieldName | null {
  const parts = path.split('.');
  if (parts[0] === 'config') parts.shift();
  const [section, key, sub, ...rest] = parts;
  switch (section) {
    case 'hall':
      return key === 'code' || key === 'name' || key === 'creditCode' ? ['hall', key] : null;
    case 'window':
      return key === 'number' || key === 'name' || key === 'departments' || key === 'itemCodes' ? ['window', key] : null;
    case 'timeZone':
      return ['timeZone'];
    case 'intake':
      return key === 'deferralWorkingDays' ? ['intake', 'deferralWorkingDays'] : null;
    case 'ratings':
      return key === 'followUpWorkingDays' || key === 'sessionSeconds' ? ['ratings', key] : null;
    case 'printing':
      return key === 'autoReceipt' || key === 'lookupUrl' || key === 'collectionNote' || key === 'a4PrinterName' ? ['printing', key] : null;
    case 'devices': {
      const slot = DEVICE_SLOTS.find((s) => s === key);
      return slot ? deviceField(slot, sub, values?.devices?.[slot], ...rest) : null;
    }
    default:
      return null;
  }
}

/**
 * The config path (ConfigSchema's, no prefix) whose message a form field shows: the inverse of
 * configFieldFor for the fields the form has. Used by the field rules (callRule).
 */
export function configPathOf(name: ConfigFieldName): string {
  if (name[0] === 'devices') {
    const slot = name[1] as DeviceSlot;
    const field = name[2];
    if (field === 'serialPath' || field === 'filePath') return `devices.${slot}.path`;
    if (field === 'kind') return `devices.${slot}`;
    if (field === 'usbVendorId') return `devices.${slot}.usb.vendorId`;
    if (field === 'usbProductId') return `devices.${slot}.usb.productId`;
    if (field === 'usbSerialNumber') return `devices.${slot}.usb.serialNumber`;
    return `devices.${slot}.${String(field)}`;
  }
  return name.join('.');
}

/**
 * Whether the device in `slot` as the form holds it now differs from `saved` (the form's values
 * as loaded), compared as they would be sent: a kind switched back and forth, or text typed and
 * erased again, is no edit. 测试打印 prints with the saved settings, so an edited printer is
 * saved first.
 */
export function deviceEdited(values: ConfigFormValues, saved: ConfigFormValues, slot: DeviceSlot): boolean {
  const now = formValuesToConfigInput(values).devices?.[slot] ?? null;
  const before = formValuesToConfigInput(saved).devices?.[slot] ?? null;
  return JSON.stringify(now) !== JSON.stringify(before);
}
