// npm run emulate:rating -- --port PATH | --pty LINK [--protocol v1|legacy-bus] [--slots 5,4,3,2,1]
//                          [--address N] [--state FILE] [--serial S] [--seed N] [--baud N] [--json]
//
// An emulated coin-drop rating device (issue 15) for development, demos and tests: it holds one end
// of a serial line (or makes its own pty pair with --pty), answers the v1 protocol
// (protocols/rating-device.md) or pushes legacy hall bus votes (protocols/legacy-hall-bus.md), and
// takes commands on stdin (`help`). --state keeps its events across its own restarts.
// --json: the control channel of test/support/virtual-rating-device.ts — stdin and stdout carry
// one JSON object a line instead of words (see that file).
import readline from 'node:readline';
import { parseArgs } from 'node:util';
import { RATING_PROTOCOLS, type RatingProtocol } from '../electron/contract/ratings';
import { EMULATOR_HELP } from '../electron/core/ratings/emulator/emulator-commands';
import { RatingEmulator, type RatingEmulatorEndpoint } from '../electron/core/ratings/emulator/rating-emulator';

const USAGE = `用法：npm run emulate:rating -- (--port 串口路径 | --pty 链接路径) [--protocol v1|legacy-bus] [--slots 5,4,3,2,1]
                      [--address 地址] [--state 状态文件] [--serial 序列号] [--seed 随机种子] [--baud 波特率]
  --port PATH     打开串口（例：socat 建的虚拟串口对的另一端，应用打开另一端）
  --pty LINK      自建虚拟串口对：应用打开 LINK，本程序持有 LINK.device；unplug 时 LINK 消失，plug 时恢复
  --protocol      v1（默认，本项目的评价器协议）或 legacy-bus（大厅旧总线评价器、呼叫器）
  --slots         各投币口的等级（v1：1–5，5 为非常满意）或旧总线的分值字节，默认 5,4,3,2,1
  --address       地址，默认 1
  --state FILE    事件（v1）或未确认的评价（旧总线）存在此 JSON 文件，重启后仍在
  --serial S      v1 序列号（最多 16 个字符），默认 EMU-进程号；状态文件里已有的优先

${EMULATOR_HELP}`;

function fail(message: string): never {
  process.stderr.write(`${message}\n\n${USAGE}\n`);
  process.exit(2);
}

let values: { [k: string]: string | boolean | undefined };
try {
  ({ values } = parseArgs({
    options: {
      port: { type: 'string' },
      pty: { type: 'string' },
      protocol: { type: 'string', default: 'v1' },
      slots: { type: 'string', default: '5,4,3,2,1' },
      address: { type: 'string', default: '1' },
      state: { type: 'string' },
      serial: { type: 'string' },
      seed: { type: 'string' },
      baud: { type: 'string', default: '9600' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  }));
} catch (err) {
  fail(err instanceof Error ? err.message : String(err));
}
const str = (k: string): string | undefined => (typeof values[k] === 'string' ? (values[k] as string) : undefined);
if (values.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
const port = str('port');
const pty = str('pty');
if ((port === undefined) === (pty === undefined)) fail('请给出 --port 或 --pty 之一');
const protocol = str('protocol') as RatingProtocol;
if (!RATING_PROTOCOLS.includes(protocol)) fail(`--protocol 应为 v1 或 legacy-bus，而不是“${protocol}”`);
const slots = (str('slots') ?? '').split(',').map((s) => Number(s.trim()));
const slotMax = protocol === 'v1' ? 5 : 255;
const slotMin = protocol === 'v1' ? 1 : 0;
if (slots.length < 1 || slots.length > 5 || slots.some((s) => !Number.isInteger(s) || s < slotMin || s > slotMax)) {
  fail(`--slots 应为 1–5 个以逗号分隔的${protocol === 'v1' ? '等级（1–5）' : '分值（0–255）'}，如 5,4,3,2,1`);
}
const address = Number(str('address'));
if (!Number.isInteger(address) || address < 0 || address > 255) fail(`--address 应为 0–255 的整数，而不是“${str('address')}”`);
const serial = str('serial');
if (serial !== undefined && !/^[\x20-\x7e]{1,16}$/.test(serial)) fail('--serial 应为 1–16 个 ASCII 字符');
const seedText = str('seed');
const seed = seedText === undefined ? undefined : Number(seedText);
if (seed !== undefined && !Number.isInteger(seed)) fail('--seed 应为整数');
const baudRate = Number(str('baud'));
if (!Number.isInteger(baudRate) || baudRate <= 0) fail('--baud 应为正整数');
const json = values.json === true;
const endpoint: RatingEmulatorEndpoint = pty !== undefined ? { ptyLink: pty } : { path: port as string };

const out = (line: string) => process.stdout.write(`${line}\n`);
const send = (message: object) => out(JSON.stringify(message));

let emulator: RatingEmulator;
try {
  emulator = new RatingEmulator({ endpoint, protocol, address, slots, stateFile: str('state') ?? null, baudRate, ...(serial ? { serial } : {}), ...(seed !== undefined ? { seed } : {}) });
  await emulator.start();
} catch (err) {
  const message = err instanceof Error ? err.message : String(err);
  if (json) send({ error: message });
  else process.stderr.write(`${message}\n`);
  process.exit(1);
}

let notesShown = 0;
emulator.on('note', (note) => {
  notesShown++;
  if (json) send({ note });
  else out(`${new Date().toLocaleTimeString('zh-CN', { hour12: false })} ${note.text}`);
});

let quitting = false;
async function quit(code: number): Promise<void> {
  if (quitting) return;
  quitting = true;
  await emulator.stop();
  process.exit(code);
}
process.on('SIGTERM', () => void quit(0));
process.on('SIGINT', () => void quit(0));

if (json) {
  send({ ready: true, appPath: emulator.appPath, devicePath: emulator.devicePath, pid: process.pid });
} else {
  const s = emulator.snapshot();
  out(s.protocol === 'v1' ? `评价器 v1 已启动：序列号 ${s.serial}，地址 ${s.address}，投币口 ${s.slots.join(',')}` : `旧总线评价器已启动：地址 ${s.address}，分值 ${s.slots.join(',')}`);
  out(emulator.appPath ? `应用请打开：${emulator.appPath}` : `已打开 ${emulator.devicePath}`);
  out('输入 help 查看命令');
}

/** One control request (--json): a command line, or a query. */
interface ControlRequest {
  id: number;
  command?: string;
  query?: 'snapshot' | 'events' | 'unacknowledged';
}

function parseControl(line: string): ControlRequest | null {
  try {
    const value: unknown = JSON.parse(line);
    if (typeof value !== 'object' || value === null) return null;
    const r = value as Record<string, unknown>;
    if (typeof r.id !== 'number') return null;
    if (typeof r.command === 'string') return { id: r.id, command: r.command };
    if (r.query === 'snapshot' || r.query === 'events' || r.query === 'unacknowledged') return { id: r.id, query: r.query };
    return null;
  } catch {
    return null;
  }
}

// Commands run one after another: an unplug must be done before the plug typed after it.
let chain: Promise<void> = Promise.resolve();
const rl = readline.createInterface({ input: process.stdin });
rl.on('line', (line) => {
  chain = chain.then(async () => {
    if (!json) {
      const before = notesShown;
      const lines = await emulator.command(line).catch((err: unknown) => [err instanceof Error ? err.message : String(err)]);
      // What the device did is already on screen as notes; print the answer only when it is not (status, help, a mistake).
      if (notesShown === before) for (const l of lines) out(l);
      if (line.trim().toLowerCase() === 'quit') await quit(0);
      return;
    }
    const request = parseControl(line);
    if (!request) {
      send({ error: `不是控制请求：${line}` });
      return;
    }
    try {
      if (request.query === 'snapshot') send({ id: request.id, ok: true, result: emulator.snapshot() });
      else if (request.query === 'events') send({ id: request.id, ok: true, result: emulator.events() });
      else if (request.query === 'unacknowledged') send({ id: request.id, ok: true, result: emulator.unacknowledged() });
      else {
        const lines = await emulator.command(request.command ?? '');
        send({ id: request.id, ok: true, result: lines, appPath: emulator.appPath });
        if ((request.command ?? '').trim().toLowerCase() === 'quit') await quit(0);
      }
    } catch (err) {
      send({ id: request.id, ok: false, error: err instanceof Error ? err.message : String(err) });
    }
  });
});
// --json: stdin closed means the parent test went away: stop, leaving the state file as it is.
// By hand, stdin may be /dev/null (run in the background): keep running until a signal.
if (json) rl.on('close', () => void chain.then(() => quit(0)));
