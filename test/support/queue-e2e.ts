import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { addStaff, REPO_ROOT, startShell, writeConfig, type RunningShell, type WindowConfigFile } from './browser-shell-process';
import { launchChromium } from './chromium';

// The hall queue's end-to-end tests (test/e2e/queue-*.test.ts): an app shell started from its
// config, Chromium with the hall's locale and time zone, and a speech recorder in place of the
// browser's speech synthesis.

/**
 * Replaces the page's speech synthesis with a recorder: each sentence given to `speak` is pushed
 * to `window.spoken` and "ends" `endMs` later. Headless Chromium has no voices, so what is judged
 * is what the page gives the engine, and in which order. An init script (context.addInitScript
 * with `endMs` as its argument): it runs in the page, so it uses nothing from this module.
 */
export function recordSpeech(endMs: number): void {
  const spoken: string[] = [];
  (window as unknown as { spoken: string[] }).spoken = spoken;
  class Utterance {
    text: string;
    lang = '';
    rate = 1;
    voice: unknown = null;
    onend: ((e: Event) => void) | null = null;
    onerror: ((e: Event) => void) | null = null;
    constructor(text: string) {
      this.text = text;
    }
  }
  const voice = { lang: 'zh-CN', name: '测试语音', localService: true, default: true, voiceURI: 'test' };
  Object.defineProperty(window, 'SpeechSynthesisUtterance', { value: Utterance, configurable: true });
  Object.defineProperty(window, 'speechSynthesis', {
    configurable: true,
    value: {
      speak(u: Utterance) {
        spoken.push(u.text);
        setTimeout(() => u.onend?.(new Event('end')), endMs);
      },
      cancel() {},
      getVoices: () => [voice],
    },
  });
}

/** The sentences `page`'s recorder (recordSpeech) was given so far, in order. */
export function spokenOn(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { spoken: string[] }).spoken.slice());
}

/** Waits until `page`'s recorder was given at least `count` sentences (30 s at the most). */
export async function waitSpoken(page: Page, count: number): Promise<void> {
  await page.waitForFunction((n) => (window as unknown as { spoken: string[] }).spoken.length >= n, count, { timeout: 30_000 });
}

/** Throws unless the hall display page was built (the server serves dist/renderer/display.html). */
export function requireDisplayBuild(): void {
  if (!fs.existsSync(path.join(REPO_ROOT, 'dist', 'renderer', 'display.html'))) {
    throw new Error('dist/renderer/display.html 不存在：请先运行 npm run build');
  }
}

/** A staff member to register before the shell starts (a clerk). */
export interface QueueClerk {
  staffNumber: string;
  name: string;
  pin: string;
}

/** Writes `config` into `dir` (its data folder), registers `clerk` if given, and starts the browser shell on them. */
export async function startQueueShell(dir: string, config: WindowConfigFile, clerk?: QueueClerk): Promise<RunningShell> {
  const file = writeConfig(dir, config);
  if (clerk) await addStaff(dir, clerk.staffNumber, clerk.name, clerk.pin);
  return startShell(['--data-dir', dir, '--config', file]);
}

/** A Chromium with the pages a queue test looks at. */
export interface QueueBrowser<Name extends string> {
  browser: Browser;
  /** The pages by the names asked for. */
  pages: Record<Name, Page>;
}

/**
 * Launches Chromium with one context in zh-CN and Asia/Shanghai, the speech recorder in it when
 * `speechEndMs` is given (recordSpeech), and a page per entry of `viewports` (name → pixels);
 * every uncaught page error goes into `errors`, named by its page.
 */
export async function queueBrowser<Name extends string>(options: {
  viewports: Record<Name, { width: number; height: number }>;
  errors: string[];
  speechEndMs?: number;
}): Promise<QueueBrowser<Name>> {
  const browser = await launchChromium();
  const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  if (options.speechEndMs !== undefined) await context.addInitScript(recordSpeech, options.speechEndMs);
  const pages: Partial<Record<Name, Page>> = {};
  for (const name of Object.keys(options.viewports) as Name[]) {
    const page = await context.newPage();
    await page.setViewportSize(options.viewports[name]);
    page.on('pageerror', (err) => options.errors.push(`${name} pageerror: ${err.message}`));
    pages[name] = page;
  }
  return { browser, pages: pages as Record<Name, Page> };
}
