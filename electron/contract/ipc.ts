// The Electron IPC between main and the preload. Both import these at run time, and the sandboxed
// preload may carry nothing but its own code (esbuild bundles it alone): this file has no imports.

/** The channel the preload's `invoke` sends on and main answers with an envelope. */
export const INVOKE_CHANNEL = 'counter:invoke';

/** The channel main pushes core events on, as `(name, payload)`. */
export const EVENT_CHANNEL = 'counter:event';

/**
 * The longest method name any transport passes on, in UTF-16 units (the longest in the contract
 * is far shorter): a longer name is refused as unknown before it reaches the core, and a name
 * echoed into a message or a log is cut to this length.
 */
export const MAX_METHOD_LENGTH = 100;
