import fs from 'node:fs';
import { resolveAppFile } from '../shell-shared/static-assets';

/**
 * The file under `root` (or, for `/fonts/…`, under `fontsDir`) that a URL path names, or null
 * for anything that is not plainly a file inside it.
 */
export function resolveStaticFile(root: string, urlPath: string, fontsDir: string | null = null): string | null {
  const file = resolveAppFile(urlPath.split('?')[0] ?? '', { rendererDir: root, fontsDir });
  if (file === null) return null;
  try {
    return fs.statSync(file).isFile() ? file : null;
  } catch {
    return null;
  }
}
