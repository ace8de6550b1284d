import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
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
