import type { Browser, BrowserContext, Page } from 'playwright-core';
import { addStaff, makeTempDir, startShell, writeConfig, type RunningShell } from './browser-shell-process';
import { launchChromium } from './chromium';

/** The one clerk every such window has: 王芳, staff number 1001. */
export const CLERK = { staffNumber: '1001', name: '王芳', pin: '246810' } as const;

/** A browser shell with one clerk, and Chromium at 1366×768 signed in on its intake page. */
export interface SignedInWindow {
  shell: RunningShell;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Closes the browser and stops the shell (which closes the database). */
  close(): Promise<void>;
}

/**
 * Starts a browser shell on a new data folder (`JQ` hall, window 12, named after `name`) with
 * CLERK registered, opens Chromium at the smallest screen a window PC has (1366×768, zh-CN),
 * signs in from the sign-in screen and waits for the intake page's item search.
 */
export async function openSignedInWindow(name: string): Promise<SignedInWindow> {
  const dir = makeTempDir(name);
  const config = writeConfig(dir, { hall: { code: 'JQ', name: '金桥区政务服务中心' }, window: { number: 12 } });
  await addStaff(dir, CLERK.staffNumber, CLERK.name, CLERK.pin);
  const shell = await startShell(['--data-dir', dir, '--config', config]);
  const browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto(shell.url);
  await page.getByLabel('工号').fill(CLERK.staffNumber);
  await page.getByLabel('密码').fill(CLERK.pin);
  await page.keyboard.press('Enter');
  await page.getByRole('combobox', { name: '搜索事项' }).waitFor();
  return {
    shell,
    browser,
    context,
    page,
    async close() {
      await browser.close();
      await shell.stop();
    },
  };
}
