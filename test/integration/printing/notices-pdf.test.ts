/**
 * The five A4 notices rendered from realistic case data to PDF by headless Chromium (as the
 * browser shell's print and Electron's printToPDF do), read back with `pdftotext`, and turned
 * into PNGs under test/artifacts/ (notice-<kind>-<page>.png) to be looked at.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseState } from '../../../electron/core/cases/case-state';
import { parseDocumentNumber, type NoticeKind } from '../../../electron/core/printing/notices/document-number';
import { renderNotice } from '../../../electron/core/printing/notices/render-notice';
import { markNoticeReprint } from '../../../electron/core/printing/notices/reprint-mark';
import { REPO_ROOT } from '../../support/browser-shell-process';
import { ARTIFACTS_DIR, launchChromium } from '../../support/chromium';
import { makeTempDir } from '../../support/temp-dirs';
import {
  acceptedCase,
  AGENT_ID,
  APPLICANT_ID,
  caseInputs,
  correctionCase,
  FOOD_LICENCE,
  RARE_NAME,
} from '../../unit/core/printing/documents/document-fixtures';

const ORIGIN = 'http://notice.test';
const FONTS_DIR = path.join(REPO_ROOT, 'resources', 'fonts');

let browser: Browser;
let page: Page;
let dir: string;

beforeAll(async () => {
  dir = makeTempDir('notices-pdf');
  browser = await launchChromium();
  page = await browser.newPage();
  // The notice asks for the app's rare-character fonts at /fonts/, as both shells serve them.
  await page.route(`${ORIGIN}/**`, async (route) => {
    const url = new URL(route.request().url());
    if (url.pathname.startsWith('/fonts/')) {
      const file = path.join(FONTS_DIR, path.basename(url.pathname));
      await route.fulfill({ status: 200, contentType: 'font/ttf', body: fs.readFileSync(file) });
      return;
    }
    await route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: '<!DOCTYPE html><html><body></body></html>' });
  });
  await page.goto(`${ORIGIN}/`);
});

afterAll(async () => {
  await browser?.close();
});

interface Printed {
  /** pdftotext's text with every blank removed (letter-spaced titles come out spaced). */
  text: string;
  /** The same, of the last page only: where the seal is. */
  lastPage: string;
  pages: number;
  pngs: string[];
}

async function printNotice(kind: NoticeKind, html: string, name: string = kind): Promise<Printed> {
  await page.setContent(html, { waitUntil: 'load' });
  await page.evaluate(async () => {
    await document.fonts.ready;
  });
  const pdfFile = path.join(dir, `${name}.pdf`);
  await page.pdf({ path: pdfFile, preferCSSPageSize: true, printBackground: true });
  const raw = execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', pdfFile, '-'], { encoding: 'utf8' });
  fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
  for (const old of fs.readdirSync(ARTIFACTS_DIR)) {
    if (old.startsWith(`notice-${name}-`) && old.endsWith('.png')) fs.rmSync(path.join(ARTIFACTS_DIR, old));
  }
  execFileSync('pdftoppm', ['-r', '60', '-png', pdfFile, path.join(ARTIFACTS_DIR, `notice-${name}`)]);
  const pngs = fs
    .readdirSync(ARTIFACTS_DIR)
    .filter((f) => f.startsWith(`notice-${name}-`) && f.endsWith('.png'))
    .sort();
  const info = execFileSync('pdfinfo', [pdfFile], { encoding: 'utf8' });
  const pages = Number(/Pages:\s+(\d+)/.exec(info)?.[1]);
  // A4 is 595 × 842 pt.
  expect(info).toMatch(/Page size:\s+59[45](\.\d+)? x 84[12](\.\d+)? pts \(A4\)/);
  const last = execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', '-f', String(pages), '-l', String(pages), pdfFile, '-'], {
    encoding: 'utf8',
  });
  return { text: raw.replace(/\s+/g, ''), lastPage: last.replace(/\s+/g, ''), pages, pngs };
}

const REMEDIES_NOTICE = '自收到本通知书之日起60日内依法申请行政复议，或者自收到本通知书之日起6个月内依法向人民法院提起行政诉讼';
const REMEDIES_DECISION = '自收到本决定书之日起60日内依法申请行政复议，或者自收到本决定书之日起6个月内依法向人民法院提起行政诉讼';

/** `closing`: the body's last words, which must share the seal's page (a seal alone on a page proves nothing). */
function expectCommon(p: Printed, title: string, number: string, closing: string): void {
  expect(p.lastPage).toContain('（盖章）');
  expect(p.lastPage).toContain(closing);
  expect(p.text).toContain(title);
  expect(p.text).toContain(number);
  expect(p.text).toContain('杭州市西湖区政务服务中心');
  expect(p.text).toContain(`${RARE_NAME}：`);
  expect(p.text).toContain('HX-7-20261130-0001');
  expect(p.text).toContain('食品经营许可');
  expect(p.text).toContain('（盖章）');
  expect(p.text).toContain('2026年11月30日');
  // Masked as on every paper: first 6 + last 4, never the whole number.
  expect(p.text).toContain(`${APPLICANT_ID.slice(0, 6)}********${APPLICANT_ID.slice(-4)}`);
  expect(p.text).not.toContain(APPLICANT_ID);
  expect(p.text).toContain('139****2345');
  expect(p.pngs).toHaveLength(p.pages);
}

/** Fourteen things to supplement: a real 一次性告知 runs long, and must flow onto a second page whole. */
const LONG_CORRECTION = [
  ...FOOD_LICENCE.materials.slice(0, 5).map((m, i) => ({
    materialId: m.id,
    name: m.name,
    instruction: i === 0 ? '申请书第3页缺申请人签字，请由申请人本人签字后重新提交' : `请提交${m.form === 'copy' ? '清晰的复印件' : '原件'} 1 份，并加盖单位公章`,
  })),
  ...[
    '经营场所产权证明或者租赁合同',
    '食品安全管理人员健康证明',
    '从业人员健康证明（全部从业人员）',
    '食品贮存设施清单',
    '餐厨废弃物处置协议',
    '经营场所平面布局图（标明尺寸与功能分区）',
    '操作流程图',
    '冷链设施温度记录表',
    '法定代表人身份证明',
  ].map((name, i) => ({ materialId: null, name, instruction: `请补充提交${name}，须与申请书所填信息一致（第${i + 6}项）` })),
];

describe('A4 notices as PDF', () => {
  it('受理通知书: materials received, 容缺 with due dates, the promised date marked 暂定, collection and progress', async () => {
    const c = acceptedCase({ agent: { name: '李木子', idType: 'resident_id_card', idNumber: AGENT_ID, mobile: '13700001234' } });
    const number = 'HX-7受〔2026〕0001号';
    const p = await printNotice('acceptanceNotice', renderNotice('acceptanceNotice', caseInputs(c, { documentNumber: number })));
    expectCommon(p, '受理通知书', number, '特此通知。');
    // Five materials, a 容缺 and an agent: it may run onto a second page, never further.
    expect(p.pages).toBeLessThanOrEqual(2);
    expect(p.text).toContain('食品经营许可申请书');
    expect(p.text).toContain('食品安全管理人员名单及培训考核合格证明');
    expect(p.text).toContain('2027年1月5日前（暂定）');
    expect(p.text).toContain('2027年1月6日前（暂定）');
    expect(p.text).toContain('决定予以容缺受理');
    expect(p.text).toContain('第三十二条第一款第（五）项');
    expect(p.text).toContain('办结后凭本回执到本窗口领取');
    expect(p.text).toContain('https://zwfw.example.gov.cn/progress?case=HX-7-20261130-0001');
    expect(p.text).toContain('李木子');
    expect(p.text).not.toContain(AGENT_ID);
    expect(parseDocumentNumber(number)?.kind).toBe('acceptanceNotice');
  });

  it('补正材料通知书: exactly the listed materials, in one go, flowing cleanly onto a second page', async () => {
    const c = correctionCase(LONG_CORRECTION, '补正材料请一次性提交；复印件须注明“与原件一致”并签名');
    const number = 'HX-7补〔2026〕0003号';
    const p = await printNotice('correctionNotice', renderNotice('correctionNotice', caseInputs(c, { documentNumber: number })));
    expectCommon(p, '补正材料通知书', number, '请按上述要求一次性补正全部材料后');
    expect(p.text).toContain('一次性告知');
    expect(p.text).toContain(`共${LONG_CORRECTION.length}项`);
    for (const item of LONG_CORRECTION) {
      expect(p.text).toContain(item.name.replace(/\s+/g, ''));
      expect(p.text).toContain(item.instruction.replace(/\s+/g, ''));
    }
    // Nothing the clerk did not list: the optional 委托 material is on the item, not on the notice.
    expect(p.text).not.toContain('委托代理人身份证件及授权委托书');
    expect(p.text).toContain('与原件一致');
    expect(p.pages).toBe(2);
  });

  it('不予受理通知书: the reason, its legal basis and the remedies', async () => {
    const c = acceptedCase({
      status: 'rejected',
      acceptedAt: null,
      acceptanceDate: null,
      promisedDueDate: null,
      deferrals: [],
      rejection: {
        reasonId: null,
        reason: '申请事项依法不需要取得行政许可',
        legalBasis: '《中华人民共和国行政许可法》第三十二条第一款第（一）项',
        rejectedAt: '2026-11-30T01:50:00.000Z',
      },
    });
    const number = 'HX-7不受〔2026〕0001号';
    const p = await printNotice('rejectionNotice', renderNotice('rejectionNotice', caseInputs(c, { documentNumber: number })));
    expectCommon(p, '不予受理通知书', number, REMEDIES_NOTICE);
    expect(p.text).toContain('理由：申请事项依法不需要取得行政许可。');
    expect(p.text).toContain('依据：《中华人民共和国行政许可法》第三十二条第一款第（一）项。');
    expect(p.text).toContain(REMEDIES_NOTICE);
    expect(p.pages).toBe(1);
  });

  it('不予许可决定书: the decision reason, basis and remedies', async () => {
    const c = acceptedCase({
      status: 'decided',
      deferrals: [],
      decision: {
        outcome: 'refused',
        itemType: 'licensing',
        reason: '经现场核查，经营场所与污染源的距离不符合《食品经营许可审查通则》的要求',
        legalBasis: '《中华人民共和国食品安全法》第三十三条第一款第（一）项；《中华人民共和国行政许可法》第三十八条第二款',
        decidedAt: '2026-11-30T06:00:00.000Z',
      },
    });
    const number = 'HX-7不许〔2026〕0001号';
    const p = await printNotice('refusalDecision', renderNotice('refusalDecision', caseInputs(c, { documentNumber: number })));
    expectCommon(p, '不予许可决定书', number, REMEDIES_DECISION);
    expect(p.text).toContain('决定不予许可');
    expect(p.text).toContain('经营场所与污染源的距离不符合');
    expect(p.text).toContain('第三十八条第二款');
    expect(p.text).toContain(REMEDIES_DECISION);
    expect(p.pages).toBe(1);
  });

  it('办结通知书: the result is ready and how to collect it; a 补打 is marked on the stored page', async () => {
    const c: CaseState = acceptedCase({
      status: 'decided',
      deferrals: [],
      decision: { outcome: 'approved', itemType: 'licensing', reason: '', legalBasis: '', decidedAt: '2026-11-30T06:00:00.000Z' },
    });
    const number = 'HX-7结〔2026〕0001号';
    const issued = renderNotice('completionNotice', caseInputs(c, { documentNumber: number }));
    const p = await printNotice('completionNotice', issued);
    expectCommon(p, '办结通知书', number, '特此通知。');
    expect(p.text).toContain('决定准予许可');
    expect(p.text).toContain('办理结果可以领取');
    expect(p.text).toContain('领取地点：杭州市西湖区政务服务中心7号窗口综合受理');
    expect(p.pages).toBe(1);
    expect(p.text).not.toContain('补打');

    const reprint = await printNotice('completionNotice', markNoticeReprint(issued, { at: '2026-12-02 10:15' }), 'completionNotice-reprint');
    expect(reprint.text).toContain('【补打】2026-12-0210:15');
    expect(reprint.text).toContain(number);
    expect(reprint.pages).toBe(1);
  });
});
