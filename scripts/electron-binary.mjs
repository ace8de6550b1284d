// Finds the Electron binary the way `require('electron')` would, minus the part where a
// missing binary triggers a download: the launcher only needs to know whether it can start
// the desktop app or should fall back to the browser shell.
import fs from 'node:fs';
import path from 'node:path';

/**
 * @param {string} repoRoot folder holding node_modules/
 * @returns {string | null} absolute path of the Electron executable, or null when not installed
 */
export function electronBinaryPath(repoRoot) {
  const packageDir = path.resolve(repoRoot, 'node_modules', 'electron');
  let relative;
  try {
    relative = fs.readFileSync(path.join(packageDir, 'path.txt'), 'utf8').trim();
  } catch {
    return null;
  }
  if (relative === '') return null;
  const distDir = path.join(packageDir, 'dist');
  const binary = path.resolve(distDir, relative);
  // path.txt is written by electron's installer; anything pointing outside dist/ is not its work.
  if (path.relative(distDir, binary).startsWith('..') || path.isAbsolute(path.relative(distDir, binary))) return null;
  try {
    return fs.statSync(binary).isFile() ? binary : null;
  } catch {
    return null;
  }
}
