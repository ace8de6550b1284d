import path from 'node:path';
import { parseArgs } from 'node:util';
import { failure } from '../../contract/envelope';
import { FromCoreMessageSchema, ToCoreMessageSchema, type FromCoreMessage } from '../../contract/host-protocol';
import { defaultDataDir } from '../config/default-data-dir';
import { systemPrintRelay } from '../printing/transport/system-print-relay';
import { startRestartableCore, type RestartableCore } from './restartable-core';

/**
 * The core inside Electron's utility process. `process.parentPort` is how a utility process
 * talks to main; it is a property Electron adds to `process`, so this file needs no `electron`
 * import and the core stays plain Node.
 */
interface ParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (e: { data: unknown }) => void): void;
}

function parentPort(): ParentPort {
  const port = (process as NodeJS.Process & { parentPort?: ParentPort }).parentPort;
  if (!port) throw new Error('core-process must be started by Electron utilityProcess.fork');
  return port;
}

function send(port: ParentPort, message: FromCoreMessage): void {
  port.postMessage(FromCoreMessageSchema.parse(message));
}

async function main(): Promise<void> {
  const port = parentPort();
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      'data-dir': { type: 'string' },
      'resources-dir': { type: 'string' },
      'app-version': { type: 'string' },
      config: { type: 'string' },
    },
    strict: false,
  });
  const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

  // Listening before the core exists: a shutdown that arrives during start-up (a migration on a
  // large database) is honoured as soon as the core is open, instead of the process being killed.
  let core: RestartableCore | null = null;
  let shutdownRequested = false;
  // Once: a second shutdown message must not exit while the first is still closing the database.
  let closing: Promise<void> | null = null;
  const shutdown = (): Promise<void> =>
    (closing ??= (async () => {
      await core?.close();
      send(port, { kind: 'closed' });
      process.exit(0);
    })());
  // Printing through the OS (receipt printers on a Windows driver, A4 notices, their PDFs) is
  // done by main, which has Electron's webContents: the core's SystemPrintHost relays to it.
  const printing = systemPrintRelay((id, call) => send(port, { kind: 'hostCall', id, call }));
  port.on('message', (e) => {
    const parsed = ToCoreMessageSchema.safeParse(e.data);
    if (!parsed.success) return;
    const message = parsed.data;
    if (message.kind === 'hostAnswer') {
      printing.answered(message.id, message.answer);
      return;
    }
    if (message.kind === 'shutdown') {
      shutdownRequested = true;
      if (core) void shutdown();
      return;
    }
    if (!core) {
      send(port, { kind: 'result', id: message.id, envelope: failure('unavailable', '核心服务正在启动，请稍候') });
      return;
    }
    void core.invoke(message.method, message.args).then((envelope) => send(port, { kind: 'result', id: message.id, envelope }));
  });

  try {
    // Restartable, as the browser shell's: the first-run setup and the 设置 page restart the
    // core in this process; main and the window keep their connection and hear app.restarted.
    core = await startRestartableCore({
      dataDir: str(values['data-dir']) ?? defaultDataDir(),
      configFile: str(values.config) ?? null,
      resourcesDir: str(values['resources-dir']) ?? path.resolve(__dirname, '..', '..', 'resources'),
      appVersion: str(values['app-version']) ?? '0.0.0',
      // `npm start` shares the terminal with this process: the JSON lines belong in logs/ only.
      logToStderr: false,
      systemPrintHost: printing.host,
      // Before `ready`: main puts it in the title bar and passes it to the page's start screen.
      // Sent from inside a migration step (the thread busy with SQLite): postMessage hands the
      // message to the channel at once, so main hears it while the step runs.
      onStartProgress: (progress) => send(port, { kind: 'event', name: 'app.starting', payload: progress }),
    });
  } catch (err) {
    send(port, { kind: 'fatal', message: err instanceof Error ? err.message : String(err) });
    process.exit(78);
  }
  if (shutdownRequested) {
    await shutdown();
    return;
  }
  core.subscribe((event) => send(port, { kind: 'event', name: event.name, payload: event.payload }));
  send(port, { kind: 'ready' });
}

void main();
