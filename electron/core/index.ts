/**
 * The core's entry: the only module that main, preload and the browser shell may import from
 * the core (a test enforces this).
 */
export { createCore, DATABASE_FILE, type Core, type CoreOptions } from './create-core';
export { startRestartableCore, RESTARTING_MESSAGE, type RestartableCore, type RestartableCoreHost } from './host/restartable-core';
export { ConfigError } from './config/load-config';
export { DatabaseTooNewError } from './storage/open-database';
export { StoreStartupError, type StoreProblem } from './storage/store-startup-error';
export { DataDirInUseError } from './storage/data-dir-lock';
export { defaultDataDir } from './config/default-data-dir';
export { createLogger, silentLogger, type Logger } from './logging/logger';
export { openStaffAdmin, type StaffAdmin } from './staff/staff-admin';
