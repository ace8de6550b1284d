import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { z } from 'zod';
import { QueueRoleSchema } from '../electron/contract/queue';
import { formatEnrolmentCode } from '../electron/contract/sync';
import { parseServerArgs, UsageError, type ServerCommand } from './cli/args';
import { readPasswordLine, runBackOfficeAccountCommand } from './backoffice/account-command';
import { DataDirInUseError } from './db/data-dir-lock';
import { openDatabase, type ServerDatabase } from './db/database';
import { DEVICE_ROLE_LABELS } from './enrolment/device-roles';
import { issueEnrolmentCode, revokeWindow } from './enrolment/enrolment';
import { runExportCommand } from './export/export-command';
import { ExportError, ExportFailedError } from './export/export-error';
import { buildApp } from './http/app';
import { jsonLineLog } from './log';
import { callRunningServer, OperatorRefusedError } from './operator/operator-client';
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
  const app = buildApp({ db, log: jsonLineLog, requestLog: process.env['SERVER_REQUEST_LOG'] === '1', trustProxy: process.env['SERVER_TRUST_PROXY'] === '1' });
  const secret = randomBytes(32).toString('base64url');
  if (db.dataDir !== null) registerOperatorRoutes(app, db, secret);
  const address = await app.listen({ port: command.port, host: command.host });
  if (db.dataDir !== null) writeOperatorFile(db.dataDir, { pid: process.pid, port: (app.server.address() as { port: number }).port, secret });
  jsonLineLog.info('上级服务已启动', { url: address, listeningOn: command.host, backend: db.backend, dataDir: db.dataDir, port: (app.server.address() as { port: number }).port });
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
type DatabaseCommand = Exclude<OperatorCommand, { command: 'export' } | { command: 'backoffice-account' }>;

function print(command: DatabaseCommand, answer: { code: string } | { tokens: number; codes: number } | HallStats): void {
  if (command.command === 'enrol' && 'code' in answer) {
    // The code stays the last line (scripts read it); the role is said before it.
    const what = command.role !== undefined ? `${command.window} 号${DEVICE_ROLE_LABELS[command.role]}` : `${command.window} 号设备（未指定角色，按设备配置中的角色登记）`;
    process.stdout.write(`${command.hall} 大厅 ${what}的一次性注册码（7 天内有效，只能使用一次）：\n${formatEnrolmentCode(answer.code)}\n`);
  } else if (command.command === 'revoke' && 'tokens' in answer) {
    process.stdout.write(`已吊销 ${command.hall} 大厅 ${command.window} 号窗口的 ${answer.tokens} 个令牌和 ${answer.codes} 个未使用的注册码\n`);
  } else {
    process.stdout.write(`${JSON.stringify(answer)}\n`);
  }
}

async function runOn(db: ServerDatabase, command: DatabaseCommand) {
  if (command.command === 'enrol') return { code: await issueEnrolmentCode(db.pool, command.hall, command.window, command.role ?? null) };
  if (command.command === 'revoke') return revokeWindow(db.pool, command.hall, command.window);
  return hallStats(db.pool, command.hall);
}

const RemoteAnswer = z.union([
  z.object({ code: z.string() }),
  z.object({ tokens: z.number(), codes: z.number() }),
  z.object({
    hall: z.string(),
    windows: z.array(
      z.object({ window: z.number(), role: QueueRoleSchema.nullable(), roleLabel: z.string(), events: z.number(), cases: z.number(), lastOccurredAt: z.string().nullable(), lastReceivedAt: z.string().nullable() }),
    ),
  }),
]);

/** How long `export` waits for a running server's answer: a large hall's export takes minutes. */
const EXPORT_ANSWER_TIMEOUT_MS = 60 * 60_000;
/** A running server's export summary (run-export.ts ExportSummary), printed as it came. */
const ExportAnswer = z.looseObject({ hall: z.string(), cases: z.number(), ratings: z.number(), batches: z.array(z.unknown()) });

async function operate(command: OperatorCommand): Promise<void> {
  if (command.command === 'export') {
    let db: ServerDatabase;
    try {
      db = await open(command);
    } catch (err) {
      if (!(err instanceof DataDirInUseError)) throw err;
      // The folder is held by a running server: it runs the export on its own connection and
      // writes the batches where this command says. Paths go absolute (its working folder may differ).
      const body = {
        hall: command.hall,
        province: command.province,
        out: path.resolve(command.out),
        since: command.since,
        sinceManifest: command.sinceManifest === null ? null : path.resolve(command.sinceManifest),
        profile: path.resolve(command.profile),
      };
      const answer = await callRunningServer(err.dataDir, err.holderPid, 'export', body, EXPORT_ANSWER_TIMEOUT_MS);
      if (answer === null) throw err;
      process.stdout.write(`${JSON.stringify(ExportAnswer.parse(answer))}\n`);
      return;
    }
    try {
      process.stdout.write(`${JSON.stringify(await runExportCommand(db.pool, command))}\n`);
    } finally {
      await db.close();
    }
    return;
  }
  if (command.command === 'backoffice-account') {
    // The password first (stdin's first line, never the command line). The account is written to
    // the database itself: on a PGlite folder held by a running server this is the folder-in-use
    // error (stop the server, or run it on PostgreSQL).
    const password = await readPasswordLine();
    const db = await open(command);
    try {
      process.stdout.write(`${await runBackOfficeAccountCommand(db.pool, { hall: command.hall, username: command.username, displayName: command.displayName, department: command.department }, password)}\n`);
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
    const body =
      command.command === 'stats'
        ? { hall: command.hall }
        : command.command === 'enrol' && command.role !== undefined
          ? { hall: command.hall, window: command.window, role: command.role }
          : { hall: command.hall, window: command.window };
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
  if (err instanceof ExportError || err instanceof ExportFailedError || err instanceof OperatorRefusedError) {
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
