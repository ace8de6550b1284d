/**
 * bench:migration — how long a window's database takes to upgrade from schema version 8 (the
 * last before the ratings) to this build's latest, on a large event log, and whether the start
 * screen hears progress at least once a second meanwhile.
 *
 * Builds a version-8 file as a busy window leaves it after about three years: `--cases` cases
 * (default 200,000; the target is stated per million, extrapolated linearly from a smaller run), each with its events (受理 and its decision; most then 审查, 决定, 送达; some
 * withdrawn), the outbox holding every event (no sync client before version 12 acknowledged
 * any), the cases' projection rows, and the two documents an accept issues (受理回执, 受理通知书)
 * for the newest `--documents-share` of cases (printing came with version 8, late in such a
 * window's life). Then opens it with openDatabase, as the app does at start (integrity check,
 * backup, every step, one transaction each), in a child process of its own so that its peak
 * RSS is the upgrade's alone, and prints the times per stage, the longest silence of the
 * progress reports and the peak RSS; the last line is the JSON result.
 *
 *   npm run bench:migration [-- --cases 200000 --documents-share 0.1 --dir DIR --keep]
 */
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { describeStartProgress, type StartProgress } from '../electron/contract/start-progress';
import type { Db } from '../electron/core/storage/database';
import { applyMigration } from '../electron/core/storage/migration';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from '../electron/core/storage/migrations';
import { openDatabase } from '../electron/core/storage/open-database';
import { printResult, table } from './support/report';
import { seededRandom } from '../test/support/seeded-random';

const { values } = parseArgs({
  options: {
    // 200,000 by default: building a million cases' log alone takes over ten minutes on a busy
    // 2-core machine. The figures are then extrapolated linearly (and say so); --cases 1000000
    // --dir DIR measures the full size (the built file is kept in DIR for the next run).
    cases: { type: 'string', default: '200000' },
    'documents-share': { type: 'string', default: '0.1' },
    dir: { type: 'string' },
    keep: { type: 'boolean', default: false },
    child: { type: 'string' },
  },
});

/** The target: a hall's IT plans an upgrade in a lunch break; a window closed longer than that is a complaint. */
const TARGET_SECONDS_PER_MILLION_CASES = 300;
/** The start screen must move at least once a second. */
const TARGET_MAX_SILENCE_MS = 1000;
/** A hall PC has 4 GB or more, shared with Chromium and the OS: the upgrade may take a quarter of it at most. */
const TARGET_PEAK_RSS_MB = 1024;

const log = (line: string): void => void process.stderr.write(`${line}\n`);

interface ChildReport {
  totalMs: number;
  firstReportMs: number | null;
  maxSilenceMs: number;
  stages: Array<{ label: string; ms: number }>;
  maxRssKb: number;
  /** User + system CPU time of the whole child (its worker threads too), ms. */
  cpuMs: number;
  schemaVersion: number;
}


/** In the child: open (and so migrate) the file as the app does, timing every stage. */
async function runChild(file: string): Promise<void> {
  const started = performance.now();
  let lastReport = started;
  let firstReportMs: number | null = null;
  let maxSilenceMs = 0;
  const stages: Array<{ label: string; ms: number }> = [];
  let stageKey = '';
  let stageAt = started;
  const onProgress = (p: StartProgress): void => {
    const at = performance.now();
    if (firstReportMs === null) firstReportMs = at - started;
    else maxSilenceMs = Math.max(maxSilenceMs, at - lastReport);
    lastReport = at;
    const key = `${p.stage}:${p.step}`;
    if (key !== stageKey) {
      stageKey = key;
      stageAt = at;
    }
    if (p.phase === 'done') stages.push({ label: stageLabel(p), ms: at - stageAt });
    process.stderr.write(`\r\x1b[K  ${describeStartProgress(p)}`);
  };
  const opened = await openDatabase({ path: file, backupDir: path.join(path.dirname(file), 'backups'), logsDir: null, onProgress });
  const totalMs = performance.now() - started;
  process.stderr.write('\n');
  await opened.integrityCheck?.cancel();
  const schemaVersion = opened.db.pragma('user_version', { simple: true }) as number;
  opened.db.close();
  const cpu = process.cpuUsage();
  const report: ChildReport = { totalMs, firstReportMs, maxSilenceMs, stages, maxRssKb: process.resourceUsage().maxRSS, cpuMs: (cpu.user + cpu.system) / 1000, schemaVersion };
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

function stageLabel(p: StartProgress): string {
  if (p.stage === 'backup') return '升级前备份';
  if (p.stage === 'checkpoint') return '写回数据库文件（检查点）';
  return `第 ${p.step} 步 ${MIGRATIONS.find((m) => m.version === p.step)?.name ?? ''}`;
}

async function main(): Promise<void> {
  const cases = Number(values.cases);
  const documentsShare = Number(values['documents-share']);
  if (!Number.isInteger(cases) || cases < 1) throw new Error('--cases 应为正整数');
  if (!(documentsShare >= 0 && documentsShare <= 1)) throw new Error('--documents-share 应在 0 与 1 之间');
  const work = values.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'bench-migration-'));
  fs.mkdirSync(work, { recursive: true });
  const file = path.join(work, 'counter.sqlite');
  for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
  fs.rmSync(path.join(work, 'backups'), { recursive: true, force: true });

  log(`基准测试目录：${work}`);
  // Kept beside it with --dir: a second run on the same size migrates a copy instead of building again.
  const fixture = path.join(work, `v8-${cases}-${documentsShare}.sqlite`);
  const fixtureFacts = `${fixture}.json`;
  let built: { events: number; documents: number };
  let buildSeconds = 0;
  if (fs.existsSync(fixtureFacts)) {
    log(`一、复用已生成的结构版本 8 数据库：${fixture}`);
    built = JSON.parse(fs.readFileSync(fixtureFacts, 'utf8')) as { events: number; documents: number };
  } else {
    log(`一、生成结构版本 8 的数据库：${cases} 件办件（其中最新 ${Math.round(documentsShare * 100)}% 有受理回执与受理通知书）`);
    const buildStarted = performance.now();
    built = buildVersion8(fixture, cases, documentsShare);
    buildSeconds = (performance.now() - buildStarted) / 1000;
    fs.writeFileSync(fixtureFacts, JSON.stringify(built));
  }
  fs.copyFileSync(fixture, file);
  const bytes = fs.statSync(file).size;
  log(`  用时 ${buildSeconds.toFixed(0)} 秒，${built.events} 条事件，${built.documents} 份文书，文件 ${(bytes / 1e9).toFixed(2)} GB`);

  log(`二、打开并升级到结构版本 ${LATEST_SCHEMA_VERSION}（子进程，与程序启动时相同：完整性检查、备份、逐步迁移）`);
  // Not in the page cache, as after a reboot: drop what the build left there when allowed (root).
  const coldCache = dropPageCache();
  const child = await runMigrationChild(file);
  if (child.schemaVersion !== LATEST_SCHEMA_VERSION) throw new Error(`升级后结构版本为 ${child.schemaVersion}`);
  const after = new Database(file, { readonly: true });
  const eventsAfter = after.prepare('SELECT count(*) FROM events').pluck().get() as number;
  const documentsAfter = after.prepare('SELECT count(*) FROM issued_documents').pluck().get() as number;
  after.close();
  if (eventsAfter !== built.events || documentsAfter !== built.documents) throw new Error(`升级后行数不符：${eventsAfter}/${built.events} 事件，${documentsAfter}/${built.documents} 文书`);

  const seconds = child.totalMs / 1000;
  const perMillion = (seconds * 1_000_000) / cases;
  const extrapolated = cases < 1_000_000;
  const peakRssMb = child.maxRssKb / 1024;
  process.stdout.write(
    `\n升级 8 → ${LATEST_SCHEMA_VERSION}，${cases} 件办件，${built.events} 条事件，${built.documents} 份文书，库文件 ${(bytes / 1e9).toFixed(2)} GB` +
      `${coldCache ? '（页缓存已清空）' : '（页缓存未清空：非 root）'}\n${table(
        ['阶段', '秒'],
        [...child.stages.map((s) => [s.label, (s.ms / 1000).toFixed(1)]), ['合计（openDatabase 全程，含完整性检查）', seconds.toFixed(1)]],
      )}\n\n${table(
        ['指标', '数值'],
        [
          ['每 100 万件办件（秒）', `${perMillion.toFixed(0)}${extrapolated ? `（按 ${cases} 件线性外推）` : ''}`],
          ['首次进度报告（毫秒）', child.firstReportMs === null ? '无' : child.firstReportMs.toFixed(0)],
          ['进度报告最长间隔（毫秒）', child.maxSilenceMs.toFixed(0)],
          ['峰值内存 RSS（MB）', peakRssMb.toFixed(0)],
          ['升级进程 CPU 时间（秒，用户 + 系统）', (child.cpuMs / 1000).toFixed(1)],
          ['本机负载（1 分钟平均，2 核）', os.loadavg()[0]?.toFixed(1) ?? '?'],
          ['生成数据库（秒）', buildSeconds ? buildSeconds.toFixed(0) : '复用'],
        ],
      )}\n\n`,
  );
  const met = perMillion <= TARGET_SECONDS_PER_MILLION_CASES && child.maxSilenceMs <= TARGET_MAX_SILENCE_MS && peakRssMb <= TARGET_PEAK_RSS_MB;
  printResult({
    bench: 'migration',
    figures: {
      cases,
      events: built.events,
      documents: built.documents,
      db_bytes: bytes,
      migrate_seconds: round(seconds),
      seconds_per_million_cases: round(perMillion),
      max_progress_silence_ms: round(child.maxSilenceMs),
      peak_rss_mb: round(peakRssMb),
      cpu_seconds: round(child.cpuMs / 1000),
      load_average_1m: round(os.loadavg()[0] ?? 0),
      ...Object.fromEntries(child.stages.map((s) => [`stage_${s.label.replace(/\s+/g, '_')}_seconds`, round(s.ms / 1000)])),
    },
    targets: {
      seconds_per_million_cases: `<= ${TARGET_SECONDS_PER_MILLION_CASES}${extrapolated ? ' (extrapolated linearly from the cases measured)' : ''}`,
      max_progress_silence_ms: `<= ${TARGET_MAX_SILENCE_MS}`,
      peak_rss_mb: `<= ${TARGET_PEAK_RSS_MB}`,
    },
    met,
  });
  if (!values.keep && !values.dir) fs.rmSync(work, { recursive: true, force: true });
  else if (!values.keep) for (const f of [file, `${file}-wal`, `${file}-shm`, path.join(work, 'backups')]) fs.rmSync(f, { recursive: true, force: true });
}

function runMigrationChild(file: string): Promise<ChildReport> {
  return new Promise((resolve, reject) => {
    // The same loader as this process (tsx), so the child runs the TypeScript as it is.
    const child = spawn(process.execPath, [...process.execArgv, process.argv[1] ?? 'bench/migration.ts', '--child', file], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      const line = out.trim().split('\n').pop() ?? '';
      if (code !== 0) reject(new Error(`升级子进程退出码 ${code}`));
      else resolve(JSON.parse(line) as ChildReport);
    });
  });
}

function dropPageCache(): boolean {
  try {
    fs.writeFileSync('/proc/sys/vm/drop_caches', '1');
    return true;
  } catch {
    return false;
  }
}

const MATERIALS = ['居民身份证', '户口簿', '结婚证', '不动产权证书', '营业执照', '授权委托书', '申请表', '近期免冠照片', '银行卡', '医学出生证明', '社会保障卡', '劳动合同'];
const ITEMS = Array.from({ length: 40 }, (_, k) => ({
  code: `3301020${String(1000 + k)}`,
  name: ['城乡居民基本医疗保险参保登记', '个体工商户设立登记', '不动产登记资料查询', '流动人口居住登记', '职业资格证书补办'][k % 5] ?? '事项',
  caseType: (['immediate', 'promised', 'promised', 'joint'] as const)[k % 4] ?? 'promised',
}));

/**
 * The case.received payload as the app writes it: the item's snapshot (its materials with their
 * rules), the applicant and the material receipts — about 2 KB of JSON.
 */
function receivedPayload(caseNumber: string, date: string, item: (typeof ITEMS)[number], name: string, idNumber: string, mobile: string): string {
  const materials = MATERIALS.slice(0, 6).map((m, k) => ({ id: `m${k + 1}`, name: m, form: k % 2 ? 'copy' : 'original', copies: 1, required: k < 4, note: k === 2 ? '复印件须与原件核对一致并由申请人签字确认' : '' }));
  return JSON.stringify({
    caseNumber,
    receivedDate: date,
    item: { code: item.code, version: 1, name: item.name, department: '市场监督管理局', caseType: item.caseType, legalDays: 20, promisedDays: 5, materials },
    applicant: { kind: 'person', name, idType: 'resident_id_card', idNumber, mobile, address: '浙江省杭州市上城区解放路 100 号' },
    agent: null,
    receipts: materials.map((m) => ({ materialId: m.id, received: 'yes', form: m.form, copies: 1, note: '' })),
  });
}

function caseState(id: string, caseNumber: string, date: string, item: (typeof ITEMS)[number], name: string, idNumber: string, status: string): string {
  return JSON.stringify({ id, caseNumber, status, receivedDate: date, item: { code: item.code, version: 1, name: item.name }, applicant: { kind: 'person', name, idNumber }, dueDates: { promised: date, legal: date }, history: [], version: 3 });
}

const HASH = 'a'.repeat(64);
const NOTICE_HTML = `<!doctype html><html><head><meta charset="utf-8"><style>${'p{margin:0 0 4mm;line-height:1.6;font-family:"Noto Serif CJK SC",serif}'.repeat(60)}</style></head><body>${'<p>经审查，你（单位）提交的申请材料齐全、符合法定形式，根据《中华人民共和国行政许可法》第三十二条第一款第（五）项的规定，决定予以受理。</p>'.repeat(12)}</body></html>`;

/**
 * A version-8 file, written fast: plain prepared INSERTs in one transaction with journaling and
 * syncing off (a fixture, not a durability test), then switched to WAL as the app keeps it.
 * Events in the order a window writes them: a case's 受理 and decision together, its later
 * events a working day (some 300 cases) later, interleaved with other cases'.
 */
function buildVersion8(file: string, count: number, documentsShare: number): { events: number; documents: number } {
  const db: Db = new Database(file);
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -262144');
  db.pragma('foreign_keys = ON');
  for (const m of MIGRATIONS.filter((m) => m.version <= 8)) applyMigration(db, m);
  const rand = seededRandom(20261130);
  const staffIds = Array.from({ length: 12 }, () => v7());
  const firstMs = Date.parse('2023-12-01T01:00:00Z');
  const spanMs = Date.parse('2026-11-20T09:00:00Z') - firstMs;
  let events = 0;
  let documents = 0;
  db.transaction(() => {
    const addStaff = db.prepare(`INSERT INTO staff (id, staff_number, name, pin_hash, created_at, updated_at) VALUES (?, ?, ?, 'scrypt$x', '2023-12-01T00:00:00Z', '2023-12-01T00:00:00Z')`);
    staffIds.forEach((id, k) => addStaff.run(id, String(1001 + k), `工作人员${k + 1}`));
    const addItem = db.prepare(
      `INSERT INTO catalog_items (code, version, name, department, case_type, legal_days, promised_days, in_force, catalog_version, body, imported_at)
       VALUES (?, 1, ?, '市场监督管理局', ?, 20, 5, 1, '2023.1', '{}', '2023-12-01T00:00:00Z')`,
    );
    for (const item of ITEMS) addItem.run(item.code, item.name, item.caseType);
    const addEvent = db.prepare(
      `INSERT INTO events (id, stream_type, stream_id, stream_version, type, occurred_at, hall_code, window_number, staff_id, payload) VALUES (?, ?, ?, ?, ?, ?, 'JQ', 12, ?, ?)`,
    );
    const addOutbox = db.prepare('INSERT INTO outbox (event_seq) VALUES (?)');
    const addCase = db.prepare(
      `INSERT INTO cases (id, case_number, item_code, item_version, status, applicant_name, applicant_id_number, applicant_mobile, received_at, received_date, promised_due_date, window_number, staff_id, version)
       VALUES (?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, 12, ?, ?)`,
    );
    const addState = db.prepare('INSERT INTO case_states (case_seq, state) VALUES (?, ?)');
    const addDocument = db.prepare(
      `INSERT INTO issued_documents (id, case_id, kind, medium, title, label, document_number, content, sha256, profile, issued_at, staff_id, event_id, hall_code, window_number)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, 'JQ', 12)`,
    );
    const append = (ms: number, streamType: string, streamId: string, version: number, type: string, staffId: string, payload: string): string => {
      const id = v7({ msecs: ms });
      const seq = addEvent.run(id, streamType, streamId, version, type, new Date(ms).toISOString(), staffId, payload).lastInsertRowid;
      addOutbox.run(seq);
      events += 1;
      return id;
    };
    /** Later events of earlier cases, by the case index after which they happen. */
    const later = new Map<number, Array<() => void>>();
    const firstDocumentCase = Math.floor(count * (1 - documentsShare));
    // A sign-in now and then on each clerk's own stream.
    const staffEventEvery = 200;
    const staffVersions = new Map<string, number>();
    for (let i = 0; i < count; i++) {
      const ms = firstMs + Math.floor((i * spanMs) / count);
      const date = new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
      const staffId = staffIds[i % staffIds.length] as string;
      const item = ITEMS[Math.floor(rand() * ITEMS.length)] as (typeof ITEMS)[number];
      const caseId = v7({ msecs: ms });
      const caseNumber = `JQ-12-${date.replaceAll('-', '')}-${String(i % 10000).padStart(4, '0')}-${i}`;
      const name = `张${'伟芳娜秀英敏'[i % 6]}${'强磊军洋'[i % 4]}`;
      const idNumber = `330102${1950 + (i % 50)}0101${String(i % 10000).padStart(4, '0')}`.slice(0, 18);
      const mobile = `13${String(i).padStart(9, '0')}`;
      const fate = rand();
      append(ms, 'case', caseId, 1, 'case.received', staffId, receivedPayload(caseNumber, date, item, name, idNumber, mobile));
      const decisionId = append(ms + 300_000, 'case', caseId, 2, 'case.accepted', staffId, JSON.stringify({ materials: 'complete', dueDates: { promised: date, legal: date }, deferred: [], note: '' }));
      let status = 'accepted';
      let version = 2;
      if (fate < 0.08) {
        append(ms + 600_000, 'case', caseId, 3, 'case.withdrawn', staffId, JSON.stringify({ reason: '申请人撤回' }));
        status = 'withdrawn';
        version = 3;
      } else if (fate < 0.92) {
        const at = i + 300;
        const list = later.get(at) ?? [];
        list.push(() => {
          const t = ms + 86_400_000;
          append(t, 'case', caseId, 3, 'case.reviewStarted', staffId, '{}');
          append(t + 3_600_000, 'case', caseId, 4, 'case.decided', staffId, JSON.stringify({ outcome: 'approved', reason: '', legalBasis: '' }));
          append(t + 7_200_000, 'case', caseId, 5, 'case.delivered', staffId, JSON.stringify({ method: 'window', recipientName: name, address: '', trackingNumber: '' }));
        });
        later.set(at, list);
        status = 'delivered';
        version = 5;
      }
      const caseSeq = addCase.run(caseId, caseNumber, item.code, status, name, idNumber, mobile, new Date(ms).toISOString(), date, date, staffId, version).lastInsertRowid;
      addState.run(caseSeq, caseState(caseId, caseNumber, date, item, name, idNumber, status));
      if (i >= firstDocumentCase) {
        const issuedAt = new Date(ms + 300_000).toISOString();
        const receipt = JSON.stringify({ caseNumber, item: item.name, applicant: name, materials: MATERIALS.slice(0, 6), qr: `https://zwfw.example/q/${caseNumber}`, padding: 'x'.repeat(1200) });
        addDocument.run(v7({ msecs: ms }), caseId, 'acceptanceReceipt', 'thermal', '受理回执', '受理回执', null, receipt, hash(receipt), issuedAt, staffId, decisionId);
        addDocument.run(v7({ msecs: ms }), caseId, 'acceptanceNotice', 'a4', '受理通知书', '受理通知书', `JQ受〔${date.slice(0, 4)}〕${i}号`, NOTICE_HTML, HASH, issuedAt, staffId, decisionId);
        documents += 2;
      }
      if (i % staffEventEvery === 0) {
        const staffVersion = (staffVersions.get(staffId) ?? 0) + 1;
        staffVersions.set(staffId, staffVersion);
        append(ms, 'staff', staffId, staffVersion, 'staff.signedIn', staffId, '{}');
      }
      for (const run of later.get(i) ?? []) run();
      later.delete(i);
      if (i > 0 && i % 100_000 === 0) log(`  已生成 ${i} 件`);
    }
    for (const runs of later.values()) for (const run of runs) run();
  })();
  db.pragma('journal_mode = WAL');
  db.close();
  return { events, documents };
}

/**
 * A UUIDv7 as the app's ids are (time-ordered, so the ids' index fills in order as the app's
 * does), made cheaply: 48 bits of milliseconds, then a counter where uuid puts random bits.
 * The bench makes millions; the uuid package's random bytes cost several seconds of them.
 */
let idCounter = 0;
function v7(options: { msecs?: number } = {}): string {
  const ms = (options.msecs ?? Date.now()).toString(16).padStart(12, '0');
  idCounter = (idCounter + 1) % 0x1_0000_0000_0000;
  const n = idCounter.toString(16).padStart(15, '0');
  return `${ms.slice(0, 8)}-${ms.slice(8, 12)}-7${n.slice(0, 3)}-8${n.slice(3, 6)}-${n.slice(6, 15)}000`;
}

function hash(text: string): string {
  return crypto.createHash('sha256').update(text).digest('hex');
}

function round(v: number): number {
  return Math.round(v * 1000) / 1000;
}

if (values.child) {
  void runChild(values.child);
} else {
  main().catch((err: unknown) => {
    process.stderr.write(`基准测试失败：${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  });
}
