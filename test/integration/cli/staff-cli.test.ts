import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { makeTempDir, requireBuilt } from '../../support/browser-shell-process';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The staff command as IT staff run it from a script (built by `node scripts/build.mjs`). */
function staff(args: string[], stdin: string | null): Promise<Run> {
  const cli = requireBuilt('staff-cli.cjs');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], { stdio: [stdin === null ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
    if (stdin !== null) child.stdin?.end(stdin);
  });
}

async function listed(dataDir: string): Promise<string> {
  const run = await staff(['list', '--data-dir', dataDir], null);
  expect(run.code).toBe(0);
  return run.stdout;
}

const add = (dataDir: string, number: string) => ['add', '--number', number, '--name', '王芳', '--pin-stdin', '--data-dir', dataDir];

describe('npm run staff -- add --pin-stdin', () => {
  it('registers with one PIN line, and with the PIN and its confirmation on two lines', async () => {
    const dataDir = makeTempDir('staff-cli');
    const one = await staff(add(dataDir, '1001'), '583920\n');
    expect(one).toMatchObject({ code: 0, stderr: '' });
    expect(one.stdout).toContain('已登记 1001 王芳');
    // Windows line ends, as a .bat file writes them.
    const two = await staff(add(dataDir, '1002'), '583920\r\n583920\r\n');
    expect(two).toMatchObject({ code: 0, stderr: '' });
    expect(await listed(dataDir)).toMatch(/1001\t王芳\n1002\t王芳\n/);
  });

  it('refuses two different PINs, an empty input and extra lines loudly, registering nobody', async () => {
    const dataDir = makeTempDir('staff-cli');
    const cases: Array<[string, string]> = [
      ['583920\n583921\n', '两行密码不一致'],
      ['', '没有密码'],
      ['\n', '没有密码'],
      ['583920\n583920\n583920\n', '有 3 行'],
    ];
    for (const [input, message] of cases) {
      const run = await staff(add(dataDir, '1001'), input);
      expect(run.code, JSON.stringify(input)).toBe(1);
      expect(run.stderr, JSON.stringify(input)).toContain(message);
    }
    expect(await listed(dataDir)).toBe('尚未登记工作人员。\n');
  });

  it('refuses trivial PINs with the reason', async () => {
    const dataDir = makeTempDir('staff-cli');
    const cases: Array<[string, string]> = [
      ['111111', '同一个数字'],
      ['123456', '依次递增或递减'],
      ['654321', '依次递增或递减'],
      ['121212', '重复'],
      ['19900101', '日期'],
    ];
    for (const [pin, reason] of cases) {
      const run = await staff(add(dataDir, '1001'), `${pin}\n`);
      expect(run.code, pin).toBe(1);
      expect(run.stderr, pin).toContain('密码不能');
      expect(run.stderr, pin).not.toContain('密码：密码');
      expect(run.stderr, pin).toContain(reason);
    }
    // set-pin keeps the same rule.
    expect((await staff(add(dataDir, '1001'), '583920\n')).code).toBe(0);
    const weak = await staff(['set-pin', '--number', '1001', '--pin-stdin', '--data-dir', dataDir], '000000\n');
    expect(weak.code).toBe(1);
    expect(weak.stderr).toContain('同一个数字');
  });

  it('without --pin-stdin, refuses to read a PIN from a pipe instead of exiting quietly', async () => {
    const dataDir = makeTempDir('staff-cli');
    const run = await staff(['add', '--number', '1001', '--name', '王芳', '--data-dir', dataDir], '583920\n583920\n');
    expect(run.code).toBe(64);
    expect(run.stderr).toContain('--pin-stdin');
    expect(await listed(dataDir)).toBe('尚未登记工作人员。\n');
  });
});
