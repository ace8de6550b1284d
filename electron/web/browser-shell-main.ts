import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, DataDirInUseError, DatabaseTooNewError, defaultDataDir, startRestartableCore, StoreStartupError, type RestartableCore } from '../core';
import { newAccessToken } from './access-token';
import { startBrowserShell, type BrowserShell } from './browser-shell-server';
import { ArgumentError, parseShellArguments, SHELL_USAGE } from './shell-arguments';
import { startProgressPrinter } from './start-progress-printer';

/** dist/electron/browser-shell.cjs (or electron/web/*.ts under tsx): the app root is two folders up. */
function appRoot(): string {
  return path.resolve(path.dirname(process.argv[1] ?? '.'), '..', '..');
}

function appVersion(root: string): string {
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}

/** A repeated stop signal sooner than this after the first is the same request, not an insistence. */
const FORCE_EXIT_AFTER_MS = 3000;

async function main(): Promise<number> {
  let args;
  try {
    args = parseShellArguments(process.argv.slice(2));
  } catch (err) {
    if (err instanceof ArgumentError) {
      process.stderr.write(`${err.message}\n`);
      return 64;
    }
    throw err;
  }
  if (args.help) {
    process.stdout.write(`${SHELL_USAGE}\n`);
    return 0;
  }
  const root = appRoot();
  const rendererDir = args.rendererDir ?? path.join(root, 'dist', 'renderer');
  if (!fs.existsSync(path.join(rendererDir, 'index.html'))) {
    process.stderr.write(`找不到界面文件 ${rendererDir}/index.html，请先运行 npm run build\n`);
    return 66;
  }
  const dataDir = args.dataDir ?? defaultDataDir();
  const resourcesDir = args.resourcesDir ?? path.join(root, 'resources');
  let core: RestartableCore;
  // An upgrade of a large database takes minutes before the URL can be printed: say how far it is.
  const progress = startProgressPrinter(process.stdout);
  try {
    // Restartable: the first-run setup and the 设置 page restart the core on the saved settings
    // in this same process, the page and its URL staying as they are.
    core = await startRestartableCore(
      {
        dataDir,
        configFile: args.configFile,
        resourcesDir,
        appVersion: appVersion(root),
        // The terminal shows the banner below; the log's JSON lines go to the log file only.
        logToStderr: false,
        onStartProgress: (p) => progress.print(p),
      },
      // The page says it too (every call is answered with it); the terminal is where IT looks.
      { onRestartFailed: (message) => process.stderr.write(`${message}\n`) },
    );
  } catch (err) {
    progress.end();
    // Said in Chinese, without a stack: what is wrong and what to do (for the store, which backup
    // to restore from). The technical cause is already in the data folder's log.
    if (err instanceof ConfigError || err instanceof DatabaseTooNewError || err instanceof DataDirInUseError || err instanceof StoreStartupError) {
      process.stderr.write(`${err.message}\n`);
      return 78;
    }
    throw err;
  }
  progress.end();
  let shell: BrowserShell;
  try {
    shell = await startBrowserShell({
      core,
      rendererDir,
      fontsDir: path.join(resourcesDir, 'fonts'),
      host: args.host,
      port: args.port,
      token: args.token ?? newAccessToken(),
      allowRemote: args.allowRemote,
    });
  } catch (err) {
    await core.close();
    process.stderr.write(`无法在 ${args.host}:${args.port} 上启动：${(err as Error).message}\n`);
    return 69;
  }
  // The handlers go in before the URL is printed: whoever waits for the URL may stop us the moment
  // it appears, and a signal that finds no handler ends the process with the database open.
  const stopped = new Promise<number>((resolve) => {
    let stoppingSince: number | null = null;
    const stop = (signal: NodeJS.Signals) => {
      if (stoppingSince !== null) {
        // One Ctrl-C can reach us more than once (the terminal signals the whole group, and a
        // launcher may pass it on); only a deliberate second request, later, means "stop waiting".
        if (Date.now() - stoppingSince < FORCE_EXIT_AFTER_MS) return;
        process.stderr.write('再次收到退出信号，立即退出。\n');
        process.exit(130);
      }
      stoppingSince = Date.now();
      // The close is under way before the first write: the output may be a pipe nobody reads any
      // more, and nothing said about the shutdown may stand in its way.
      const closed = (async () => {
        await shell.close();
        await core.close();
      })();
      process.stdout.write(`收到 ${signal}，正在关闭…\n`);
      void closed.then(() => {
        process.stdout.write('数据库已安全关闭。\n');
        resolve(0);
      });
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });

  process.stdout.write(
    [
      '政务服务窗口 — 浏览器模式已启动',
      `  URL:      ${shell.url}`,
      `  数据目录: ${core.dataDir}`,
      `  配置:     ${core.configSource ?? `（尚无配置文件，暂用演示配置；界面中的首次设置将写入 ${path.join(core.dataDir, 'config.json')}）`}`,
      `  日志:     ${path.join(core.dataDir, 'logs')}`,
      '在 Chromium、Chrome 或 Edge 中打开上面的 URL。',
      '按 Ctrl-C 退出。',
      '',
    ].join('\n'),
  );
  // The banner's 配置 line is out of date once the core restarted on new settings (the first-run
  // setup writes config.json): a line says which file is in use now.
  core.subscribe((event) => {
    if (event.name === 'app.restarted') process.stdout.write(`已按新的设置重新启动。配置: ${core.configSource ?? '（演示配置）'}\n`);
  });
  return stopped;
}

// Output is a courtesy: with `npm start | head -3` the pipe closes early, and an unheard write
// error (EPIPE) would end the process before the database is closed.
process.stdout.on('error', () => {});
process.stderr.on('error', () => {});

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`启动失败：${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
