import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Health } from '../../../electron/contract/health';
import type { CoreContext } from '../../../electron/core/assembly/capability-module';
import { foldCase } from '../../../electron/core/cases/case-lifecycle';
import { systemClock } from '../../../electron/core/clock';
import { DEMO_CONFIG } from '../../../electron/core/config/config-schema';
import type { StatusSource } from '../../../electron/core/devices/device';
import { notConfigured } from '../../../electron/core/devices/not-configured';
import { PollingWatch, type Observation } from '../../../electron/core/devices/polling-watch';
import { appendEvent } from '../../../electron/core/events/event-store';
import { healthModule } from '../../../electron/core/health/health-module';
import { HealthMonitor } from '../../../electron/core/health/health-monitor';
import { createLogger, silentLogger, type Logger } from '../../../electron/core/logging/logger';
import type { Db } from '../../../electron/core/storage/database';
import { openDatabase } from '../../../electron/core/storage/open-database';
import { syncModule } from '../../../electron/core/sync/sync-module';
import { upstreamWatch } from '../../../electron/core/sync/upstream-watch';
import { caseEventMaker, foodLicenceSnapshot } from '../../support/case-events';
import { makeTempDir } from '../../support/temp-dirs';
import { afterThisTest, until } from './watch-test-support';

const common = { clock: systemClock, log: silentLogger };

async function store(): Promise<{ db: Db; schemaVersion: number; dir: string }> {
  const dir = makeTempDir('health');
  const opened = await openDatabase({ path: path.join(dir, 'counter.sqlite'), backupDir: path.join(dir, 'backups') });
  afterThisTest(() => {
    opened.integrityCheck?.cancel();
    opened.db.close();
  });
  return { db: opened.db, schemaVersion: opened.schemaVersion, dir };
}

/**
 * A source that looks by itself every 50 ms (a PollingWatch, as the upstream watch) at a device
 * whose answer the test sets with `answer`; started, and stopped after the test.
 */
function scriptedDevice(id: string, label: string, endpoint: string, first: Observation): { source: StatusSource; answer(next: Observation): void } {
  let current = first;
  const watch = new PollingWatch({ name: `test.${id}`, id, label, endpoint, check: async () => current, intervalMs: 50, ...common });
  void watch.start();
  afterThisTest(() => watch.stop());
  return { source: watch, answer: (next) => (current = next) };
}

const READY: Observation = { state: 'connected', detail: '设备已就绪' };
const AWAY: Observation = { state: 'offline', detail: '未检测到设备，请检查连接线' };

function monitorOf(db: Db, schemaVersion: number, sources: readonly StatusSource[], changes: Health[] = [], log: Logger = silentLogger): HealthMonitor {
  const monitor = new HealthMonitor({ db, clock: systemClock, log, schemaVersion, sources, onChange: (h) => changes.push(h), intervalMs: 60_000 });
  void monitor.start();
  afterThisTest(() => monitor.stop());
  return monitor;
}

const stateOf = (h: Health, id: string) => h.devices.find((d) => d.id === id)?.state;

describe('the health monitor collects what the sources report', () => {
  it('collects two sources and publishes a change when one of them changes, by itself', async () => {
    const { db, schemaVersion } = await store();
    const left = scriptedDevice('left', '左设备', '/dev/ttyUSB0', READY);
    const right = scriptedDevice('right', '右设备', '/dev/ttyUSB1', READY);
    const changes: Health[] = [];
    const monitor = monitorOf(db, schemaVersion, [left.source, right.source], changes);
    await until('both connected', () => stateOf(monitor.health(), 'left') === 'connected' && stateOf(monitor.health(), 'right') === 'connected');
    expect(monitor.health().devices).toEqual([
      expect.objectContaining({ id: 'left', label: '左设备', state: 'connected', endpoint: '/dev/ttyUSB0', detail: '设备已就绪' }),
      expect.objectContaining({ id: 'right', label: '右设备', state: 'connected', endpoint: '/dev/ttyUSB1' }),
    ]);
    const before = changes.length;

    right.answer(AWAY);
    const pushed = await until('a change with right offline', () => changes.slice(before).find((h) => stateOf(h, 'right') === 'offline'));
    expect(stateOf(pushed, 'left')).toBe('connected');
    expect(pushed.devices.find((d) => d.id === 'right')?.detail).toBe(AWAY.detail);
    expect(monitor.health()).toEqual(expect.objectContaining({ devices: pushed.devices }));
  });

  it('logs each source’s first answer and each change of its state once, with id, state and detail, not every look', async () => {
    const { db, schemaVersion } = await store();
    const lines: string[] = [];
    const log = createLogger({ write: (line) => lines.push(line) });
    const since = new Date().toISOString();
    const rating = scriptedDevice('ratingDevice', '评价器', '/dev/ttyUSB0', READY);
    const unplugged = scriptedDevice('scanner', '高拍仪', '/dev/ttyUSB7', AWAY);
    const monitor = monitorOf(db, schemaVersion, [rating.source, unplugged.source, notConfigured('ticketPrinter', '排队票打印机', since)], [], log);
    const changes = (id: string): Array<Record<string, unknown>> =>
      lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line.message === 'device state changed' && line.id === id);

    await until('connected', () => stateOf(monitor.health(), 'ratingDevice') === 'connected');
    // The sources look every 50 ms: several more looks find the same, and say nothing.
    await new Promise((r) => setTimeout(r, 300));
    expect(changes('ratingDevice')).toEqual([
      expect.objectContaining({ level: 'info', id: 'ratingDevice', state: 'connected', detail: READY.detail, endpoint: '/dev/ttyUSB0' }),
    ]);
    // Offline from the start (as its placeholder said while checking), and in the log all the same.
    expect(changes('scanner')).toEqual([expect.objectContaining({ state: 'offline', detail: AWAY.detail, endpoint: '/dev/ttyUSB7' })]);
    expect(changes('ticketPrinter')).toEqual([]);

    rating.answer(AWAY);
    await until('offline logged', () => changes('ratingDevice').length === 2);
    expect(changes('ratingDevice')[1]).toEqual(expect.objectContaining({ id: 'ratingDevice', state: 'offline', detail: AWAY.detail }));
    await new Promise((r) => setTimeout(r, 300));
    expect(changes('ratingDevice')).toHaveLength(2);
    expect(changes('scanner')).toHaveLength(1);
  });

  it('lists whatever device sources it was given, in their order: three, one, none', async () => {
    const { db, schemaVersion } = await store();
    const since = new Date().toISOString();
    const three = [notConfigured('ticketPrinter', '排队票打印机', since), notConfigured('ratingDevice', '评价器', since), notConfigured('scanner', '高拍仪', since)];
    expect(monitorOf(db, schemaVersion, three).health().devices.map((d) => [d.id, d.label, d.state])).toEqual([
      ['ticketPrinter', '排队票打印机', 'not_configured'],
      ['ratingDevice', '评价器', 'not_configured'],
      ['scanner', '高拍仪', 'not_configured'],
    ]);
    expect(monitorOf(db, schemaVersion, three.slice(2)).health().devices.map((d) => d.id)).toEqual(['scanner']);
    const none = monitorOf(db, schemaVersion, []).health();
    expect(none.devices).toEqual([]);
    expect(none.sync).toEqual({ state: 'not_configured', endpoint: null, pending: 0, detail: null });
    expect(none.database).toEqual({ state: 'ok', detail: null, schemaVersion });
  });

  it('refuses two sources under one id', async () => {
    const { db, schemaVersion } = await store();
    const since = new Date().toISOString();
    expect(() => monitorOf(db, schemaVersion, [notConfigured('ratingDevice', '评价器', since), notConfigured('ratingDevice', '评价器', since)])).toThrow(
      'two status sources share the id ratingDevice',
    );
  });

  it('shows the upstream watch as sync (online, then offline when it stops answering), not as a device', async () => {
    const { db, schemaVersion } = await store();
    const server = http.createServer((_req, res) => res.writeHead(204).end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    afterThisTest(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}/`;
    const watch = upstreamWatch({ url, intervalMs: 50, maxIntervalMs: 100, ...common });
    void watch.start();
    afterThisTest(() => watch.stop());
    const changes: Health[] = [];
    const monitor = monitorOf(db, schemaVersion, [watch], changes);
    expect(monitor.health().devices).toEqual([]);
    const online = await until('online', () => (monitor.health().sync.state === 'online' ? monitor.health().sync : null));
    expect(online).toEqual({ state: 'online', endpoint: url, pending: 0, detail: '上级平台可访问（HTTP 204）' });

    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const offline = await until('offline pushed', () => changes.find((h) => h.sync.state === 'offline'));
    expect(offline.sync.detail).toBe('上级平台不可访问：对方拒绝连接（未开机，或端口不对）');
  });
});

describe('the health module', () => {
  function contextOf(db: Db, dir: string, events: unknown[]): CoreContext {
    return {
      db,
      clock: systemClock,
      config: DEMO_CONFIG,
      configSource: null,
      window: { hallCode: DEMO_CONFIG.hall.code, hallName: DEMO_CONFIG.hall.name, windowNumber: DEMO_CONFIG.window.number, timeZone: DEMO_CONFIG.timeZone },
      log: silentLogger,
      places: { dataDir: dir, databasePath: path.join(dir, 'counter.sqlite'), backupDir: path.join(dir, 'backups'), resourcesDir: dir },
      appVersion: 'test',
      today: () => '2026-11-30',
      emit: (event) => events.push(event),
      requestRestart: () => false,
    };
  }

  it('answers app.health with the modules’ sources, says what writes tell it, and recounts the outbox after a case change', async () => {
    const { db, schemaVersion, dir } = await store();
    const events: Array<{ name: string; payload: Health }> = [];
    const ctx = contextOf(db, dir, events);
    // The sync module's source and, as a device module registers for a device the settings leave out, a not_configured one.
    const since = new Date().toISOString();
    const sources = [...(syncModule(ctx).statusSources ?? []), notConfigured('ratingDevice', '评价器', since)];
    const health = healthModule(ctx, { schemaVersion, intervalMs: 60_000 });
    health.collectStatusSources(sources);
    expect(health.readsOnDamagedStore).toEqual(['app.health']);
    for (const service of health.services ?? []) await service.start();
    afterThisTest(async () => {
      for (const service of health.services ?? []) await service.stop();
    });
    const appHealth = health.handlers?.['app.health'];
    if (!appHealth) throw new Error('the health module does not answer app.health');
    const answer = async (): Promise<Health> => (await appHealth({}, { staff: null })) as Health;

    const first = await answer();
    expect(first.devices.map((d) => [d.id, d.label, d.state])).toEqual([['ratingDevice', '评价器', 'not_configured']]);
    expect(first.sync.state).toBe('not_configured');

    health.noteWriteFailed('磁盘已满，新的记录无法保存');
    expect((await answer()).database).toMatchObject({ state: 'error', detail: '磁盘已满，新的记录无法保存' });
    expect(events.at(-1)).toMatchObject({ name: 'health.changed', payload: { database: { state: 'error' } } });
    health.noteWriteSucceeded();
    expect((await answer()).database.state).toBe('ok');

    appendEvent(db, {
      id: crypto.randomUUID(),
      streamType: 'staff',
      streamId: 'S1',
      streamVersion: 1,
      type: 'test.recorded',
      occurredAt: new Date().toISOString(),
      hallCode: 'DEMO',
      windowNumber: 1,
      staffId: null,
      payload: {},
    });
    const received = caseEventMaker('2026-11-30')('case.received', {
      caseNumber: 'DEMO-1-20261130-0001',
      receivedDate: '2026-11-30',
      item: foodLicenceSnapshot(),
      applicant: { kind: 'person', name: '张三', idType: 'resident_id_card', idNumber: '11010519491231002X', mobile: '13812345678', address: '' },
      agent: null,
      receipts: [],
    });
    health.caseSubscriptions?.afterCommit?.({ state: foldCase('case-1', [received]), events: [received] });
    const deadline = Date.now() + 5000;
    while ((await answer()).sync.pending !== 1) {
      if (Date.now() > deadline) throw new Error('the pending count did not follow the case change');
      await new Promise((r) => setTimeout(r, 20));
    }
  });
});
