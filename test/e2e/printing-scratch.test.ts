import fs from 'node:fs';
import { test } from 'vitest';
import { addStaff, makeTempDir, startShell, writeConfig } from '../support/browser-shell-process';
import { api, idNumber, submitIntake } from '../support/case-fixtures';
import { animationsSettled, launchChromium, screenshot } from '../support/chromium';
import { startPtyPair } from '../support/socat';

test('explore', async () => {
  const dir = makeTempDir('r-explore');
  const pty = await startPtyPair(dir);
  const fd = fs.openSync(pty.b, 'r+');
  let paperOut = process.env.PAPER_OUT === '1';
  let bytes = 0;
  let stop = false;
  const buf = Buffer.alloc(4096);
  const pump = async () => {
    while (!stop) {
      let n = 0;
      try {
        n = fs.readSync(fd, buf, 0, buf.length, null);
      } catch {
        await new Promise((r) => setTimeout(r, 20));
        continue;
      }
      bytes += n;
      for (let i = 0; i + 2 < n + 1; i++) {
        if (buf[i] === 0x10 && buf[i + 1] === 0x04) {
          const q = buf[i + 2];
          const reply = q === 4 && paperOut ? 0x72 : 0x12;
          fs.writeSync(fd, Buffer.from([reply]));
        }
      }
      await new Promise((r) => setImmediate(r));
    }
  };
  // readSync on a pty blocks; run in a worker-less way by non-blocking open instead.
  void pump;
  fs.closeSync(fd);
  const { spawn } = await import('node:child_process');
  // A python responder: answers DLE EOT with 0x12 (or paper end), counts bytes.
  const py = spawn('python3', ['-c', `
import os,sys,time
fd=os.open(sys.argv[1], os.O_RDWR|os.O_NOCTTY)
out=os.environ.get('PAPER_OUT')=='1'
tot=0
while True:
    d=os.read(fd,4096)
    tot+=len(d)
    sys.stderr.write('got %d total %d\\n'%(len(d),tot)); sys.stderr.flush()
    i=0
    while i < len(d)-2:
        if d[i]==0x10 and d[i+1]==0x04:
            q=d[i+2]
            os.write(fd, bytes([0x72 if (q==4 and out) else 0x12]))
            i+=3
        else:
            i+=1
`, pty.b], { stdio: ['ignore', 'inherit', 'pipe'], env: { ...process.env } });
  let pyOut = '';
  py.stderr.on('data', (d: Buffer) => (pyOut += d.toString()));
  void paperOut; void bytes; stop = true;
  const config = writeConfig(dir, {
    hall: { code: 'JQ', name: '金桥区政务服务中心' },
    window: { number: 12 },
    devices: process.env.NO_PRINTER === '1' ? {} : { receiptPrinter: { type: 'serial', path: pty.a, baudRate: 115200, paperWidthMm: 80 } },
  });
  await addStaff(dir, '1001', '王芳', '246810');
  const shell = await startShell(['--data-dir', dir, '--config', config]);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
    page.on('pageerror', (e) => console.log('PAGEERROR', e.message));
    page.on('console', (m) => m.type() === 'error' && console.log('CONSOLE', m.text()));
    await page.goto(shell.url);
    await page.getByLabel('工号').fill('1001');
    await page.getByLabel('密码').fill('246810');
    await page.keyboard.press('Enter');
    await page.getByRole('combobox', { name: '搜索事项' }).waitFor();
    const search = page.getByRole('combobox', { name: '搜索事项' });
    await page.keyboard.type('gtgs');
    await page.getByRole('option', { name: /个体工商户设立登记/ }).first().waitFor();
    await page.keyboard.press('Enter');
    await page.getByLabel('已选事项').getByText('个体工商户设立登记').waitFor();
    await page.waitForTimeout(300);
    await page.keyboard.insertText('李明');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await page.keyboard.type(idNumber('33010219880512301'));
    await page.keyboard.press('Enter');
    await page.keyboard.type('13805712345');
    await page.keyboard.press('Alt+M');
    await page.keyboard.press('a');
    await page.keyboard.press('Control+Enter');
    await page.getByTestId('case-number').waitFor();
    void search;
    await page.waitForTimeout(3000);
    await animationsSettled(page);
    await screenshot(page, `scratch-1-result${process.env.TAG ?? ''}`);
    if (process.env.SHORT === '1') {
      await page.goto(`${shell.origin}/#/printing`);
      await page.waitForTimeout(1500);
      await screenshot(page, `scratch-1b-jobs${process.env.TAG ?? ''}`);
      await page.keyboard.press('F1');
      await page.waitForTimeout(1000);
      await screenshot(page, `scratch-1c-f1${process.env.TAG ?? ''}`);
      return;
    }
    await page.keyboard.press('Alt+T');
    await page.waitForTimeout(2000);
    await screenshot(page, 'scratch-2-notice-modal');
    await page.keyboard.press('Escape');
    await page.waitForTimeout(500);
    await page.keyboard.press('Alt+V');
    await page.waitForTimeout(1500);
    await screenshot(page, 'scratch-3-receipt-modal');
    await page.keyboard.press('Escape');
    const number = (await page.getByTestId('case-number').textContent())?.trim() ?? '';
    const found = await api<{ rows: Array<{ id: string }> }>(shell, 'cases.search', { caseNumber: number });
    const id = found.rows[0]?.id ?? '';
    await page.goto(`${shell.origin}/#/cases/${id}`);
    await page.locator('.case-documents').getByText('受理回执').waitFor();
    await page.waitForTimeout(1000);
    await screenshot(page, 'scratch-4-case');
    await page.getByRole('button', { name: '补打受理回执' }).click();
    await page.waitForTimeout(3000);
    await screenshot(page, 'scratch-5-case-reprinted');
    const made = await submitIntake(shell, '公司变更登记',
      { kind: 'person', name: '陈静', idType: 'resident_id_card', idNumber: idNumber('33010219900307124'), mobile: '13800001111', address: '' },
      { kind: 'request_correction', items: [{ materialId: 'M2', name: '公司章程修正案', instruction: '须由全体股东签名' }, { materialId: null, name: '股东会决议', instruction: '加盖公司公章' }], note: '' }, ['M2']);
    await page.goto(`${shell.origin}/#/cases/${made.id}`);
    await page.getByRole('button', { name: '补打补正材料通知书' }).click();
    await page.waitForTimeout(2500);
    await screenshot(page, 'scratch-6-correction-reprint');
    await page.goto(`${shell.origin}/#/printing`);
    await page.waitForTimeout(1500);
    await screenshot(page, 'scratch-7-jobs');
    await page.keyboard.press('F1');
    await page.waitForTimeout(1000);
    await screenshot(page, 'scratch-8-f1');
  } finally {
    console.log(pyOut.split('\n').slice(-5).join('\n'));
    await browser.close();
    await shell.stop();
    py.kill();
    await pty.stop();
  }
}, 180_000);
