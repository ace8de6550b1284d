import type { DeviceFault, RatingDeviceFlags, RatingDeviceTest, RatingProtocol, Satisfaction } from '../../../contract/ratings';
import type { BackgroundService } from '../../assembly/capability-module';
import type { StatusSource } from '../../devices/device';

/**
 * A coin as the device reported it, before the host attributed it to a service. Handed to
 * RatingDeviceSink.commitVote, which stores it exactly once under `key`.
 */
export interface DeviceVote {
  /**
   * The vote's unique key: v1 `v1:<device serial>:<event_id>` (protocols/rating-device.md, host
   * rule 1: stored once however often it is delivered, across restarts of either side); legacy
   * bus `bus:<address>:<host-assigned id>` (the bus has no event id; the driver's de-duplication
   * window decides what is a repeat before a key is made, see its docs).
   */
  key: string;
  protocol: RatingProtocol;
  satisfaction: Satisfaction;
  /** v1: device serial (IDENT); legacy: null. */
  deviceSerial: string | null;
  /** v1: event_id; legacy: null. */
  deviceEventId: number | null;
  address: number;
  /** v1: slot index; legacy: raw score byte. */
  slot: number | null;
  /** v1: the session_id the device was armed with when the coin fell (0 = not armed); legacy: null. */
  deviceSessionId: number | null;
  /** v1: device_time as ISO 8601 (UTC); legacy: null. */
  deviceTime: string | null;
  /** When the host read it off the wire (ISO 8601). */
  receivedAt: string;
}

/** A fault the device reported (v1 FAULT event, fault codes 1–4). Stored once under `key`. */
export interface DeviceFaultEvent {
  /** `v1:<device serial>:<event_id>`. */
  key: string;
  fault: DeviceFault;
  deviceSerial: string | null;
  deviceTime: string | null;
  receivedAt: string;
}

/**
 * A key pressed on a caller keypad on the legacy hall bus (`0C` call next, `0D` recall, `0B` ask
 * for evaluation, `12` pause, `13` transfer; a digit then `0F`): the queue (issue 17) acts on it.
 */
export interface KeypadPress {
  address: number;
  /** The FUNC byte (and the digit before `0F`, when there was one). */
  code: number;
  digit: number | null;
  receivedAt: string;
}

/**
 * Where a driver hands what the device said. Synchronous and committed when it returns (the
 * store is better-sqlite3, one transaction): the driver acknowledges a vote to the device ONLY
 * after commitVote returned (protocols/rating-device.md, host rule 1). A throw means "not
 * stored": the driver does not acknowledge, and the device delivers it again.
 */
export interface RatingDeviceSink {
  /** Stores the vote once under its key (a repeat is a no-op returning normally). */
  commitVote(vote: DeviceVote): void;
  /** Stores the fault once under its key, and tells the clerk. */
  commitFault(fault: DeviceFaultEvent): void;
  /** A caller keypad's key on the legacy bus (no-op until the queue, issue 17). */
  keypad?(press: KeypadPress): void;
  /**
   * Legacy bus: when the last vote committed from bus `address` with raw score `score` (DeviceVote
   * `slot`) was received (its `receivedAt`, ISO 8601), looking at the latest few votes only; null
   * when none of them is. The driver's de-duplication window asks it so that a restart between a
   * commit and its acknowledgement does not store the evaluator's resend twice
   * (legacy-bus-driver.ts). Optional: without it the window is the driver's memory alone.
   */
  lastBusVoteAt?(address: number, score: number): string | null;
}

/**
 * One rating device's driver (v1 or the legacy hall bus): it owns the serial port, keeps the
 * heartbeat, reconnects by itself after an unplug (finding the device again by its USB identity
 * when configured), and reports connected / offline / error (StatusSource, with `ratingFlags`).
 * Every write, drain and close it does is bounded in time. `start` opens and never throws for a
 * missing device (it reports offline and keeps trying); `stop` closes within a bounded time.
 */
export interface RatingDriver extends StatusSource, BackgroundService {
  readonly protocol: RatingProtocol;
  /**
   * Arms the device for one coin (v1 ARM session_id u32 non-zero, timeout_s u16; legacy bus: the
   * 请评价 frame). Resolves true when the device acknowledged, false when it is offline (the
   * driver re-arms by itself on reconnection while the session is open: `armed()` says which).
   * @throws Error with Chinese words when the device refused (NAK).
   */
  arm(deviceSessionId: number, timeoutSeconds: number): Promise<boolean>;
  /** Disarms (DISARM); resolves false when offline. Forgets the open session either way. */
  disarm(): Promise<boolean>;
  /** The session the driver keeps armed (re-armed after reconnection), or null. */
  armed(): { deviceSessionId: number; until: number } | null;
  /**
   * 测试评价器: identifies the device now (v1 IDENT + a POLL; legacy: what the config says, and
   * whether the bus answered). @throws CounterError `unavailable` with words when it does not answer.
   */
  identify(): Promise<Omit<RatingDeviceTest, 'endpoint'>>;
  /** The last polled status bits (v1), or null. */
  flags(): RatingDeviceFlags | null;
}
