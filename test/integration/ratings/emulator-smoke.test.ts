import fs from 'node:fs';
import path from 'node:path';
import { SerialPort } from 'serialport';
import { afterEach, describe, expect, it } from 'vitest';
import { BusFrameParser, encodeBusFrame, type BusFrame } from '../../../electron/core/ratings/protocol/legacy-bus-frame';
import { encodeV1Frame, V1FrameParser, type V1Frame } from '../../../electron/core/ratings/protocol/v1-frame';
import { armPayload, decodeIdent, decodeNak, decodePollReply, pollPayload, setTimePayload, V1_CMD } from '../../../electron/core/ratings/protocol/v1-messages';
import { makeTempDir } from '../../support/temp-dirs';
import { startVirtualRatingDevice, type VirtualRatingDevice } from '../../support/virtual-rating-device';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** The app's side, by hand: a serial port and the codec. */
async function openHost(devicePath: string) {
  const port = new SerialPort({ path: devicePath, baudRate: 9600, autoOpen: false });
  await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())));
  const v1 = new V1FrameParser();
  const bus = new BusFrameParser();
  const frames: V1Frame[] = [];
  const busFrames: BusFrame[] = [];
  port.on('data', (chunk: Buffer) => {
    frames.push(...v1.push(chunk, Date.now()));
    busFrames.push(...bus.push(chunk, Date.now()));
  });
  port.on('error', () => undefined);
  const closed = new Promise<void>((resolve) => port.once('close', () => resolve()));
  const host = {
    port,
    frames,
    busFrames,
    closed,
    /** Sends a request and waits up to `ms` for the reply with its SEQ. */
    async exchange(seq: number, cmd: number, payload: Uint8Array = new Uint8Array(0), ms = 1000): Promise<V1Frame | null> {
      const from = frames.length;
      port.write(encodeV1Frame({ addr: 1, seq, cmd, payload }));
      const deadline = Date.now() + ms;
      while (Date.now() < deadline) {
        // Rule 3 with no byte coming: a false start in noise gives up what it swallowed.
        frames.push(...v1.push(new Uint8Array(0), Date.now()));
        const reply = frames.slice(from).find((f) => f.seq === seq);
        if (reply) return reply;
        await new Promise((r) => setTimeout(r, 10));
      }
      return null;
    },
    async close() {
      if (port.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
    },
  };
  cleanups.push(() => host.close());
  return host;
}

async function start(options: Parameters<typeof startVirtualRatingDevice>[0]): Promise<VirtualRatingDevice> {
  const device = await startVirtualRatingDevice(options);
  cleanups.push(() => device.stop());
  return device;
}

describe('virtual rating device over a real pty (v1)', () => {
  it('identifies, arms, takes one coin for the session, keeps it until acknowledged, and repeats a reply for a repeated SEQ', async () => {
    const dir = makeTempDir('rating-emu');
    const device = await start({ ptyDir: dir, serial: 'PJ-SMOKE-01', stateFile: path.join(dir, 'state.json') });
    expect(device.appPath).toBe(path.join(dir, 'rating-tty'));
    const host = await openHost(device.appPath!);

    const ident = await host.exchange(1, V1_CMD.IDENT);
    expect(ident?.cmd).toBe(0x81);
    expect(decodeIdent(ident!.payload)).toEqual({ serial: 'PJ-SMOKE-01', firmware: '1.2', slots: [5, 4, 3, 2, 1] });
    expect((await host.exchange(2, V1_CMD.SET_TIME, setTimePayload(1_800_000_000)))?.cmd).toBe(0x93);
    // Its clock runs from what the host set (a test waits on it, as a citizen's coin falls later).
    const clock = (await device.snapshot()).deviceClock;
    expect(clock).toBeGreaterThanOrEqual(1_800_000_000);
    expect(clock).toBeLessThan(1_800_000_060);
    expect((await host.exchange(3, V1_CMD.ARM, armPayload(4242, 60)))?.cmd).toBe(0x90);
    expect(await device.armedSession()).toMatchObject({ sessionId: 4242 });

    const coin = await device.coin('不满意');
    expect(coin).toMatchObject({ id: 1, kind: 'rating', slot: 3, level: 2, sessionId: 4242, ackedAt: null });
    expect(coin.deviceTime).toBeGreaterThanOrEqual(1_800_000_000);
    // One coin, one rating: the device disarmed itself.
    expect(await device.armedSession()).toBeNull();

    const first = await host.exchange(4, V1_CMD.POLL, pollPayload(0));
    const poll = decodePollReply(first!.payload);
    expect(poll).toMatchObject({ queued: 1, flags: { armed: false }, event: { eventId: 1, kind: 'rating', sessionId: 4242, level: 2, slot: 3 } });

    // Not acknowledged: delivered again, and the same SEQ gets the very same bytes.
    const again = await host.exchange(4, V1_CMD.POLL, pollPayload(0));
    expect(Buffer.from(again!.payload)).toEqual(Buffer.from(first!.payload));

    const acked = decodePollReply((await host.exchange(5, V1_CMD.POLL, pollPayload(1)))!.payload);
    expect(acked).toMatchObject({ queued: 0, event: null });
    expect(await device.unacknowledged()).toEqual([]);
    expect((await device.events())[0]?.ackedAt).not.toBeNull();

    // A command it does not know: NAK 1.
    const nak = await host.exchange(6, 0x55);
    expect(nak?.cmd).toBe(V1_CMD.NAK);
    expect(decodeNak(nak!.payload)).toBe('unknown_command');
  });

  it('keeps un-acknowledged events across its own SIGKILL and restart, with event ids still increasing', async () => {
    const dir = makeTempDir('rating-emu');
    const stateFile = path.join(dir, 'state.json');
    const device = await start({ ptyDir: dir, serial: 'PJ-SMOKE-02', stateFile });
    await device.coin(1);
    await device.coin(5);
    await device.kill();
    expect(fs.existsSync(device.appPath!)).toBe(false);
    await device.restart();
    expect((await device.unacknowledged()).map((e) => [e.id, e.level])).toEqual([
      [1, 5],
      [2, 1],
    ]);
    const host = await openHost(device.appPath!);
    const reply = decodePollReply((await host.exchange(9, V1_CMD.POLL, pollPayload(0)))!.payload);
    expect(reply).toMatchObject({ queued: 2, event: { eventId: 1, level: 5 } });
    expect((await device.coin(2)).id).toBe(3);
  });

  it('unplug removes the app path and plug brings it back (also under a new name); mute withholds replies', async () => {
    const dir = makeTempDir('rating-emu');
    const device = await start({ ptyDir: dir, serial: 'PJ-SMOKE-03' });
    const host = await openHost(device.appPath!);
    expect(await host.exchange(1, V1_CMD.IDENT)).not.toBeNull();
    await device.mute();
    expect(await host.exchange(2, V1_CMD.IDENT, new Uint8Array(0), 300)).toBeNull();
    await device.unmute();
    expect(await host.exchange(3, V1_CMD.IDENT)).not.toBeNull();

    // A lost reply: the action is done (the event acknowledged), the resend of the same SEQ gets the kept reply.
    await device.coin(1);
    await device.dropReplies(1);
    expect(await host.exchange(10, V1_CMD.POLL, pollPayload(1), 300)).toBeNull();
    expect(await device.unacknowledged()).toEqual([]);
    await device.dropReplies(0);
    expect(decodePollReply((await host.exchange(10, V1_CMD.POLL, pollPayload(1)))!.payload)).toMatchObject({ queued: 0 });

    // Line noise towards the host: the host's receiver finds the next reply after it.
    await device.garbage(200);
    expect(decodeIdent((await host.exchange(11, V1_CMD.IDENT))!.payload).serial).toBe('PJ-SMOKE-03');

    await device.unplug();
    expect(fs.existsSync(path.join(dir, 'rating-tty'))).toBe(false);
    expect(device.portInfo()).toBeNull();
    await host.close();
    const moved = path.join(dir, 'rating-tty-2');
    await device.plug(moved);
    expect(device.appPath).toBe(moved);
    expect(device.portInfo()).toMatchObject({ path: moved, vendorId: '1a86', serialNumber: 'PJ-SMOKE-03' });
    const again = await openHost(moved);
    expect(decodeIdent((await again.exchange(4, V1_CMD.IDENT))!.payload).serial).toBe('PJ-SMOKE-03');
  });
});

describe('virtual rating device over a real pty (legacy bus)', () => {
  it('pushes a vote, resends it about every 500 ms until the host acknowledges the same score, and echo-expects keypad keys', async () => {
    const dir = makeTempDir('rating-emu');
    const device = await start({ ptyDir: dir, protocol: 'legacy-bus', address: 5 });
    const host = await openHost(device.appPath!);
    await device.coin(4); // slots 5,4,3,2,1: the 4th key sends score 2
    const vote = { addr: 5, func: 0x11, data: Uint8Array.of(2) };
    const started = Date.now();
    await device.waitFor(() => host.busFrames.length >= 2, 3000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
    expect(host.busFrames.slice(0, 2)).toEqual([vote, vote]);
    // A wrong score is no acknowledgement.
    host.port.write(encodeBusFrame({ addr: 5, func: 0x01, data: Uint8Array.of(3) }));
    await new Promise((r) => setTimeout(r, 200));
    expect(await device.unacknowledged()).toHaveLength(1);
    host.port.write(Buffer.from('FF6803036805010208 16'.replace(/ /g, ''), 'hex'));
    await device.waitFor(async (d) => (await d.unacknowledged()).length === 0, 3000);
    const count = host.busFrames.length;
    await new Promise((r) => setTimeout(r, 800));
    expect(host.busFrames.length).toBe(count);

    await device.key('next');
    await device.waitFor(() => host.busFrames.some((f) => f.func === 0x0c), 3000);
    host.port.write(encodeBusFrame({ addr: 5, func: 0x0c, data: new Uint8Array(0) }));
    await device.waitFor(async (d) => d.notes().some((n) => n.kind === 'acked' && n.text.includes('呼叫下一位')), 3000);
  });
});
