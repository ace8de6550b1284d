import { readOperatorFile } from './operator-file';
import { OPERATOR_PATHS, OPERATOR_SECRET_HEADER } from './operator-routes';

/**
 * Sends an operator command to the server holding `dataDir` (operator-file.ts). Returns the
 * answer's JSON, or null when the folder has no operator file of `holderPid` (the holder is
 * another operator command, not a server). Throws with the server's reason on a refusal or an unreachable server.
 */
export async function callRunningServer(dataDir: string, holderPid: number, command: keyof typeof OPERATOR_PATHS, body: object): Promise<unknown> {
  const file = readOperatorFile(dataDir);
  if (file === null || file.pid !== holderPid) return null;
  const response = await fetch(`http://127.0.0.1:${file.port}${OPERATOR_PATHS[command]}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [OPERATOR_SECRET_HEADER]: file.secret },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  const answer: unknown = await response.json();
  if (!response.ok) throw new Error(`正在运行的上级服务拒绝了该命令：${JSON.stringify(answer)}`);
  return answer;
}
