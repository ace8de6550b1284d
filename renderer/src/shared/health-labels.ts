import type { DeviceState, PrinterCondition, SyncState } from '../../../electron/contract';
import type { RatingDeviceFlags } from '../../../electron/contract/ratings';

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
