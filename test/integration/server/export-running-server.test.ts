import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYNC_PATHS, type SyncEvent } from '../../../electron/contract/sync';
import { ExportRecordSchema } from '../../../server/export/export-record';
import { BatchManifestSchema } from '../../../server/export/file-batch-adapter';
import { enrolRequest } from '../../support/enrol-request';
import { runServerCli, startSyncServer, type SyncServer } from '../../support/sync-server';
import { makeTempDir } from '../../support/temp-dirs';
import { ACCEPTED, HALL_CREDIT_CODE, caseStream, received } from '../../unit/server/export/export-fixtures';
import { post } from './server-fixtures';

// `npm run server -- export` on the PGlite default while the server runs (review-16 finding 10):
// the command finds the folder held and has the running server export; windows keep syncing.

let server: SyncServer;
let token: string;
const dir = makeTempDir('export-running-server');
const profilePath = join(dir, 'JQ.json');

async function push(events: SyncEvent[]): Promise<void> {
  const answer = await post(`${server.url}${SYNC_PATHS.push}`, { events }, token);
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
}

function acceptedCase(caseNumber: string) {
  const c = caseStream('2026-11-25T01:00:00.000Z');
  c.event('case.received', received({ caseNumber }));
  c.event('case.accepted', ACCEPTED);
  return c;
}

function exported(out: string) {
  const manifests = readdirSync(out)
    .filter((f) => f.endsWith('.manifest.json'))
    .map((f) => ({ path: join(out, f), manifest: BatchManifestSchema.parse(JSON.parse(readFileSync(join(out, f), 'utf8'))) }));
  const caseNumbers = manifests.flatMap(({ manifest }) =>
    readFileSync(join(out, manifest.file), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => ExportRecordSchema.parse(JSON.parse(line)))
      .map((r) => (r.recordType === 'case' ? r.caseNumber : '')),
  );
  return { manifests, caseNumbers };
}

beforeAll(async () => {
  server = await startSyncServer({ backend: 'pglite', dataDir: join(dir, 'data') });
  const { token: t, body } = enrolRequest((await server.enrol('JQ', 12)).replace(/-/g, ''), 'JQ', 12);
  const enrolled = await post(`${server.url}${SYNC_PATHS.enrol}`, body);
  expect(enrolled.status, JSON.stringify(enrolled.body)).toBe(200);
  token = t;
  writeFileSync(profilePath, JSON.stringify({ format: 1, hall: 'JQ', unitName: '杭州市西湖区行政服务中心', creditCode: HALL_CREDIT_CODE }));
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

describe('export while the PGlite server runs', () => {
  it('the running server writes the batches where the command says; the next export follows the manifest; pushes go on', async () => {
    await push(acceptedCase('JQ-12-20261125-0001').events);
    const dataDir = server.dataDir!;

    const first = join(dir, 'first');
    const ok = await runServerCli(['export', '--hall', 'JQ', '--province', 'national', '--out', first, '--profile', profilePath, '--data-dir', dataDir]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout.trim().split('\n').at(-1)!)).toMatchObject({ hall: 'JQ', cases: 1 });
    const a = exported(first);
    expect(a.caseNumbers).toEqual(['JQ-12-20261125-0001']);

    // The server still takes the window's pushes, and the next export starts from A's manifest.
    await push(acceptedCase('JQ-12-20261125-0002').events);
    const second = join(dir, 'second');
    const next = await runServerCli(['export', '--hall', 'JQ', '--province', 'national', '--out', second, '--since-manifest', a.manifests[0]!.path, '--profile', profilePath, '--data-dir', dataDir]);
    expect(next.code, next.stderr).toBe(0);
    expect(exported(second).caseNumbers).toContain('JQ-12-20261125-0002');

    // A refusal comes back in words, exit 1, nothing written.
    const refused = await runServerCli(['export', '--hall', 'JQ', '--province', 'XX', '--out', join(dir, 'refused'), '--profile', profilePath, '--data-dir', dataDir]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('没有省份“XX”的代码表目录');
    expect(() => readdirSync(join(dir, 'refused'))).toThrow();
    expect(server.process.exitCode).toBeNull();
  }, 120_000);
});
