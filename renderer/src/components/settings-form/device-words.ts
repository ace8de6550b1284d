/**
 * Devices and settings in the words IT staff read: a device's slot and connection kind, a serial
 * port's USB description, a setting's path (`window.name` → 窗口名称) and a saved value
 * ("串口 COM3，9600"). Used by the settings form, the restart notice and the 变更记录 table.
 */
import type { SerialPortInfo } from '../../../../electron/contract';
import { SATISFACTION_LABELS, SATISFACTIONS, type RatingProtocol, type Satisfaction } from '../../../../electron/contract/ratings';
import type { DeviceKind, DeviceSlot, FlowControl, PrinterEncoding, QrMode } from './config-form-model';

export const DEVICE_SLOT_LABELS: { readonly [S in DeviceSlot]: string } = {
  ratingDevice: '评价器',
  receiptPrinter: '回执打印机',
  ticketPrinter: '排队票打印机',
};

export const DEVICE_KIND_LABELS: { readonly [K in DeviceKind]: string } = {
  none: '无',
  serial: '串口',
  tcp: '网络打印机',
  file: '设备文件',
  system: '系统打印机',
};

/** A printer's character set as the form offers it. */
export const ENCODING_LABELS: { readonly [E in PrinterEncoding]: string } = {
  gbk: 'GBK（默认）',
  gb18030: 'GB18030',
};

/** How QR codes are sent, as the form offers it. */
export const QR_MODE_LABELS: { readonly [Q in QrMode]: string } = {
  native: '打印机指令',
  raster: '图片',
};

/** A serial printer's flow control, as the form offers it. */
export const FLOW_CONTROL_LABELS: { readonly [F in FlowControl]: string } = {
  none: '无',
  rtscts: 'RTS/CTS',
  xonxoff: 'XON/XOFF',
};

/** A rating device's protocol as the form offers it, with the one line saying when to choose it. */
export const RATING_PROTOCOL_CHOICES: { readonly [P in RatingProtocol]: { label: string; explanation: string } } = {
  v1: { label: '评价器协议 v1', explanation: '本系统配套的投币评价器：有设备编号和时钟，选票不丢不重，支持“一次一评”。' },
  'legacy-bus': {
    label: '大厅总线',
    explanation: '大厅原有的旧评价器、呼叫器（FF 68 … 16 帧）：无设备编号和时钟，分值按下表换算为评价等级。',
  },
};

/** What a port's adapter says of itself (`USB-SERIAL CH340 (COM3)` · wch.cn), or '' when nothing. */
export function portDescription(port: SerialPortInfo): string {
  const parts = [port.friendlyName, port.manufacturer].filter((p): p is string => !!p && p !== port.path);
  return [...new Set(parts)].join(' · ');
}

/** `1a86:7523`, or '' when the OS did not say. */
export function usbId(port: SerialPortInfo): string {
  if (!port.vendorId && !port.productId) return '';
  return `${port.vendorId ?? '?'}:${port.productId ?? '?'}`;
}

/** Chinese names of config.json's settings, by dotted path. */
const SETTING_LABELS: Record<string, string> = {
  hall: '大厅',
  'hall.code': '大厅代码',
  'hall.name': '大厅名称',
  'hall.creditCode': '统一社会信用代码',
  window: '窗口',
  'window.number': '窗口号',
  'window.name': '窗口名称',
  'window.departments': '服务部门',
  'window.itemCodes': '另办事项',
  timeZone: '时区',
  intake: '受理',
  'intake.deferralWorkingDays': '容缺补正默认期限',
  devices: '外接设备',
  'devices.ratingDevice': '评价器',
  'devices.receiptPrinter': '回执打印机',
  'devices.ticketPrinter': '排队票打印机',
  'devices.ratingDevice.protocol': '评价器协议',
  'devices.ratingDevice.address': '评价器地址',
  'devices.ratingDevice.usb': '评价器 USB 标识',
  'devices.ratingDevice.legacyScores': '评价器分值对照',
  printing: '打印',
  'printing.autoReceipt': '受理后自动打印回执',
  'printing.lookupUrl': '进度查询地址',
  'printing.collectionNote': '领取方式说明',
  'printing.a4PrinterName': 'A4 打印机名称',
  ratings: '好差评',
  'ratings.followUpWorkingDays': '差评回访期限',
  'ratings.sessionSeconds': '评价等待时间',
  sync: '上级同步',
  'sync.url': '同步地址',
  'sync.enrolmentToken': '窗口注册令牌',
  'sync.enrolmentCode': '注册码',
  'sync.intervalSeconds': '同步间隔（秒）',
};

/** A setting's name in words (`window.name` → 窗口名称); an unknown path is shown as it is. */
export function settingLabel(path: string): string {
  const direct = SETTING_LABELS[path];
  if (direct) return direct;
  // A leaf under a device or a list element: name its parent and keep the rest.
  const parts = path.split('.');
  for (let n = parts.length - 1; n > 0; n--) {
    const parent = SETTING_LABELS[parts.slice(0, n).join('.')];
    if (parent) return `${parent}（${parts.slice(n).join('.')}）`;
  }
  return path;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A printer's settings other than where it is, in words, each only when not the default (so a
 * change of one of them alone still reads as a change): `，流控 RTS/CTS`, `，GB18030`,
 * `，二维码用图片`.
 */
function printerOptions(value: Record<string, unknown>): string {
  const flow = value['flowControl'];
  const parts = [
    flow === 'rtscts' || flow === 'xonxoff' ? `流控 ${FLOW_CONTROL_LABELS[flow]}` : '',
    value['encoding'] === 'gb18030' ? 'GB18030' : '',
    value['qrMode'] === 'raster' ? '二维码用图片' : '',
  ].filter(Boolean);
  return parts.map((p) => `，${p}`).join('');
}

function isSatisfaction(value: unknown): value is Satisfaction {
  return typeof value === 'string' && (SATISFACTIONS as readonly string[]).includes(value);
}

/** A legacy score map in words, by byte: `0 非常不满意、1 不满意 …`. */
export function describeScoreMap(value: unknown): string {
  if (!isRecord(value)) return '';
  return Object.entries(value)
    .sort(([a], [b]) => Number(a) - Number(b))
    .map(([byte, level]) => `${byte} ${isSatisfaction(level) ? SATISFACTION_LABELS[level] : String(level)}`)
    .join('、');
}

/**
 * A rating device's settings other than where it is, in words: the legacy bus with its score
 * map (`，大厅总线（分值 0 非常不满意、…）`), the USB identity (`，USB 1a86:7523 序列号 A1`). v1
 * (the default) is not named, as a printer's defaults are not.
 */
function ratingOptions(value: Record<string, unknown>): string {
  const parts: string[] = [];
  if (value['protocol'] === 'legacy-bus') parts.push(`大厅总线（分值 ${describeScoreMap(value['legacyScores'])}）`);
  const usb = value['usb'];
  if (isRecord(usb)) {
    const serial = typeof usb['serialNumber'] === 'string' ? ` 序列号 ${usb['serialNumber']}` : '';
    parts.push(`USB ${String(usb['vendorId'])}:${String(usb['productId'])}${serial}`);
  }
  return parts.map((p) => `，${p}`).join('');
}

/**
 * A device as saved, in words: `串口 COM3，9600` / `网络 192.168.1.5:9100，80mm` /
 * `设备文件 /dev/usb/lp0，58mm` / `系统打印机 “XP-80C”，80mm` / `未配置`; a rating device adds
 * its address when not 1, a printer its flow control, character set and QR mode when not the
 * defaults.
 */
export function describeDevice(value: unknown): string {
  if (!isRecord(value)) return '未配置';
  const paper = typeof value['paperWidthMm'] === 'number' ? `，${value['paperWidthMm']}mm` : '';
  const address = typeof value['address'] === 'number' && value['address'] !== 1 ? `，地址 ${value['address']}` : '';
  const options = printerOptions(value) + ratingOptions(value);
  switch (value['type']) {
    case 'serial':
      return `串口 ${String(value['path'])}，${String(value['baudRate'] ?? 9600)}${paper}${address}${options}`;
    case 'tcp':
      return `网络 ${String(value['host'])}:${String(value['port'] ?? 9100)}${paper}${options}`;
    case 'file':
      return `设备文件 ${String(value['path'])}${paper}${options}`;
    case 'system': {
      const name = typeof value['printerName'] === 'string' && value['printerName'] !== '' ? `“${value['printerName']}”` : '（系统默认打印机）';
      return `系统打印机 ${name}${paper}${options}`;
    }
    default:
      return JSON.stringify(value);
  }
}

/** A catalog item's name for its code; the code itself when the catalog does not know it. */
export type ItemNamer = (code: string) => string;

/**
 * Names the catalog's items (settings.get `catalogChoices.items`) by code, for `window.itemCodes`:
 * codes are 31 characters nobody reads. Two items of one name are told apart by their code's
 * last 6 characters; a code the catalog does not have (withdrawn since) is shown as it is.
 */
export function itemNamer(items: readonly { code: string; name: string }[]): ItemNamer {
  const count = new Map<string, number>();
  for (const i of items) count.set(i.name, (count.get(i.name) ?? 0) + 1);
  const names = new Map(items.map((i) => [i.code, (count.get(i.name) ?? 0) > 1 ? `${i.name}（…${i.code.slice(-6)}）` : i.name]));
  return (code) => names.get(code) ?? code;
}

/**
 * A setting's saved value in words, for the restart notice and the 变更记录 (path as in
 * SettingChange). `itemName` names the items of `window.itemCodes` (itemNamer); without it they
 * are shown by code.
 */
export function describeSettingValue(path: string, value: unknown, itemName?: ItemNamer): string {
  if (path === 'window.itemCodes' && itemName && Array.isArray(value) && value.length > 0) {
    return value.map((v) => (typeof v === 'string' ? itemName(v) : JSON.stringify(v))).join('、');
  }
  if (/^devices\.[A-Za-z]+$/.test(path)) return describeDevice(value);
  if (path === 'sync.enrolmentToken' || path === 'sync.enrolmentCode') return value ? '（已设置）' : '（未设置）';
  if (path === 'window.departments' && Array.isArray(value) && value.length === 0) return '全部部门（综合窗口）';
  if (path === 'intake.deferralWorkingDays' && typeof value === 'number') return `${value} 个工作日`;
  if (path === 'ratings.followUpWorkingDays' && typeof value === 'number') return `${value} 个工作日`;
  if (path === 'ratings.sessionSeconds' && typeof value === 'number') return `${value} 秒`;
  if (path === 'printing.autoReceipt' && typeof value === 'boolean') return value ? '开启' : '关闭';
  if (path === 'printing.lookupUrl' && (value === null || value === '')) return '（无：二维码只含办件编号）';
  if (path === 'printing.a4PrinterName' && value === '') return '（系统默认打印机）';
  if (value === null || value === undefined || value === '') return '（无）';
  if (Array.isArray(value)) return value.length === 0 ? '（无）' : value.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join('、');
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (path === 'sync' && isRecord(value)) return typeof value['url'] === 'string' ? value['url'] : '（已设置）';
  return JSON.stringify(value);
}
