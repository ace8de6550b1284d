import { describe, expect, it } from 'vitest';
import { LATEST_SCHEMA_VERSION } from '../../../electron/core/storage/migrations';
import { callApi, makeTempDir, startShell, writeConfig } from '../../support/browser-shell-process';
import { version8File } from './migration-fixture';

describe('the browser shell upgrading a version-8 database', () => {
  it('says in its terminal how far the backup and every step are before it prints the URL, then serves the upgraded store', async () => {
    const dataDir = makeTempDir('migration-progress');
    writeConfig(dataDir, { hall: { code: 'JQ', name: '测试政务服务中心' }, window: { number: 12 } });
    version8File(dataDir, 60_000);

    const shell = await startShell(['--data-dir', dataDir, '--port', '0'], 120_000);
    try {
      const output = shell.output();
      const beforeUrl = output.slice(0, output.indexOf('URL:'));
      expect(beforeUrl).toContain('正在备份数据库（升级前）… 已完成 100%');
      // Every step from 9 on, as the clerk reads it, each to its end, in order (stdout is a pipe
      // here: a line at most once a second and at each end, not one line rewritten).
      let at = beforeUrl.indexOf('正在备份数据库（升级前）… 已完成 100%');
      for (let step = 9; step <= LATEST_SCHEMA_VERSION; step++) {
        const line = beforeUrl.indexOf(`正在升级数据库（第 ${step} 步，共 ${LATEST_SCHEMA_VERSION} 步）… 已完成 100%`);
        expect(line, `step ${step} in:\n${beforeUrl}`).toBeGreaterThan(at);
        at = line;
      }
      // Then the upgraded pages written into the database file, off the thread that reports.
      expect(beforeUrl.indexOf('正在写入升级后的数据库文件… 已完成 100%')).toBeGreaterThan(at);
      const info = await callApi(shell, 'app.windowInfo');
      expect(info.status).toBe(200);
    } finally {
      await shell.stop();
    }
  }, 180_000);
});
