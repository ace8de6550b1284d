// npm run bench:rating — from a coin's event leaving the rating device to the vote committed and
// acknowledged (issue 15, Proof: p99 under 20 ms beyond the wire time at 9600 baud).
//
// A real core on a temp folder (the ratings module, the v1 driver, SQLite) with its rating device
// configured at 9600 baud on a serial pty (socat); the far end is the device emulator's v1 state
// machine (electron/core/ratings/emulator/v1-device.ts) with a thin I/O shell here that stamps, on
// the monotonic clock, the moment each POLL reply carrying an event is handed to the line and the
// moment the POLL carrying its event_id (the acknowledgement) arrives; the core's
// `ratings.received` event (published after the vote's transaction committed) stamps the commit.
//
// What is measured, precisely:
// - The device never speaks first (protocols/rating-device.md): a coin is reported only in the
//   reply to the host's next POLL, which comes at most every 500 ms. So the target's figure is
//   taken from the POLL reply carrying the event leaving the device to the acknowledgement (the
//   next POLL with that event_id) reaching the device: 「事件发出 → 确认到达」.
// - A pty does not pace bytes at the configured baud rate: the figures measured over it hold no
//   wire time, i.e. they are the time beyond the wire. The wire time of the two frames involved at
//   9600 baud (10 bits a byte: the 26-byte reply and the 13-byte POLL, 40.6 ms) is printed beside
//   them, and added for the figures "at 9600 baud".
// - End to end, 「投币 → 确认到达」, includes the wait for the next POLL.
// Coins fall one at a time (the next after the previous one's acknowledgement and a random pause
// of 0–50 ms), as at a window where citizens come one after another, each at a random moment of
// the POLL cycle.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { SerialPort } from 'serialport';
import { createCore, openStaffAdmin, silentLogger, type Core } from '../electron/core';
import { PtyPair } from '../electron/core/printing/emulator/pty-pair';
import { newV1DeviceState, V1Device } from '../electron/core/ratings/emulator/v1-device';
import { V1FrameParser } from '../electron/core/ratings/protocol/v1-frame';
import { decodePollReply, decodePollRequest, V1_CMD, v1ReplyCmd } from '../electron/core/ratings/protocol/v1-messages';
import { exchangeWireMs, POLL_REPLY_WITH_EVENT_BYTES, POLL_REQUEST_BYTES, RATING_P99_TARGET_MS, ratingFigures, type CoinTimes } from './support/rating-figures';
import { printResult, table } from './support/report';
import { ms } from './support/stats';

const { values } = parseArgs({
  options: {
    coins: { type: 'string' },
    quick: { type: 'boolean', default: false },
    dir: { type: 'string' },
    keep: { type: 'boolean', default: false },
  },
});
const COINS = Number(values.coins ?? (values.quick ? 100 : 2000));
const WARM_UP = values.quick ? 5 : 20;
const BAUD = 9600;
/** The measuring stops here even if not every coin fell, so the bench ends within 10 minutes. */
const BUDGET_MS = values.quick ? 60_000 : 540_000;
/** How long one coin may take to be acknowledged before the bench calls it lost. */
const ACK_TIMEOUT_MS = 10_000;
if (!Number.isInteger(COINS) || COINS < 1) throw new Error('--coins 应为正整数');
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const work = values.dir ? path.resolve(values.dir) : fs.mkdtempSync(path.join(os.tmpdir(), 'counter-bench-rating-'));
fs.mkdirSync(work, { recursive: true });
const log = (line: string) => process.stderr.write(`${line}\n`);
const STAFF = { number: '1001', name: '王芳', pin: '246810' };
const SERIAL = 'BENCH-0001';
const nowMs = () => Number(process.hrtime.bigint()) / 1e6;

/** The device end: V1Device behind a serial port, stamping replies out and acknowledgements in. */
class TimedDevice {
  readonly device = new V1Device({ address: 1, slots: [5, 4, 3, 2, 1], state: newV1DeviceState(SERIAL) });
  private readonly parser = new V1FrameParser();
  private readonly timer: NodeJS.Timeout;
  /** event_id → when the first POLL reply carrying it was handed to the line. */
  readonly replyOut = new Map<number, number>();
  /** event_id → when the POLL acknowledging it arrived. */
  readonly ackIn = new Map<number, number>();
  onAck: ((eventId: number) => void) | null = null;
  /** Requests that repeated the previous SEQ (the host resent after its 200 ms reply time-out). */
  resends = 0;

  constructor(private readonly port: SerialPort) {
    port.on('data', (chunk: Buffer) => this.onData(chunk));
    // Receiver rule 3 (a partial frame given up after 50 ms) and the device's own time-outs.
    this.timer = setInterval(() => {
      this.device.tick(Date.now());
      this.handle(this.parser.push(new Uint8Array(0), Date.now()), nowMs());
    }, 10);
  }

  private onData(chunk: Buffer): void {
    const at = nowMs();
    this.handle(this.parser.push(chunk, Date.now()), at);
  }

  private handle(frames: ReturnType<V1FrameParser['push']>, at: number): void {
    for (const frame of frames) {
      const ack = frame.cmd === V1_CMD.POLL && frame.payload.length === 4 ? decodePollRequest(frame.payload) : 0;
      const { reply, notes } = this.device.receive(frame, Date.now());
      if (notes.some((n) => n.kind === 'repeat')) this.resends++;
      if (ack !== 0 && !this.ackIn.has(ack)) {
        this.ackIn.set(ack, at);
        this.onAck?.(ack);
      }
      if (!reply) continue;
      const outAt = nowMs();
      this.port.write(reply);
      if (reply[5] === v1ReplyCmd(V1_CMD.POLL)) {
        const carried = decodePollReply(reply.subarray(7, reply.length - 2)).event;
        if (carried && !this.replyOut.has(carried.eventId)) this.replyOut.set(carried.eventId, outAt);
      }
    }
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

async function openCore(dataDir: string, devicePath: string): Promise<Core> {
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(
    path.join(dataDir, 'config.json'),
    JSON.stringify({
      hall: { code: 'JQ', name: '金桥区政务服务中心' },
      window: { number: 12, name: '综合受理窗口' },
      devices: { ratingDevice: { type: 'serial', path: devicePath, baudRate: BAUD, protocol: 'v1', address: 1 } },
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
    ratingPortLister: async () => [],
    healthIntervalMs: 3_600_000,
  });
  // Signed in: each coin is attributed to the clerk on duty, as at a working window.
  const signIn = await core.invoke('session.signIn', { staffNumber: STAFF.number, pin: STAFF.pin });
  if (!signIn.ok) throw new Error(signIn.error.message);
  return core;
}

async function main(): Promise<void> {
  log(`基准测试目录：${work}`);
  const pty = new PtyPair(path.join(work, 'rating-tty'), path.join(work, 'rating-tty.device'));
  await pty.start();
  const port = new SerialPort({ path: pty.printerPath, baudRate: BAUD, autoOpen: false });
  await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())));
  const device = new TimedDevice(port);
  const core = await openCore(path.join(work, 'data'), pty.appPath);
  const committed = new Map<number, number>();
  core.subscribe((event) => {
    if (event.name === 'ratings.received' && event.payload.origin.deviceEventId !== null) committed.set(event.payload.origin.deviceEventId, nowMs());
  });

  // mulberry32 (as test/support/seeded-random.ts): the pauses are the same on every run.
  let seed = 0x15;
  const random = () => {
    seed = (seed + 0x6d2b79f5) >>> 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };

  const times: CoinTimes[] = [];
  const started = Date.now();
  let stoppedEarly = false;
  for (let i = 0; i < WARM_UP + COINS; i++) {
    if (i >= WARM_UP && Date.now() - started > BUDGET_MS) {
      stoppedEarly = true;
      break;
    }
    const coinAt = nowMs();
    const result = device.device.coin(i % 5, Date.now());
    if (!result.ok) throw new Error(`评价器拒收第 ${i + 1} 枚硬币：${result.notes.map((n) => n.text).join('；')}`);
    const eventId = result.event.eventId;
    const acked = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), ACK_TIMEOUT_MS);
      device.onAck = (id) => {
        if (id !== eventId) return;
        clearTimeout(timer);
        resolve(true);
      };
    });
    device.onAck = null;
    if (!acked) throw new Error(`第 ${i + 1} 枚硬币（事件 ${eventId}）${ACK_TIMEOUT_MS / 1000} 秒内未被确认：驱动没有连上评价器？`);
    // The core's event is published after the commit; let it through before reading.
    for (let spin = 0; !committed.has(eventId) && spin < 100; spin++) await new Promise((r) => setImmediate(r));
    const committedAt = committed.get(eventId);
    const replyOutAt = device.replyOut.get(eventId);
    const ackInAt = device.ackIn.get(eventId) as number;
    if (committedAt === undefined) throw new Error(`事件 ${eventId} 已被确认，却没有看到核心的 ratings.received`);
    if (replyOutAt === undefined) throw new Error(`事件 ${eventId} 已被确认，却没有看到携带它的 POLL 应答`);
    if (i >= WARM_UP) times.push({ coinAt, replyOutAt, committedAt, ackInAt });
    if (times.length > 0 && times.length % 250 === 0 && i >= WARM_UP) {
      const recent = ratingFigures(times.slice(-250)).exchange;
      log(`  已测 ${times.length} 枚（${((Date.now() - started) / 1000).toFixed(0)} 秒；最近 250 枚 事件发出→确认到达 p50 ${ms(recent.p50)} 毫秒，p99 ${ms(recent.p99)} 毫秒）`);
    }
    await new Promise((r) => setTimeout(r, random() * 50));
  }
  await core.close();
  device.stop();
  await new Promise<void>((resolve) => port.close(() => resolve()));
  await pty.stop();

  const f = ratingFigures(times);
  const wire = exchangeWireMs(BAUD);
  const row = (label: string, s: { count: number; p50: number; p99: number; max: number }, plus = 0) => [label, s.count, ms(s.p50 + plus), ms(s.p99 + plus), ms(s.max + plus), '毫秒'];
  process.stdout.write(
    `\n评价器投币 → 入库并确认（${f.exchange.count} 枚${stoppedEarly ? `，时限 ${BUDGET_MS / 1000} 秒内测完的部分` : ''}；v1 协议，${BAUD} 波特，串口 pty → 评价器仿真）\n` +
      `pty 不按波特率限速：以下实测值不含线路时间，即“线路时间之外”的耗时。\n` +
      `${BAUD} 波特下所涉两帧（携带事件的 POLL 应答 ${POLL_REPLY_WITH_EVENT_BYTES} 字节 + 携带确认的 POLL ${POLL_REQUEST_BYTES} 字节，每字节 10 位）线路时间 ${ms(wire)} 毫秒。\n` +
      `${table(
        ['测量', '次数', 'p50', 'p99', '最大', '单位'],
        [
          row('事件发出 → 确认到达评价器（目标：p99 < 20 毫秒，线路时间之外）', f.exchange),
          row('  其中：事件发出 → 入库（核心发布 ratings.received）', f.toCommit),
          row('  其中：入库 → 确认到达评价器', f.commitToAck),
          row(`事件发出 → 确认到达（按 ${BAUD} 波特加线路时间）`, f.exchange, wire),
          row('投币 → 确认到达（含等待下一次 POLL，线路时间之外）', f.endToEnd),
          row(`投币 → 确认到达（含等待 POLL，按 ${BAUD} 波特加线路时间）`, f.endToEnd, wire),
        ],
      )}\n` +
      `（主机每次 POLL 之间最多间隔 500 毫秒：评价器不主动发送，硬币只在下一次 POLL 的应答中报告。${
        f.ackBeforeCommit > 0 ? `其中 ${f.ackBeforeCommit} 枚的确认先于本进程看到 ratings.received 到达评价器。` : ''
      }主机重发（200 毫秒未收到应答）${device.resends} 次。）\n` +
      (stoppedEarly ? `（${BUDGET_MS / 1000} 秒时限到，只测了 ${f.exchange.count} 枚而非 ${COINS} 枚：每枚都要等主机的 POLL。）\n` : '') +
      '\n',
  );
  const met = f.exchange.p99 < RATING_P99_TARGET_MS;
  printResult({
    bench: 'rating',
    figures: {
      coins: f.exchange.count,
      baud: BAUD,
      wire_ms: round(wire),
      exchange_p50_ms: round(f.exchange.p50),
      exchange_p99_ms: round(f.exchange.p99),
      exchange_max_ms: round(f.exchange.max),
      to_commit_p50_ms: round(f.toCommit.p50),
      to_commit_p99_ms: round(f.toCommit.p99),
      commit_to_ack_p50_ms: round(f.commitToAck.p50),
      commit_to_ack_p99_ms: round(f.commitToAck.p99),
      exchange_at_baud_p99_ms: round(f.exchange.p99 + wire),
      end_to_end_p50_ms: round(f.endToEnd.p50),
      end_to_end_p99_ms: round(f.endToEnd.p99),
      end_to_end_at_baud_p99_ms: round(f.endToEnd.p99 + wire),
      host_resends: device.resends,
      stopped_early: stoppedEarly ? 1 : 0,
    },
    targets: { exchange_p99_ms: `< ${RATING_P99_TARGET_MS} (event leaving the device → ack reaching it, beyond the ${round(wire)} ms wire time at ${BAUD} baud)` },
    met,
  });
  if (!values.keep && !values.dir) fs.rmSync(work, { recursive: true, force: true });
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
