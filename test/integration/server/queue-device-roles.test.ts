import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUEUE_PATHS, type QueueRules } from '../../../electron/contract/queue';
import { SYNC_PATHS, formatEnrolmentCode, normaliseEnrolmentCode } from '../../../electron/contract/sync';
import { issueEnrolmentCode } from '../../../server/enrolment/enrolment';
import { createTestCore, JQ_WINDOW_12, type TestCore } from '../../support/core-fixture';
import { enrolRequest } from '../../support/enrol-request';
import { startPostgres, type TestPostgres } from '../../support/postgres';
import { newPress, panelOf, postQueue, testHallRules } from '../../support/queue-client';
import { runServerCli, startSyncServer, type SyncServer } from '../../support/sync-server';

// Each enrolled PC's role on the hall server (issue 17), through the real server (a child
// process) on real PostgreSQL: the operator states the role on the enrolment code (`enrol
// --role`), a PC whose config names another role cannot spend it, and the queue's routes accept
// each request only from the role it belongs to — a window cannot report as a dispenser, a
// dispenser cannot call, a display does neither. A PC enrolled before roles keeps working in every
// role, so a hall's devices go on after the server's upgrade.

const HALL = 'JQ';
const WINDOW = 12;
const DISPENSER = 91;
const LEGACY = 13;
const DISPLAY = 95;
const RULES: QueueRules = testHallRules([{ letter: 'A', name: '综合业务', itemCodes: [], windows: [WINDOW, LEGACY], lane: 'ordinary' }]);

let cluster: TestPostgres;
let databaseUrl: string;
let server: SyncServer;
let pool: pg.Pool;
const tokens = new Map<number, string>();

/** The operator's `enrol` on the hall's PostgreSQL: the printed code (its last line) and all it printed. */
async function enrolCommand(window: number, role: string | null): Promise<{ code: string; stdout: string }> {
  const run = await runServerCli(['enrol', '--hall', HALL, '--window', String(window), ...(role !== null ? ['--role', role] : [])], { DATABASE_URL: databaseUrl });
  expect(run.code, run.stderr).toBe(0);
  const code = normaliseEnrolmentCode(run.stdout.trim().split('\n').at(-1) ?? '');
  if (code === null) throw new Error(`no code printed: ${run.stdout}`);
  return { code, stdout: run.stdout };
}

/** POST /v1/enrol as an app makes it, with the role its config names (undefined: an app from before roles, which sends none). */
async function enrolAs(code: string, window: number, role: 'window' | 'dispenser' | 'display' | undefined): Promise<{ status: number; body: { reason?: string }; token: string }> {
  const { token, body } = enrolRequest(code, HALL, window);
  const answer = await fetch(`${server.url}${SYNC_PATHS.enrol}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(role === undefined ? body : { ...body, role }),
  });
  return { status: answer.status, body: (await answer.json()) as { reason?: string }, token };
}

function token(device: number): string {
  const found = tokens.get(device);
  if (found === undefined) throw new Error(`device ${device} not enrolled`);
  return found;
}

const issueAt = (device: number) => postQueue(server.url, token(device), QUEUE_PATHS.tickets, { issueId: crypto.randomUUID(), letter: 'A', lane: 'ordinary', rules: RULES });
const callNextAt = (device: number, asWindow: number = device) =>
  postQueue(server.url, token(device), QUEUE_PATHS.press, { press: newPress(asWindow, { kind: 'callNext' }), categories: ['A'], rules: RULES });
const reportAt = (device: number) => postQueue(server.url, token(device), QUEUE_PATHS.dispenser, { device, ready: false, words: '取号机缺纸，暂停取号' });
const reason = (answer: { body: unknown }) => (answer.body as { reason: string }).reason;

beforeAll(async () => {
  cluster = await startPostgres();
  databaseUrl = await cluster.createDatabase('device_roles');
  server = await startSyncServer({ backend: 'postgres', databaseUrl });
  pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });

  const window = await enrolCommand(WINDOW, 'window');
  expect(window.stdout).toContain(`${HALL} 大厅 ${WINDOW} 号窗口的一次性注册码`);
  const windowEnrolled = await enrolAs(window.code, WINDOW, 'window');
  expect(windowEnrolled.status).toBe(200);
  tokens.set(WINDOW, windowEnrolled.token);

  // The hall's own word for the role works on the command line too.
  const dispenser = await enrolCommand(DISPENSER, '取号机');
  expect(dispenser.stdout).toContain(`${DISPENSER} 号取号机的一次性注册码`);
  const dispenserEnrolled = await enrolAs(dispenser.code, DISPENSER, 'dispenser');
  expect(dispenserEnrolled.status).toBe(200);
  tokens.set(DISPENSER, dispenserEnrolled.token);

  const display = await enrolAs((await enrolCommand(DISPLAY, 'display')).code, DISPLAY, 'display');
  expect(display.status).toBe(200);
  tokens.set(DISPLAY, display.token);

  // A PC enrolled as before roles: a code without one, spent by an app that says none.
  const legacy = await enrolAs(await issueEnrolmentCode(pool, HALL, LEGACY), LEGACY, undefined);
  expect(legacy.status).toBe(200);
  tokens.set(LEGACY, legacy.token);
}, 240_000);

afterAll(async () => {
  await pool?.end();
  await server?.stop();
  await cluster?.stop();
});

describe('enrolment states the role', () => {
  it('refuses a code issued for a dispenser to a PC configured as a window, in words naming both, and keeps the code for the right config', async () => {
    const { code } = await enrolCommand(92, 'dispenser');
    const wrong = await enrolAs(code, 92, 'window');
    expect(wrong.status).toBe(403);
    expect(wrong.body.reason).toContain('92 号取号机签发的');
    expect(wrong.body.reason).toContain('本机配置的角色却是窗口');
    expect(wrong.body.reason).toContain('role 改为 dispenser');
    // Nothing spent: the same code enrols the PC once its config says dispenser.
    const right = await enrolAs(code, 92, 'dispenser');
    expect(right.status).toBe(200);
    const stored = await pool.query<{ role: string | null }>('SELECT role FROM tokens WHERE hall = $1 AND window_number = 92 AND revoked_at IS NULL', [HALL]);
    expect(stored.rows).toEqual([{ role: 'dispenser' }]);
  });

  it('refuses the mismatch at the 设置 page of a window too, with the server\'s words beside the code field', async () => {
    const core: TestCore = await createTestCore({ config: { ...JQ_WINDOW_12, sync: { url: server.url } } });
    try {
      await core.signInAs('it_admin');
      const code = await issueEnrolmentCode(pool, HALL, WINDOW, 'display');
      const refused = await core.fail('sync.enrol', { code: formatEnrolmentCode(code) });
      expect(refused.fieldErrors[0]?.path).toBe('code');
      expect(refused.fieldErrors[0]?.message).toMatch(/^注册码被拒绝：注册码是为 JQ 大厅 12 号叫号屏签发的，本机配置的角色却是窗口/);
      expect((await core.call('sync.info', {})).enrolment).toBeNull();
    } finally {
      await core.close();
    }
  });

  it('gives a code without a role the role the PC\'s config names', async () => {
    const answer = await enrolAs(await issueEnrolmentCode(pool, HALL, 93), 93, 'dispenser');
    expect(answer.status).toBe(200);
    const stored = await pool.query<{ role: string | null }>('SELECT role FROM tokens WHERE hall = $1 AND window_number = 93 AND revoked_at IS NULL', [HALL]);
    expect(stored.rows).toEqual([{ role: 'dispenser' }]);
  });
});

describe('the queue\'s routes by role', () => {
  it('refuses a window\'s token reporting as a dispenser, logged, and stores no report', async () => {
    const answer = await reportAt(WINDOW);
    expect(answer.status).toBe(403);
    expect(reason(answer)).toContain(`${HALL} 大厅 ${WINDOW} 号窗口，不能报告取号机状态（只有取号机可以）`);
    expect(server.output()).toMatch(/设备角色不符，请求已拒绝[^\n]*"device":12[^\n]*"role":"window"/);
    const reports = await pool.query('SELECT device FROM queue_dispensers WHERE hall = $1 AND device = $2', [HALL, WINDOW]);
    expect(reports.rowCount).toBe(0);
  });

  it('refuses a dispenser\'s token pressing next, and calls nothing', async () => {
    expect((await issueAt(DISPENSER)).status).toBe(200);
    const answer = await callNextAt(DISPENSER);
    expect(answer.status).toBe(403);
    expect(reason(answer)).toContain(`${DISPENSER} 号取号机，不能叫号（只有窗口可以）`);
    const called = await pool.query(`SELECT 1 FROM queue_tickets WHERE hall = $1 AND state <> 'waiting'`, [HALL]);
    expect(called.rowCount).toBe(0);
  });

  it('lets the dispenser report its printer and read the hall\'s state, which the window then sees', async () => {
    expect((await reportAt(DISPENSER)).status).toBe(200);
    expect((await panelOf(server.url, token(DISPENSER), RULES)).waiting).toEqual([expect.objectContaining({ letter: 'A', count: 1 })]);
    expect((await panelOf(server.url, token(WINDOW), RULES)).dispensers).toEqual([expect.objectContaining({ device: DISPENSER, ready: false })]);
  });

  it('refuses presses in a dispenser\'s offline history', async () => {
    const press = newPress(DISPENSER, { kind: 'callNext' });
    const answer = await postQueue(server.url, token(DISPENSER), QUEUE_PATHS.history, {
      rules: RULES,
      tickets: [],
      issueIds: {},
      presses: [{ press, outcome: { kind: 'refused', window: DISPENSER, refusal: 'queueEmpty' }, at: new Date().toISOString() }],
    });
    expect(answer.status).toBe(403);
    expect(reason(answer)).toContain('不能上传叫号记录');
  });

  it('lets the window call the dispenser\'s ticket', async () => {
    const answer = await callNextAt(WINDOW);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ outcome: { kind: 'called', number: 'A001', window: WINDOW } });
  });

  it('refuses a display\'s token issuing or calling', async () => {
    const issued = await issueAt(DISPLAY);
    expect(issued.status).toBe(403);
    expect(reason(issued)).toContain('号叫号屏，不能取号');
    expect((await callNextAt(DISPLAY)).status).toBe(403);
  });

  it('keeps a PC enrolled before roles working as a dispenser and as a window', async () => {
    const stored = await pool.query<{ role: string | null }>('SELECT role FROM tokens WHERE hall = $1 AND window_number = $2 AND revoked_at IS NULL', [HALL, LEGACY]);
    expect(stored.rows).toEqual([{ role: null }]);
    expect((await issueAt(LEGACY)).status).toBe(200);
    expect((await reportAt(LEGACY)).status).toBe(200);
    const called = await callNextAt(LEGACY);
    expect(called.status).toBe(200);
    expect(called.body).toMatchObject({ outcome: { kind: 'called', number: 'A002', window: LEGACY } });
    // Its number is still its own: roles add a check, they lift none.
    expect((await callNextAt(LEGACY, WINDOW)).status).toBe(403);
  });

  it('lists each PC\'s role for the operator (stats)', async () => {
    const run = await runServerCli(['stats', '--hall', HALL], { DATABASE_URL: databaseUrl });
    expect(run.code, run.stderr).toBe(0);
    const stats = JSON.parse(run.stdout.trim()) as { windows: Array<{ window: number; role: string | null; roleLabel: string }> };
    const byNumber = new Map(stats.windows.map((w) => [w.window, w]));
    expect(byNumber.get(WINDOW)).toMatchObject({ role: 'window', roleLabel: '窗口' });
    expect(byNumber.get(DISPENSER)).toMatchObject({ role: 'dispenser', roleLabel: '取号机' });
    expect(byNumber.get(DISPLAY)).toMatchObject({ role: 'display', roleLabel: '叫号屏' });
    expect(byNumber.get(LEGACY)).toMatchObject({ role: null, roleLabel: expect.stringContaining('旧注册') });
  });
});
