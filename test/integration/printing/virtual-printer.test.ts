/**
 * The virtual printer itself, over real pty pairs (socat) and TCP: the app's side is played by
 * serialport / a socket writing hand-made ESC/POS, as a transport would.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import iconv from 'iconv-lite';
import { SerialPort } from 'serialport';
import { afterEach, describe, expect, it } from 'vitest';
import { printerProfile } from '../../../electron/core/printing/printer-profile';
import { createFontGlyphSource } from '../../../electron/core/printing/thermal/font-glyph-source';
import { renderThermal, thermalPreviewLines } from '../../../electron/core/printing/thermal/render-thermal';
import type { ThermalDocument } from '../../../electron/core/printing/thermal/thermal-document';
import { startPtyPair, type PtyPair } from '../../support/socat';
import { makeTempDir } from '../../support/temp-dirs';
import { startVirtualPrinter, type VirtualPrinter } from '../../support/virtual-printer';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const ESC = 0x1b;
const GS = 0x1d;
const FS = 0x1c;
const LF = 0x0a;
const gbk = (s: string): number[] => [...iconv.encode(s, 'gbk')];
const bytes = (...parts: Array<number | number[]>): Buffer => Buffer.from(parts.flat());

const PAYLOAD = 'https://zw.example.cn/progress?case=JQ-12-20261130-0001';
/** A small receipt, hand-made: title centred and bold, two lines, a QR code, feed and cut, ESC @. */
function receipt(name: string): Buffer {
  const qrLen = PAYLOAD.length + 3;
  return bytes(
    [ESC, 0x40, FS, 0x26, ESC, 0x61, 1, ESC, 0x45, 1],
    gbk('受理回执'),
    LF,
    [ESC, 0x61, 0, ESC, 0x45, 0],
    gbk(`申请人：${name}`),
    LF,
    gbk('办件编号：JQ-12-20261130-0001'),
    LF,
    [ESC, 0x61, 1, GS, 0x28, 0x6b, 3, 0, 0x31, 0x43, 6],
    [GS, 0x28, 0x6b, qrLen & 0xff, qrLen >> 8, 0x31, 0x50, 0x30, ...Buffer.from(PAYLOAD)],
    [GS, 0x28, 0x6b, 3, 0, 0x31, 0x51, 0x30, LF],
    [ESC, 0x64, 4, GS, 0x56, 1, ESC, 0x40],
  );
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

/** The app's side of a serial line: writes bytes, and asks DLE EOT n waiting up to `ms` for one byte. */
async function openAppSide(path_: string): Promise<{ port: SerialPort; write(b: Buffer): Promise<void>; ask(n: number, ms?: number): Promise<number | null>; unread(): number[] }> {
  const port = new SerialPort({ path: path_, baudRate: 115200, autoOpen: false });
  await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())));
  const received: number[] = [];
  port.on('data', (chunk: Buffer) => received.push(...chunk));
  cleanups.push(async () => {
    if (port.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
  });
  const write = (b: Buffer) => new Promise<void>((resolve, reject) => port.write(b, (err) => (err ? reject(err) : port.drain(() => resolve()))));
  return {
    port,
    write,
    unread: () => [...received],
    async ask(n, ms = 500) {
      received.length = 0;
      await write(Buffer.from([0x10, 0x04, n]));
      const deadline = Date.now() + ms;
      while (Date.now() < deadline) {
        if (received.length > 0) return received.shift() as number;
        await new Promise((r) => setTimeout(r, 5));
      }
      return null;
    },
  };
}

async function withPty(): Promise<{ dir: string; pty: PtyPair }> {
  const dir = makeTempDir('vprinter');
  const pty = await startPtyPair(dir);
  cleanups.push(() => pty.stop());
  return { dir, pty };
}

async function printerOn(place: Parameters<typeof startVirtualPrinter>[0], options?: Parameters<typeof startVirtualPrinter>[1]): Promise<VirtualPrinter> {
  const printer = await startVirtualPrinter(place, options);
  cleanups.push(() => printer.stop());
  return printer;
}

describe('virtual printer on a serial pty', () => {
  it('answers DLE EOT 1, 2 and 4 as its state says, and follows the commands', async () => {
    const { pty } = await withPty();
    const printer = await printerOn({ port: pty.b });
    const app = await openAppSide(pty.a);
    const all = async () => [await app.ask(1), await app.ask(2), await app.ask(4)];

    expect(await all()).toEqual([0x12, 0x12, 0x12]);
    await printer.set('paper near');
    expect(await all()).toEqual([0x12, 0x12, 0x1e]);
    await printer.set('paper out');
    expect(await all()).toEqual([0x1a, 0x32, 0x7e]);
    await printer.set('paper back');
    await printer.set('cover open');
    expect(await all()).toEqual([0x1a, 0x16, 0x12]);
    await printer.set('cover close');
    await printer.set('offline');
    expect(await all()).toEqual([0x1a, 0x52, 0x12]);
    await printer.set('online');
    expect(await app.ask(1)).toBe(0x12);

    await printer.set('mute');
    expect(await app.ask(1, 300)).toBeNull();
    await printer.set('unmute');
    await printer.set('delay 400');
    expect(await app.ask(1, 200)).toBeNull(); // too late for this asker …
    await new Promise((r) => setTimeout(r, 400));
    expect(app.unread()).toEqual([0x12]); // … and its byte arrives afterwards: the stale byte a transport must not read
    expect(printer.requests().at(-1)).toMatchObject({ request: { command: 'DLE EOT', n: 1 }, answer: 0x12 });
  });

  it('decodes a receipt sent in small chunks: lines, alignment, QR payload, cut, and the JSON-lines file', async () => {
    const { dir, pty } = await withPty();
    const printer = await printerOn({ port: pty.b, dir });
    const app = await openAppSide(pty.a);
    const stream = receipt('李明');
    for (let at = 0; at < stream.length; at += 7) await app.write(stream.subarray(at, at + 7));

    const [doc] = await printer.waitForDocuments(1);
    expect(doc?.lines.slice(0, 3)).toEqual(['受理回执', '申请人：李明', '办件编号：JQ-12-20261130-0001']);
    expect(doc?.lineRecords[0]).toMatchObject({ align: 'center', bold: true, columns: 8 });
    expect(doc?.qr).toEqual([PAYLOAD]);
    expect(doc?.cut).toBe(true);
    expect(doc?.maxColumns).toBeLessThanOrEqual(48);
    expect(printer.bytesReceived()).toBe(stream.length);

    const file = fs.readFileSync(path.join(dir, 'virtual-printer.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { type: string; text?: string; payload?: string });
    expect(file.filter((r) => r.type === 'line').map((r) => r.text)).toContain('申请人：李明');
    expect(file.find((r) => r.type === 'qr')?.payload).toBe(PAYLOAD);
    expect(file.some((r) => r.type === 'cut')).toBe(true);
  });

  it('holds a receipt sent while the paper is out and prints it once when the paper is back', async () => {
    const { pty } = await withPty();
    const printer = await printerOn({ port: pty.b }, { paper: 'out' });
    const app = await openAppSide(pty.a);
    await app.write(receipt('赵雪'));
    await printer.waitFor((p) => p.heldCount() > 0);
    await new Promise((r) => setTimeout(r, 300));
    expect(printer.documents()).toHaveLength(0);
    expect(await app.ask(4)).toBe(0x7e);

    await printer.setPaper('ok');
    const docs = await printer.waitForDocuments(1);
    expect(docs[0]?.lines).toContain('申请人：赵雪');
    await new Promise((r) => setTimeout(r, 300));
    expect(printer.documents()).toHaveLength(1);
  });

  it('unplug takes the app’s device path away; plug brings it back on the same path and prints again', async () => {
    const dir = makeTempDir('vprinter-own');
    const printer = await printerOn({ ptyDir: dir });
    const appPath = printer.appPath as string;
    let app = await openAppSide(appPath);
    await app.write(receipt('甲'));
    await printer.waitForDocuments(1);

    const closed = new Promise<void>((resolve) => app.port.once('close', () => resolve()));
    await printer.unplug();
    expect(fs.existsSync(appPath)).toBe(false);
    await closed;

    await printer.plug();
    expect(fs.existsSync(appPath)).toBe(true);
    app = await openAppSide(appPath);
    expect(await app.ask(1)).toBe(0x12);
    await app.write(receipt('乙'));
    const docs = await printer.waitForDocuments(2);
    expect(docs.map((d) => d.lines[1])).toEqual(['申请人：甲', '申请人：乙']);
  });
});

describe('the app’s own encoder, decoded by the virtual printer', () => {
  const doc: ThermalDocument = {
    kind: 'acceptanceReceipt',
    title: 'JQ-12-20261130-0007',
    blocks: [
      { kind: 'text', text: '金桥区政务服务中心', align: 'center', bold: true, size: 2 },
      { kind: 'rule', style: 'thick' },
      { kind: 'field', label: '申请人', value: '𠮷大明' },
      { kind: 'field', label: '办理事项', value: '企业变更登记（名称、住所、法定代表人、注册资本、经营范围变更）' },
      { kind: 'pair', left: '办件编号', right: 'JQ-12-20261130-0007' },
      { kind: 'qr', payload: PAYLOAD, caption: '扫码查询办理进度' },
    ],
  };

  for (const paperWidthMm of [58, 80] as const) {
    for (const qrMode of ['native', 'raster'] as const) {
      it(`${paperWidthMm} mm, QR ${qrMode}: the rare name reads back, no line exceeds the paper, QR and cut there`, async () => {
        const { pty } = await withPty();
        const printer = await printerOn({ port: pty.b }, { recognise: ['𠮷'] });
        const app = await openAppSide(pty.a);
        const profile = printerProfile({ paperWidthMm, encoding: 'gbk', qrMode });
        await app.write(Buffer.from(renderThermal(doc, profile, createFontGlyphSource(path.join(ROOT, 'resources', 'fonts')))));
        const [printed] = await printer.waitForDocuments(1);
        expect(printed?.lines.join('\n')).toContain('𠮷大明');
        expect(printed?.fourByte).toEqual([]);
        expect(printed?.maxColumns).toBeLessThanOrEqual(profile.columns);
        expect(printed?.cut).toBe(true);
        if (qrMode === 'native') expect(printed?.qr).toEqual([PAYLOAD]);
        else expect(printed?.rasters.map((r) => r.width)).toEqual([profile.dotsPerLine]);
        // What the printer printed is what the preview shows (text lines, in order).
        const preview = thermalPreviewLines(doc, profile).map((l) => l.trim()).filter(Boolean);
        const paper = (printed?.lines ?? []).map((l) => l.trim()).filter(Boolean);
        for (const line of paper) expect(preview).toContain(line);
      });
    }
  }
});

describe('virtual printer on TCP', () => {
  it('prints what a connection sends, answers DLE EOT on it, and refuses connections while unplugged', async () => {
    const printer = await printerOn({ tcpPort: 0 });
    const port = printer.tcpPort as number;
    const socket = net.connect(port, '127.0.0.1');
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    const answer = new Promise<number>((resolve) => socket.once('data', (d) => resolve(d[0] as number)));
    socket.write(Buffer.concat([receipt('钱'), Buffer.from([0x10, 0x04, 2])]));
    expect(await answer).toBe(0x12);
    await printer.waitForDocuments(1);
    socket.end();

    await printer.unplug();
    const refused = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1');
      s.once('connect', () => {
        s.destroy();
        resolve(false);
      });
      s.once('error', () => resolve(true));
    });
    expect(refused).toBe(true);
    await printer.plug();
    expect(printer.tcpPort).toBe(port);
  });
});

describe('npm run emulate:printer (a child process)', () => {
  it('takes stdin commands, answers by them, shows the receipt readably and writes the out file', async () => {
    const { dir, pty } = await withPty();
    const outFile = path.join(dir, 'out.jsonl');
    const child: ChildProcess = spawn(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), path.join(ROOT, 'scripts/emulate-printer.ts'), '--port', pty.b, '--out', outFile, '--columns', '32'], {
      cwd: ROOT,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    cleanups.push(async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    });
    const until = async (pred: () => boolean, what: string) => {
      const deadline = Date.now() + 20_000;
      while (!pred()) {
        if (Date.now() > deadline) throw new Error(`${what} 未出现。stderr:\n${stderr}\nstdout:\n${stdout}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    };
    await until(() => stderr.includes('就绪'), '就绪');
    const app = await openAppSide(pty.a);
    expect(await app.ask(1)).toBe(0x12);

    child.stdin?.write('paper out\n');
    await until(() => stderr.includes('paper out →'), 'paper out 的回应');
    expect(await app.ask(1)).toBe(0x1a);
    child.stdin?.write('paper back\n');
    await until(() => stderr.includes('paper back →'), 'paper back 的回应');

    await app.write(receipt('孙丽'));
    await until(() => stdout.includes('----- 切纸 -----'), '切纸');
    const shown = stdout.split('\n');
    expect(shown).toContain('            受理回执    «粗»'); // centred in 32 columns, bold noted
    expect(shown).toContain('申请人：孙丽');
    expect(shown).toContain(`[二维码 ${PAYLOAD}]`);

    child.stdin?.write('unplug\n');
    await until(() => stderr.includes('unplug →'), 'unplug 的回应');
    expect(await app.ask(1, 300)).toBeNull();

    child.stdin?.write('quit\n');
    expect(await exited).toBe(0);
    const records = fs.readFileSync(outFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { type: string; text?: string });
    expect(records.map((r) => r.type)).toEqual(expect.arrayContaining(['init', 'line', 'qr', 'feed', 'cut']));
    expect(records.find((r) => r.type === 'line')?.text).toBe('受理回执');
  });
});
