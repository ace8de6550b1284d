import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { logFileWriter, pruneLogFiles } from '../../../../electron/core/logging/log-files';
import { createLogger, maskPersonalNumbers } from '../../../../electron/core/logging/logger';
import { makeTempDir } from '../../../support/temp-dirs';

describe('logs', () => {
  it('never carry an id number, credit code or mobile number whole', () => {
    expect(maskPersonalNumbers('申请人 11010519491231002X 手机 13812345678 单位 91350100M000100Y43')).toBe(
      '申请人 110105********002X 手机 138****5678 单位 913501********0Y43',
    );
    for (const written of ['+8613812345678', '8613812345678', '138 1234 5678', '138-1234-5678', '+86 138-1234-5678']) {
      expect(maskPersonalNumbers(`手机 ${written}`)).not.toMatch(/1234|5678.*1234/);
      expect(maskPersonalNumbers(`手机 ${written}`)).toContain('****');
    }
    const lines: string[] = [];
    createLogger({ write: (l) => lines.push(l) }).error('intake failed', {
      idNumber: '11010519491231002X',
      phone: '13812345678',
      applicant: { passportNumber: 'E12345678', name: '张三' },
    });
    expect(lines[0]).not.toContain('11010519491231002X');
    expect(lines[0]).not.toContain('13812345678');
    expect(lines[0]).not.toContain('E12345678');
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({
      level: 'error',
      message: 'intake failed',
      idNumber: '110105********002X',
      applicant: { passportNumber: 'E*******8', name: '张三' },
    });
  });

  it('keep what the line is about when a field has the name of the line own keys', () => {
    const lines: string[] = [];
    createLogger({ write: (l) => lines.push(l) }).error('daily backup failed', { message: 'SQLITE_FULL', level: 'x', time: 'y' });
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({
      level: 'error',
      message: 'daily backup failed',
      message_: 'SQLITE_FULL',
      level_: 'x',
      time_: 'y',
    });
  });

  it('say which process wrote a line when given one, and keep a field called source otherwise', () => {
    const lines: string[] = [];
    createLogger({ write: (l) => lines.push(l), source: 'main' }).info('window opened', { source: 'tray', message: 'x' });
    createLogger({ write: (l) => lines.push(l) }).info('core line', { source: 'tray' });
    const [main, core] = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    // The line's own keys first, in the documented order, then the caller's fields.
    expect(Object.keys(main ?? {})).toEqual(['time', 'level', 'source', 'message', 'source_', 'message_']);
    expect(main).toMatchObject({ source: 'main', message: 'window opened', source_: 'tray', message_: 'x' });
    expect(Object.keys(core ?? {})).toEqual(['time', 'level', 'message', 'source']);
    expect(core).toMatchObject({ message: 'core line', source: 'tray' });
  });

  it('mask personal numbers inside arrays, nested arrays and arrays of strings', () => {
    const lines: string[] = [];
    createLogger({ write: (l) => lines.push(l) }).warn('batch', {
      applicants: [
        { name: '张三', passportNumber: 'E12345678', idNumber: 'H01234567' },
        [{ name: '李四', mobile: '+852 9123 4567' }, [{ creditCode: 'ABC1234567' }]],
      ],
      phones: ['+852 9876 5432', '13812345678'],
      idNumbers: ['P7654321', '11010519491231002X'],
      passport: { number: 'G87654321' },
      notes: ['申请人 11010519491231002X', '联系 13912345678'],
    });
    const line = lines[0] ?? '';
    for (const whole of ['E12345678', 'H01234567', '9123 4567', 'ABC1234567', '9876 5432', '13812345678', 'P7654321', '11010519491231002X', 'G87654321', '13912345678']) {
      expect(line, whole).not.toContain(whole);
    }
    expect(JSON.parse(line)).toMatchObject({
      applicants: [
        { name: '张三', passportNumber: 'E*******8', idNumber: 'H*******7' },
        // How a foreign mobile is masked is masking.ts's business; here only that it is.
        [{ name: '李四', mobile: expect.stringMatching(/\*{4}/) }, [{ creditCode: 'A********7' }]],
      ],
      phones: [expect.stringMatching(/\*{4}/), '138****5678'],
      idNumbers: ['P******1', '110105********002X'],
      passport: { number: 'G*******1' },
      notes: ['申请人 110105********002X', '联系 139****5678'],
    });
  });

  it('drop what is nested deeper than any record they log rather than write it unmasked', () => {
    const lines: string[] = [];
    let deep: unknown = { passportNumber: 'E12345678' };
    for (let i = 0; i < 10; i++) deep = [deep];
    createLogger({ write: (l) => lines.push(l) }).info('deep', { deep, shallow: [{ passportNumber: 'E87654321' }] });
    expect(lines[0]).not.toContain('E12345678');
    expect(lines[0]).not.toContain('E87654321');
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({ shallow: [{ passportNumber: 'E*******1' }] });
    // Six levels down is still a record we log, masked; the seventh is where logging stops.
    createLogger({ write: (l) => lines.push(l) }).info('six', { a: [[[[[{ passportNumber: 'E12345678' }]]]]] });
    expect(JSON.parse(lines[1] ?? '{}')).toMatchObject({ a: [[[[[{ passportNumber: 'E*******8' }]]]]] });
    createLogger({ write: (l) => lines.push(l) }).info('seven', { a: [[[[[[{ passportNumber: 'E12345678' }]]]]]] });
    expect(JSON.parse(lines[2] ?? '{}')).toMatchObject({ a: [[[[[['[…]']]]]]] });
  });

  it('write one JSON line per record at or above the chosen level, to stderr unless told otherwise', () => {
    const lines: string[] = [];
    const logger = createLogger({ level: 'warn', write: (l) => lines.push(l) });
    logger.debug('d');
    logger.info('i');
    logger.warn('w', { n: 1, agent: null, ok: true, list: [null, 2] });
    logger.error('e');
    expect(lines.map((l) => JSON.parse(l) as { level: string; message: string })).toMatchObject([
      // Values that are not text or records pass through as they are, null included.
      { level: 'warn', message: 'w', n: 1, agent: null, ok: true, list: [null, 2] },
      { level: 'error', message: 'e' },
    ]);
    const record = JSON.parse(lines[0] ?? '{}') as { time: string };
    expect(Math.abs(Date.parse(record.time) - Date.now())).toBeLessThan(60_000);
    expect(record.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);

    const byDefault: string[] = [];
    createLogger({ write: (l) => byDefault.push(l) }).debug('hidden');
    createLogger({ write: (l) => byDefault.push(l) }).info('shown');
    createLogger({ level: 'debug', write: (l) => byDefault.push(l) }).debug('shown too');
    expect(byDefault.map((l) => (JSON.parse(l) as { message: string }).message)).toEqual(['shown', 'shown too']);

    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    let calls: unknown[][];
    try {
      createLogger().error('to stderr', { mobile: '13812345678' });
    } finally {
      // Restoring clears the recorded calls, so they are kept first.
      calls = [...stderr.mock.calls];
      stderr.mockRestore();
    }
    expect(calls).toHaveLength(1);
    const written = String(calls[0]?.[0]);
    expect(written.endsWith('}\n')).toBe(true);
    expect(JSON.parse(written)).toMatchObject({ level: 'error', message: 'to stderr', mobile: '138****5678' });
  });

  it('go to a daily file in the data folder, readable by the owner only, pruned after 30 days', () => {
    const dir = makeTempDir('logs');
    for (let d = 1; d <= 35; d++) fs.writeFileSync(path.join(dir, `counter-2026-01-${String(d).padStart(2, '0')}.log`), '');
    const write = logFileWriter(dir, false);
    write('{"message":"hello"}');
    const files = fs.readdirSync(dir).sort();
    // The file the line went to (named by the UTC day when it was written).
    const today = files.find((f) => !f.startsWith('counter-2026-01-')) ?? '';
    expect(files).toContain(today);
    expect(files.length).toBeLessThanOrEqual(31);
    expect(files).not.toContain('counter-2026-01-01.log');
    expect(fs.readFileSync(path.join(dir, today), 'utf8')).toBe('{"message":"hello"}\n');
    expect(fs.statSync(path.join(dir, today)).mode & 0o777).toBe(0o600);
    pruneLogFiles(dir, 1);
    expect(fs.readdirSync(dir)).toEqual([today]);
  });
});
