import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';

const made: string[] = [];

/** A fresh folder for one test's data, removed when the test file is done. */
export function makeTempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `counter-${prefix}-`));
  made.push(dir);
  return dir;
}

// Registered once per test file (each runs in its own module graph): a run leaves no data behind,
// and nothing with personal-looking test data lingers in /tmp.
afterAll(() => {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});
