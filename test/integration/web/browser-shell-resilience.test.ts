import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { lockDataDir } from '../../../electron/core/storage/data-dir-lock';
import { callApi, makeTempDir, startShell, type RunningShell } from '../../support/browser-shell-process';

/** Sends bytes as they are (no client library would send these) and returns what came back before the server closed. */
function rawExchange(origin: string, text: string): Promise<string> {
  const url = new URL(origin);
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: url.hostname, port: Number(url.port) });
    let got = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer to the raw request; got so far: ${JSON.stringify(got)}`));
    }, 10_000);
    socket.on('data', (d: Buffer) => (got += d.toString()));
    socket.on('error', () => {});
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(got);
    });
    socket.write(text);
  });
}

/** A WebSocket upgrade by hand, after which the peer stays silent: it will not even answer a close frame. */
function silentUpgradedSocket(origin: string): Promise<net.Socket> {
  const url = new URL(origin);
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: url.hostname, port: Number(url.port) });
    let got = '';
    socket.on('error', reject);
    socket.on('data', (d: Buffer) => {
      got += d.toString();
      if (got.includes('\r\n\r\n')) {
        if (got.startsWith('HTTP/1.1 101')) resolve(socket);
        else reject(new Error(`upgrade refused: ${got}`));
      }
    });
    socket.write(
      `GET /ws HTTP/1.1\r\nHost: ${url.host}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n` +
        'Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n',
    );
  });
}

const upgradeHeaders = 'Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n';

function cleanlyClosed(dataDir: string): void {
  // A clean close checkpoints the WAL away and gives the data folder's lock back.
  expect(fs.existsSync(path.join(dataDir, 'counter.sqlite-wal'))).toBe(false);
  lockDataDir(dataDir).release();
}

describe('the browser shell under hostile input', () => {
  let shell: RunningShell;
  beforeAll(async () => {
    shell = await startShell(['--data-dir', makeTempDir('hostile'), '--port', '0']);
  });
  afterAll(async () => {
    if (shell.process.exitCode === null) await shell.stop();
  });

  async function stillServing(): Promise<void> {
    expect(shell.process.exitCode).toBeNull();
    const health = await callApi(shell, 'app.health');
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ ok: true });
  }

  it('answers 400 to a request line whose target is not a URL, and keeps serving', async () => {
    const host = new URL(shell.origin).host;
    const plain = await rawExchange(shell.origin, `GET http://[/ HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
    expect(plain).toMatch(/^HTTP\/1\.1 400 /);
    const upgrade = await rawExchange(shell.origin, `GET http://[/ HTTP/1.1\r\nHost: ${host}\r\n${upgradeHeaders}\r\n`);
    expect(upgrade).toMatch(/^HTTP\/1\.1 400 /);
    // A rebound Host name is refused before anything else in the request is looked at.
    const rebound = await rawExchange(shell.origin, `GET http://[/ HTTP/1.1\r\nHost: evil.example\r\n${upgradeHeaders}\r\n`);
    expect(rebound).toMatch(/^HTTP\/1\.1 401 /);
    await stillServing();
  });

  it('drops a WebSocket whose first message is over the size limit, and keeps serving', async () => {
    const ws = new WebSocket(`${shell.origin.replace('http', 'ws')}/ws`);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    // The server may cut the connection before its close frame is read: that is the point.
    ws.on('error', () => {});
    const closed = new Promise<void>((resolve) => ws.on('close', () => resolve()));
    ws.send('x'.repeat(70 * 1024));
    await closed;
    await stillServing();
  });
});

describe('stopping the browser shell', () => {
  it('exits promptly on SIGTERM even with a WebSocket peer that never answers', async () => {
    const dataDir = makeTempDir('silent-peer');
    const shell = await startShell(['--data-dir', dataDir, '--port', '0']);
    const peer = await silentUpgradedSocket(shell.origin);
    try {
      const started = Date.now();
      expect(await shell.stop()).toBe(0);
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(shell.output()).toContain('数据库已安全关闭');
      cleanlyClosed(dataDir);
    } finally {
      peer.destroy();
    }
  });

  it('closes the database even when nobody reads its output any more (npm start | head)', async () => {
    const dataDir = makeTempDir('dead-pipe');
    const shell = await startShell(['--data-dir', dataDir, '--port', '0']);
    // The reading end goes away, as when `head` has had its lines: the shell's next write meets EPIPE.
    shell.process.stdout?.destroy();
    expect(await shell.stop()).toBe(0);
    cleanlyClosed(dataDir);
  });
});
