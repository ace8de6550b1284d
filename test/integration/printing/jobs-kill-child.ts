// Child process of jobs-kill.test.ts: a core with a receipt printer, one case accepted, then it
// waits to be killed. It reports the case only after intake.submit returned (committed), so the
// parent's SIGKILL lands between the commit and the end of sending the receipt.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { CounterCallError, type ItemDetail } from '../../../electron/contract';
import { createCore, silentLogger } from '../../../electron/core';
import { residentIdNumber } from '../../support/identity-numbers';

const [dataDir, resourcesDir] = process.argv.slice(2) as [string, string];

function report(line: string): void {
  // Synchronous, so the line is out of the process before anything else happens.
  fs.writeSync(1, `${line}\n`);
}

async function main(): Promise<void> {
  const core = await createCore({
    dataDir,
    configFile: path.join(dataDir, 'config.json'),
    resourcesDir,
    appVersion: 'jobs-kill',
    logger: silentLogger,
    healthIntervalMs: 3_600_000,
    printerTiming: { conditionTimeoutMs: 300, waitingLookMs: 200, idleLookMs: 60_000 },
  });
  const call = async (method: string, args: unknown): Promise<unknown> => {
    const envelope = await core.invoke(method, args);
    if (!envelope.ok) throw new CounterCallError(envelope.error);
    return envelope.value;
  };
  await call('session.signIn', { staffNumber: '1001', pin: '246810' });
  const item = (await call('catalog.getItem', { code: '11330102MB170512570100117001005' })) as ItemDetail;
  const detail = (await call('intake.submit', {
    clientRequestId: randomUUID(),
    itemCode: item.code,
    itemVersion: item.version,
    applicant: { kind: 'person', name: '王𠮷', idType: 'resident_id_card', idNumber: residentIdNumber('330102', '1990-01-01', 7), mobile: '13900000000', address: '' },
    agent: null,
    materials: item.materials.map((m) => ({
      materialId: m.id,
      received: m.required,
      form: m.required ? (m.form === 'original_and_copy' ? 'both' : m.form) : null,
      copies: m.required ? m.copies : 0,
    })),
    decision: { kind: 'accept' },
  })) as { id: string; caseNumber: string };
  report(`ACCEPTED\t${detail.id}\t${detail.caseNumber}`);
  // Kept alive until killed.
  setInterval(() => undefined, 60_000);
}

main().catch((err: unknown) => {
  report(`ERROR\t${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
