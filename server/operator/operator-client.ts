import { readOperatorFile } from './operator-file';
import { OPERATOR_PATHS, OPERATOR_SECRET_HEADER } from './operator-routes';

/** The running server refused an operator command; the message carries its reason in words. */
export class OperatorRefusedError extends Error {
  constructor(
    readonly status: number,
    reason: string,
  ) {
    super(`正在运行的上级服务拒绝了该命令：${reason}`);
    this.name = 'OperatorRefusedError';
  }
}

/**
 * Sends an operator command to the server holding `dataDir` (operator-file.ts), waiting at most
 * `timeoutMs` for the answer (an export takes longer than the default 30 s). Returns the
 * answer's JSON, or null when the folder has no operator file of `holderPid` (the holder is
 * another operator command, not a server). Throws OperatorRefusedError on a refusal, or the
 * fetch error for an unreachable server or a timeout.
 */
export async function callRunningServer(dataDir: string, holderPid: number, command: keyof typeof OPERATOR_PATHS, body: object, timeoutMs = 30_000): Promise<unknown> {
  const file = readOperatorFile(dataDir);
  if (file === null || file.pid !== holderPid) return null;
  const response = await fetch(`http://127.0.0.1:${file.port}${OPERATOR_PATHS[command]}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [OPERATOR_SECRET_HEADER]: file.secret },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const answer: unknown = await response.json();
  if (!response.ok) {
    const reason = (answer as { reason?: unknown } | null)?.reason;
    throw new OperatorRefusedError(response.status, typeof reason === 'string' ? reason : JSON.stringify(answer));
  }
  return answer;
}
