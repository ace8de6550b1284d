import { describe, expect, it } from 'vitest';
import { parseEmulatorCommand } from '../../../../../electron/core/ratings/emulator/emulator-commands';

describe('parseEmulatorCommand', () => {
  it('reads every command', () => {
    expect(parseEmulatorCommand('coin 3')).toEqual({ name: 'coin', target: '3' });
    expect(parseEmulatorCommand(' coin 非常满意 ')).toEqual({ name: 'coin', target: '非常满意' });
    expect(parseEmulatorCommand('jam')).toEqual({ name: 'fault', fault: 'coin_jam' });
    expect(parseEmulatorCommand('full')).toEqual({ name: 'fault', fault: 'box_full' });
    expect(parseEmulatorCommand('cover')).toEqual({ name: 'fault', fault: 'cover_opened' });
    expect(parseEmulatorCommand('sensor')).toEqual({ name: 'fault', fault: 'sensor_fault' });
    expect(parseEmulatorCommand('clear')).toEqual({ name: 'clear' });
    expect(parseEmulatorCommand('unplug')).toEqual({ name: 'unplug', newLink: null });
    expect(parseEmulatorCommand('plug /tmp/x')).toEqual({ name: 'plug', newLink: '/tmp/x' });
    expect(parseEmulatorCommand('garbage')).toEqual({ name: 'garbage', count: 16 });
    expect(parseEmulatorCommand('garbage 100')).toEqual({ name: 'garbage', count: 100 });
    expect(parseEmulatorCommand('drop 0.3')).toEqual({ name: 'drop', rate: 0.3 });
    expect(parseEmulatorCommand('key next')).toEqual({ name: 'key', code: 0x0c, digit: null });
    expect(parseEmulatorCommand('key 6')).toEqual({ name: 'key', code: 0x0f, digit: 6 });
    for (const word of ['mute', 'unmute', 'status', 'help', 'quit'] as const) expect(parseEmulatorCommand(word)).toEqual({ name: word });
    expect(parseEmulatorCommand('   ')).toBeNull();
  });

  it('says in Chinese what is wrong', () => {
    expect((parseEmulatorCommand('coin') as Error).message).toMatch(/投币口/);
    expect((parseEmulatorCommand('drop 2') as Error).message).toMatch(/0–1/);
    expect((parseEmulatorCommand('garbage x') as Error).message).toMatch(/字节数/);
    expect((parseEmulatorCommand('fly') as Error).message).toMatch(/未知命令/);
    expect((parseEmulatorCommand('jam now') as Error).message).toMatch(/不带参数/);
  });
});
