import { createRequire } from 'node:module';

/**
 * Node's `require`, both where this code runs as CommonJS (the esbuild bundles the app ships)
 * and as an ES module (the test runner). Used to find a native module's path for a worker.
 */
export function nodeRequire(): NodeJS.Require {
  return typeof require === 'function' ? require : createRequire(import.meta.url);
}
