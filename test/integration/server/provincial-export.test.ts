import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENROLMENT_TOKEN_HEADER, SYNC_PATHS, type SyncEvent } from '../../../electron/contract/sync';
import { ExportFailedError } from '../../../server/export/export-error';
import { ExportRecordSchema } from '../../../server/export/export-record';
import { BatchManifestSchema } from '../../../server/export/file-batch-adapter';
import { parseExportCommand, runExportCommand } from '../../../server/export/export-command';
import { makeTempDir } from '../../support/temp-dirs';
import {
  ACCEPTED,
  HALL_CREDIT_CODE,
  STAFF_LEAD,
  caseStream,
  ratingReceived,
  ratingStream,
  received,
  uuid,
} from '../../unit/server/export/export-fixtures';
import { openDatabase } from '../../../server/db/database';
import { buildApp } from '../../../server/http/app';
import { issueEnrolmentCode } from '../../../server/enrolment/enrolment';
import { silentLog } from '../../../server/log';
import { enrolRequest } from '../../support/enrol-request';
import { freshPgliteDataDir, runServerCli } from '../../support/sync-server';
import { enrolledToken, post, startLiveApp, type LiveApp } from './server-fixtures';

// The export over a real server: events pushed by a window through the real HTTP endpoint into
// PGlite, then exported from that database into file batches a province can take.

let live: LiveApp;
let token: string;
const dir = makeTempDir('provincial-export');
const profilePath = join(dir, 'JQ.json');

async function push(events: SyncEvent[]): Promise<void> {
  const answer = await post(`${live.url}${SYNC_PATHS.push}`, { events }, token);
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
}

function readBatches(out: string) {
  const manifests = readdirSync(out)
    .filter((f) => f.endsWith('.manifest.json'))
    .sort()
    .map((f) => BatchManifestSchema.parse(JSON.parse(readFileSync(join(out, f), 'utf8'))));
  const records = manifests.flatMap((m) =>
    readFileSync(join(out, m.file), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => ExportRecordSchema.parse(JSON.parse(line))),
  );
  return { manifests, records };
}

beforeAll(async () => {
  live = await startLiveApp('pglite', null);
  token = await enrolledToken(live, 'JQ', 12);
  writeFileSync(profilePath, JSON.stringify({ format: 1, hall: 'JQ', unitName: '杭州市西湖区行政服务中心', creditCode: HALL_CREDIT_CODE }));
}, 120_000);

afterAll(async () => {
  await live?.close();
});

describe('provincial export from the server’s stored events', () => {
  it('exports what a window pushed: each case and rating once, in batches with matching manifests; --since takes only what changed', async () => {
    const delivered = caseStream('2026-11-23T01:00:00.000Z');
    delivered.event('case.received', received());
    delivered.event('case.accepted', ACCEPTED);
    delivered.event('case.decided', { outcome: 'approved', itemType: 'licensing', reason: '', legalBasis: '' });
    const rejected = caseStream('2026-11-23T02:00:00.000Z');
    rejected.event('case.received', received({ caseNumber: 'JQ-12-20261123-0008', agent: null }));
    rejected.event('case.rejected', { reasonId: null, reason: '不属于本机关职权范围', legalBasis: '《行政许可法》第三十二条' });
    const bad = ratingStream();
    const followUpId = uuid();
    bad.event('rating.received', ratingReceived('dissatisfied', delivered.id), { staff: null });
    bad.event('rating.followUpOpened', { followUpId, dueDate: '2026-12-14', workingDays: 15, dueProvisional: false }, { staff: null });
    const good = ratingStream();
    good.event('rating.received', ratingReceived('very_satisfied'), { staff: null });
    await push([...delivered.events, ...rejected.events, ...bad.events, ...good.events]);

    const out = join(dir, 'all');
    const summary = await runExportCommand(live.db.pool, parseExportCommand({ hall: 'JQ', province: 'national', out, profile: profilePath }));

    expect(summary).toMatchObject({ hall: 'JQ', province: 'national', since: null, adapter: 'file-batch', cases: 2, ratings: 2 });
    const { manifests, records } = readBatches(out);
    expect(manifests).toHaveLength(1);
    expect(manifests[0]).toMatchObject({ lines: 4, counts: { case: 2, rating: 2 } });
    // In the server's order; the stored instants come back as the window sent them.
    expect(records.map((r) => (r.recordType === 'case' ? r.caseNumber : r.satisfaction.name))).toEqual([
      'JQ-12-20261123-0007',
      'JQ-12-20261123-0008',
      '不满意',
      '非常满意',
    ]);
    expect(records[0]).toMatchObject({ status: 'decided', applicationTime: '2026-11-23T01:00:00.000Z', acceptanceUnit: { creditCode: HALL_CREDIT_CODE } });
    expect(records[2]).toMatchObject({ satisfaction: { code: '4' }, followUp: { stage: 'verifying' } });

    // Later the window delivers the first case and the 差评 is verified: a --since export carries those two only.
    const since = new Date().toISOString();
    delivered.event('case.delivered', { method: 'window', recipientName: '王秀英', address: '', trackingNumber: '' });
    bad.event('rating.verified', { followUpId, finding: '属实' }, { staff: STAFF_LEAD });
    await push([delivered.events.at(-1)!, bad.events.at(-1)!]);
    const later = join(dir, 'since');
    const again = await runExportCommand(live.db.pool, parseExportCommand({ hall: 'JQ', province: 'national', out: later, since, profile: profilePath }));
    expect(again).toMatchObject({ cases: 1, ratings: 1 });
    const changed = readBatches(later).records;
    expect(changed.map((r) => r.recordType)).toEqual(['case', 'rating']);
    expect(changed[0]).toMatchObject({ status: 'delivered', steps: expect.arrayContaining([expect.objectContaining({ step: { code: '09', name: '送达办结' } })]) });
    expect(changed[1]).toMatchObject({ followUp: { stage: 'revisiting' } });
  });

  it('a stored value without a code fails the whole export, naming it, and writes nothing', async () => {
    const odd = caseStream('2026-11-24T01:00:00.000Z');
    const { itemType: _none, ...untyped } = received().item;
    odd.event('case.received', received({ caseNumber: 'JQ-12-20261124-0001', item: untyped }));
    await push(odd.events);

    const out = join(dir, 'refused');
    const attempt = runExportCommand(live.db.pool, parseExportCommand({ hall: 'JQ', province: 'national', out, profile: profilePath }));
    await expect(attempt).rejects.toBeInstanceOf(ExportFailedError);
    await expect(attempt).rejects.toThrow(/代码表“item-type”（national）没有“（未记录事项类型）”的代码/);
    expect(() => readdirSync(out)).toThrow();
  });

  it('refuses an unknown province, a missing profile and a bad --since before reading anything', async () => {
    await expect(runExportCommand(live.db.pool, parseExportCommand({ hall: 'JQ', province: 'XX', out: dir, profile: profilePath }))).rejects.toThrow(/没有省份“XX”的代码表目录/);
    await expect(runExportCommand(live.db.pool, parseExportCommand({ hall: 'JQ', province: 'national', out: dir, profile: join(dir, 'none.json') }))).rejects.toThrow(/大厅信息文件 .*none\.json 无法读取/);
    expect(() => parseExportCommand({ hall: 'JQ', province: 'national', out: dir, since: '2026-11-01' })).toThrow(/--since：应为带时区的 ISO 8601 时间/);
    expect(parseExportCommand({ hall: 'JQ', province: 'national', out: dir, since: '2026-11-01T00:00:00+08:00' }).since).toBe('2026-10-31T16:00:00.000Z');
    expect(() => parseExportCommand({ hall: 'JQ', province: 'national', out: dir, since: '2026-11-01T00:00:00+08:00', 'since-manifest': 'a.manifest.json' })).toThrow(/--since 和 --since-manifest 只能给出一个/);
    await expect(runExportCommand(live.db.pool, parseExportCommand({ hall: 'JQ', province: 'national', out: dir, 'since-manifest': profilePath, profile: profilePath }))).rejects.toThrow(/不是导出批次的清单/);
  });

  it('runs as `npm run server -- export` on a PGlite folder: one JSON line on success; an unknown province or a missing --out refused in words', async () => {
    const dataDir = await freshPgliteDataDir(join(dir, 'cli-data'));
    const db = await openDatabase({ dataDir, log: silentLog });
    const app = buildApp({ db, log: silentLog });
    try {
      const code = await issueEnrolmentCode(db.pool, 'JQ', 12);
      const { token: cliToken, body: enrolBody } = enrolRequest(code, 'JQ', 12);
      expect((await app.inject({ method: 'POST', url: SYNC_PATHS.enrol, payload: enrolBody })).statusCode).toBe(200);
      const c = caseStream('2026-11-25T01:00:00.000Z');
      c.event('case.received', received({ item: { ...received().item, caseType: 'joint' } }));
      c.event('case.accepted', ACCEPTED);
      const pushed = await app.inject({ method: 'POST', url: SYNC_PATHS.push, headers: { [ENROLMENT_TOKEN_HEADER]: cliToken }, payload: { events: c.events } });
      expect(pushed.statusCode, pushed.body).toBe(200);
    } finally {
      await app.close();
      await db.close();
    }

    const out = join(dir, 'cli-out');
    const ok = await runServerCli(['export', '--hall', 'JQ', '--province', 'national', '--out', out, '--profile', profilePath, '--data-dir', dataDir]);
    expect(ok.code, ok.stderr).toBe(0);
    const summary = JSON.parse(ok.stdout.trim().split('\n').at(-1)!) as { cases: number; batches: Array<{ location: string }> };
    expect(summary.cases).toBe(1);
    const { records } = readBatches(out);
    expect(records[0]).toMatchObject({ recordType: 'case', caseType: { code: '9', name: '联办件' } });

    // A province without code tables: refused in words, exit 1, nothing written.
    const failed = await runServerCli(['export', '--hall', 'JQ', '--province', 'XX', '--out', join(dir, 'cli-refused'), '--profile', profilePath, '--data-dir', dataDir]);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('没有省份“XX”的代码表目录');
    expect(() => readdirSync(join(dir, 'cli-refused'))).toThrow();
    const usage = await runServerCli(['export', '--hall', 'JQ', '--province', 'national', '--data-dir', dataDir]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('--out：');
  });
});
