import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadEmulatorState, saveEmulatorState } from '../../../../../electron/core/ratings/emulator/emulator-state';
import { newV1DeviceState } from '../../../../../electron/core/ratings/emulator/v1-device';
import { makeTempDir } from '../../../../support/temp-dirs';

describe('emulator state file', () => {
  it('round-trips, leaves no temp file, and is null when missing', () => {
    const dir = makeTempDir('rating-state');
    const file = path.join(dir, 'state.json');
    expect(loadEmulatorState(file)).toBeNull();
    const state = newV1DeviceState('PJ-1');
    state.events.push({ event: { eventId: 1, kind: 'rating', sessionId: 0, level: 5, slot: 0, deviceTime: 1 }, at: 2, ackedAt: null });
    state.nextEventId = 2;
    saveEmulatorState(file, state);
    expect(loadEmulatorState(file)).toEqual(state);
    expect(fs.readdirSync(dir)).toEqual(['state.json']);
  });

  it('refuses a damaged file with words', () => {
    const dir = makeTempDir('rating-state');
    const file = path.join(dir, 'state.json');
    fs.writeFileSync(file, '{"protocol":"v1","serial":"X","nextEventId":0,"events":[]}');
    expect(() => loadEmulatorState(file)).toThrow(/格式不对/);
    fs.writeFileSync(file, '{');
    expect(() => loadEmulatorState(file)).toThrow(/JSON/);
  });
});
