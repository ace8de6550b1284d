/**
 * 测试评价器 on settings not saved yet (the first-run wizard, `setup.testRatingDevice`): a driver
 * of its own for the few seconds of the test, on the settings as typed, that stores nothing.
 */
import type { RatingDeviceConfig } from '../../contract/config';
import { CounterError } from '../../contract/errors';
import type { RatingDeviceTest } from '../../contract/ratings';
import type { RatingDeviceSink, RatingDriver } from './device/rating-driver';

/**
 * How long the test waits for the device to be connected, ms: v1's handshake (IDENT, SET_TIME)
 * takes well under a second on a device that answers, and three missed exchanges of four 200 ms
 * sends (≈ 2.4 s, protocols/rating-device.md) mark a silent one offline; a bus port is connected
 * once open. Past it the driver's own words say why.
 */
export const UNSAVED_TEST_CONNECT_MS = 4000;

/** Why a coin or fault read during a test is not taken (the driver logs it; the device keeps it). */
const NOT_DURING_TEST = '测试评价器时不记录评价：评价留在评价器中，设置完成后由程序接收';

/**
 * The test driver's sink: refuses everything, so nothing is acknowledged and the device keeps
 * each coin and fault for the driver that runs once the settings are saved (host rule 1 of
 * protocols/rating-device.md: acknowledged only once committed).
 */
const REFUSING_SINK: RatingDeviceSink = {
  commitVote() {
    throw new Error(NOT_DURING_TEST);
  },
  commitFault() {
    throw new Error(NOT_DURING_TEST);
  },
};

/** Resolves once the driver reports `connected`; rejects with its own words after `timeoutMs`. */
function untilConnected(driver: RatingDriver, timeoutMs: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (driver.status().state === 'connected') {
      resolve();
      return;
    }
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new CounterError('unavailable', `评价器未连接：${driver.status().detail ?? '请检查串口、连接线和评价器电源'}`));
    }, timeoutMs);
    const unsubscribe = driver.onStatus((report) => {
      if (report.state !== 'connected') return;
      clearTimeout(timer);
      unsubscribe();
      resolve();
    });
  });
}

/**
 * Starts a driver for `device` (made by `driverFor`, the core's factory), waits until it is
 * connected, identifies the device as 测试评价器 does on the 设置 page, and stops the driver
 * whatever happened. The port must not be held by another driver meanwhile (the caller's business).
 * @throws CounterError `unavailable` with the driver's words when the device does not connect or answer.
 */
export async function testUnsavedDevice(
  device: RatingDeviceConfig,
  driverFor: (config: RatingDeviceConfig, sink: RatingDeviceSink) => RatingDriver,
  timeoutMs = UNSAVED_TEST_CONNECT_MS,
): Promise<RatingDeviceTest> {
  const driver = driverFor(device, REFUSING_SINK);
  driver.start();
  try {
    await untilConnected(driver, timeoutMs);
    const identified = await driver.identify();
    return { ...identified, endpoint: driver.status().endpoint ?? device.path };
  } finally {
    await driver.stop();
  }
}
