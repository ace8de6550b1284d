import type { DeviceState, SyncState } from '../../../electron/contract';

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
