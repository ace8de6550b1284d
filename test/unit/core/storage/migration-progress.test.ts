import { describe, expect, it } from 'vitest';
import { describeStartProgress, type StartProgress } from '../../../../electron/contract/start-progress';
import type { Migration } from '../../../../electron/core/storage/migration';
import { migrationProgressReporter } from '../../../../electron/core/storage/migration-progress';
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
      reporter.report({ table: 'events', phase: 'copying', copied, total: 1000 });
    }
    reporter.report({ table: 'events', phase: 'indexing', copied: 1000, total: 1000 });
    reporter.report({ table: 'events', phase: 'checking', copied: 1000, total: 1000 });
    reporter.end(step9);
    expect(told[0]).toEqual({ stage: 'migrate', step: 9, steps: 13, phase: 'running', percent: 0 });
    expect(told.at(-1)).toEqual({ stage: 'migrate', step: 9, steps: 13, phase: 'done', percent: 100 });
    const copying = told.filter((p) => p.phase === 'copying');
    // 11 reports 150 ms apart, passed on at most every 400 ms (the first at once: a new phase).
    expect(copying.map((p) => p.percent)).toEqual([0, 27, 54, 81]);
    expect(told.map((p) => p.phase)).toEqual(['running', 'copying', 'copying', 'copying', 'copying', 'indexing', 'checking', 'done']);
    const percents = told.map((p) => p.percent);
    expect([...percents].sort((a, b) => a - b)).toEqual(percents);
  });

  it('says it the way the clerk reads it', () => {
    expect(describeStartProgress({ stage: 'migrate', step: 9, steps: 11, phase: 'copying', percent: 42 })).toBe('正在升级数据库（第 9 步，共 11 步）… 已完成 42%');
    expect(describeStartProgress({ stage: 'migrate', step: 9, steps: 11, phase: 'indexing', percent: 92 })).toBe('正在升级数据库（第 9 步，共 11 步，正在重建索引）… 已完成 92%');
    expect(describeStartProgress({ stage: 'backup', step: 9, steps: 11, phase: 'copying', percent: 5 })).toBe('正在备份数据库（升级前）… 已完成 5%');
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
