import fs from 'node:fs';

import { issuePath } from '../schema-issues';
import { ConfigSchema, DEMO_CONFIG, type CounterConfig } from './config-schema';

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}


/** Validates an already-parsed config value; the error names every bad field. */
export function parseConfig(value: unknown, source: string): CounterConfig {
  const result = ConfigSchema.safeParse(value);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => `  - ${issue.path.length === 0 ? '(整个文件)' : issuePath(issue.path)}：${issue.message}`);
  throw new ConfigError(`配置文件 ${source} 有误：\n${lines.join('\n')}`);
}

export interface LoadedConfig {
  config: CounterConfig;
  /** The file it came from, or null for the built-in demo settings. */
  source: string | null;
}

/**
 * `file` given: it must exist and be valid. Not given: `fallbackFile` (config.json in the data
 * folder) if present, else the demo settings, so a first start never fails on a missing file.
 */
export function loadConfig(file: string | null, fallbackFile: string): LoadedConfig {
  const chosen = file ?? (fs.existsSync(fallbackFile) ? fallbackFile : null);
  if (chosen === null) return { config: DEMO_CONFIG, source: null };
  let text: string;
  try {
    text = fs.readFileSync(chosen, 'utf8');
  } catch (err) {
    throw new ConfigError(`无法读取配置文件 ${chosen}：${(err as Error).message}`);
  }
  return { config: parseConfigText(text, chosen), source: chosen };
}

/**
 * Parses a config file's text (JSON, a leading BOM allowed) and validates it (parseConfig).
 * @throws ConfigError naming `source` and every bad field.
 */
export function parseConfigText(text: string, source: string): CounterConfig {
  let value: unknown;
  try {
    // A BOM is what Windows Notepad writes; JSON.parse would reject it.
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new ConfigError(`配置文件 ${source} 不是有效的 JSON：${(err as Error).message}`);
  }
  return parseConfig(value, source);
}
