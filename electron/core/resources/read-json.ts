import fs from 'node:fs';

/**
 * Reads a shipped JSON file (the catalog, the calendar, reference lists under `resourcesDir`) for
 * its loader's schema to check.
 * @throws the file system's error when it cannot be read; SyntaxError when it is not JSON.
 */
export function readJsonFile(file: string): unknown {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
}
