import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createMainLog } from '../../../electron/main/main-log';
import { makeTempDir } from '../../support/temp-dirs';

const parsed = (lines: string[]): Array<Record<string, unknown>> => lines.map((line) => JSON.parse(line) as Record<string, unknown>);

describe("Electron main's log", () => {
  it('keeps its own keys when a field has the same name, and says it is main', () => {
    const stderr: string[] = [];
    const log = createMainLog((line) => stderr.push(line));
    log.error('invoke failed in main', { message: 'socket hang up', time: 'yesterday', level: 'fatal', source: 'core', method: 'case.get' });
    const [line] = parsed(stderr);
    expect(line).toEqual({
      time: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      level: 'error',
      source: 'main',
      message: 'invoke failed in main',
      message_: 'socket hang up',
      time_: 'yesterday',
      level_: 'fatal',
      source_: 'core',
      method: 'case.get',
    });
  });

  it('writes into the data folder’s day file once told where it is, and no longer to stderr', () => {
    const stderr: string[] = [];
    const log = createMainLog((line) => stderr.push(line));
    log.info('core state', { status: 'starting' });
    const dir = path.join(makeTempDir('main-log'), 'logs');
    log.toFolder(dir);
    log.warn('refused a call from an untrusted sender', { method: 'app.health' });
    expect(parsed(stderr).map((l) => l.message)).toEqual(['core state']);
    const files = fs.readdirSync(dir);
    expect(files).toEqual([expect.stringMatching(/^counter-\d{4}-\d{2}-\d{2}\.log$/)]);
    const written = parsed(fs.readFileSync(path.join(dir, files[0] as string), 'utf8').trim().split('\n'));
    expect(written).toEqual([expect.objectContaining({ level: 'warn', source: 'main', message: 'refused a call from an untrusted sender', method: 'app.health' })]);
  });

  it('stays on stderr and says why when the data folder cannot hold log files', () => {
    const stderr: string[] = [];
    const log = createMainLog((line) => stderr.push(line));
    const file = path.join(makeTempDir('main-log-file'), 'not-a-folder');
    fs.writeFileSync(file, '');
    log.toFolder(path.join(file, 'logs'));
    log.info('core state', { status: 'ready' });
    expect(parsed(stderr)).toEqual([
      expect.objectContaining({ level: 'warn', source: 'main', message: 'cannot write log files', error: expect.stringContaining('ENOTDIR') }),
      expect.objectContaining({ level: 'info', message: 'core state', status: 'ready' }),
    ]);
  });
});
