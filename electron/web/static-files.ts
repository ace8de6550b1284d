import fs from 'node:fs';
import { resolveAssetPath } from '../shell-shared/static-assets';

/** The file under `root` that a URL path names, or null for anything that is not plainly a file inside it. */
export function resolveStaticFile(root: string, urlPath: string): string | null {
  const file = resolveAssetPath(urlPath.split('?')[0] ?? '', root);
  if (file === null) return null;
  try {
    return fs.statSync(file).isFile() ? file : null;
  } catch {
    return null;
  }
}
