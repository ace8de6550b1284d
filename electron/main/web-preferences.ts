import type { WebPreferences } from 'electron';

/**
 * The only webPreferences any window of this app gets. Spelled out flag by flag (even where
 * Electron's default is already the safe value) so that a default changing in a future Electron
 * release, or a window created elsewhere with a copied options object, cannot silently weaken
 * the renderer: the page shows personal data of citizens and must never reach Node.
 */
export interface SecureWebPreferences {
  readonly preload: string;
  readonly contextIsolation: true;
  readonly sandbox: true;
  readonly nodeIntegration: false;
  readonly nodeIntegrationInWorker: false;
  readonly nodeIntegrationInSubFrames: false;
  readonly webSecurity: true;
  readonly allowRunningInsecureContent: false;
  readonly webviewTag: false;
  readonly experimentalFeatures: false;
  readonly spellcheck: false;
  readonly navigateOnDragDrop: false;
  readonly safeDialogs: true;
  readonly devTools: boolean;
}

export interface WebPreferencesOptions {
  /** Absolute path of the bundled preload (dist/electron/preload.cjs). */
  preloadPath: string;
  /**
   * Developer tools are for development builds only: in a hall, the console would let anyone
   * at the counter call the core directly, past the UI's confirmations.
   */
  allowDevTools: boolean;
}

export function secureWebPreferences(options: WebPreferencesOptions): SecureWebPreferences {
  const preferences = {
    preload: options.preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    // Chinese form fields (names, addresses) would be underlined red by an English dictionary.
    spellcheck: false,
    // A file dropped on the window by accident must not replace the application page.
    navigateOnDragDrop: false,
    // A misbehaving page must not be able to lock the clerk out with an endless alert() loop.
    safeDialogs: true,
    devTools: options.allowDevTools,
  } as const satisfies SecureWebPreferences & WebPreferences;
  return preferences;
}
