import type { DeviceHealth, DeviceState, PrinterCondition, SyncState } from '../../../electron/contract';
import type { DeviceFault, RatingDeviceFlags } from '../../../electron/contract/ratings';

export const DEVICE_STATE_LABELS: Record<DeviceState, string> = {
  connected: '已连接',
  offline: '离线',
  error: '故障',
  not_configured: '未配置',
};

/** Tag colour of each device state (antd preset status colours), wherever a state is listed. */
export const DEVICE_STATE_COLORS: Record<DeviceState, 'success' | 'error' | 'default'> = {
  connected: 'success',
  offline: 'error',
  error: 'error',
  not_configured: 'default',
};

export const SYNC_STATE_LABELS: Record<SyncState, string> = {
  not_configured: '未配置',
  online: '在线',
  offline: '离线',
  error: '故障',
};

/** Tag colour of each sync state (antd preset status colours), as DEVICE_STATE_COLORS for devices. */
export const SYNC_STATE_COLORS: Record<SyncState, 'success' | 'error' | 'default'> = {
  not_configured: 'default',
  online: 'success',
  offline: 'error',
  error: 'error',
};

/**
 * A printer's condition (its last `DLE EOT` answer, DeviceHealth.condition) by name, worst first:
 * 缺纸 or 纸将尽, 上盖打开, 脱机, then the printer's own error words. 脱机 is named only when
 * nothing else explains it: a printer with its cover open or out of paper also reports itself
 * offline (ESC/POS `DLE EOT 1` bit 3 follows `DLE EOT 2`'s causes), and "缺纸 · 脱机" would send
 * the clerk looking for a cable. Empty when all is well or nothing is known.
 */
export function printerConditionWords(condition: PrinterCondition | null | undefined): string[] {
  if (!condition) return [];
  const words: string[] = [];
  if (condition.paper === 'end') words.push('缺纸');
  if (condition.coverOpen) words.push('上盖打开');
  if (!condition.online && words.length === 0) words.push('脱机');
  if (condition.error) words.push(condition.error);
  if (condition.paper === 'near_end') words.push('纸将尽');
  return words;
}

/**
 * How urgent a printer's condition is: `error` when it cannot print (paper out, cover open,
 * offline, its own error), `warning` when it prints but soon will not (纸将尽), `ok` otherwise.
 */
export function printerConditionLevel(condition: PrinterCondition | null | undefined): 'ok' | 'warning' | 'error' {
  if (!condition) return 'ok';
  if (condition.paper === 'end' || condition.coverOpen || !condition.online || condition.error) return 'error';
  return condition.paper === 'near_end' ? 'warning' : 'ok';
}

/** The rating device's fault bits, as the clerk reads them (armed is its normal state, not named). */
export const RATING_FLAG_WORDS: { readonly [F in Exclude<keyof RatingDeviceFlags, 'armed'>]: string } = {
  boxFull: '币箱已满',
  coinJam: '卡币',
  coverOpen: '机盖打开',
  sensorFault: '传感器故障',
};

/**
 * The rating device's fault bits that are set (its last POLL status, DeviceHealth.ratingFlags), by
 * name in the order of the status bits (protocols/rating-device.md): 币箱已满, 卡币, 机盖打开,
 * 传感器故障. Empty when none is set or nothing is known (the legacy bus, not polled yet).
 */
export function ratingFlagWords(flags: RatingDeviceFlags | null | undefined): string[] {
  if (!flags) return [];
  return (Object.keys(RATING_FLAG_WORDS) as Array<keyof typeof RATING_FLAG_WORDS>).filter((f) => flags[f]).map((f) => RATING_FLAG_WORDS[f]);
}

/**
 * What to do about each fault the rating device reports (protocols/rating-device.md: fault codes
 * 1–4 and the status bits they set), in words the clerk can act on at once. Opening the device
 * (front cover, coin box) is the administrator's: the clerk calls them. The device clears the bit
 * itself once the cause is gone, and the window takes coins again without a restart.
 */
export const RATING_FAULT_REMEDIES: { readonly [F in DeviceFault]: string } = {
  coin_jam: '投币口卡币：请管理员打开评价器前盖取出卡住的评价币，故障消除后自动恢复',
  box_full: '币箱已满：请管理员打开币箱取出评价币，清空后自动恢复',
  cover_opened: '机盖打开：请关好评价器机盖；如不是管理员在维护，请立即报告管理员并检查币箱',
  sensor_fault: '传感器故障：评价器可能认不出投入的评价币，请管理员关掉评价器电源再打开；仍报故障请报修',
};

/** The status bit each fault sets (v1 POLL status; RATING_FLAG_WORDS names the same bits). */
const FAULT_OF_FLAG: { readonly [F in Exclude<keyof RatingDeviceFlags, 'armed'>]: DeviceFault } = {
  boxFull: 'box_full',
  coinJam: 'coin_jam',
  coverOpen: 'cover_opened',
  sensorFault: 'sensor_fault',
};

/** 离线: the device does not answer (on v1 a wrong address looks the same: nobody answers it). */
export const RATING_OFFLINE_REMEDY =
  '评价器没有应答：请检查评价器电源是否打开、串口线（USB 线）是否插好，恢复后自动连接；仍不行请管理员在“设置”中核对串口、协议和地址';

/**
 * The bus carries frames from an address other than this window's (the legacy driver's
 * otherAddressWords: `收到地址 5 的评价器数据，本窗口配置为地址 6，…`): the evaluator's DIP
 * switches and 设置 disagree, and its coins are not taken.
 */
export const RATING_WRONG_ADDRESS_REMEDY =
  '地址不符：评价器上设定的地址与本窗口设置的不同，投币不会计入；请管理员在“设置”中改正评价器地址（或改评价器的拨码），保存后自动生效';

/** The rating driver's words for a bus address that does not match (see RATING_WRONG_ADDRESS_REMEDY). */
const WRONG_ADDRESS_WORDS = /本窗口配置为地址|地址不符/;

/**
 * What the clerk can do about the rating device's state now, one line a problem, for the status
 * bar's tooltip: each fault bit set (connected: RATING_FAULT_REMEDIES, in the order of the bits),
 * a wrong bus address, or no answer (offline). Empty when all is well, not configured, or for
 * another device.
 */
export function ratingRemedies(device: Pick<DeviceHealth, 'id' | 'state' | 'detail' | 'ratingFlags'>): string[] {
  if (device.id !== 'ratingDevice') return [];
  const remedies: string[] = [];
  if (device.detail && WRONG_ADDRESS_WORDS.test(device.detail)) remedies.push(RATING_WRONG_ADDRESS_REMEDY);
  if (device.state === 'offline') remedies.push(RATING_OFFLINE_REMEDY);
  if (device.state === 'connected' && device.ratingFlags) {
    const flags = device.ratingFlags;
    for (const flag of Object.keys(FAULT_OF_FLAG) as Array<keyof typeof FAULT_OF_FLAG>) {
      if (flags[flag]) remedies.push(RATING_FAULT_REMEDIES[FAULT_OF_FLAG[flag]]);
    }
  }
  return remedies;
}
