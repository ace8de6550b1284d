import type { DeviceFault } from '../../../../electron/contract/ratings';

/**
 * What the clerk should do about each device fault (protocols/rating-device.md, fault codes
 * 1–4). The clerk may not open the device: the coin box and its key are the administrator's.
 */
export const DEVICE_FAULT_ADVICE: { readonly [F in DeviceFault]: string } = {
  coin_jam: '评价币卡在投币口，群众暂时无法评价。请联系管理员打开评价器清理投币口。',
  box_full: '评价器不能再收币。请联系管理员清理币箱（取出评价币）后再请群众评价。',
  cover_opened: '评价器的机盖被打开。如非管理员在维护，请立即报告管理员并检查币箱。',
  sensor_fault: '评价器可能无法识别投入的评价币。请联系管理员检修评价器。',
};
