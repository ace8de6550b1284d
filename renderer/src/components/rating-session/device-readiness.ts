import type { DeviceHealth } from '../../../../electron/contract/health';
import type { RatingDeviceFlags } from '../../../../electron/contract/ratings';

/** The id of the rating device among app.health's devices (core/ratings/ratings-module.ts). */
export const RATING_DEVICE_ID = 'ratingDevice';

/**
 * What the 请评价 panel says of the device, from its health (app.health / health.changed) and
 * the session's `deviceArmed`:
 * - `none`: this window has no rating device (`not_configured`, or not in the health at all) —
 *   no panel: there is nothing the citizen could rate with;
 * - `ready`: the device is open for this session: 请群众在评价器上投币;
 * - `offline`: not answering; the core opens it for the session as soon as it is back;
 * - `fault`: there but unable to take a coin now (卡币, 币箱已满, 传感器故障, or an `error`
 *   state such as a wrong address) — `words` says which;
 * - `opening`: connected and sound, the ARM not yet confirmed (a moment after the session began).
 */
export type DeviceReadiness =
  | { kind: 'none' }
  | { kind: 'ready' }
  | { kind: 'offline'; words: string }
  | { kind: 'fault'; words: string }
  | { kind: 'opening'; words: string };

/**
 * The status bits that keep a coin from being taken (protocols/rating-device.md, status bits
 * 1, 2, 4), in bit order, with the clerk's word for each. 机盖打开 (bit 3) is a tamper warning,
 * not a refusal: the device still takes coins, so the panel does not say 暂不能评价 for it (the
 * status bar and the fault alert tell it).
 */
const BLOCKING_FLAGS: ReadonlyArray<readonly [Exclude<keyof RatingDeviceFlags, 'armed' | 'coverOpen'>, string]> = [
  ['boxFull', '币箱已满'],
  ['coinJam', '卡币'],
  ['sensorFault', '传感器故障'],
];

/** The blocking fault words that are set, in bit order; empty when none is or nothing is known. */
export function blockingFaults(flags: RatingDeviceFlags | null | undefined): string[] {
  if (!flags) return [];
  return BLOCKING_FLAGS.filter(([flag]) => flags[flag]).map(([, word]) => word);
}

/** The panel's words for the device (see DeviceReadiness). `devices` is app.health's list. */
export function deviceReadiness(devices: readonly DeviceHealth[], deviceArmed: boolean): DeviceReadiness {
  const device = devices.find((d) => d.id === RATING_DEVICE_ID);
  if (!device || device.state === 'not_configured') return { kind: 'none' };
  if (device.state === 'offline') return { kind: 'offline', words: '评价器未连接，连接后将自动开启评价' };
  if (device.state === 'error') {
    // The detail is a sentence for a clerk (StatusReport), e.g. 串口 … 暂时无法打开（…），正在重试.
    return { kind: 'fault', words: device.detail ? `评价器故障，暂不能评价（${device.detail}）` : '评价器故障，暂不能评价' };
  }
  const faults = blockingFaults(device.ratingFlags);
  if (faults.length > 0) return { kind: 'fault', words: `评价器故障：${faults.join('、')}，暂不能评价` };
  if (deviceArmed) return { kind: 'ready' };
  return { kind: 'opening', words: '正在开启评价器…' };
}
