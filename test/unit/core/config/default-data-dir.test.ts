import { describe, expect, it } from 'vitest';
import { defaultDataDir } from '../../../../electron/core/config/default-data-dir';

describe('defaultDataDir', () => {
  it('uses XDG_CONFIG_HOME when it is an absolute path, ~/.config otherwise', () => {
    expect(defaultDataDir('linux', { XDG_CONFIG_HOME: '/srv/clerk/config' }, '/home/wf')).toBe('/srv/clerk/config/counter-window');
    expect(defaultDataDir('linux', {}, '/home/wf')).toBe('/home/wf/.config/counter-window');
  });

  it('ignores an XDG_CONFIG_HOME that is set but empty or relative, so the data never lands in the current folder', () => {
    for (const value of ['', 'config', './config', '.', '~/.config']) {
      expect(defaultDataDir('linux', { XDG_CONFIG_HOME: value }, '/home/wf'), JSON.stringify(value)).toBe('/home/wf/.config/counter-window');
    }
  });

  it('on Windows uses %APPDATA% only when it is an absolute path', () => {
    expect(defaultDataDir('win32', { APPDATA: 'D:\\Users\\wf\\AppData\\Roaming' }, 'C:\\Users\\wf')).toBe(
      'D:\\Users\\wf\\AppData\\Roaming\\counter-window',
    );
    for (const value of ['', 'AppData', '.\\x']) {
      expect(defaultDataDir('win32', { APPDATA: value }, 'C:\\Users\\wf'), JSON.stringify(value)).toBe(
        'C:\\Users\\wf\\AppData\\Roaming\\counter-window',
      );
    }
  });

  it('on macOS uses Application Support whatever the environment says', () => {
    expect(defaultDataDir('darwin', { XDG_CONFIG_HOME: '/x' }, '/Users/wf')).toBe('/Users/wf/Library/Application Support/counter-window');
  });
});
