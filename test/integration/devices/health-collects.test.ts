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
import { DEVICE_LABELS, devicesModule } from '../../../electron/core/devices/devices-module';
import { notConfigured } from '../../../electron/core/devices/not-configured';
import { StatusPublisher } from '../../../electron/core/devices/status-publisher';
import { serialPortWatch } from '../../../electron/core/devices/serial-port-watch';
import { appendEvent } from '../../../electron/core/events/event-store';
import { healthModule } from '../../../electron/core/health/health-module';
import { HealthMonitor } from '../../../electron/core/health/health-monitor';
import { createLogger, silentLogger, type Logger } from '../../../electron/core/logging/logger';
import type { Db } from '../../../electron/core/storage/database';
import { openDatabase } from '../../../electron/core/storage/open-database';
import { syncModule } from '../../../electron/core/sync/sync-module';
import { upstreamWatch } from '../../../electron/core/sync/upstream-watch';
import { caseEventMaker, foodLicenceSnapshot } from '../../support/case-events';
import type { PtyPair } from '../../support/socat';
import { makeTempDir } from '../../support/temp-dirs';
import { afterThisTest, ptyPair, until } from './watch-test-support';

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

/** A serial watch on `pair.b`, started; stopped after the test. */
function watchOn(pair: PtyPair, id: string, label: string): StatusSource {
  const watch = serialPortWatch({ id, label, path: pair.b, lister: async () => [], intervalMs: 50, ...common });
  void watch.start();
  afterThisTest(() => watch.stop());
  return watch;
}

function monitorOf(db: Db, schemaVersion: number, sources: readonly StatusSource[], changes: Health[] = [], log: Logger = silentLogger): HealthMonitor {
  const monitor = new HealthMonitor({ db, clock: systemClock, log, schemaVersion, sources, onChange: (h) => changes.push(h), intervalMs: 60_000 });
  void monitor.start();
  afterThisTest(() => monitor.stop());
  return monitor;
}

const stateOf = (h: Health, id: string) => h.devices.find((d) => d.id === id)?.state;

describe('the health monitor collects what the sources report', () => {
  it('collects two serial watches and publishes a change when one of them changes, by itself', async () => {
    const { db, schemaVersion, dir } = await store();
    const left = await ptyPair(dir);
    const rightDir = makeTempDir('health-right');
    const right = await ptyPair(rightDir);
    const changes: Health[] = [];
    const monitor = monitorOf(db, schemaVersion, [watchOn(left, 'left', '左串口'), watchOn(right, 'right', '右串口')], changes);
    await until('both connected', () => stateOf(monitor.health(), 'left') === 'connected' && stateOf(monitor.health(), 'right') === 'connected');
    expect(monitor.health().devices).toEqual([
      expect.objectContaining({ id: 'left', label: '左串口', state: 'connected', endpoint: left.b, detail: '串口已就绪' }),
      expect.objectContaining({ id: 'right', label: '右串口', state: 'connected', endpoint: right.b }),
    ]);
    const before = changes.length;

    await right.stop();
    const pushed = await until('a change with right offline', () => changes.slice(before).find((h) => stateOf(h, 'right') === 'offline'));
    expect(stateOf(pushed, 'left')).toBe('connected');
    expect(pushed.devices.find((d) => d.id === 'right')?.detail).toContain('未检测到串口');
    expect(monitor.health()).toEqual(expect.objectContaining({ devices: pushed.devices }));
  });

  it('logs each source’s first answer and each change of its state once, with id, state and detail, not every look', async () => {
    const { db, schemaVersion, dir } = await store();
    const pair = await ptyPair(dir);
    const lines: string[] = [];
    const log = createLogger({ write: (line) => lines.push(line) });
    const since = new Date().toISOString();
    const missing = path.join(dir, 'ttyUSB7');
    const unplugged = serialPortWatch({ id: 'scanner', label: '高拍仪', path: missing, lister: async () => [], intervalMs: 50, ...common });
    const monitor = monitorOf(db, schemaVersion, [watchOn(pair, 'ratingDevice', '评价器'), unplugged, notConfigured('ticketPrinter', '排队票打印机', since)], [], log);
    void unplugged.start();
    afterThisTest(() => unplugged.stop());
    const changes = (id: string): Array<Record<string, unknown>> =>
      lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line.message === 'device state changed' && line.id === id);

    await until('connected', () => stateOf(monitor.health(), 'ratingDevice') === 'connected');
    // The watches look every 50 ms: several more looks find the same, and say nothing.
    await new Promise((r) => setTimeout(r, 300));
    expect(changes('ratingDevice')).toEqual([
      expect.objectContaining({ level: 'info', id: 'ratingDevice', state: 'connected', detail: '串口已就绪', endpoint: pair.b }),
    ]);
    // Offline from the start (as its placeholder said while checking), and in the log all the same.
    expect(changes('scanner')).toEqual([
      expect.objectContaining({ state: 'offline', detail: '未检测到串口，请检查连接线或 USB 转串口适配器', endpoint: missing }),
    ]);
    expect(changes('ticketPrinter')).toEqual([]);

    await pair.stop();
    await until('offline logged', () => changes('ratingDevice').length === 2);
    expect(changes('ratingDevice')[1]).toEqual(
      expect.objectContaining({ id: 'ratingDevice', state: 'offline', detail: '未检测到串口，请检查连接线或 USB 转串口适配器' }),
    );
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

  it('answers app.health with the devices and sync modules’ sources, says what writes tell it, and recounts the outbox after a case change', async () => {
    const { db, schemaVersion, dir } = await store();
    const events: Array<{ name: string; payload: Health }> = [];
    const ctx = contextOf(db, dir, events);
    const sources = [syncModule(ctx), devicesModule(ctx, { serialPortLister: async () => [] })].flatMap((m) => m.statusSources ?? []);
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
    expect(first.devices.map((d) => [d.id, d.label, d.state])).toEqual(
      Object.entries(DEVICE_LABELS).map(([id, label]) => [id, label, 'not_configured']),
    );
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
  it('takes a protocol driver’s source in place of the devices module’s watch for the ids it drives, and refuses both at once', async () => {
    const { db, schemaVersion, dir } = await store();
    const ctx = contextOf(db, dir, []);
    // As a printing module's driver would report (issue 14): it owns the port, says what it knows.
    const driver = new StatusPublisher('receiptPrinter', DEVICE_LABELS.receiptPrinter, { state: 'offline', endpoint: '192.168.1.50:9100', detail: '正在连接…' }, systemClock, silentLogger);
    const health = healthModule(ctx, { schemaVersion, intervalMs: 60_000 });

    const both = devicesModule(ctx, { serialPortLister: async () => [] }).statusSources ?? [];
    expect(() => health.collectStatusSources([...both, driver])).toThrow('two status sources share the id receiptPrinter');

    const devices = devicesModule(ctx, { serialPortLister: async () => [], drivenElsewhere: ['receiptPrinter'] });
    expect((devices.statusSources ?? []).map((s) => s.id)).toEqual(['ratingDevice', 'ticketPrinter']);
    health.collectStatusSources([...(devices.statusSources ?? []), driver]);
    driver.publish('connected', '打印机就绪');
    const appHealth = health.handlers?.['app.health'];
    if (!appHealth) throw new Error('the health module does not answer app.health');
    for (const service of health.services ?? []) await service.start();
    afterThisTest(async () => {
      for (const service of health.services ?? []) await service.stop();
    });
    const answer = (await appHealth({}, { staff: null })) as Health;
    expect(answer.devices.map((d) => [d.id, d.label, d.state, d.detail])).toEqual([
      ['ratingDevice', '评价器', 'not_configured', null],
      ['ticketPrinter', '排队票打印机', 'not_configured', null],
      ['receiptPrinter', '回执打印机', 'connected', '打印机就绪'],
    ]);
  });
});
