// Child process of the sync SIGKILL proof (test/integration/sync/kill-mid-push.test.ts): the app's
// whole core on a data folder whose config names the upstream, whose database already holds the
// window's token and a backlog of events. The core's sync client starts pushing at once; the
// parent SIGKILLs this process at random moments and, at the end, lets one run until the outbox
// is empty.
//
// argv: dataDir resourcesDir
// stdout: READY once the core started (its sync client is running), ERROR <message> then exit 1.
import fs from 'node:fs';
import { createCore, silentLogger } from '../../electron/core';

const [dataDir, resourcesDir] = process.argv.slice(2) as [string, string];

function report(line: string): void {
  fs.writeSync(1, `${line}\n`);
}

createCore({ dataDir, configFile: null, resourcesDir, appVersion: 'test', logger: silentLogger, logToStderr: false }).then(
  (core) => {
    report('READY');
    const close = (): void => void core.close().then(() => process.exit(0));
    process.on('SIGTERM', close);
    // Keeps the process alive: the client's timers are unref'd.
    setInterval(() => undefined, 60_000);
  },
  (err: unknown) => {
    report(`ERROR ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
