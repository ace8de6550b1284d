/**
 * Every name can be read (issue 11 §5): names made of characters from CJK Extensions A–H are
 * drawn with a real glyph — never the empty box of a missing one — in the intake name field,
 * the case list and its search box, and the case page. Chromium says which font drew each
 * character (DevTools Protocol, CSS.getPlatformFontsForNode):
 * - with the app's own font stack, every character is drawn by a font of that stack: a named UI
 *   font (e.g. Noto Sans CJK SC) or the shipped fallback (resources/fonts/, isCustomFont), never
 *   by a font the system found outside the stack (this machine has HanaMinB installed too; a
 *   counter PC does not);
 * - with the shipped family alone, every character is drawn by a shipped font: the app needs no
 *   CJK font of the PC's for these names;
 * - no character looks like the box of a character no font has.
 * Screenshots: test/artifacts/rare-name-*.png.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Browser, CDPSession, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { addStaff, callApi, makeTempDir, startShell, writeConfig, type RunningShell } from '../support/browser-shell-process';
import { animationsSettled, ARTIFACTS_DIR, launchChromium, screenshot } from '../support/chromium';
import { residentIdNumber } from '../support/identity-numbers';

/** One applicant per kind of rare character. */
const NAMES = [
  '王𡒄', // U+21484 Ext. B: the example of the issue
  '𠮷䶮', // U+20BB7 Ext. B, U+4DAE Ext. A
  '李𪚥𰻞', // U+2A6A5 Ext. B (its last block), U+30EDE Ext. G
  '陈𪜀𫝀𫠠', // U+2A700 Ext. C, U+2B740 Ext. D, U+2B820 Ext. E
  '赵𬺰𱍐', // U+2CEB0 Ext. F, U+31350 Ext. H
] as const;
const RARE = [...new Set(NAMES.join('').replace(/[王李陈赵]/gu, ''))];
/** What the shipped faces call themselves (their name tables), see resources/fonts/README.md. */
const SHIPPED_FAMILIES = ['HanaMinB', 'Counter Han ExtA', 'BabelStone Han'];
const SHIPPED_CSS_FAMILY = 'Counter Rare Han';

interface PlatformFont {
  familyName: string;
  isCustomFont: boolean;
  glyphCount: number;
}

let shell: RunningShell;
let browser: Browser;
let page: Page;
let cdp: CDPSession;
const caseIds = new Map<string, string>();

async function api<T>(method: string, args: unknown = {}): Promise<T> {
  const { body } = await callApi(shell, method, args);
  const envelope = body as { ok: true; value: T } | { ok: false; error: { message: string } };
  if (!envelope.ok) throw new Error(`${method}: ${envelope.error.message}`);
  return envelope.value;
}

async function accept(name: string, sequence: number): Promise<string> {
  const [hit] = await api<{ code: string; version: number }[]>('catalog.search', { query: '失业保险金申领', limit: 1 });
  if (!hit) throw new Error('no item');
  const item = await api<{ materials: { id: string; form: string; copies: number; required: boolean }[] }>('catalog.getItem', { code: hit.code });
  const detail = await api<{ id: string }>('intake.submit', {
    clientRequestId: randomUUID(),
    itemCode: hit.code,
    itemVersion: hit.version,
    applicant: { kind: 'person', name, idType: 'resident_id_card', idNumber: residentIdNumber('330102', '1985-06-15', sequence), mobile: '13700002222', address: '' },
    agent: null,
    materials: item.materials.map((m) => ({
      materialId: m.id,
      received: m.required,
      form: m.required ? (m.form === 'original_and_copy' ? 'both' : m.form) : null,
      copies: m.required ? m.copies : 0,
      defective: false,
      defectNote: '',
    })),
    decision: { kind: 'accept' },
  });
  return detail.id;
}

/** The fonts Chromium used for the text of the element `selector` names (CSS selector, pierces nothing). */
async function fontsOf(selector: string): Promise<PlatformFont[]> {
  const { root } = (await cdp.send('DOM.getDocument', { depth: 0 })) as { root: { nodeId: number } };
  const { nodeId } = (await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector })) as { nodeId: number };
  if (!nodeId) throw new Error(`no element ${selector}`);
  const { fonts } = (await cdp.send('CSS.getPlatformFontsForNode', { nodeId })) as { fonts: PlatformFont[] };
  return fonts;
}

/**
 * Each character alone, in the font stack `fontFamily` at the size of the element it stands
 * for: which font drew it, and whether it looks like the box drawn for U+10FFFD, a character
 * no font has.
 */
async function probe(fontFamily: string, fontSize: string, chars: readonly string[]): Promise<Array<{ char: string; fonts: PlatformFont[]; tofu: boolean }>> {
  const results: Array<{ char: string; fonts: PlatformFont[]; tofu: boolean }> = [];
  for (const [i, char] of chars.entries()) {
    const tofu = await page.evaluate(
      async ({ char, fontFamily, fontSize, i }) => {
        const span = document.createElement('span');
        span.id = `rare-probe-${i}`;
        span.style.fontFamily = fontFamily;
        span.style.fontSize = fontSize;
        span.textContent = char;
        document.body.append(span);
        await document.fonts.load(`${fontSize} ${fontFamily}`, char);
        await document.fonts.ready;
        const canvas = document.createElement('canvas');
        canvas.width = 64;
        canvas.height = 64;
        const ctx = canvas.getContext('2d', { willReadFrequently: true });
        if (!ctx) throw new Error('no canvas');
        const draw = (c: string) => {
          ctx.clearRect(0, 0, 64, 64);
          ctx.font = `40px ${fontFamily}`;
          ctx.fillText(c, 4, 48);
          return Array.from(ctx.getImageData(0, 0, 64, 64).data).join(',');
        };
        return draw(char) === draw(String.fromCodePoint(0x10fffd));
      },
      { char, fontFamily, fontSize, i },
    );
    const fonts = await fontsOf(`#rare-probe-${i}`);
    await page.evaluate((id) => document.getElementById(id)?.remove(), `rare-probe-${i}`);
    results.push({ char, fonts, tofu });
  }
  return results;
}

/** The family names a CSS font-family list names, unquoted, generic families left out. */
function namedFamilies(fontFamily: string): string[] {
  return fontFamily
    .split(',')
    .map((f) => f.trim().replace(/^['"]|['"]$/g, ''))
    .filter((f) => !['serif', 'sans-serif', 'monospace', 'system-ui', 'cursive', 'fantasy'].includes(f));
}

/**
 * The proof for one place on the screen: every rare character drawn by a font of that place's
 * own stack (the shipped one, or a UI font named before it) and not as a box; the element's
 * own text drawn with the shipped font where its characters need it.
 */
async function expectReadable(locator: Locator, selector: string, label: string): Promise<void> {
  const style = await locator.evaluate((el) => {
    const s = getComputedStyle(el);
    return { fontFamily: s.fontFamily, fontSize: s.fontSize };
  });
  const stack = namedFamilies(style.fontFamily);
  expect(stack, `${label}: the shipped fallback is in the font stack`).toContain(SHIPPED_CSS_FAMILY);
  for (const { char, fonts, tofu } of await probe(style.fontFamily, style.fontSize, RARE)) {
    const where = `${label}: ${char} U+${char.codePointAt(0)?.toString(16).toUpperCase()}`;
    expect(tofu, `${where} is drawn as the box of a missing glyph`).toBe(false);
    expect(fonts.length, `${where} drawn by one font`).toBe(1);
    const [font] = fonts;
    const fromStack = font !== undefined && (font.isCustomFont ? SHIPPED_FAMILIES.includes(font.familyName) : stack.includes(font.familyName));
    expect(fromStack, `${where} drawn by ${JSON.stringify(font)}, not by a font of ${style.fontFamily}`).toBe(true);
  }
  // The real element: its text used the shipped font (王𡒄: no UI font has 𡒄).
  const fonts = await fontsOf(selector);
  expect(fonts.some((f) => f.isCustomFont && SHIPPED_FAMILIES.includes(f.familyName)), `${label}: ${JSON.stringify(fonts)}`).toBe(true);
}

async function settle(p: Page): Promise<void> {
  await p.evaluate(() => document.fonts.ready.then(() => undefined));
  await animationsSettled(p);
}

beforeAll(async () => {
  const dataDir = makeTempDir('rare-characters');
  const config = writeConfig(dataDir, { hall: { code: 'JQ', name: '金桥区政务服务中心' }, window: { number: 12 } });
  await addStaff(dataDir, '1001', '王芳', '246810');
  shell = await startShell(['--data-dir', dataDir, '--config', config]);
  // The session belongs to the window: signing in here signs in the browser below too.
  await api('session.signIn', { staffNumber: '1001', pin: '246810' });
  for (const [i, name] of NAMES.entries()) caseIds.set(name, await accept(name, i + 1));
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
  cdp = await page.context().newCDPSession(page);
  await cdp.send('DOM.enable');
  await cdp.send('CSS.enable');
  // The token goes with the first load and stays in the page's session for the tests below.
  await page.goto(shell.url);
  await page.getByRole('banner').getByText('王芳').waitFor();
});

afterAll(async () => {
  await browser?.close();
  await shell?.stop();
});

describe('rare characters in names', () => {
  test('the shipped fonts are served by the shell, each for its own range only', async () => {
    for (const file of ['HanaMinB.ttf', 'CounterHanExtA.ttf', 'BabelStoneHan-ExtGH.ttf']) {
      const res = await fetch(`${shell.origin}/fonts/${file}`, { method: 'HEAD' });
      expect(res.status, file).toBe(200);
      expect(res.headers.get('content-type')).toBe('font/ttf');
    }
    expect((await fetch(`${shell.origin}/fonts/..%2fcalendar%2fcn-calendar.json`)).status).toBe(404);
    // A page of ordinary text fetches none of them (unicode-range).
    const fetched: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/fonts/')) fetched.push(r.url());
    });
    await page.goto(`${shell.origin}/#/cases/none`);
    await page.reload();
    await page.getByRole('banner').getByText('王芳').waitFor();
    await settle(page);
    expect(fetched).toEqual([]);
  });

  test('in the intake form', async () => {
    await page.goto(`${shell.origin}/#/intake`);
    const name = page.locator('#ik-applicant\\.name');
    await name.waitFor();
    await name.click();
    await page.keyboard.insertText(NAMES[0]);
    expect(await name.inputValue()).toBe(NAMES[0]);
    // The action bar repeats the name as plain text: the same glyphs outside an input.
    await expectReadable(page.locator('.ik-applicant-name'), '.ik-applicant-name', 'intake form');
    await settle(page);
    await screenshot(page, 'rare-name-form');
    await name.screenshot({ path: path.join(ARTIFACTS_DIR, 'rare-name-form-field.png') });
    // The field itself uses the same stack as the text beside it.
    const fieldStack = await name.evaluate((el) => getComputedStyle(el).fontFamily);
    expect(namedFamilies(fieldStack)).toContain(SHIPPED_CSS_FAMILY);
  });

  test('in the case list and its search box', async () => {
    await page.goto(`${shell.origin}/#/cases`);
    const rows = page.getByRole('row').filter({ hasText: /JQ-12-\d{8}-\d{4}/ });
    await expect.poll(() => rows.count()).toBe(NAMES.length);
    for (const n of NAMES) await page.getByRole('row', { name: new RegExp(n) }).waitFor();
    await page.evaluate(() => {
      const cell = [...document.querySelectorAll('td')].find((td) => td.textContent?.includes('王𡒄'));
      cell?.setAttribute('data-rare-cell', '');
    });
    await expectReadable(page.locator('[data-rare-cell]'), '[data-rare-cell]', 'case list');
    await settle(page);
    await screenshot(page, 'rare-name-list');
    await page.getByRole('table').screenshot({ path: path.join(ARTIFACTS_DIR, 'rare-name-list-table.png') });

    const search = page.getByLabel('搜索办件');
    await search.fill(NAMES[0]);
    expect(await search.inputValue()).toBe(NAMES[0]);
    const searchStack = await search.evaluate((el) => getComputedStyle(el).fontFamily);
    expect(namedFamilies(searchStack)).toContain(SHIPPED_CSS_FAMILY);
    await page.keyboard.press('Enter');
    await expect.poll(() => rows.count()).toBe(1);
    await settle(page);
    await search.screenshot({ path: path.join(ARTIFACTS_DIR, 'rare-name-search.png') });
  });

  test('on the case page', async () => {
    await page.goto(`${shell.origin}/#/cases/${caseIds.get(NAMES[0]) ?? ''}`);
    await page.getByRole('region', { name: '办件概要' }).waitFor();
    const main = page.locator('.case-detail-main');
    await main.getByText(NAMES[0]).first().waitFor();
    await page.evaluate((name) => {
      const region = document.querySelector('.case-detail-main') ?? document.body;
      const walker = document.createTreeWalker(region, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (node.textContent?.includes(name)) {
          node.parentElement?.setAttribute('data-rare-name', '');
          return;
        }
      }
    }, NAMES[0]);
    const nameOnPage = page.locator('[data-rare-name]');
    await expectReadable(nameOnPage, '[data-rare-name]', 'case page');
    await nameOnPage.scrollIntoViewIfNeeded();
    await settle(page);
    await screenshot(page, 'rare-name-case');
    await nameOnPage.screenshot({ path: path.join(ARTIFACTS_DIR, 'rare-name-case-name.png') });
  });

  test('the shipped fonts alone draw every one of these characters', async () => {
    // The box detector itself: a character no font has (U+0378, unassigned) is seen as one.
    const [unassigned] = await probe(`'${SHIPPED_CSS_FAMILY}'`, '20px', [String.fromCodePoint(0x378)]);
    expect(unassigned?.tofu).toBe(true);
    for (const { char, fonts, tofu } of await probe(`'${SHIPPED_CSS_FAMILY}'`, '20px', RARE)) {
      expect(tofu, char).toBe(false);
      expect(fonts.length, char).toBe(1);
      expect(fonts[0]?.isCustomFont, char).toBe(true);
      expect(SHIPPED_FAMILIES, `${char}: ${JSON.stringify(fonts)}`).toContain(fonts[0]?.familyName);
    }
  });
});
