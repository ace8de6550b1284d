import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadEmulatorState, saveEmulatorState, type V1DeviceState } from '../../../../../electron/core/ratings/emulator/emulator-state';
import { newV1DeviceState, V1Device } from '../../../../../electron/core/ratings/emulator/v1-device';
import { V1FrameParser } from '../../../../../electron/core/ratings/protocol/v1-frame';
import { decodePollReply, pollPayload, V1_CMD } from '../../../../../electron/core/ratings/protocol/v1-messages';
import { makeTempDir } from '../../../../support/temp-dirs';

const T0 = 1_800_000_000_000;

/** A v1 device whose non-volatile memory is the state file, as the emulator's --state FILE runs it. */
function deviceOn(file: string): V1Device {
  const state = (loadEmulatorState(file) as V1DeviceState | null) ?? newV1DeviceState('PJ-FILE-1');
  return new V1Device({ address: 1, slots: [5, 4, 3, 2, 1], state, save: (s) => saveEmulatorState(file, s) });
}

describe('the v1 emulator’s state file', () => {
  it('keeps a coin the host has not acknowledged across a restart: the file saved after the coin loads, and the next POLL still offers it', () => {
    const file = path.join(makeTempDir('v1-state'), 'device-state.json');
    const before = deviceOn(file);
    const coin = before.coin(1, T0);
    expect(coin.ok).toBe(true);

    // A new emulator on the same file (the old one killed): the file must pass its own schema.
    const after = deviceOn(file);
    expect(after.unacknowledged()).toEqual([{ eventId: 1, kind: 'rating', sessionId: 0, level: 4, slot: 1, deviceTime: expect.any(Number) }]);
    const { reply } = after.receive({ ver: 1, addr: 1, seq: 1, cmd: V1_CMD.POLL, payload: pollPayload(0) }, T0 + 1000);
    const [frame] = new V1FrameParser().push(reply ?? new Uint8Array(0), 0);
    expect(decodePollReply(frame!.payload)).toMatchObject({ queued: 1, event: { eventId: 1, level: 4, slot: 1 } });
    // And the counter went on from the file: the next coin is event 2.
    const next = after.coin(0, T0 + 2000);
    expect(next.ok && next.event.eventId).toBe(2);
  });
});
