import fs from 'node:fs';
import path from 'node:path';

import {
  BrowserWindow,
  Menu,
  app,
  dialog,
  ipcMain,
  protocol,
  session,
  shell,
  utilityProcess,
  type IpcMainInvokeEvent,
  type WebContents,
} from 'electron';

import { failure, type Envelope } from '../contract/envelope';
import { EVENT_CHANNEL, INVOKE_CHANNEL, MAX_METHOD_LENGTH } from '../contract/ipc';
import { describeStartProgress, StartProgressSchema } from '../contract/start-progress';
import { defaultDataDir } from '../core/paths';
import { CoreHost, coreProcessArgs, readHostArgs, type CoreChild, type CoreState } from './core-host';
import { createMainLog } from './main-log';
import {
  APP_CONTENT_SECURITY_POLICY,
  APP_ENTRY_URL,
  APP_SCHEME,
  contentTypeFor,
  externalLinkToOpen,
  isAppUrl,
  navigationDecision,
  resolveAppAsset,
  windowOpenDecision,
} from './navigation-policy';
import { permissionCheckDecision, permissionDecision } from './permission-policy';
import { isTrustedSender, type IpcSender } from './sender-policy';
import { createSystemPrinter } from './system-printer';
import { secureWebPreferences } from './web-preferences';

const WINDOW_TITLE = '政务服务窗口';

// main.cjs, preload.cjs and core-process.cjs are bundled side by side into dist/electron/,
// and the renderer into dist/renderer/.
const CORE_ENTRY = path.join(__dirname, 'core-process.cjs');
const PRELOAD_ENTRY = path.join(__dirname, 'preload.cjs');
const RENDERER_DIR = path.join(__dirname, '..', 'renderer');
/** The shipped fonts (resources/fonts), served at app://counter/fonts/; set in main(). */
let fontsDir: string | null = null;

const log = createMainLog();

let mainWindow: BrowserWindow | null = null;
let core: CoreHost | null = null;
let coreStopped = false;
let coreStopping = false;
let quitting = false;

function windowTitleFor(state: CoreState): string {
  switch (state.status) {
    case 'ready':
    case 'stopped':
    case 'failed':
      return WINDOW_TITLE;
    case 'starting':
      return state.attempt === 1 ? `${WINDOW_TITLE}（正在启动…）` : `${WINDOW_TITLE}（核心服务正在重新启动…）`;
    case 'restarting':
      return `${WINDOW_TITLE}（核心服务意外退出，${Math.ceil(state.delayMs / 1000)} 秒后自动重启）`;
    case 'stopping':
      return `${WINDOW_TITLE}（正在退出…）`;
  }
}

/**
 * The clerk sees the core's state in the title bar: while it restarts, calls fail with an
 * `unavailable` message, and the title says why and that it will come back by itself.
 */
function onCoreState(state: CoreState): void {
  log.info('core state', { status: state.status });
  const window = mainWindow;
  if (window !== null && !window.isDestroyed()) window.setTitle(windowTitleFor(state));

  if (state.status === 'failed' && !quitting) {
    quitting = true;
    // A config error or a database from a newer version: nothing here can fix it, and a window
    // without its core would only fail every click, so say what is wrong and stop.
    dialog.showErrorBox(
      state.everReady ? `${WINDOW_TITLE}：核心服务故障` : `${WINDOW_TITLE}无法启动`,
      state.message,
    );
    // The core process has already exited, so there is no database to close: exit directly.
    app.exit(1);
  }
}

function forwardCoreEvent(name: string, payload: unknown): void {
  const window = mainWindow;
  if (window === null || window.isDestroyed()) return;
  if (name === 'app.starting' && core?.currentState?.status === 'starting') {
    // The title bar shows it even before the page has loaded; `ready` puts the plain title back.
    const progress = StartProgressSchema.safeParse(payload);
    if (progress.success) window.setTitle(`${WINDOW_TITLE}（${describeStartProgress(progress.data)}）`);
  }
  const contents = window.webContents;
  // Events can carry personal data: only our own page gets them.
  if (contents.isDestroyed() || !isAppUrl(contents.getURL())) return;
  contents.send(EVENT_CHANNEL, name, payload);
}

function spawnCore(args: string[]): CoreChild {
  // Its own service name so IT staff can tell it apart in the task manager.
  const child = utilityProcess.fork(CORE_ENTRY, args, { serviceName: 'counter-core' });
  return {
    postMessage: (message) => child.postMessage(message),
    kill: () => {
      child.kill();
    },
    onMessage: (listener) => {
      child.on('message', (message: unknown) => listener(message));
    },
    onExit: (listener) => {
      child.on('exit', (code: number) => listener(code));
    },
  };
}

function senderOf(event: IpcMainInvokeEvent): IpcSender | null {
  try {
    const frame = event.senderFrame;
    if (frame === null || frame.isDestroyed() || frame.detached) return null;
    return { url: frame.url, isTopFrame: frame.parent === null };
  } catch {
    // Reading a frame that is being torn down can throw; such a sender is not trusted.
    return null;
  }
}

async function handleInvoke(event: IpcMainInvokeEvent, method: unknown, args: unknown): Promise<Envelope> {
  try {
    if (!isTrustedSender(senderOf(event))) {
      log.warn('refused a call from an untrusted sender', { method: typeof method === 'string' ? method.slice(0, MAX_METHOD_LENGTH) : null });
      return failure('unauthorized', '请求来源不受信任，已拒绝');
    }
    if (typeof method !== 'string' || method.length === 0 || method.length > MAX_METHOD_LENGTH) {
      return failure('unknown_method', '未知的操作');
    }
    if (core === null) return failure('unavailable', '核心服务尚未启动，请稍候再试');
    return await core.invoke(method, args);
  } catch (error) {
    // Never let an exception cross IPC: the page would get a bare Error without our fields.
    log.error('invoke failed in main', { error: String(error) });
    return failure('internal', '内部错误，请重试或联系运维人员');
  }
}

function notFound(): Response {
  return new Response('Not found', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
}

/** Serves dist/renderer as app://counter/, with our security headers on every response. */
async function serveAppAsset(request: Request): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return new Response(null, { status: 405 });
  const file = resolveAppAsset(request.url, { rendererDir: RENDERER_DIR, fontsDir });
  if (file === null) return notFound();
  let body: Buffer;
  try {
    body = await fs.promises.readFile(file);
  } catch {
    return notFound();
  }
  const headers = {
    'Content-Type': contentTypeFor(file),
    'Content-Security-Policy': APP_CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    // A new version installed over the old one must not be mixed with cached chunks.
    'Cache-Control': 'no-cache',
  };
  return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), { status: 200, headers });
}

function denyNavigation(kind: string, subframesOnly = false) {
  return (event: { url: string; isMainFrame: boolean; preventDefault(): void }): void => {
    // will-frame-navigate also fires for the main frame, which will-navigate already covers.
    if (subframesOnly && event.isMainFrame) return;
    if (navigationDecision(event.url) === 'deny') {
      event.preventDefault();
      log.warn('blocked a navigation away from the app', { kind, url: event.url.slice(0, 200) });
    }
  };
}

/** Applied to every webContents the app ever creates, not only the main window's. */
function hardenWebContents(contents: WebContents): void {
  contents.on('will-navigate', denyNavigation('navigate'));
  contents.on('will-frame-navigate', denyNavigation('frame-navigate', true));
  contents.on('will-redirect', denyNavigation('redirect'));
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    const external = externalLinkToOpen(url);
    if (external !== null) {
      shell.openExternal(external).catch((error: unknown) => {
        log.warn('could not open a link in the system browser', { error: String(error) });
      });
    }
    return { action: windowOpenDecision(url) };
  });
}

function createMainWindow(): BrowserWindow {
  const window = new BrowserWindow({
    title: WINDOW_TITLE,
    width: 1366,
    height: 768,
    minWidth: 1024,
    minHeight: 700,
    show: false,
    backgroundColor: '#ffffff',
    autoHideMenuBar: true,
    webPreferences: secureWebPreferences({ preloadPath: PRELOAD_ENTRY, allowDevTools: !app.isPackaged }),
  });
  const state = core?.currentState;
  if (state) window.setTitle(windowTitleFor(state));

  window.once('ready-to-show', () => window.show());
  // If the page never becomes ready (a broken build), a visible window with a blank page is
  // still better than a process with no window that the clerk cannot find or close.
  const showAnyway = setTimeout(() => {
    if (!window.isDestroyed() && !window.isVisible()) window.show();
  }, 10_000);
  window.on('closed', () => {
    clearTimeout(showAnyway);
    if (mainWindow === window) mainWindow = null;
  });
  // The title bar shows the core's state; the page's <title> must not overwrite it.
  window.on('page-title-updated', (event) => event.preventDefault());

  let recentCrashes: number[] = [];
  window.webContents.on('render-process-gone', (_event, details) => {
    log.error('the renderer process is gone', { reason: details.reason, exitCode: details.exitCode });
    if (details.reason === 'clean-exit' || quitting || window.isDestroyed()) return;
    const now = Date.now();
    recentCrashes = recentCrashes.filter((at) => now - at < 60_000);
    recentCrashes.push(now);
    // Reload so the counter keeps working, but not in a tight loop if the page crashes at once.
    if (recentCrashes.length <= 3) window.webContents.reload();
  });

  if (!app.isPackaged) {
    window.webContents.on('before-input-event', (event, input) => {
      if (input.type === 'keyDown' && input.key === 'F12') {
        window.webContents.toggleDevTools();
        event.preventDefault();
      }
    });
  }

  window.loadURL(APP_ENTRY_URL).catch((error: unknown) => {
    log.error('could not load the application page', { error: String(error) });
  });
  return window;
}

function focusMainWindow(): void {
  const window = mainWindow;
  if (window === null || window.isDestroyed()) return;
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}

function onReady(launchArgs: string[]): void {
  // No menu in the installed app: its Reload and Toggle Developer Tools entries are not for
  // the counter. Development keeps Electron's default menu.
  if (app.isPackaged) Menu.setApplicationMenu(null);

  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(permissionDecision(permission, details.requestingUrl));
  });
  ses.setPermissionCheckHandler((_contents, permission, requestingOrigin) =>
    permissionCheckDecision(permission, requestingOrigin),
  );
  // Serial ports, HID and USB devices belong to the core process; the page gets none of them.
  ses.setDevicePermissionHandler(() => false);
  protocol.handle(APP_SCHEME, (request) =>
    serveAppAsset(request).catch((error: unknown) => {
      log.error('serving an app asset failed', { error: String(error) });
      return new Response('Internal error', { status: 500 });
    }),
  );

  // The core prints through the OS (Windows-driver receipt printers, A4 notices, their PDFs) by asking main.
  const systemPrinter = createSystemPrinter(log);
  core = new CoreHost({
    spawn: () => spawnCore(launchArgs),
    onEvent: forwardCoreEvent,
    onState: onCoreState,
    log,
    onHostCall: (call) => systemPrinter.handle(call),
  });
  ipcMain.handle(INVOKE_CHANNEL, (event, method: unknown, args: unknown) => handleInvoke(event, method, args));
  // The core starts before the window so that opening the database overlaps loading the page;
  // calls the page makes meanwhile wait for the core to be ready.
  core.start();
  if (!quitting) mainWindow = createMainWindow();
}

function main(): void {
  const hostArgs = readHostArgs(process.argv);
  const dataDir = path.resolve(hostArgs.dataDir ?? defaultDataDir());
  log.toFolder(path.join(dataDir, 'logs'));
  for (const problem of hostArgs.problems) log.warn('ignored a command-line option', { problem });
  const configFile = hostArgs.configFile === null ? null : path.resolve(hostArgs.configFile);
  const resourcesDir = app.isPackaged
    ? path.join(process.resourcesPath, 'resources')
    : path.join(app.getAppPath(), 'resources');
  fontsDir = path.join(resourcesDir, 'fonts');
  const launchArgs = coreProcessArgs({ dataDir, resourcesDir, appVersion: app.getVersion(), configFile });

  // Chromium's profile lives inside the data dir, so the single-instance lock below (which is
  // keyed on the profile folder) means "one process per database", whatever --data-dir says.
  app.setPath('userData', path.join(dataDir, 'chromium-profile'));

  if (!app.requestSingleInstanceLock()) {
    // Another process already has this database open; it focuses its window (second-instance).
    app.quit();
    return;
  }
  app.on('second-instance', focusMainWindow);

  app.enableSandbox();
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));

  app.on('window-all-closed', () => app.quit());
  app.on('before-quit', (event) => {
    quitting = true;
    if (core === null || coreStopped) return;
    // Hold the quit until the core has closed the database; then quit again for real.
    event.preventDefault();
    if (coreStopping) return;
    coreStopping = true;
    core
      .shutdown()
      .catch((error: unknown) => log.error('core shutdown failed', { error: String(error) }))
      .finally(() => {
        coreStopped = true;
        app.quit();
      });
  });
  // Ctrl+C in a terminal or a service manager stopping the app: the same clean path as closing.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => app.quit());

  app
    .whenReady()
    .then(() => onReady(launchArgs))
    .catch((error: unknown) => {
      log.error('start-up failed', { error: String(error) });
      dialog.showErrorBox(`${WINDOW_TITLE}无法启动`, String(error));
      app.exit(1);
    });
}

main();
