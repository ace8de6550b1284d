// npm run bench:queue — the hall queue through the server (issue 17, "Proof"): call-next latency
// p50/p99 with 30 windows pressing "next" at once (target p99 < 50 ms), and tickets issued per
// second by 3 dispensers at once, on a real PostgreSQL 15 with the server in a child process, all
// on loopback. Every ticket must be called exactly once.
import os from 'node:os';
import { parseArgs } from 'node:util';
import type { QueueRules } from '../electron/contract/queue';
import { startPostgres, type TestPostgres } from '../test/support/postgres';
import { enrolDevices, issue, newPress, press } from '../test/support/queue-client';
import { startSyncServer, type SyncServer } from '../test/support/sync-server';
import { printResult, table } from './support/report';
import { ms, percentile } from './support/stats';

const { values } = parseArgs({ options: { tickets: { type: 'string', default: '6000' } } });
const TICKETS = Number(values.tickets);
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

/** 30 windows press "next" at once until the line is empty; every call's latency. */
async function callAll(url: string, tokens: Map<number, string>): Promise<Phase & { called: string[] }> {
  const latencies: number[] = [];
  const called: string[] = [];
  const started = performance.now();
  await Promise.all(
    WINDOWS.map(async (window) => {
      for (;;) {
        const t0 = performance.now();
        const outcome = await press(url, tokens.get(window) ?? '', RULES, ['A', 'B'], newPress(window, { kind: 'callNext' }));
        latencies.push(performance.now() - t0);
        if (outcome.kind !== 'called') break;
        called.push(outcome.ticketId);
      }
    }),
  );
  return { seconds: (performance.now() - started) / 1000, count: called.length, latencies, called };
}

async function main(): Promise<void> {
  let postgres: TestPostgres | null = null;
  let server: SyncServer | null = null;
  try {
    log(`一、启动 PostgreSQL 15（临时集群）与上级服务（子进程，回环地址）；机器 ${os.cpus().length} 核`);
    postgres = await startPostgres();
    server = await startSyncServer({ backend: 'postgres', databaseUrl: await postgres.createDatabase('bench_queue') });
    const tokens = await enrolDevices(server, HALL, [...DISPENSERS, ...WINDOWS]);

    log(`二、取号：${DISPENSERS.length} 台取号机同时取号，共 ${TICKETS} 张`);
    const issued = await issueAll(server.url, tokens);
    const issuing = summary(issued);
    log(`  ${issuing.perSecond.toFixed(0)} 张/秒，p99 ${ms(issuing.p99)} 毫秒`);

    log(`三、叫号：${WINDOWS.length} 个窗口同时按"下一位"，直到无人等候`);
    const calls = await callAll(server.url, tokens);
    const calling = summary(calls);
    log(`  ${calling.perSecond.toFixed(0)} 次/秒，p50 ${ms(calling.p50)} 毫秒，p99 ${ms(calling.p99)} 毫秒`);

    const distinct = new Set(calls.called).size;
    const duplicates = calls.called.length - distinct;
    const calledSet = new Set(calls.called);
    const missing = [...issued.ids].filter((id) => !calledSet.has(id)).length;
    process.stdout.write(
      `\n${table(
        ['阶段', '终端', '次数', '用时（秒）', '次/秒', 'p50（毫秒）', 'p99（毫秒）', '最长（毫秒）'],
        [
          ['取号', DISPENSERS.length, issued.count, issued.seconds.toFixed(1), issuing.perSecond.toFixed(0), ms(issuing.p50), ms(issuing.p99), ms(issuing.max)],
          ['叫号（下一位）', WINDOWS.length, calls.latencies.length, calls.seconds.toFixed(1), calling.perSecond.toFixed(0), ms(calling.p50), ms(calling.p99), ms(calling.max)],
        ],
      )}\n\n发出 ${issued.count} 张号，叫到 ${distinct} 张，重复叫号 ${duplicates} 次，漏叫 ${missing} 张（每个窗口最后一次按键答"无人等候"，计入叫号延迟）。本机与其他进程共用，数字是相对的。\n\n`,
    );
    printResult({
      bench: 'queue',
      figures: {
        windows: WINDOWS.length,
        dispensers: DISPENSERS.length,
        tickets: issued.count,
        ticketsIssuedPerSecond: Math.round(issuing.perSecond),
        issueP99Ms: Number(issuing.p99.toFixed(1)),
        callNextP50Ms: Number(calling.p50.toFixed(1)),
        callNextP99Ms: Number(calling.p99.toFixed(1)),
        callsPerSecond: Math.round(calling.perSecond),
        duplicateCalls: duplicates,
        missedTickets: missing,
      },
      targets: { callNextP99Ms: '< 50', duplicateCalls: '= 0', missedTickets: '= 0' },
      met: calling.p99 < 50 && duplicates === 0 && missing === 0,
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
