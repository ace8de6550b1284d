/**
 * The second door into the core, for shells that need only where things live (Electron's main
 * process chooses the data folder before it starts the core's process). Nothing here opens
 * files or loads native modules, so the main process stays thin.
 */
export { defaultDataDir, APP_DIR_NAME } from './config/default-data-dir';
