import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTempDir, requireBuilt, writeConfig } from '../../support/browser-shell-process';

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
    expect(await listed(dataDir)).toMatch(/1001\t王芳\t窗口工作人员\n1002\t王芳\t窗口工作人员\n/);
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

/** The staff events the command recorded: type, actor and payload, oldest first. */
function recorded(dataDir: string): Array<{ type: string; actor: string | null; hall: string; window: number; payload: unknown }> {
  const db = new Database(path.join(dataDir, 'counter.sqlite'), { readonly: true });
  try {
    const rows = db
      .prepare("SELECT type, staff_id, hall_code, window_number, payload FROM events WHERE stream_type = 'staff' ORDER BY seq")
      .all() as Array<{ type: string; staff_id: string | null; hall_code: string; window_number: number; payload: string }>;
    return rows.map((r) => ({ type: r.type, actor: r.staff_id, hall: r.hall_code, window: r.window_number, payload: JSON.parse(r.payload) as unknown }));
  } finally {
    db.close();
  }
}

describe('npm run staff -- roles', () => {
  it('registers with --role (clerk by default), lists each role in Chinese, and changes it with set-role', async () => {
    const dataDir = makeTempDir('staff-cli');
    writeConfig(dataDir, { hall: { code: 'JQ', name: '金桥区政务服务中心' }, window: { number: 12, name: '综合受理窗口' } });
    const it = await staff([...add(dataDir, '9001'), '--role', 'it_admin'], '583920\n');
    expect(it).toMatchObject({ code: 0, stderr: '' });
    expect(it.stdout).toContain('已登记 9001 王芳（系统管理员）');
    expect((await staff(add(dataDir, '1001'), '583920\n')).code).toBe(0);
    expect(await listed(dataDir)).toBe('1001\t王芳\t窗口工作人员\n9001\t王芳\t系统管理员\n');

    const promoted = await staff(['set-role', '--number', '1001', '--role', 'lead', '--data-dir', dataDir], null);
    expect(promoted).toMatchObject({ code: 0, stderr: '', stdout: '已将 1001 的角色设为 组长\n' });
    expect(await listed(dataDir)).toContain('1001\t王芳\t组长\n');

    // Each act is on the record: nobody signed in (no actor), by the command, at this window.
    expect(recorded(dataDir).map((e) => [e.type, e.actor, e.hall, e.window, e.payload])).toEqual([
      ['staff.registered', null, 'JQ', 12, { staffNumber: '9001', name: '王芳', role: 'it_admin', via: 'cli' }],
      ['staff.registered', null, 'JQ', 12, { staffNumber: '1001', name: '王芳', role: 'clerk', via: 'cli' }],
      ['staff.roleChanged', null, 'JQ', 12, { from: 'clerk', to: 'lead', via: 'cli' }],
    ]);
  });

  it('refuses a role it does not know as a usage error, and set-role without --role', async () => {
    const dataDir = makeTempDir('staff-cli');
    const bad = await staff([...add(dataDir, '1001'), '--role', 'admin'], '583920\n');
    expect(bad.code).toBe(64);
    expect(bad.stderr).toContain('--role 应为 clerk、lead、it_admin 之一');
    expect(await listed(dataDir)).toBe('尚未登记工作人员。\n');
    expect((await staff(add(dataDir, '1001'), '583920\n')).code).toBe(0);
    const missing = await staff(['set-role', '--number', '1001', '--data-dir', dataDir], null);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('缺少 --role');
  });

  it('keeps the last active administrator, but lets a folder of clerks from before roles get its first one', async () => {
    const dataDir = makeTempDir('staff-cli');
    expect((await staff(add(dataDir, '1001'), '583920\n')).code).toBe(0);
    expect((await staff(add(dataDir, '1002'), '583920\n')).code).toBe(0);
    // No administrator yet: a clerk may be disabled, and made the first administrator.
    expect((await staff(['disable', '--number', '1002', '--data-dir', dataDir], null)).code).toBe(0);
    expect((await staff(['set-role', '--number', '1001', '--role', 'it_admin', '--data-dir', dataDir], null)).code).toBe(0);
    for (const args of [
      ['disable', '--number', '1001'],
      ['set-role', '--number', '1001', '--role', 'clerk'],
    ]) {
      const refused = await staff([...args, '--data-dir', dataDir], null);
      expect(refused.code, args.join(' ')).toBe(1);
      expect(refused.stderr, args.join(' ')).toContain('至少要保留一个可用的系统管理员账号');
    }
    expect(await listed(dataDir)).toBe('1001\t王芳\t系统管理员\n1002\t王芳\t窗口工作人员\t（已停用）\n');
    // No config.json in this folder: the demo settings' hall and window are on the record.
    expect(recorded(dataDir).every((e) => e.hall === 'DEMO' && e.window === 1 && e.actor === null)).toBe(true);
  });

  it('records a scripted install (--config elsewhere) as its own window, and refuses settings it cannot read', async () => {
    const dataDir = makeTempDir('staff-cli');
    const elsewhere = makeTempDir('staff-cli-config');
    const configFile = writeConfig(elsewhere, { hall: { code: 'HX', name: '海西政务服务中心' }, window: { number: 7, name: '综合受理窗口' } });
    const run = await staff([...add(dataDir, '1001'), '--config', configFile], '583920\n');
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(recorded(dataDir).map((e) => [e.hall, e.window])).toEqual([['HX', 7]]);

    // A broken file is said, not recorded under the demo settings.
    const broken = makeTempDir('staff-cli');
    fs.writeFileSync(path.join(broken, 'config.json'), '{ "hall": ');
    const refused = await staff(add(broken, '1001'), '583920\n');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('不是有效的 JSON');
    const missing = await staff([...add(dataDir, '1002'), '--config', path.join(elsewhere, 'nope.json')], '583920\n');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('无法读取配置文件');
    expect(await listed(dataDir)).not.toContain('1002');
  });

  it('says in --help how to give a role and change it', async () => {
    const help = await staff(['--help'], null);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--role');
    expect(help.stdout).toContain('set-role --number 工号 --role 角色');
    expect(help.stdout).toContain('it_admin=系统管理员');
  });
});
