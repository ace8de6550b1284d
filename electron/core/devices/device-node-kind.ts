import fs from 'node:fs';

/**
 * What kind of file system entry a configured device path names, following symbolic links
 * (`/dev/serial/by-id/…` and socat's pty links are links to the node). `other` covers sockets,
 * pipes and block devices: none is a printer or a serial port.
 */
export type DeviceNodeKind = 'character device' | 'regular file' | 'directory' | 'other';

/**
 * The kind of entry at `path` (see DeviceNodeKind).
 * @throws the fs.stat error: `ENOENT` when nothing is there (unplugged), `ENOTDIR`, `EACCES` …
 */
export async function deviceNodeKind(path: string): Promise<DeviceNodeKind> {
  const stat = await fs.promises.stat(path);
  if (stat.isCharacterDevice()) return 'character device';
  if (stat.isFile()) return 'regular file';
  if (stat.isDirectory()) return 'directory';
  return 'other';
}

/** How a clerk or IT staff would call each kind, for the words of a wrong-path error. */
export const KIND_WORDS: Record<DeviceNodeKind, string> = {
  'character device': '设备',
  'regular file': '普通文件',
  directory: '文件夹',
  other: '特殊文件',
};
