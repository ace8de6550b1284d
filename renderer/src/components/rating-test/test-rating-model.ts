/**
 * The rules and words of 测试评价器 (RatingTester.tsx, RatingDevicePicture.tsx; on the 设置 page
 * and in the first-run wizard's 设备 step): why it cannot be pressed, the device's state lights
 * and slots as the picture shows them, and what a failed test is told besides the core's own
 * words. Pure.
 */
import type { DeviceHealth } from '../../../../electron/contract';
import { SATISFACTIONS, type RatingDeviceFlags, type RatingDeviceTest, type RatingProtocol } from '../../../../electron/contract/ratings';

/**
 * Why 测试评价器 cannot be pressed now, or null when it can: the core tests the device as it runs
 * it, so a device not saved yet, edited since, or saved but waiting for a restart, is seen to first.
 */
export function ratingTestBlocked(configured: boolean, edited: boolean, restartPending: boolean): string | null {
  if (!configured) return edited ? '请先保存评价器的设置（Ctrl+S），再测试' : '未设置评价器：请在上方选择串口并保存';
  if (edited) return '评价器的设置已修改：请先保存（Ctrl+S），测试按保存的设置进行';
  if (restartPending) return '评价器的新设置在重新启动程序后生效：请先重启，再测试';
  return null;
}

/**
 * Why the wizard's 测试评价器 cannot be pressed, or null when it can: it tests the settings as
 * typed (setup.testRatingDevice), so only a serial port not yet typed is seen to first (the other
 * fields are checked when it is pressed, each message beside its field).
 */
export function wizardRatingTestBlocked(serialPath: string | undefined): string | null {
  return (serialPath ?? '').trim() === '' ? '请先在上方选择或填写串口' : null;
}

/**
 * What to check after a failed test of settings not saved yet (the wizard: no running device
 * whose state could say more): the settings against the device, then the cable and the power.
 */
export const UNSAVED_RATING_TEST_HINT = '请核对上面的串口、波特率、协议和地址与评价器一致，并检查串口线（USB 线）是否插好、评价器电源是否打开。';

/** How a lit light looks: green (armed), amber (soon a problem), red (cannot take coins). */
export type LightTone = 'ok' | 'warn' | 'bad';

/** One state light of the device's front panel, by its status bit (protocols/rating-device.md, status bits). */
export interface RatingLight {
  flag: keyof RatingDeviceFlags;
  label: string;
  tone: LightTone;
}

/** The device's lights, in the order of its status bits (bit0 armed … bit4 sensor fault). */
export const RATING_LIGHTS: readonly RatingLight[] = [
  { flag: 'armed', label: '已布防', tone: 'ok' },
  { flag: 'boxFull', label: '币箱满', tone: 'warn' },
  { flag: 'coinJam', label: '卡币', tone: 'bad' },
  { flag: 'coverOpen', label: '机盖打开', tone: 'bad' },
  { flag: 'sensorFault', label: '传感器故障', tone: 'bad' },
];

/** Each light and whether it is lit; `lit` null where the device reports no status (the legacy bus). */
export function lightsOf(flags: RatingDeviceFlags | null): Array<RatingLight & { lit: boolean | null }> {
  return RATING_LIGHTS.map((light) => ({ ...light, lit: flags ? flags[light.flag] : null }));
}

/**
 * What a slot is called under its level: v1 numbers the slots from 0 left to right (shown from
 * 1, as on the device's front); on the legacy bus a "slot" is the score byte the evaluator sends.
 */
export function slotCaption(protocol: RatingProtocol, slot: number): string {
  return protocol === 'v1' ? `投币口 ${slot + 1}` : `分值 ${slot}`;
}

/**
 * The slots as the picture draws them, left to right. v1: as the device reports them (its IDENT
 * slot list is the front from the left, whatever the maker's order). The legacy bus: the score map
 * carries no position, and a map read by byte (1 → 5) would draw 非常不满意 on the left, the
 * mirror of the evaluator's front (非常满意 … 非常不满意 from the left, the national layout and
 * the emulator's); so the best level first, the worst last, bytes in order within a level.
 */
export function pictureSlots(test: Pick<RatingDeviceTest, 'protocol' | 'slots'>): RatingDeviceTest['slots'] {
  if (test.protocol === 'v1') return test.slots;
  const rank = (s: RatingDeviceTest['slots'][number]) => SATISFACTIONS.indexOf(s.satisfaction);
  return [...test.slots].sort((a, b) => rank(a) - rank(b) || a.slot - b.slot);
}

/** The round trip of the identification in words (`38 毫秒`), or `—` when the bus has none. */
export function roundTripText(test: Pick<RatingDeviceTest, 'roundTripMs'>): string {
  return test.roundTripMs === null ? '—' : `${Math.round(test.roundTripMs)} 毫秒`;
}

/**
 * What to check, beside the core's words for a failed test, from the device's state in app.health:
 * offline → the cable, the power and the port; error → the driver's own detail; null when the
 * state says nothing more.
 */
export function ratingTestHint(device: DeviceHealth | undefined): string | null {
  if (!device) return null;
  switch (device.state) {
    case 'not_configured':
      return '未设置评价器：请在上方选择串口并保存。';
    case 'offline':
      return '评价器离线：请检查串口线（USB 线）是否插好、评价器电源是否打开，以及上面的串口、波特率、协议和地址。';
    case 'error':
      return device.detail ? `评价器故障：${device.detail}` : '评价器故障：请检查上面的设置。';
    default:
      return null;
  }
}
