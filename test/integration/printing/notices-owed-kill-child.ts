// Child process of notices-owed-kill.test.ts: a core accepts one case and is SIGKILLed by itself
// the moment intake.submit has returned — after the case's commit, before the owed 受理通知书 is
// issued (that pass runs on the next turn of the event loop). Before dying it reads, on a
// connection of its own, how many notices the store says are owed, so the parent knows the kill
// landed in that gap.
import Database from 'better-sqlite3';
import path from 'node:path';
import { acceptCase, openChildCore, reportLine, runChild } from '../../support/child-core';
import { residentIdNumber } from '../../support/identity-numbers';

const [dataDir, resourcesDir] = process.argv.slice(2) as [string, string];

runChild(async () => {
  const child = await openChildCore(dataDir, resourcesDir, 'notices-owed-kill');
  const detail = await acceptCase(child, '王𠮷', residentIdNumber('330102', '1990-01-01', 7));
  const look = new Database(path.join(dataDir, 'counter.sqlite'), { readonly: true });
  const owed = look.prepare('SELECT count(*) FROM notices_owed').pluck().get() as number;
  const notices = look.prepare("SELECT count(*) FROM issued_documents WHERE kind = 'acceptanceNotice'").pluck().get() as number;
  reportLine(`ACCEPTED\t${detail.id}\t${detail.caseNumber}\t${owed}\t${notices}`);
  process.kill(process.pid, 'SIGKILL');
});
