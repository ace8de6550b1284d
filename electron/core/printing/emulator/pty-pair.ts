import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';

/**
 * A pair of connected pseudo-terminals made by `socat` (what the app opens like a USB serial
 * printer, and the end the virtual printer holds), which can be taken away and brought back on
 * the same paths: killing socat makes the app's device path vanish as an unplugged USB adapter
 * does, and starting it again makes it reappear.
 */
export class PtyPair {
  private child: ChildProcess | null = null;
  private exited: Promise<void> = Promise.resolve();

  /** `appPath`: the end the app's config names; `printerPath`: the end the virtual printer opens. */
  constructor(
    readonly appPath: string,
    readonly printerPath: string,
  ) {}

  /**
   * Starts socat and waits for both links.
   * @throws Error when socat is missing or does not make the links within 5 s.
   */
  async start(): Promise<void> {
    if (this.child) return;
    for (const link of [this.appPath, this.printerPath]) fs.rmSync(link, { force: true });
    const child = spawn('socat', [`pty,raw,echo=0,link=${this.appPath}`, `pty,raw,echo=0,link=${this.printerPath}`], { stdio: 'ignore' });
    this.child = child;
    this.exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const spawnError = new Promise<never>((_, reject) => child.once('error', (err) => reject(new Error(`无法启动 socat（apt-get install -y socat）：${err.message}`))));
    const ready = (async () => {
      const deadline = Date.now() + 5000;
      while (!(fs.existsSync(this.appPath) && fs.existsSync(this.printerPath))) {
        if (Date.now() > deadline || child.exitCode !== null) throw new Error('socat 未能建立虚拟串口对');
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    try {
      await Promise.race([ready, spawnError]);
    } catch (err) {
      await this.stop();
      throw err;
    }
  }

  /** Stops socat (its links go with it); safe twice. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.child = null;
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await this.exited;
    for (const link of [this.appPath, this.printerPath]) fs.rmSync(link, { force: true });
  }

  /** The socat process id while it runs (for a test that must kill exactly it). */
  get pid(): number | null {
    return this.child?.pid ?? null;
  }
}
