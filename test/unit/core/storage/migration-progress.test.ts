import { afterEach, describe, expect, it, vi } from 'vitest';
import { describeStartProgress, type StartProgress } from '../../../../electron/contract/start-progress';
import type { Migration } from '../../../../electron/core/storage/migration';
import { migrationProgressReporter, tellWhile } from '../../../../electron/core/storage/migration-progress';
import { startProgressPrinter } from '../../../../electron/web/start-progress-printer';

const step9: Migration = { version: 9, name: 'ratings', up: () => undefined };

describe('migration progress for the start screen', () => {
  it('tells each step begun and ended, the copy as its percent at most once per interval, and every change of phase at once', () => {
    let now = 0;
    const told: StartProgress[] = [];
    const reporter = migrationProgressReporter((p) => told.push(p), 13, { intervalMs: 400, now: () => now });
    reporter.begin(step9);
    for (let copied = 0; copied <= 1000; copied += 100) {
      now += 150;
      reporter.report({ table: 'events', phase: 'copying', copied, total: 1000, checked: 0, toCheck: 0 });
    }
    reporter.report({ table: 'events', phase: 'checking', copied: 1000, total: 1000, checked: 0, toCheck: 0 });
    reporter.report({ table: 'events', phase: 'dropping', copied: 1000, total: 1000, checked: 0, toCheck: 0 });
    reporter.report({ table: 'events', phase: 'indexing', copied: 1000, total: 1000, checked: 0, toCheck: 0 });
    reporter.committing(step9);
    reporter.end(step9);
    expect(told[0]).toEqual({ stage: 'migrate', step: 9, steps: 13, phase: 'running', percent: 0 });
    expect(told.at(-1)).toEqual({ stage: 'migrate', step: 9, steps: 13, phase: 'done', percent: 100 });
    const copying = told.filter((p) => p.phase === 'copying');
    // 11 reports 150 ms apart, passed on at most every 400 ms (the first at once: a new phase).
    expect(copying.map((p) => p.percent)).toEqual([0, 27, 54, 81]);
    expect(told.map((p) => p.phase)).toEqual(['running', 'copying', 'copying', 'copying', 'copying', 'checking', 'dropping', 'indexing', 'committing', 'done']);
    // Nothing pointing at the table: the check is whole at once.
    expect(told.slice(-5).map((p) => p.percent)).toEqual([96, 97, 98, 99, 100]);
    const percents = told.map((p) => p.percent);
    expect([...percents].sort((a, b) => a - b)).toEqual(percents);
  });

  it('tells the reference check as rows checked of rows to check, batch by batch with no interval, between the copy and the drop', () => {
    const told: StartProgress[] = [];
    const reporter = migrationProgressReporter((p) => told.push(p), 19, { intervalMs: 0 });
    reporter.begin(step9);
    reporter.report({ table: 'events', phase: 'copying', copied: 1000, total: 1000, checked: 0, toCheck: 0 });
    for (const checked of [0, 250, 500, 750, 1000]) reporter.report({ table: 'events', phase: 'checking', copied: 1000, total: 1000, checked, toCheck: 1000 });
    expect(told.filter((p) => p.phase === 'checking').map((p) => p.percent)).toEqual([90, 91, 93, 94, 96]);
  });

  it('tells a step with no measure of its own as 0 % until it is committed, and says it is committing', () => {
    const told: StartProgress[] = [];
    const reporter = migrationProgressReporter((p) => told.push(p), 19, { intervalMs: 0 });
    const step19: Migration = { version: 19, name: 'staff-events-by-time', up: () => undefined };
    reporter.begin(step19);
    reporter.committing(step19);
    reporter.end(step19);
    expect(told).toEqual([
      { stage: 'migrate', step: 19, steps: 19, phase: 'running', percent: 0 },
      { stage: 'migrate', step: 19, steps: 19, phase: 'committing', percent: 0 },
      { stage: 'migrate', step: 19, steps: 19, phase: 'done', percent: 100 },
    ]);
  });

  describe('a stage with no measure of its own (tellWhile)', () => {
    afterEach(() => vi.useRealTimers());

    it('is told at once, then once per interval while it runs, and no more once it has settled', async () => {
      vi.useFakeTimers();
      let finish: (value: string) => void = () => undefined;
      const work = new Promise<string>((resolve) => (finish = resolve));
      let told = 0;
      const waiting = tellWhile(work, 400, () => (told += 1));
      expect(told).toBe(1);
      await vi.advanceTimersByTimeAsync(1200);
      expect(told).toBe(4);
      finish('verdict');
      await expect(waiting).resolves.toBe('verdict');
      await vi.advanceTimersByTimeAsync(2000);
      expect(told).toBe(4);
    });

    it('settles as the work does when it fails, and stops telling', async () => {
      vi.useFakeTimers();
      let told = 0;
      await expect(tellWhile(Promise.reject(new Error('worker gone')), 400, () => (told += 1))).rejects.toThrow('worker gone');
      await vi.advanceTimersByTimeAsync(2000);
      expect(told).toBe(1);
    });
  });

  it('says it the way the clerk reads it', () => {
    expect(describeStartProgress({ stage: 'migrate', step: 9, steps: 11, phase: 'copying', percent: 42 })).toBe('正在升级数据库（第 9 步，共 11 步）… 已完成 42%');
    expect(describeStartProgress({ stage: 'migrate', step: 9, steps: 11, phase: 'indexing', percent: 92 })).toBe('正在升级数据库（第 9 步，共 11 步，正在重建索引）… 已完成 92%');
    expect(describeStartProgress({ stage: 'backup', step: 9, steps: 11, phase: 'copying', percent: 5 })).toBe('正在备份数据库（升级前）… 已完成 5%');
    expect(describeStartProgress({ stage: 'check', step: 9, steps: 19, phase: 'checking', percent: 0 })).toBe('正在检查数据库是否完好（升级前）…');
    expect(describeStartProgress({ stage: 'check', step: 9, steps: 19, phase: 'done', percent: 100 })).toBe('数据库完整性检查已完成（升级前）');
    expect(describeStartProgress({ stage: 'migrate', step: 9, steps: 19, phase: 'checking', percent: 93 })).toBe('正在升级数据库（第 9 步，共 19 步，正在检查数据）… 已完成 93%');
    expect(describeStartProgress({ stage: 'migrate', step: 9, steps: 19, phase: 'committing', percent: 99 })).toBe('正在升级数据库（第 9 步，共 19 步，正在保存本步更改）… 已完成 99%');
  });

  it('rewrites one terminal line in place, and writes a line at most once a second to a pipe', () => {
    const tty: string[] = [];
    const onTty = startProgressPrinter({ isTTY: true, write: (t) => tty.push(t) });
    onTty.print({ stage: 'migrate', step: 9, steps: 11, phase: 'copying', percent: 1 });
    onTty.print({ stage: 'migrate', step: 9, steps: 11, phase: 'copying', percent: 2 });
    onTty.end();
    expect(tty).toEqual(['\r\x1b[K正在升级数据库（第 9 步，共 11 步）… 已完成 1%', '\r\x1b[K正在升级数据库（第 9 步，共 11 步）… 已完成 2%', '\n']);

    let now = 0;
    const pipe: string[] = [];
    const onPipe = startProgressPrinter({ write: (t) => pipe.push(t) }, () => now);
    for (let percent = 0; percent < 50; percent += 10) {
      onPipe.print({ stage: 'migrate', step: 9, steps: 11, phase: 'copying', percent });
      now += 400;
    }
    onPipe.print({ stage: 'migrate', step: 9, steps: 11, phase: 'done', percent: 100 });
    onPipe.end();
    expect(pipe).toEqual([
      '正在升级数据库（第 9 步，共 11 步）… 已完成 0%\n',
      '正在升级数据库（第 9 步，共 11 步）… 已完成 30%\n',
      '正在升级数据库（第 9 步，共 11 步）… 已完成 100%\n',
    ]);
  });
});
