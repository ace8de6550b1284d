/**
 * Devices and settings in the words IT staff read: a device's slot and connection kind, a serial
 * port's USB description, a setting's path (`window.name` → 窗口名称) and a saved value
 * ("串口 COM3，9600"). Used by the settings form, the restart notice and the 变更记录 table.
 */
import type { SerialPortInfo } from '../../../../electron/contract';
import type { DeviceKind, DeviceSlot } from './config-form-model';

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
  sync: '上级同步',
  'sync.url': '同步地址',
  'sync.enrolmentToken': '窗口注册令牌',
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
 * A device as saved, in words: `串口 COM3，9600` / `网络 192.168.1.5:9100，80mm` /
 * `设备文件 /dev/usb/lp0，58mm` / `未配置`; a rating device adds its address when not 1.
 */
export function describeDevice(value: unknown): string {
  if (!isRecord(value)) return '未配置';
  const paper = typeof value['paperWidthMm'] === 'number' ? `，${value['paperWidthMm']}mm` : '';
  const address = typeof value['address'] === 'number' && value['address'] !== 1 ? `，地址 ${value['address']}` : '';
  switch (value['type']) {
    case 'serial':
      return `串口 ${String(value['path'])}，${String(value['baudRate'] ?? 9600)}${paper}${address}`;
    case 'tcp':
      return `网络 ${String(value['host'])}:${String(value['port'] ?? 9100)}${paper}`;
    case 'file':
      return `设备文件 ${String(value['path'])}${paper}`;
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
  if (path === 'sync.enrolmentToken') return value ? '（已设置）' : '（未设置）';
  if (path === 'window.departments' && Array.isArray(value) && value.length === 0) return '全部部门（综合窗口）';
  if (path === 'intake.deferralWorkingDays' && typeof value === 'number') return `${value} 个工作日`;
  if (value === null || value === undefined || value === '') return '（无）';
  if (Array.isArray(value)) return value.length === 0 ? '（无）' : value.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join('、');
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (path === 'sync' && isRecord(value)) return typeof value['url'] === 'string' ? value['url'] : '（已设置）';
  return JSON.stringify(value);
}
