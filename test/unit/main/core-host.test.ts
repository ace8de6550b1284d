import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import type { ToCoreMessage } from '../../../electron/contract/host-protocol';
import {
  CoreHost,
  coreProcessArgs,
  readHostArgs,
  type CoreChild,
  type CoreState,
  type HostLog,
} from '../../../electron/main/core-host';
import { RestartBackoff } from '../../../electron/main/restart-backoff';

class FakeChild implements CoreChild {
  readonly sent: ToCoreMessage[] = [];
  killed = 0;
  private messageListener: ((message: unknown) => void) | null = null;
  private exitListener: ((code: number) => void) | null = null;

  postMessage(message: ToCoreMessage): void {
    this.sent.push(message);
  }
  kill(): void {
    this.killed += 1;
  }
  onMessage(listener: (message: unknown) => void): void {
    this.messageListener = listener;
  }
  onExit(listener: (code: number) => void): void {
    this.exitListener = listener;
  }

  emit(message: unknown): void {
    this.messageListener?.(message);
  }
  exit(code: number): void {
    this.exitListener?.(code);
  }
  invokes(): Array<Extract<ToCoreMessage, { kind: 'invoke' }>> {
    return this.sent.filter((m): m is Extract<ToCoreMessage, { kind: 'invoke' }> => m.kind === 'invoke');
  }
}

function setup(options: { backoff?: RestartBackoff } = {}) {
  const children: FakeChild[] = [];
  const states: CoreState[] = [];
  const events: Array<[string, unknown]> = [];
  const logged: string[] = [];
  const log: HostLog = {
    info: (m) => logged.push(`info ${m}`),
    warn: (m) => logged.push(`warn ${m}`),
    error: (m) => logged.push(`error ${m}`),
  };
  const host = new CoreHost({
    spawn: () => {
      const child = new FakeChild();
      children.push(child);
      return child;
    },
    onEvent: (name, payload) => events.push([name, payload]),
    onState: (state) => states.push(state),
    log,
    ...(options.backoff ? { backoff: options.backoff } : {}),
  });
  const current = (): FakeChild => {
    const child = children.at(-1);
    if (!child) throw new Error('no child');
    return child;
  };
  return { host, children, states, events, logged, current };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('CoreHost calls', () => {
  it('holds calls made while the core starts and sends them in order once it is ready', async () => {
    const { host, current, states } = setup();
    host.start();
    expect(states).toEqual([{ status: 'starting', attempt: 1 }]);
    const a = host.invoke('app.windowInfo', {});
    const b = host.invoke('session.current', {});
    expect(current().sent).toEqual([]);

    current().emit({ kind: 'ready' });
    expect(states.at(-1)).toEqual({ status: 'ready' });
    const sent = current().invokes();
    expect(sent.map((m) => m.method)).toEqual(['app.windowInfo', 'session.current']);

    current().emit({ kind: 'result', id: sent[1]?.id, envelope: { ok: true, value: 'session' } });
    current().emit({ kind: 'result', id: sent[0]?.id, envelope: { ok: true, value: 'info' } });
    await expect(a).resolves.toEqual({ ok: true, value: 'info' });
    await expect(b).resolves.toEqual({ ok: true, value: 'session' });
  });

  it('sends at once when ready and passes the arguments through', () => {
    const { host, current } = setup();
    host.start();
    current().emit({ kind: 'ready' });
    void host.invoke('cases.get', { caseId: 'c1' });
    expect(current().invokes()).toEqual([{ kind: 'invoke', id: 1, method: 'cases.get', args: { caseId: 'c1' } }]);
  });

  it('never times a call out', async () => {
    const { host, current } = setup();
    host.start();
    current().emit({ kind: 'ready' });
    let settled = false;
    void host.invoke('sync.push', {}).then(() => (settled = true));
    await vi.advanceTimersByTimeAsync(24 * 3600_000);
    expect(settled).toBe(false);
  });

  it('ignores malformed messages and answers for unknown ids without throwing', async () => {
    const { host, current, logged } = setup();
    host.start();
    current().emit({ kind: 'ready' });
    const call = host.invoke('app.health', {});
    expect(() => current().emit('garbage')).not.toThrow();
    expect(() => current().emit({ kind: 'result', id: 'x', envelope: {} })).not.toThrow();
    expect(() => current().emit({ kind: 'result', id: 1, envelope: { ok: false, error: { code: 'nope', message: 'x' } } })).not.toThrow();
    expect(() => current().emit({ kind: 'result', id: 777, envelope: { ok: true, value: 1 } })).not.toThrow();
    expect(() => current().emit({ kind: 'surprise' })).not.toThrow();
    expect(logged.filter((l) => l.startsWith('warn')).length).toBe(5);
    current().emit({ kind: 'result', id: 1, envelope: { ok: true, value: 'ok' } });
    await expect(call).resolves.toEqual({ ok: true, value: 'ok' });
  });

  it('forwards events', () => {
    const { host, current, events } = setup();
    host.start();
    current().emit({ kind: 'event', name: 'health.changed', payload: { a: 1 } });
    expect(events).toEqual([['health.changed', { a: 1 }]]);
  });

  it('survives an event listener that throws', async () => {
    const child = new FakeChild();
    const errors: string[] = [];
    const host = new CoreHost({
      spawn: () => child,
      onEvent: () => {
        throw new Error('window gone');
      },
      onState: () => {},
      log: { info() {}, warn() {}, error: (m) => errors.push(m) },
    });
    host.start();
    child.emit({ kind: 'ready' });
    expect(() => child.emit({ kind: 'event', name: 'case.changed', payload: {} })).not.toThrow();
    expect(errors).toHaveLength(1);
    const call = host.invoke('app.health', {});
    child.emit({ kind: 'result', id: 1, envelope: { ok: true, value: 'still working' } });
    await expect(call).resolves.toEqual({ ok: true, value: 'still working' });
  });

  it('turns a postMessage failure into an internal envelope', async () => {
    const { host, current } = setup();
    host.start();
    current().emit({ kind: 'ready' });
    current().postMessage = () => {
      throw new Error('could not be cloned');
    };
    await expect(host.invoke('x', {})).resolves.toMatchObject({ ok: false, error: { code: 'internal' } });
  });
});

describe('CoreHost after an unexpected exit', () => {
  it('fails the open calls with unavailable and restarts after 1 s, then 2 s', async () => {
    const { host, children, current, states } = setup();
    host.start();
    current().emit({ kind: 'ready' });
    const open = host.invoke('intake.submit', {});
    current().exit(139);

    await expect(open).resolves.toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect(states.at(-1)).toEqual({ status: 'restarting', delayMs: 1_000, exitCode: 139, message: null });
    await expect(host.invoke('app.health', {})).resolves.toMatchObject({ ok: false, error: { code: 'unavailable' } });

    await vi.advanceTimersByTimeAsync(999);
    expect(children).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(children).toHaveLength(2);
    expect(states.at(-1)).toEqual({ status: 'starting', attempt: 2 });

    current().emit({ kind: 'ready' });
    current().exit(1);
    expect(states.at(-1)).toMatchObject({ status: 'restarting', delayMs: 2_000 });
  });

  it('ignores messages and exits of a child it already replaced', async () => {
    const { host, children, current, events } = setup();
    host.start();
    const first = current();
    first.emit({ kind: 'ready' });
    first.exit(1);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(children).toHaveLength(2);
    first.emit({ kind: 'event', name: 'late', payload: null });
    first.exit(1);
    expect(events).toEqual([]);
    expect(host.currentState).toEqual({ status: 'starting', attempt: 2 });
  });

  it('does not restart a core that reported fatal before ready, and reports failed', async () => {
    const { host, children, current, states } = setup();
    host.start();
    const waiting = host.invoke('app.windowInfo', {});
    current().emit({ kind: 'fatal', message: '数据库由更新版本的程序创建，请升级本程序' });
    current().exit(1);
    expect(states.at(-1)).toEqual({
      status: 'failed',
      message: '数据库由更新版本的程序创建，请升级本程序',
      everReady: false,
    });
    await expect(waiting).resolves.toMatchObject({ ok: false, error: { code: 'unavailable' } });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(children).toHaveLength(1);
    await expect(host.invoke('x', {})).resolves.toMatchObject({
      ok: false,
      error: { code: 'unavailable', message: '数据库由更新版本的程序创建，请升级本程序' },
    });
  });

  it('restarts a core that reported fatal after having been ready', async () => {
    const { host, children, current, states } = setup();
    host.start();
    current().emit({ kind: 'ready' });
    current().emit({ kind: 'fatal', message: '磁盘已满' });
    current().exit(1);
    expect(states.at(-1)).toEqual({ status: 'restarting', delayMs: 1_000, exitCode: 1, message: '磁盘已满' });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(children).toHaveLength(2);
  });

  it('kills a core that reported fatal but does not exit', async () => {
    const { host, current } = setup();
    host.start();
    current().emit({ kind: 'fatal', message: 'x' });
    await vi.advanceTimersByTimeAsync(5_000);
    expect(current().killed).toBe(1);
  });

  it('gives up after repeated crashes before ready', async () => {
    const { host, children, current, states } = setup({ backoff: new RestartBackoff({ maxStartsWithoutReady: 3 }) });
    host.start();
    current().exit(134);
    await vi.advanceTimersByTimeAsync(1_000);
    current().exit(134);
    await vi.advanceTimersByTimeAsync(2_000);
    current().exit(134);
    expect(children).toHaveLength(3);
    expect(states.at(-1)).toMatchObject({ status: 'failed', everReady: false });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(children).toHaveLength(3);
  });

  it('treats a spawn that throws like a crash at start', async () => {
    let spawns = 0;
    const states: CoreState[] = [];
    const host = new CoreHost({
      spawn: () => {
        spawns += 1;
        throw new Error('ENOENT core-process.cjs');
      },
      onEvent: () => {},
      onState: (s) => states.push(s),
      log: { info() {}, warn() {}, error() {} },
      backoff: new RestartBackoff({ maxStartsWithoutReady: 2 }),
    });
    host.start();
    expect(states.at(-1)).toMatchObject({ status: 'restarting', exitCode: -1 });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(spawns).toBe(2);
    expect(states.at(-1)).toMatchObject({ status: 'failed' });
  });
});

describe('CoreHost.shutdown', () => {
  it('asks the core to close and resolves when it says closed', async () => {
    const { host, current, states } = setup();
    host.start();
    current().emit({ kind: 'ready' });
    const open = host.invoke('cases.search', {});
    const done = host.shutdown();
    expect(current().sent.at(-1)).toEqual({ kind: 'shutdown' });
    expect(states.at(-1)).toEqual({ status: 'stopping' });
    await expect(host.invoke('x', {})).resolves.toMatchObject({ ok: false, error: { code: 'unavailable' } });

    current().emit({ kind: 'closed' });
    await done;
    expect(states.at(-1)).toEqual({ status: 'stopped' });
    await expect(open).resolves.toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect(current().killed).toBe(0);
  });

  it('lets in-flight calls finish while the core closes', async () => {
    const { host, current } = setup();
    host.start();
    current().emit({ kind: 'ready' });
    const open = host.invoke('intake.submit', {});
    const done = host.shutdown();
    current().emit({ kind: 'result', id: 1, envelope: { ok: true, value: 'case' } });
    current().emit({ kind: 'closed' });
    await done;
    await expect(open).resolves.toEqual({ ok: true, value: 'case' });
  });

  it('does not restart a core that exits during shutdown', async () => {
    const { host, children, current } = setup();
    host.start();
    current().emit({ kind: 'ready' });
    const done = host.shutdown();
    current().exit(0);
    await done;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(children).toHaveLength(1);
  });

  it('kills the core after 10 s without closed', async () => {
    const { host, current } = setup();
    host.start();
    current().emit({ kind: 'ready' });
    let finished = false;
    const done = host.shutdown().then(() => (finished = true));
    await vi.advanceTimersByTimeAsync(9_999);
    expect(current().killed).toBe(0);
    expect(finished).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(current().killed).toBe(1);
    current().exit(143);
    await done;
    expect(finished).toBe(true);
  });

  it('resolves even if a killed core never reports its exit', async () => {
    const { host, current } = setup();
    host.start();
    const done = host.shutdown();
    await vi.advanceTimersByTimeAsync(12_000);
    await done;
    expect(current().killed).toBe(1);
  });

  it('fails calls still waiting for a core that never got ready', async () => {
    const { host, current } = setup();
    host.start();
    const waiting = host.invoke('app.windowInfo', {});
    const done = host.shutdown();
    await expect(waiting).resolves.toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect(current().invokes()).toEqual([]);
    current().emit({ kind: 'closed' });
    await done;
  });

  it('cancels a pending restart and is idempotent', async () => {
    const { host, children, current, states } = setup();
    host.start();
    current().emit({ kind: 'ready' });
    current().exit(1);
    const first = host.shutdown();
    const second = host.shutdown();
    expect(second).toBe(first);
    await first;
    expect(states.at(-1)).toEqual({ status: 'stopped' });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(children).toHaveLength(1);
  });
});

describe('core process argv', () => {
  it('passes data dir, resources dir, version, and the config file when there is one', () => {
    expect(
      coreProcessArgs({ dataDir: '/d', resourcesDir: '/r', appVersion: '0.1.0', configFile: null }),
    ).toEqual(['--data-dir', '/d', '--resources-dir', '/r', '--app-version', '0.1.0']);
    expect(
      coreProcessArgs({ dataDir: 'C:\\数据', resourcesDir: '/r', appVersion: '1.0.0', configFile: '/etc/counter.json' }),
    ).toEqual(['--data-dir', 'C:\\数据', '--resources-dir', '/r', '--app-version', '1.0.0', '--config', '/etc/counter.json']);
  });

  it('reads --data-dir and --config from main\'s argv in both spellings', () => {
    expect(readHostArgs(['/usr/bin/electron', '.', '--data-dir', '/tmp/d', '--config=/tmp/c.json'])).toEqual({
      dataDir: '/tmp/d',
      configFile: '/tmp/c.json',
      problems: [],
    });
    expect(readHostArgs(['C:\\Program Files\\政务服务窗口\\政务服务窗口.exe', '--config', 'D:\\窗口\\config.json'])).toEqual({
      dataDir: null,
      configFile: 'D:\\窗口\\config.json',
      problems: [],
    });
  });

  it('ignores other switches and reports flags without a value', () => {
    const args = readHostArgs(['electron', '.', '--no-sandbox', '--data-dir', '--config', '', '--inspect=9229']);
    expect(args.dataDir).toBeNull();
    expect(args.configFile).toBeNull();
    expect(args.problems).toHaveLength(2);
  });

  it('lets the last occurrence win', () => {
    expect(readHostArgs(['e', '--data-dir=/a', '--data-dir', '/b']).dataDir).toBe('/b');
  });
});
