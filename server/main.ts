import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { formatEnrolmentCode } from '../electron/contract/sync';
import { parseServerArgs, UsageError, type ServerCommand } from './cli/args';
import { DataDirInUseError } from './db/data-dir-lock';
import { openDatabase, type ServerDatabase } from './db/database';
import { issueEnrolmentCode, revokeWindow } from './enrolment/enrolment';
import { runExportCommand } from './export/export-command';
import { ExportError, ExportFailedError } from './export/export-error';
import { buildApp } from './http/app';
import { jsonLineLog } from './log';
import { callRunningServer } from './operator/operator-client';
import { removeOperatorFile, writeOperatorFile } from './operator/operator-file';
import { registerOperatorRoutes } from './operator/operator-routes';
import { hallStats, type HallStats } from './operator/stats';

// `npm run server -- …` (server/README.md): the upstream service, or one operator command on its
// database. With DATABASE_URL set it uses that PostgreSQL; otherwise PGlite in the data folder,
// which one process at a time may open: an operator command finding the folder held by a running
// server sends its request to that server's loopback operator endpoint instead (operator-file.ts).

async function open(command: ServerCommand): Promise<ServerDatabase> {
  return openDatabase({ databaseUrl: process.env['DATABASE_URL'] || undefined, dataDir: command.dataDir, log: jsonLineLog });
}

async function serve(command: Extract<ServerCommand, { command: 'serve' }>): Promise<void> {
  const db = await open(command);
  const app = buildApp({ db, log: jsonLineLog, requestLog: process.env['SERVER_REQUEST_LOG'] === '1' });
  const secret = randomBytes(32).toString('base64url');
  if (db.dataDir !== null) registerOperatorRoutes(app, db, secret);
  const address = await app.listen({ port: command.port, host: command.host });
  if (db.dataDir !== null) writeOperatorFile(db.dataDir, { pid: process.pid, port: (app.server.address() as { port: number }).port, secret });
  jsonLineLog.info('上级服务已启动', { url: address, backend: db.backend, dataDir: db.dataDir, port: (app.server.address() as { port: number }).port });
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    jsonLineLog.info('上级服务正在停止', { signal });
    void app
      .close()
      .then(() => {
        if (db.dataDir !== null) removeOperatorFile(db.dataDir);
        return db.close();
      })
      .then(() => process.exit(0), (err: unknown) => {
        jsonLineLog.error('停止时出错', { err: String(err) });
        process.exit(1);
      });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

type OperatorCommand = Exclude<ServerCommand, { command: 'serve' }>;
type DatabaseCommand = Exclude<OperatorCommand, { command: 'export' }>;

function print(command: DatabaseCommand, answer: { code: string } | { tokens: number; codes: number } | HallStats): void {
  if (command.command === 'enrol' && 'code' in answer) {
    process.stdout.write(`${command.hall} 大厅 ${command.window} 号窗口的一次性注册码（7 天内有效，只能使用一次）：\n${formatEnrolmentCode(answer.code)}\n`);
  } else if (command.command === 'revoke' && 'tokens' in answer) {
    process.stdout.write(`已吊销 ${command.hall} 大厅 ${command.window} 号窗口的 ${answer.tokens} 个令牌和 ${answer.codes} 个未使用的注册码\n`);
  } else {
    process.stdout.write(`${JSON.stringify(answer)}\n`);
  }
}

async function runOn(db: ServerDatabase, command: DatabaseCommand) {
  if (command.command === 'enrol') return { code: await issueEnrolmentCode(db.pool, command.hall, command.window) };
  if (command.command === 'revoke') return revokeWindow(db.pool, command.hall, command.window);
  return hallStats(db.pool, command.hall);
}

const RemoteAnswer = z.union([
  z.object({ code: z.string() }),
  z.object({ tokens: z.number(), codes: z.number() }),
  z.object({ hall: z.string(), windows: z.array(z.object({ window: z.number(), events: z.number(), cases: z.number(), lastOccurredAt: z.string().nullable(), lastReceivedAt: z.string().nullable() })) }),
]);

async function operate(command: OperatorCommand): Promise<void> {
  if (command.command === 'export') {
    // The export reads the events and writes files: it needs the database itself (a PGlite folder
    // held by a running server is refused with the folder-in-use message).
    const db = await open(command);
    try {
      process.stdout.write(`${JSON.stringify(await runExportCommand(db.pool, command))}\n`);
    } finally {
      await db.close();
    }
    return;
  }
  let db: ServerDatabase;
  try {
    db = await open(command);
  } catch (err) {
    if (!(err instanceof DataDirInUseError)) throw err;
    // The folder is held: by a running server, whose operator endpoint does the work.
    const body = command.command === 'stats' ? { hall: command.hall } : { hall: command.hall, window: command.window };
    const answer = await callRunningServer(err.dataDir, err.holderPid, command.command, body);
    if (answer === null) throw err;
    print(command, RemoteAnswer.parse(answer));
    return;
  }
  try {
    print(command, await runOn(db, command));
  } finally {
    await db.close();
  }
}

async function main(): Promise<void> {
  const command = parseServerArgs(process.argv.slice(2));
  if (command.command === 'serve') await serve(command);
  else await operate(command);
}

main().catch((err: unknown) => {
  if (err instanceof ExportError || err instanceof ExportFailedError) {
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  }
  if (err instanceof UsageError || err instanceof DataDirInUseError) {
    process.stderr.write(`${err.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`上级服务出错：${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
