import type { BuildOptions } from 'esbuild';

/** Entry points of the Node side: [source, output file]. */
export const NODE_ENTRIES: ReadonlyArray<readonly [string, string]>;
/** How every Node-side entry is bundled (esbuild options, without entry, output and logging). */
export const NODE_BUNDLE_OPTIONS: BuildOptions;
export function buildNode(): Promise<void>;
export function buildRenderer(): Promise<void>;
