import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export interface PtyPair {
  a: string;
  b: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** A connected pair of pseudo-terminals that serialport opens like real hardware. */
export async function startPtyPair(dir: string): Promise<PtyPair> {
  if (!fs.existsSync('/usr/bin/socat')) throw new Error('需要 socat：apt-get install -y socat');
  const a = path.join(dir, 'tty-a');
  const b = path.join(dir, 'tty-b');
  const child = spawn('socat', ['-d', '-d', `pty,raw,echo=0,link=${a}`, `pty,raw,echo=0,link=${b}`], { stdio: ['ignore', 'ignore', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('socat did not start')), 5000);
    const poll = setInterval(() => {
      if (fs.existsSync(a) && fs.existsSync(b)) {
        clearInterval(poll);
        clearTimeout(timer);
        resolve();
      }
    }, 20);
  });
  return {
    a,
    b,
    process: child,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
