/** Absolute path of the installed Electron executable under `repoRoot`, or null. */
export function electronBinaryPath(repoRoot: string): string | null;
