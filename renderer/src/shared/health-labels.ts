import type { DeviceState, Health } from '../../../electron/contract';

export const DEVICE_STATE_LABELS: Record<DeviceState, string> = {
  connected: '已连接',
  offline: '离线',
  not_configured: '未配置',
};

export const SYNC_STATE_LABELS: Record<Health['sync']['state'], string> = {
  not_configured: '未配置',
  online: '在线',
  offline: '离线',
};
