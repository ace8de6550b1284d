import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/**
 * How an operator command reaches the server that holds a PGlite folder (one process per folder):
 * the server writes its loopback port and a random secret into the folder, readable by the
 * folder's owner only; the command, finding the folder in use, sends its request there.
 */
export const OPERATOR_FILE_NAME = 'operator.json';

export const OperatorFileSchema = z.strictObject({
  pid: z.number().int().positive(),
  port: z.number().int().min(1).max(65535),
  secret: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
});
export type OperatorFile = z.infer<typeof OperatorFileSchema>;

/** Writes the file (mode 0600) atomically. */
export function writeOperatorFile(dataDir: string, content: OperatorFile): void {
  const file = path.join(dataDir, OPERATOR_FILE_NAME);
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, JSON.stringify(content), { mode: 0o600 });
  fs.renameSync(temp, file);
}

/** The file's content, or null when absent or unreadable. */
export function readOperatorFile(dataDir: string): OperatorFile | null {
  try {
    const parsed = OperatorFileSchema.safeParse(JSON.parse(fs.readFileSync(path.join(dataDir, OPERATOR_FILE_NAME), 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Removes the file if it is this process's. */
export function removeOperatorFile(dataDir: string): void {
  if (readOperatorFile(dataDir)?.pid === process.pid) fs.rmSync(path.join(dataDir, OPERATOR_FILE_NAME), { force: true });
}
