import { describe, expect, it } from 'vitest';

import { secureWebPreferences } from '../../../electron/main/web-preferences';

describe('secureWebPreferences', () => {
  const preloadPath = '/opt/counter/resources/app.asar/dist/electron/preload.cjs';

  it('isolates and sandboxes the renderer, with no Node anywhere', () => {
    const prefs = secureWebPreferences({ preloadPath, allowDevTools: false });
    expect(prefs.contextIsolation).toBe(true);
    expect(prefs.sandbox).toBe(true);
    expect(prefs.nodeIntegration).toBe(false);
    expect(prefs.nodeIntegrationInWorker).toBe(false);
    expect(prefs.nodeIntegrationInSubFrames).toBe(false);
  });

  it('keeps web security on and every risky feature off', () => {
    const prefs = secureWebPreferences({ preloadPath, allowDevTools: false });
    expect(prefs.webSecurity).toBe(true);
    expect(prefs.allowRunningInsecureContent).toBe(false);
    expect(prefs.webviewTag).toBe(false);
    expect(prefs.experimentalFeatures).toBe(false);
    expect(prefs.spellcheck).toBe(false);
    expect(prefs.navigateOnDragDrop).toBe(false);
    expect(prefs.safeDialogs).toBe(true);
  });

  it('uses the given preload and allows devtools only when asked', () => {
    expect(secureWebPreferences({ preloadPath, allowDevTools: false })).toMatchObject({ preload: preloadPath, devTools: false });
    expect(secureWebPreferences({ preloadPath, allowDevTools: true }).devTools).toBe(true);
  });

  it('sets exactly the reviewed flags, nothing more or less', () => {
    expect(Object.keys(secureWebPreferences({ preloadPath, allowDevTools: false })).sort()).toEqual(
      [
        'allowRunningInsecureContent',
        'contextIsolation',
        'devTools',
        'experimentalFeatures',
        'navigateOnDragDrop',
        'nodeIntegration',
        'nodeIntegrationInSubFrames',
        'nodeIntegrationInWorker',
        'preload',
        'safeDialogs',
        'sandbox',
        'spellcheck',
        'webSecurity',
        'webviewTag',
      ].sort(),
    );
  });

  it('returns a fresh object each time, so one window cannot change another\'s options', () => {
    const a = secureWebPreferences({ preloadPath, allowDevTools: false });
    const b = secureWebPreferences({ preloadPath, allowDevTools: false });
    expect(a).not.toBe(b);
    expect(a).toEqual(b);
  });
});
