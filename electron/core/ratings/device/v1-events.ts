import { SATISFACTION_OF_DEVICE_LEVEL } from '../../../contract/ratings';
import { V1_FAULT_OF_CODE, type V1DeviceEvent } from '../protocol/v1-messages';
import { ProtocolError } from '../protocol/protocol-error';
import type { DeviceFaultEvent, DeviceVote } from './rating-driver';

/** The unique key of a v1 event: `v1:<device serial>:<event_id>` (protocols/rating-device.md, host rule 1). */
export function v1EventKey(serial: string, eventId: number): string {
  return `v1:${serial}:${eventId}`;
}

/**
 * A v1 POLL event as what the sink stores: a RATING as a DeviceVote (satisfaction by name from the
 * level byte, SATISFACTION_OF_DEVICE_LEVEL), a FAULT as a DeviceFaultEvent. Pure.
 * @param receivedAt when the host read it (ISO 8601)
 * @throws ProtocolError for a level or fault code the protocol does not define (the codec already
 *   refuses them; kept so that this function stands on its own).
 */
export function deviceEventRecord(
  event: V1DeviceEvent,
  serial: string,
  address: number,
  receivedAt: string,
): { kind: 'vote'; vote: DeviceVote } | { kind: 'fault'; fault: DeviceFaultEvent } {
  const key = v1EventKey(serial, event.eventId);
  const deviceTime = new Date(event.deviceTime * 1000).toISOString();
  if (event.kind === 'fault') {
    const fault = V1_FAULT_OF_CODE[event.level];
    if (fault === undefined) throw new ProtocolError(`FAULT code must be 1..4, got ${event.level}`);
    return { kind: 'fault', fault: { key, fault, deviceSerial: serial, deviceTime, receivedAt } };
  }
  const satisfaction = SATISFACTION_OF_DEVICE_LEVEL[event.level];
  if (satisfaction === undefined) throw new ProtocolError(`RATING level must be 1..5, got ${event.level}`);
  return {
    kind: 'vote',
    vote: {
      key,
      protocol: 'v1',
      satisfaction,
      deviceSerial: serial,
      deviceEventId: event.eventId,
      address,
      slot: event.slot,
      deviceSessionId: event.sessionId,
      deviceTime,
      receivedAt,
    },
  };
}
