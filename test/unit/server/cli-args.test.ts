import { describe, expect, it } from 'vitest';
import { DEFAULT_PORT, parseServerArgs, UsageError } from '../../../server/cli/args';

describe('npm run server -- …', () => {
  it('starts the server by default on the default port and folder', () => {
    expect(parseServerArgs([])).toEqual({ command: 'serve', port: DEFAULT_PORT, host: '0.0.0.0', dataDir: 'server-data' });
    expect(parseServerArgs(['--port', '9000', '--data-dir', '/srv/up'])).toMatchObject({ command: 'serve', port: 9000, dataDir: '/srv/up' });
  });

  it('reads the operator commands with their hall and window', () => {
    expect(parseServerArgs(['enrol', '--hall', 'JQ', '--window', '12'])).toEqual({ command: 'enrol', hall: 'JQ', window: 12, dataDir: 'server-data' });
    expect(parseServerArgs(['revoke', '--hall', 'JQ', '--window', '3'])).toMatchObject({ command: 'revoke', window: 3 });
    expect(parseServerArgs(['stats', '--hall', 'JQ'])).toMatchObject({ command: 'stats', hall: 'JQ' });
  });

  it('reads the role an enrolment code is for, in the config\'s words or the hall\'s', () => {
    expect(parseServerArgs(['enrol', '--hall', 'JQ', '--window', '91', '--role', 'dispenser'])).toEqual({ command: 'enrol', hall: 'JQ', window: 91, role: 'dispenser', dataDir: 'server-data' });
    expect(parseServerArgs(['enrol', '--hall', 'JQ', '--window', '95', '--role', '叫号屏'])).toMatchObject({ role: 'display' });
    expect(parseServerArgs(['enrol', '--hall', 'JQ', '--window', '12', '--role', 'Window'])).toMatchObject({ role: 'window' });
    expect(() => parseServerArgs(['enrol', '--hall', 'JQ', '--window', '12', '--role', 'kiosk'])).toThrow(/--role：设备角色应为 window（窗口）、dispenser（取号机）或 display（叫号屏）/);
  });

  it('refuses, in words, a bad hall, window, port, option or command', () => {
    expect(() => parseServerArgs(['enrol', '--hall', 'jq', '--window', '12'])).toThrow(/大厅代码/);
    expect(() => parseServerArgs(['enrol', '--hall', 'JQ', '--window', '1000'])).toThrow(/窗口号/);
    expect(() => parseServerArgs(['enrol', '--hall', 'JQ'])).toThrow(/--window/);
    expect(() => parseServerArgs(['--port', 'x'])).toThrow(UsageError);
    expect(() => parseServerArgs(['--colour'])).toThrow(UsageError);
    expect(() => parseServerArgs(['wipe'])).toThrow(/未知命令/);
  });
});
