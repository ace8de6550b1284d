import { describe, expect, it } from 'vitest';

import { permissionCheckDecision, permissionDecision } from '../../../electron/main/permission-policy';

const PERMISSIONS = [
  'media',
  'geolocation',
  'notifications',
  'midi',
  'midiSysex',
  'pointerLock',
  'fullscreen',
  'openExternal',
  'clipboard-read',
  'clipboard-sanitized-write',
  'display-capture',
  'hid',
  'serial',
  'usb',
  'idle-detection',
  'window-management',
  'unknown',
  'some-future-permission',
];

describe('permissionDecision', () => {
  it.each(PERMISSIONS)('denies %s to our own page', (permission) => {
    expect(permissionDecision(permission, 'app://counter/index.html')).toBe(false);
  });

  it.each(PERMISSIONS)('denies %s to a foreign page', (permission) => {
    expect(permissionDecision(permission, 'https://example.com/')).toBe(false);
  });
});

describe('permissionCheckDecision', () => {
  it.each(PERMISSIONS)('answers no for %s, like the request handler', (permission) => {
    expect(permissionCheckDecision(permission, 'app://counter')).toBe(false);
    expect(permissionCheckDecision(permission, 'https://example.com')).toBe(false);
    expect(permissionCheckDecision(permission, '')).toBe(false);
  });
});
