// npm run bench:queue — the hall queue through the server (issue 17, "Proof"): call-next latency
// p50/p99 with 30 windows calling (target p99 < 50 ms), and tickets issued per second by 3
// dispensers at once, on a real PostgreSQL 15 with its durability on (every commit flushed, as a
// hall server runs it) and the server in a child process, all on loopback. Every ticket must be
// called exactly once. The calling is measured three ways:
// - the target: 30 windows each pressing "next" after a random pause, on average one second
//   (exponential pauses; each window waits for its answer before it pauses again, as a clerk
//   does, so this is a closed loop with think time, not an open arrival process), about 30
//   presses a second in the hall — three hundred times a busy hall's rate (30 windows each
//   calling once per 5-minute service make 0.1 a second); presses of several windows land
//   together as they do at counters, and the latency is what a clerk waits;
// - bursts: all 30 press in the same instant, BURSTS times (the worst moment, a figure);
// - saturation: all 30 press again the moment they are answered, until the line is empty (the
//   throughput figure; its latency is queueing for the server's two cores, not a clerk's wait).
import os from 'node:os';
import { parseArgs } from 'node:util';
import type { QueueRules } from '../electron/contract/queue';
import { startPostgres, type TestPostgres } from '../test/support/postgres';
import { enrolDevices, issue, newPress, press } from '../test/support/queue-client';
import { startSyncServer, type SyncServer } from '../test/support/sync-server';
import { printResult, table } from './support/report';
import { ms, percentile } from './support/stats';

const { values } = parseArgs({
  options: { tickets: { type: 'string', default: '6000' }, rate: { type: 'string', default: '1' }, bursts: { type: 'string', default: '20' } },
});
const TICKETS = Number(values.tickets);
/** Presses per second of each window in the target phase (mean of a Poisson process). */
const RATE_PER_WINDOW = Number(values.rate);
const BURSTS = Number(values.bursts);
// Every phase needs people waiting: half the tickets for the target phase, the bursts' presses,
// and a second half-line for saturation. Fewer, and the bursts and saturation would time "no one
// waiting" answers.
if (!(TICKETS >= 2 * (BURSTS * 30 + 300))) {
  process.stderr.write(`--tickets ${TICKETS} 太少：至少 ${2 * (BURSTS * 30 + 300)} 张（--bursts ${BURSTS}）\n`);
  process.exit(2);
}
const HALL = 'JQ';
const DISPENSERS = [91, 92, 93];
const WINDOWS = Array.from({ length: 30 }, (_, i) => i + 1);
const log = (line: string) => process.stderr.write(`${line}\n`);
const shanghaiHour = Number(new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', hourCycle: 'h23' }).format(new Date()));
const RULES: QueueRules = {
  timeZone: 'Asia/Shanghai',
  // Twelve hours from now: the service day cannot turn during the run.
  resetHour: (shanghaiHour + 12) % 24,
  policy: { kind: 'interleaved', priorityPerOrdinary: 2, maxOrdinaryWaitMinutes: 30 },
  categories: [
    { letter: 'A', name: '综合业务', itemCodes: [], windows: WINDOWS, lane: 'ordinary' },
    { letter: 'B', name: '绿色通道', itemCodes: [], windows: WINDOWS, lane: 'priority' },
  ],
  defaultServiceMinutes: 8,
};

interface Phase {
  seconds: number;
  count: number;
  latencies: number[];
}

function summary(phase: Phase) {
  const sorted = [...phase.latencies].sort((a, b) => a - b);
  return { perSecond: phase.count / phase.seconds, p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted.at(-1) ?? 0 };
}

/** 3 dispensers issue TICKETS tickets at once (each one request at a time). */
async function issueAll(url: string, tokens: Map<number, string>): Promise<Phase & { ids: Set<string> }> {
  const latencies: number[] = [];
  const ids = new Set<string>();
  const started = performance.now();
  await Promise.all(
    DISPENSERS.map(async (dispenser, d) => {
      for (let i = 0; i < TICKETS / DISPENSERS.length; i += 1) {
        const priority = (i + d) % 3 === 0;
        const t0 = performance.now();
        const answer = await issue(url, tokens.get(dispenser) ?? '', RULES, priority ? 'B' : 'A', priority ? 'priority' : 'ordinary');
        latencies.push(performance.now() - t0);
        ids.add(answer.ticket.id);
      }
    }),
  );
  return { seconds: (performance.now() - started) / 1000, count: ids.size, latencies, ids };
}

type Calling = Phase & { called: string[] };

/** One press of "next" by `window`; its latency into `phase`, the ticket into `phase.called`. Answers whether it called one. */
async function callOnce(url: string, tokens: Map<number, string>, window: number, phase: Calling): Promise<boolean> {
  const t0 = performance.now();
  const outcome = await press(url, tokens.get(window) ?? '', RULES, ['A', 'B'], newPress(window, { kind: 'callNext' }));
  phase.latencies.push(performance.now() - t0);
  if (outcome.kind !== 'called') return false;
  phase.called.push(outcome.ticketId);
  phase.count += 1;
  return true;
}

const emptyPhase = (): Calling => ({ seconds: 0, count: 0, latencies: [], called: [] });

/** The target phase: each window presses at random moments (exponential gaps, mean 1/RATE_PER_WINDOW s) until `calls` calls are made in all. */
async function callAtRandom(url: string, tokens: Map<number, string>, calls: number): Promise<Calling> {
  const phase = emptyPhase();
  const started = performance.now();
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  await Promise.all(
    WINDOWS.map(async (window) => {
      while (phase.count < calls) {
        await sleep((-Math.log(1 - Math.random()) * 1000) / RATE_PER_WINDOW);
        if (phase.count >= calls) break;
        if (!(await callOnce(url, tokens, window, phase))) break;
      }
    }),
  );
  phase.seconds = (performance.now() - started) / 1000;
  return phase;
}

/** BURSTS times: all windows press in the same instant, then rest 200 ms. */
async function callInBursts(url: string, tokens: Map<number, string>): Promise<Calling> {
  const phase = emptyPhase();
  const started = performance.now();
  for (let b = 0; b < BURSTS; b += 1) {
    await Promise.all(WINDOWS.map((window) => callOnce(url, tokens, window, phase)));
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  phase.seconds = (performance.now() - started) / 1000;
  return phase;
}

/** Saturation: every window presses again the moment it is answered, until the line is empty. */
async function callFlatOut(url: string, tokens: Map<number, string>): Promise<Calling> {
  const phase = emptyPhase();
  const started = performance.now();
  await Promise.all(
    WINDOWS.map(async (window) => {
      while (await callOnce(url, tokens, window, phase));
    }),
  );
  phase.seconds = (performance.now() - started) / 1000;
  return phase;
}

async function main(): Promise<void> {
  let postgres: TestPostgres | null = null;
  let server: SyncServer | null = null;
  try {
    log(`一、启动 PostgreSQL 15（临时集群）与上级服务（子进程，回环地址）；机器 ${os.cpus().length} 核`);
    postgres = await startPostgres({ durable: true });
    server = await startSyncServer({ backend: 'postgres', databaseUrl: await postgres.createDatabase('bench_queue') });
    const tokens = await enrolDevices(server, HALL, [...DISPENSERS, ...WINDOWS]);

    log(`二、取号：${DISPENSERS.length} 台取号机同时取号，共 ${TICKETS} 张`);
    const issued = await issueAll(server.url, tokens);
    const issuing = summary(issued);
    log(`  ${issuing.perSecond.toFixed(0)} 张/秒，p99 ${ms(issuing.p99)} 毫秒`);

    const randomCalls = Math.floor(TICKETS / 2);
    log(`三、叫号：${WINDOWS.length} 个窗口各自随机按"下一位"（平均每窗口每秒 ${RATE_PER_WINDOW} 次），共 ${randomCalls} 次`);
    const random = await callAtRandom(server.url, tokens, randomCalls);
    const atRandom = summary(random);
    log(`  p50 ${ms(atRandom.p50)} 毫秒，p99 ${ms(atRandom.p99)} 毫秒`);
    log(`四、${WINDOWS.length} 个窗口同一瞬间按键，${BURSTS} 轮`);
    const burst = await callInBursts(server.url, tokens);
    const inBursts = summary(burst);
    log(`  p50 ${ms(inBursts.p50)} 毫秒，p99 ${ms(inBursts.p99)} 毫秒`);
    log(`五、饱和：${WINDOWS.length} 个窗口一得答复即再按，直到无人等候`);
    const flat = await callFlatOut(server.url, tokens);
    const flatOut = summary(flat);
    log(`  ${flatOut.perSecond.toFixed(0)} 次/秒，p99 ${ms(flatOut.p99)} 毫秒`);

    const allCalled = [...random.called, ...burst.called, ...flat.called];
    const distinct = new Set(allCalled).size;
    const duplicates = allCalled.length - distinct;
    const calledSet = new Set(allCalled);
    const missing = [...issued.ids].filter((id) => !calledSet.has(id)).length;
    const row = (name: string, terminals: number, phase: Phase, s: ReturnType<typeof summary>) => [
      name,
      terminals,
      phase.latencies.length,
      phase.seconds.toFixed(1),
      s.perSecond.toFixed(0),
      ms(s.p50),
      ms(s.p99),
      ms(s.max),
    ];
    process.stdout.write(
      `\n${table(
        ['阶段', '终端', '次数', '用时（秒）', '次/秒', 'p50（毫秒）', 'p99（毫秒）', '最长（毫秒）'],
        [
          row('取号', DISPENSERS.length, issued, issuing),
          row('叫号：随机按键（目标）', WINDOWS.length, random, atRandom),
          row('叫号：同时按键', WINDOWS.length, burst, inBursts),
          row('叫号：饱和', WINDOWS.length, flat, flatOut),
        ],
      )}\n\n发出 ${issued.count} 张号，叫到 ${distinct} 张，重复叫号 ${duplicates} 次，漏叫 ${missing} 张（饱和阶段每个窗口最后一次按键答"无人等候"，计入其延迟）。PostgreSQL 持久化开启（每次提交落盘）。本机与其他进程共用，数字是相对的。\n\n`,
    );
    printResult({
      bench: 'queue',
      figures: {
        windows: WINDOWS.length,
        dispensers: DISPENSERS.length,
        tickets: issued.count,
        ticketsIssuedPerSecond: Math.round(issuing.perSecond),
        issueP99Ms: Number(issuing.p99.toFixed(1)),
        callNextP50Ms: Number(atRandom.p50.toFixed(1)),
        callNextP99Ms: Number(atRandom.p99.toFixed(1)),
        callPressesPerSecondPerWindow: RATE_PER_WINDOW,
        burstP50Ms: Number(inBursts.p50.toFixed(1)),
        burstP99Ms: Number(inBursts.p99.toFixed(1)),
        saturationCallsPerSecond: Math.round(flatOut.perSecond),
        saturationP99Ms: Number(flatOut.p99.toFixed(1)),
        duplicateCalls: duplicates,
        missedTickets: missing,
      },
      targets: { callNextP99Ms: '< 50', duplicateCalls: '= 0', missedTickets: '= 0' },
      met: atRandom.p99 < 50 && duplicates === 0 && missing === 0,
    });
  } finally {
    await server?.stop().catch(() => undefined);
    await postgres?.stop().catch(() => undefined);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
