// npm run emulate:printer -- --port PATH | --pty LINK | --tcp PORT [--paper ok|near|out] [--out FILE] [--columns 32|48]
//
// A virtual ESC/POS receipt printer for development, demos and tests (issue 14): it holds the far
// end of a serial pty pair (or makes its own with --pty), or listens on TCP; answers DLE EOT as
// its state says; takes commands on stdin; shows what it prints and writes each record to FILE as
// one JSON line.
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { parseArgs } from 'node:util';
import { describeState } from '../electron/core/printing/emulator/printer-status';
import { recordToJson, recordView } from '../electron/core/printing/emulator/record-output';
import { VirtualPrinter, type VirtualPrinterEndpoint } from '../electron/core/printing/emulator/virtual-printer';

const USAGE = `用法：npm run emulate:printer -- (--port 串口路径 | --pty 链接路径 | --tcp 端口) [--paper ok|near|out] [--out 文件] [--columns 32|48]
  --port PATH   打开串口对的另一端（例：socat -d -d pty,raw,echo=0,link=/tmp/printer pty,raw,echo=0,link=/tmp/printer.emu，
                应用配置 /tmp/printer，本程序 --port /tmp/printer.emu）
  --pty LINK    自建串口对：应用打开 LINK，本程序持有 LINK.printer；unplug 时 LINK 消失，plug 时恢复
  --tcp PORT    监听 TCP 端口（网络打印机，通常 9100）
  --paper       起始纸张状态：ok（默认）、near（纸将尽）、out（缺纸）
  --out FILE    每条打印记录写一行 JSON
  --columns     屏幕显示的纸宽（列），默认 48（80 毫米）
标准输入命令：paper out | paper near | paper back | cover open | cover close | offline | online |
  unplug | plug | mute | unmute | delay 毫秒 | status | quit`;

function fail(message: string): never {
  process.stderr.write(`${message}\n\n${USAGE}\n`);
  process.exit(2);
}

let values: { port?: string; pty?: string; tcp?: string; paper?: string; out?: string; columns?: string; help?: boolean };
try {
  ({ values } = parseArgs({
    options: {
      port: { type: 'string' },
      pty: { type: 'string' },
      tcp: { type: 'string' },
      paper: { type: 'string', default: 'ok' },
      out: { type: 'string' },
      columns: { type: 'string', default: '48' },
      help: { type: 'boolean', short: 'h' },
    },
  }));
} catch (err) {
  fail(err instanceof Error ? err.message : String(err));
}
if (values.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
const places = [values.port, values.pty, values.tcp].filter((v) => v !== undefined);
if (places.length !== 1) fail('请给出 --port、--pty 或 --tcp 之一');
const paper = values.paper;
if (paper !== 'ok' && paper !== 'near' && paper !== 'out') fail(`--paper 应为 ok、near 或 out，而不是“${paper}”`);
const columns = Number(values.columns);
if (!Number.isInteger(columns) || columns < 8 || columns > 200) fail('--columns 应为整数，如 32 或 48');
let endpoint: VirtualPrinterEndpoint;
if (values.tcp !== undefined) {
  const port = Number(values.tcp);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--tcp 应为 0–65535 的端口号，而不是“${values.tcp}”`);
  endpoint = { tcpPort: port, host: '0.0.0.0' };
} else if (values.pty !== undefined) {
  endpoint = { ptyLink: path.resolve(values.pty) };
} else {
  endpoint = { path: values.port as string };
}

const outFile = values.out ? path.resolve(values.out) : null;
const out = outFile ? fs.createWriteStream(outFile, { flags: 'a' }) : null;
const printer = new VirtualPrinter({ endpoint, paper });
const say = (line: string) => process.stdout.write(`${line}\n`);
const note = (line: string) => process.stderr.write(`【虚拟打印机】${line}\n`);

printer.on('record', (printed) => {
  out?.write(`${JSON.stringify({ seq: printed.seq, at: printed.at, ...recordToJson(printed.record) })}\n`);
  for (const line of recordView(printed.record, columns)) say(line);
});
printer.on('request', ({ request, answer }) => {
  note(`${request.command} ${request.n} → ${answer === null ? '未应答' : `0x${answer.toString(16).padStart(2, '0')}`}`);
});
printer.on('line', (state) => note(state === 'open' ? '线路已打开' : '线路已关闭'));

async function main(): Promise<void> {
  await printer.start();
  const where = printer.tcpPort !== null ? `TCP 端口 ${printer.tcpPort}` : printer.appPath ? `串口 ${printer.appPath}（应用打开此路径）` : `串口 ${values.port}`;
  note(`就绪：${where}；${describeState(printer.state)}${outFile ? `；记录写入 ${outFile}` : ''}`);
  // A pty end or a TCP listener keeps the process alive; stdin ending (a pipe closed) does not stop it.
  const input = readline.createInterface({ input: process.stdin, terminal: false });
  input.on('line', (line) => {
    const text = line.trim();
    if (!text) return;
    if (text === 'quit' || text === 'exit') {
      void shutdown();
      return;
    }
    if (text === 'status') {
      note(describeState(printer.state));
      return;
    }
    printer.command(text).then(
      (state) => note(`${text} → ${describeState(state)}`),
      (err: unknown) => note(err instanceof Error ? err.message : String(err)),
    );
  });
}

let stopping = false;
async function shutdown(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await printer.stop();
  await new Promise<void>((resolve) => (out ? out.end(() => resolve()) : resolve()));
  process.exit(0);
}
process.on('SIGINT', () => void shutdown());
process.on('SIGTERM', () => void shutdown());

main().catch((err: unknown) => {
  note(`无法启动：${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
