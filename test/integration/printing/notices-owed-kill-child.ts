// Child process of notices-owed-kill.test.ts: a core accepts one case and is SIGKILLed by itself
// the moment intake.submit has returned — after the case's commit, before the owed 受理通知书 is
// issued (that pass runs on the next turn of the event loop). Before dying it reads, on a
// connection of its own, how many notices the store says are owed, so the parent knows the kill
// landed in that gap.
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { CounterCallError, type ItemDetail } from '../../../electron/contract';
import { createCore, silentLogger } from '../../../electron/core';
import { residentIdNumber } from '../../support/identity-numbers';

const [dataDir, resourcesDir] = process.argv.slice(2) as [string, string];

async function main(): Promise<void> {
  const core = await createCore({
    dataDir,
    configFile: path.join(dataDir, 'config.json'),
    resourcesDir,
    appVersion: 'notices-owed-kill',
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
  const look = new Database(path.join(dataDir, 'counter.sqlite'), { readonly: true });
  const owed = look.prepare('SELECT count(*) FROM notices_owed').pluck().get() as number;
  const notices = look.prepare("SELECT count(*) FROM issued_documents WHERE kind = 'acceptanceNotice'").pluck().get() as number;
  // Synchronous, so the line is out before the kill.
  fs.writeSync(1, `ACCEPTED\t${detail.id}\t${detail.caseNumber}\t${owed}\t${notices}\n`);
  process.kill(process.pid, 'SIGKILL');
}

main().catch((err: unknown) => {
  fs.writeSync(1, `ERROR\t${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
