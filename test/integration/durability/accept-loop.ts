// Child process of kill-during-accept.test.ts: accepts cases as fast as it can and reports each
// one only after the accept call returned. The parent kills it with SIGKILL at random moments.
// wal-fsync.test.ts runs it under strace with a limit (4th argument) and it exits after that many.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { CounterCallError, type ItemDetail } from '../../../electron/contract';
import { createCore, silentLogger } from '../../../electron/core';
import { residentIdNumber } from '../../support/identity-numbers';

const [dataDir, resourcesDir, runTag, limitArg] = process.argv.slice(2) as [string, string, string, string | undefined];
const limit = limitArg === undefined ? Infinity : Number(limitArg);

const DIGITS = '〇一二三四五六七八九';
function chineseNumber(n: number): string {
  return [...String(n)].map((d) => DIGITS[Number(d)]).join('');
}

function report(line: string): void {
  // Synchronous, so a line is out of the process before the next accept begins.
  fs.writeSync(1, `${line}\n`);
}

async function main(): Promise<void> {
  const core = await createCore({
    dataDir,
    configFile: path.join(dataDir, 'config.json'),
    resourcesDir,
    appVersion: 'durability',
    logger: silentLogger,
    healthIntervalMs: 3_600_000,
  });
  const call = async (method: string, args: unknown): Promise<unknown> => {
    const envelope = await core.invoke(method, args);
    if (!envelope.ok) throw new CounterCallError(envelope.error);
    return envelope.value;
  };
  await call('session.signIn', { staffNumber: '1001', pin: '246810' });
  const item = (await call('catalog.getItem', { code: '11330102MB170512570100117001005' })) as ItemDetail;
  report('READY');
  for (let i = 0; i < limit; i++) {
    // Names take no digits, so the run and the counter are written as Chinese numerals.
    const name = `测试${chineseNumber(Number(runTag))}号${chineseNumber(i)}`;
    const idNumber = residentIdNumber('330102', '1990-01-01', (Number(runTag) * 37 + i) % 1000);
    const detail = (await call('intake.submit', {
      clientRequestId: randomUUID(),
      itemCode: item.code,
      itemVersion: item.version,
      applicant: { kind: 'person', name, idType: 'resident_id_card', idNumber, mobile: '13900000000', address: '' },
      agent: null,
      materials: item.materials.map((m) => ({
        materialId: m.id,
        received: m.required,
        form: m.required ? (m.form === 'original_and_copy' ? 'both' : m.form) : null,
        copies: m.required ? m.copies : 0,
      })),
      decision: { kind: 'accept' },
    })) as { id: string; caseNumber: string };
    report(`ACCEPTED\t${detail.id}\t${detail.caseNumber}\t${name}\t${idNumber}`);
  }
  await core.close();
}

main().catch((err: unknown) => {
  report(`ERROR\t${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
