// npm run bench:print — from intake.submit returning to the receipt's first byte at the printer.
//
// A real core on a temp folder with a receipt printer on a serial pty (socat) whose far end the
// virtual printer holds (electron/core/printing/emulator). Each accepted case prints its 受理回执
// by itself (printing.autoReceipt); the time is taken from the moment intake.submit returns to
// the arrival, at the printer's end, of the first byte of that receipt (the status requests the
// transport sends first are not part of it), and the receipt's bytes are counted.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createCore, openStaffAdmin, silentLogger, type Core } from '../electron/core';
import type { EscPosRecord } from '../electron/core/printing/emulator/escpos-records';
import { printedDocuments } from '../electron/core/printing/emulator/printed-documents';
import { VirtualPrinter } from '../electron/core/printing/emulator/virtual-printer';
import { intakeSource } from './support/bench-intakes';
import { describeIntake } from './support/intake-decisions';
import { PRINT_P99_TARGET_MS, ReceiptByteWatch, printFigures, printTargetMet } from './support/print-figures';
import { printResult, table } from './support/report';
import { ms } from './support/stats';

const { values } = parseArgs({
  options: {
    receipts: { type: 'string' },
    quick: { type: 'boolean', default: false },
    width: { type: 'string', default: '80' },
    dir: { type: 'string' },
    keep: { type: 'boolean', default: false },
  },
});
const RECEIPTS = Number(values.receipts ?? (values.quick ? 100 : 1000));
const WARM_UP = values.quick ? 5 : 20;
const WIDTH = values.width === '58' ? 58 : 80;
if (!Number.isInteger(RECEIPTS) || RECEIPTS < 1) throw new Error('--receipts 应为正整数');
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const work = values.dir ? path.resolve(values.dir) : fs.mkdtempSync(path.join(os.tmpdir(), 'counter-bench-print-'));
fs.mkdirSync(work, { recursive: true });
const log = (line: string) => process.stderr.write(`${line}\n`);
const STAFF = { number: '1001', name: '王芳', pin: '246810' };
/** How long one receipt may take to arrive whole before the bench calls it lost. */
const RECEIPT_TIMEOUT_MS = 15_000;

async function openCore(dataDir: string, printerPath: string): Promise<Core> {
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(
    path.join(dataDir, 'config.json'),
    JSON.stringify({
      hall: { code: 'JQ', name: '金桥区政务服务中心' },
      window: { number: 12, name: '综合受理窗口' },
      devices: { receiptPrinter: { type: 'serial', path: printerPath, baudRate: 115200, paperWidthMm: WIDTH } },
      printing: { autoReceipt: true, lookupUrl: 'https://zwfw.example.gov.cn/progress?case=' },
    }),
  );
  const admin = await openStaffAdmin(dataDir);
  if (!admin.list().some((s) => s.staffNumber === STAFF.number)) await admin.add(STAFF.number, STAFF.name, STAFF.pin);
  admin.close();
  const core = await createCore({
    dataDir,
    configFile: path.join(dataDir, 'config.json'),
    resourcesDir: path.join(root, 'resources'),
    appVersion: 'bench',
    logger: silentLogger,
    healthIntervalMs: 3_600_000,
  });
  const signIn = await core.invoke('session.signIn', { staffNumber: STAFF.number, pin: STAFF.pin });
  if (!signIn.ok) throw new Error(signIn.error.message);
  return core;
}

async function main(): Promise<void> {
  log(`基准测试目录：${work}`);
  const printer = new VirtualPrinter({ endpoint: { ptyLink: path.join(work, 'receipt-printer') } });
  await printer.start();
  const printerPath = printer.appPath as string;
  const core = await openCore(path.join(work, 'data'), printerPath);

  const watch = new ReceiptByteWatch();
  let firstByteAt: bigint | null = null;
  // Where the time goes: the first byte of any kind (the transport's DLE EOT before the job).
  let anyByteAt: bigint | null = null;
  printer.on('data', (chunk, at) => {
    anyByteAt ??= at;
    if (watch.feed(chunk) && firstByteAt === null) firstByteAt = at;
  });
  // …and the last status request before the receipt: what is left after it is rendering and writing.
  let lastRequestAt: bigint | null = null;
  printer.on('request', () => {
    watch.request();
    if (firstByteAt === null) lastRequestAt = process.hrtime.bigint();
  });
  // Cuts counted as they print (not by re-reading every record while polling: that would cost the
  // core's event loop more with each receipt and show up in the figures).
  let cuts = 0;
  let sinceCut: EscPosRecord[] = [];
  let lastPaper: EscPosRecord[] = [];
  let onCut: (() => void) | null = null;
  let onInit: (() => void) | null = null;
  printer.on('record', ({ record }) => {
    if (record.type === 'init') onInit?.();
    sinceCut.push(record);
    if (record.type === 'cut') {
      cuts++;
      lastPaper = sinceCut;
      sinceCut = [];
      onCut?.();
    }
  });

  const argsFor = await intakeSource(core, path.join(root, 'resources/catalog/default-catalog.json'), 14);

  const latencies: number[] = [];
  const toFirstRequest: number[] = [];
  const afterLastRequest: number[] = [];
  const receiptBytes: number[] = [];
  const total = WARM_UP + RECEIPTS;
  const started = Date.now();
  for (let i = 0; i < total; i++) {
    const { item, args } = await argsFor(i);
    const before = cuts;
    const previousBytes = watch.expect();
    if (i > WARM_UP) receiptBytes.push(previousBytes);
    firstByteAt = null;
    anyByteAt = null;
    lastRequestAt = null;
    const envelope = await core.invoke('intake.submit', args);
    const returnedAt = process.hrtime.bigint();
    if (!envelope.ok) throw new Error(`核心拒绝了${describeIntake(item, args.decision.kind)}：${envelope.error.message}`);
    // The whole receipt (up to its cut) before the next case: one receipt on the line at a time,
    // so each first byte belongs to its own receipt.
    if (cuts <= before) {
      const cut = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), RECEIPT_TIMEOUT_MS);
        onCut = () => {
          clearTimeout(timer);
          resolve(true);
        };
      });
      onCut = null;
      if (!cut) throw new Error(`第 ${i + 1} 张回执 ${RECEIPT_TIMEOUT_MS / 1000} 秒内未打印完（已收到 ${watch.counted} 字节）：打印模块没有为受理打印回执？`);
    }
    // The receipt's last bytes (ESC @ after the cut) must not be taken for the next one's first.
    if (sinceCut.length === 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 100);
        onInit = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      onInit = null;
    }
    // The paper must be this case's receipt, not an earlier one's or a blank.
    const caseNumber = (envelope.value as { caseNumber: string }).caseNumber;
    const [paper] = printedDocuments(lastPaper);
    // (Printed large, the number may wrap: the lines are read joined.)
    if (!paper?.lines.join('').includes(caseNumber)) throw new Error(`第 ${i + 1} 张回执上没有办件编号 ${caseNumber}：\n${paper?.lines.join('\n') ?? ''}`);
    const first = firstByteAt as bigint | null;
    if (first === null) throw new Error(`第 ${i + 1} 张回执打印了，却没有测到它的第一个字节`);
    if (i >= WARM_UP) {
      latencies.push(Number(first - returnedAt) / 1e6);
      toFirstRequest.push(Number((anyByteAt ?? first) - returnedAt) / 1e6);
      afterLastRequest.push(Number(first - (lastRequestAt ?? first)) / 1e6);
    }
    if ((i + 1 - WARM_UP) % 200 === 0 && i >= WARM_UP) {
      // The last 200 on their own: a figure that grows with the jobs table shows here.
      const recent = printFigures(latencies.slice(-200), []).latency;
      log(`  已打印 ${i + 1 - WARM_UP} 张回执（${((Date.now() - started) / 1000).toFixed(0)} 秒；最近 200 张 p50 ${ms(recent.p50)} 毫秒，p99 ${ms(recent.p99)} 毫秒）`);
    }
  }
  // The after-job status check of the last receipt, then its bytes.
  await new Promise((r) => setTimeout(r, 300));
  receiptBytes.push(watch.expect());
  await core.close();
  await printer.stop();

  const figures = printFigures(latencies, receiptBytes);
  const toRequest = printFigures(toFirstRequest, receiptBytes).latency;
  const afterRequest = printFigures(afterLastRequest, receiptBytes).latency;
  process.stdout.write(
    `\n受理回执打印（${RECEIPTS} 张，${WIDTH} 毫米纸，串口 pty → 虚拟打印机）\n${table(
      ['测量', '次数', 'p50', 'p99', '最大', '平均', '单位'],
      [
        ['intake.submit 返回 → 回执首字节到达打印机', figures.latency.count, ms(figures.latency.p50), ms(figures.latency.p99), ms(figures.latency.max), '', '毫秒'],
        ['其中：返回 → 首个字节（打印前的 DLE EOT 状态查询）', toRequest.count, ms(toRequest.p50), ms(toRequest.p99), ms(toRequest.max), '', '毫秒'],
        ['其中：最后一个状态查询 → 回执首字节（渲染与写出）', afterRequest.count, ms(afterRequest.p50), ms(afterRequest.p99), ms(afterRequest.max), '', '毫秒'],
        ['每张回执字节数', receiptBytes.length, '', '', figures.bytesMax, Math.round(figures.bytesMean), '字节'],
      ],
    )}\n${figures.beforeReturn > 0 ? `（其中 ${figures.beforeReturn} 张的首字节在 intake.submit 返回前已到达，计为 0 毫秒）\n` : ''}\n`,
  );
  printResult({
    bench: 'print',
    figures: {
      receipts: figures.latency.count,
      first_byte_p50_ms: round(figures.latency.p50),
      first_byte_p99_ms: round(figures.latency.p99),
      first_byte_max_ms: round(figures.latency.max),
      first_byte_before_return: figures.beforeReturn,
      status_request_p50_ms: round(toRequest.p50),
      status_request_p99_ms: round(toRequest.p99),
      last_request_to_receipt_p50_ms: round(afterRequest.p50),
      last_request_to_receipt_p99_ms: round(afterRequest.p99),
      receipt_bytes_mean: Math.round(figures.bytesMean),
      receipt_bytes_max: figures.bytesMax,
    },
    targets: { first_byte_p99_ms: `< ${PRINT_P99_TARGET_MS}`, receipts: `${RECEIPTS}` },
    met: printTargetMet(figures, RECEIPTS),
  });
  if (!values.keep && !values.dir) fs.rmSync(work, { recursive: true, force: true });
}

function round(v: number): number {
  return Math.round(v * 1000) / 1000;
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`基准测试失败：${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
