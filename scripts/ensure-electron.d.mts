export const INSTALL_TIMEOUT_MS: number;
export function failureLine(reason: string): string;
export function reasonFromOutput(stderr: string | null | undefined, status: number | null): string;
export function ensureElectron(options: {
  repoRoot: string;
  env?: NodeJS.ProcessEnv;
  strict?: boolean;
  timeoutMs?: number;
  say?: (line: string) => void;
}): number;
