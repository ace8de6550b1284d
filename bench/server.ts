// npm run bench:server — the upstream under a city's halls: 200 enrolled windows pushing at once
// on loopback to the server (a child process, as deployed) on a real PostgreSQL 15 (a throwaway
// initdb cluster, test/support/postgres.ts). Issue 16, "Proof": sustained ingest (events/s) and
// push p99 (ms), with zero duplicates and zero loss checked by id in SQL afterwards.
//
// Two phases, both with every window pushing at the same time, each window one connection and one
// request at a time (as the app's sync client pushes):
// 1. 积压追赶 — the hall's network comes back after an outage: each window pushes its backlog in
//    batches of 500 (the client's default). Measures ingest; a push's latency here is the queue
//    of 200 × 500 events in flight, reported but not a target.
// 2. 实时上传 — a working day: each window pushes a few events at a time (a case's step, as the
//    client does soon after each local change), for a fixed time. Measures ingest and push p99
//    (the targets), and once per window re-sends a batch already acknowledged (an answer lost on
//    the way back), which must change nothing.
//
// Windows are enrolled by the operator's path: a one-time code issued on the database (what
// `npm run server -- enrol` does), spent by `POST /v1/enrol` with the token's SHA-256, as a window
// does; every push then carries the window's token.
import http from 'node:http';
import os from 'node:os';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { ENROLMENT_TOKEN_HEADER, SYNC_PATHS } from '../electron/contract/sync';
import { newWindowToken, sha256Hex } from '../electron/core/sync/enrol';
import { issueEnrolmentCode } from '../server/enrolment/enrolment';
import { startPostgres, type TestPostgres } from '../test/support/postgres';
import { startSyncServer, type SyncServer } from '../test/support/sync-server';
import { printResult, table } from './support/report';
import { percentile } from './support/stats';

const { values } = parseArgs({
  options: {
    windows: { type: 'string', default: '200' },
    /** Events each window has waiting when phase 1 starts. */
    backlog: { type: 'string', default: '1000' },
    /** Events per push in phase 1 (the client's default batch). */
    'backlog-batch': { type: 'string', default: '500' },
    /** Phase 2's length in seconds. */
    seconds: { type: 'string', default: '30' },
    /** Events per push in phase 2: a case step's few events. */
    'live-batch': { type: 'string', default: '5' },
  },
});
const WINDOWS = Number(values.windows);
const BACKLOG = Number(values.backlog);
const BACKLOG_BATCH = Number(values['backlog-batch']);
const LIVE_SECONDS = Number(values.seconds);
const LIVE_BATCH = Number(values['live-batch']);
const HALLS = ['JQ', 'PD', 'XH', 'HP', 'MH', 'BS', 'JD', 'SJ', 'QP', 'FX'];
const log = (line: string) => process.stderr.write(`${line}\n`);
const ms = (n: number) => n.toFixed(1);

// ── Events as a window writes them ────────────────────────────────────────────────────────────

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '欧阳', '𠮷'];
const GIVEN = ['芳', '伟', '秀英', '建国', '晓东', '海燕', '子涵', '雨桐', '志强', '玉兰'];
const STREETS = ['浦东新区张杨路 1518 弄 32 号 1201 室', '金桥镇金高路 2216 弄 5 号 602 室', '徐汇区漕溪北路 88 号 3 楼', '闵行区莘庄镇沁春路 19 弄 7 号'];
const ITEMS = [
  { code: '310115000000-SC-0001-01', name: '食品经营许可（新办）', department: '区市场监督管理局', materials: ['食品经营许可申请书', '营业执照复印件', '法定代表人身份证明', '食品安全管理制度文本', '经营场所平面图'] },
  { code: '310115000000-RS-0023-02', name: '灵活就业人员社会保险登记', department: '区人力资源和社会保障局', materials: ['社会保险登记表', '居民身份证', '户口簿'] },
  { code: '310115000000-MZ-0107-01', name: '最低生活保障申请', department: '区民政局', materials: ['最低生活保障申请书', '家庭成员身份证明', '家庭收入证明', '家庭财产申报表'] },
];

/** One event as sent: its id, and its JSON text (made once, as the client reads it from its outbox). */
interface WireEvent {
  id: string;
  text: string;
}

interface WindowStream {
  hall: string;
  window: number;
  staff: string;
  caseSerial: number;
  /** The open case and its next version (1 = not received yet). */
  caseId: string;
  version: number;
}

/** The events of a case in order, as the window's core writes them (core/cases/case-events.ts). */
function nextEvent(w: WindowStream, at: Date): WireEvent {
  if (w.version === 1) {
    w.caseSerial++;
    w.caseId = uuidv7();
  }
  const n = w.caseSerial;
  const item = ITEMS[n % ITEMS.length] ?? ITEMS[0]!;
  const day = at.toISOString().slice(0, 10);
  let type: string;
  let payload: Record<string, unknown>;
  switch (w.version) {
    case 1:
      type = 'case.received';
      payload = {
        caseNumber: `${w.hall}${String(w.window).padStart(3, '0')}${day.replaceAll('-', '')}${String(n).padStart(4, '0')}`,
        receivedDate: day,
        item: {
          code: item.code,
          version: 3,
          name: item.name,
          department: item.department,
          caseType: 'promised',
          legalDays: 20,
          promisedDays: 10,
          materials: item.materials.map((name, i) => ({ id: `M${i + 1}`, name, form: i === 0 ? 'original' : 'copy', copies: 1, required: true, key: i < 2, note: null })),
        },
        applicant: {
          kind: 'person',
          name: `${SURNAMES[n % SURNAMES.length]}${GIVEN[(n * 7) % GIVEN.length]}`,
          idType: 'resident',
          idNumber: `31011519${String(70 + (n % 30))}0${1 + (n % 9)}1${n % 10}${String(100 + (n % 900))}${n % 10}`,
          mobile: `139${String(10_000_000 + ((n * 7919) % 89_999_999)).padStart(8, '0')}`,
          address: `上海市${STREETS[n % STREETS.length]}`,
          idNumberChecksumConfirmed: false,
        },
        agent: null,
        receipts: item.materials.map((_, i) => ({ materialId: `M${i + 1}`, received: true, form: i === 0 ? 'original' : 'copy', copies: 1, defective: false, defectNote: '' })),
      };
      break;
    case 2:
      type = 'case.accepted';
      payload = { acceptanceDate: day, promisedDueDate: '2026-12-14', legalDueDate: '2026-12-28', promisedDueProvisional: false, legalDueProvisional: false, deferrals: [] };
      break;
    case 3:
      type = 'case.reviewStarted';
      payload = {};
      break;
    case 4:
      type = 'case.decided';
      payload = { outcome: 'approved', itemType: 'licence', reason: '申请材料齐全，符合法定形式，准予许可', legalBasis: '《中华人民共和国行政许可法》第三十八条' };
      break;
    default:
      type = 'case.delivered';
      payload = { method: 'counter', recipientName: '本人领取', address: '', trackingNumber: '' };
  }
  const id = uuidv7();
  const event = { id, stream: { type: 'case', id: w.caseId }, version: w.version, type, occurredAt: at.toISOString(), hall: w.hall, window: w.window, staff: w.staff, payload };
  w.version = w.version === 5 ? 1 : w.version + 1;
  return { id, text: JSON.stringify(event) };
}

// ── A window on the wire ──────────────────────────────────────────────────────────────────────

interface BenchWindow {
  stream: WindowStream;
  token: string;
  /** One keep-alive connection, as one window's client holds. */
  agent: http.Agent;
  sent: string[];
}

function post(url: URL, agent: http.Agent, token: string | null, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) };
    if (token !== null) headers[ENROLMENT_TOKEN_HEADER] = token;
    const req = http.request(url, { method: 'POST', agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Pushes answered 503 and sent again. */
let retries = 0;

/** Pushes `events` (JSON texts) and checks the ack lists every one of them; the push's latency in ms. */
async function push(server: URL, w: BenchWindow, events: WireEvent[]): Promise<number> {
  const body = `{"events":[${events.map((e) => e.text).join(',')}]}`;
  const started = performance.now();
  let res = await post(new URL(SYNC_PATHS.push, server), w.agent, w.token, body);
  // 503 (the server's database busy or away): the window's client retries after a back-off; the
  // push's time is the window's, retries included.
  for (let attempt = 1; res.status === 503 && attempt <= 5; attempt++) {
    retries++;
    await new Promise((r) => setTimeout(r, 250 * attempt * (0.5 + Math.random())));
    res = await post(new URL(SYNC_PATHS.push, server), w.agent, w.token, body);
  }
  const elapsed = performance.now() - started;
  if (res.status !== 200) throw new Error(`${w.stream.hall} ${w.stream.window} 号窗口上传得到 HTTP ${res.status}：${res.text.slice(0, 500)}`);
  const held = new Set((JSON.parse(res.text) as { held: string[] }).held);
  for (const e of events) {
    if (!held.has(e.id)) throw new Error(`${w.stream.hall} ${w.stream.window} 号窗口：事件 ${e.id} 已发送但应答未确认`);
  }
  return elapsed;
}

async function enrolWindows(pool: pg.Pool, server: URL): Promise<BenchWindow[]> {
  const windows: BenchWindow[] = [];
  for (let i = 0; i < WINDOWS; i++) {
    const hall = HALLS[i % HALLS.length] ?? 'JQ';
    const number = Math.floor(i / HALLS.length) + 1;
    const code = await issueEnrolmentCode(pool, hall, number);
    const token = newWindowToken();
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const res = await post(new URL(SYNC_PATHS.enrol, server), agent, null, JSON.stringify({ code, hall, window: number, tokenHash: sha256Hex(token) }));
    if (res.status !== 200) throw new Error(`注册 ${hall} ${number} 号窗口失败：HTTP ${res.status} ${res.text}`);
    windows.push({ stream: { hall, window: number, staff: uuidv7(), caseSerial: 0, caseId: '', version: 1 }, token, agent, sent: [] });
  }
  return windows;
}

interface PhaseFigures {
  seconds: number;
  events: number;
  pushes: number;
  eventsPerSecond: number;
  p50: number;
  p99: number;
  max: number;
}

function figuresOf(started: number, events: number, latencies: number[]): PhaseFigures {
  const seconds = (performance.now() - started) / 1000;
  const sorted = [...latencies].sort((a, b) => a - b);
  return { seconds, events, pushes: latencies.length, eventsPerSecond: events / seconds, p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted.at(-1) ?? 0 };
}

/** Phase 1: every window pushes BACKLOG events in batches of BACKLOG_BATCH, all at once. */
async function catchUp(server: URL, windows: BenchWindow[]): Promise<PhaseFigures> {
  // The backlog is made before the clock starts: it waited in the windows' outboxes.
  const backlogs = windows.map((w) => {
    const at = new Date(Date.now() - 7 * 24 * 3600_000);
    return Array.from({ length: BACKLOG }, (_, i) => nextEvent(w.stream, new Date(at.getTime() + i * 60_000)));
  });
  const latencies: number[] = [];
  const started = performance.now();
  await Promise.all(
    windows.map(async (w, i) => {
      const backlog = backlogs[i] ?? [];
      for (let at = 0; at < backlog.length; at += BACKLOG_BATCH) {
        const batch = backlog.slice(at, at + BACKLOG_BATCH);
        latencies.push(await push(server, w, batch));
        for (const e of batch) w.sent.push(e.id);
      }
    }),
  );
  return figuresOf(started, WINDOWS * BACKLOG, latencies);
}

/** Phase 2: every window pushes LIVE_BATCH events at a time for LIVE_SECONDS, then re-sends its first batch once. */
async function live(server: URL, windows: BenchWindow[]): Promise<PhaseFigures & { resent: number }> {
  const latencies: number[] = [];
  let events = 0;
  let resent = 0;
  const started = performance.now();
  const until = started + LIVE_SECONDS * 1000;
  await Promise.all(
    windows.map(async (w) => {
      let first: WireEvent[] | null = null;
      while (performance.now() < until) {
        const now = new Date();
        const batch = Array.from({ length: LIVE_BATCH }, () => nextEvent(w.stream, now));
        latencies.push(await push(server, w, batch));
        events += batch.length;
        first ??= batch;
        for (const e of batch) w.sent.push(e.id);
      }
      // An answer lost on the way back: the window sends the same batch again.
      if (first) {
        await push(server, w, first);
        resent += first.length;
      }
    }),
  );
  return { ...figuresOf(started, events, latencies), resent };
}

/** By id, in SQL: how many stored events the bench never sent or sent once but stored twice, and how many sent are missing. */
async function verify(pool: pg.Pool, windows: BenchWindow[]): Promise<{ held: number; distinct: number; missing: number; strangers: number }> {
  const totals = (await pool.query<{ held: string; distinct: string }>('SELECT count(*) AS held, count(DISTINCT id) AS distinct FROM events')).rows[0];
  let missing = 0;
  let strangers = 0;
  for (const w of windows) {
    const row = (
      await pool.query<{ missing: string; strangers: string }>(
        `SELECT (SELECT count(*) FROM unnest($3::uuid[]) AS s(id) WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.hall = $1 AND e.id = s.id AND e.window_number = $2)) AS missing,
                (SELECT count(*) FROM events e WHERE e.hall = $1 AND e.window_number = $2 AND NOT (e.id = ANY($3::uuid[]))) AS strangers`,
        [w.stream.hall, w.stream.window, w.sent],
      )
    ).rows[0];
    missing += Number(row?.missing ?? 0);
    strangers += Number(row?.strangers ?? 0);
  }
  return { held: Number(totals?.held ?? 0), distinct: Number(totals?.distinct ?? 0), missing, strangers };
}

async function main(): Promise<void> {
  let postgres: TestPostgres | null = null;
  let server: SyncServer | null = null;
  let pool: pg.Pool | null = null;
  try {
    log(`一、启动 PostgreSQL 15（临时集群）与上级服务（子进程，回环地址）；机器 ${os.cpus().length} 核`);
    postgres = await startPostgres();
    const databaseUrl = await postgres.createDatabase('bench_server');
    server = await startSyncServer({ backend: 'postgres', databaseUrl });
    const url = new URL(server.url);
    pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });

    log(`二、以运维注册路径注册 ${WINDOWS} 个窗口（${HALLS.length} 个大厅）：数据库签发一次性注册码，窗口以令牌摘要调用 /v1/enrol`);
    const windows = await enrolWindows(pool, url);

    log(`三、积压追赶：${WINDOWS} 个窗口同时上传各自 ${BACKLOG} 条积压（每批 ${BACKLOG_BATCH} 条）`);
    const backlog = await catchUp(url, windows);
    log(`  ${backlog.seconds.toFixed(1)} 秒，${backlog.eventsPerSecond.toFixed(0)} 条/秒，p99 ${ms(backlog.p99)} 毫秒`);

    log(`四、实时上传：${WINDOWS} 个窗口同时上传，每次 ${LIVE_BATCH} 条，持续 ${LIVE_SECONDS} 秒；最后每个窗口重发一次已确认的批次`);
    const running = await live(url, windows);
    log(`  ${running.eventsPerSecond.toFixed(0)} 条/秒，p50 ${ms(running.p50)} 毫秒，p99 ${ms(running.p99)} 毫秒`);

    log('五、按 id 核对（SQL）：重复、缺失、未发送而保存的事件');
    const check = await verify(pool, windows);
    const sent = windows.reduce((s, w) => s + w.sent.length, 0);
    const duplicates = check.held - check.distinct;

    process.stdout.write(
      `\n${table(
        ['阶段', '窗口', '每批事件', '事件数', '上传次数', '用时（秒）', '条/秒', 'p50（毫秒）', 'p99（毫秒）', '最长（毫秒）'],
        [
          ['积压追赶', WINDOWS, BACKLOG_BATCH, backlog.events, backlog.pushes, backlog.seconds.toFixed(1), backlog.eventsPerSecond.toFixed(0), ms(backlog.p50), ms(backlog.p99), ms(backlog.max)],
          ['实时上传', WINDOWS, LIVE_BATCH, running.events, running.pushes, running.seconds.toFixed(1), running.eventsPerSecond.toFixed(0), ms(running.p50), ms(running.p99), ms(running.max)],
        ],
      )}\n\n已发送 ${sent} 条（另重发已确认的 ${running.resent} 条；因 503 重试上传 ${retries} 次）；上级平台保存 ${check.held} 条，重复 ${duplicates} 条，缺失 ${check.missing} 条，未发送而保存 ${check.strangers} 条\n` +
        `积压追赶阶段的延迟是 ${WINDOWS} × ${BACKLOG_BATCH} 条同时在途的排队时间，仅供参考；目标按实时上传阶段计。本机与其他进程共用，数字是相对的。\n\n`,
    );
    const met = running.eventsPerSecond >= 5000 && running.p99 < 250 && duplicates === 0 && check.missing === 0 && check.strangers === 0 && check.held === sent;
    printResult({
      bench: 'server',
      figures: {
        windows: WINDOWS,
        live_events_per_second: Math.round(running.eventsPerSecond),
        live_push_p50_ms: Number(running.p50.toFixed(1)),
        live_push_p99_ms: Number(running.p99.toFixed(1)),
        live_events_per_push: LIVE_BATCH,
        backlog_events_per_second: Math.round(backlog.eventsPerSecond),
        backlog_push_p99_ms: Number(backlog.p99.toFixed(1)),
        backlog_events_per_push: BACKLOG_BATCH,
        events_sent: sent,
        server_held: check.held,
        server_duplicates: duplicates,
        server_missing: check.missing,
        pushes_retried_after_503: retries,
      },
      targets: { live_events_per_second: '>= 5000', live_push_p99_ms: '< 250', server_duplicates: '= 0', server_missing: '= 0', server_held: `= events_sent` },
      met,
    });
    for (const w of windows) w.agent.destroy();
  } finally {
    await pool?.end().catch(() => undefined);
    await server?.stop().catch(() => undefined);
    await postgres?.stop().catch(() => undefined);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
