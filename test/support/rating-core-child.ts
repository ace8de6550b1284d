// Child process of the ratings SIGKILL proof (test/integration/ratings/kill-mid-stream.test.ts):
// the app's whole core on a data folder whose config has a rating device on a pty, one clerk
// signed in finishing a case every few hundred milliseconds (each `case.decided` arms a 一次一评
// session), and every rating the core commits reported on stdout. The parent drops the coins at
// the virtual device it holds (outside this process, so the device's memory survives the kill)
// and SIGKILLs this process at random moments.
//
// argv: dataDir resourcesDir runTag finishEveryMs
// stdout lines (each written synchronously, so a line is out before the next step begins):
//   READY                                  signed in, the rating driver started
//   FINISHED <caseId>                      a case decided (a session armed after it)
//   RATED <deviceEventId> <attribution>    the core published `ratings.received` (committed)
//   ERROR <message>                        then exit 1
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { CounterCallError, type ItemDetail } from '../../electron/contract';
import { createCore, silentLogger } from '../../electron/core';
import { residentIdNumber } from './identity-numbers';
import { receipts } from './intake-args';

const [dataDir, resourcesDir, runTag, finishEveryArg] = process.argv.slice(2) as [string, string, string, string];
const finishEveryMs = Number(finishEveryArg);

/** 食品经营许可 (承诺件): accepted, then reviewed and decided at the window. */
const ITEM_CODE = '11330102MB170512570100117001005';

function report(line: string): void {
  fs.writeSync(1, `${line}\n`);
}

async function main(): Promise<void> {
  const config = JSON.parse(fs.readFileSync(path.join(dataDir, 'config.json'), 'utf8')) as { devices?: { ratingDevice?: { path?: string } } };
  const devicePath = config.devices?.ratingDevice?.path;
  const core = await createCore({
    dataDir,
    configFile: path.join(dataDir, 'config.json'),
    resourcesDir,
    appVersion: 'ratings-kill',
    logger: silentLogger,
    // The pty's link is the only port there is (the driver may look the device up by listing).
    ratingPortLister: async () => (devicePath ? [{ path: devicePath }] : []),
    healthIntervalMs: 3_600_000,
  });
  core.subscribe((event) => {
    if (event.name === 'ratings.received') report(`RATED\t${event.payload.origin.deviceEventId ?? ''}\t${event.payload.attribution}`);
  });
  const call = async (method: string, args: unknown): Promise<unknown> => {
    const envelope = await core.invoke(method, args);
    if (!envelope.ok) throw new CounterCallError(envelope.error);
    return envelope.value;
  };
  await call('session.signIn', { staffNumber: '1001', pin: '246810' });
  const item = (await call('catalog.getItem', { code: ITEM_CODE })) as ItemDetail;
  report('READY');
  for (let i = 0; ; i++) {
    const accepted = (await call('intake.submit', {
      clientRequestId: randomUUID(),
      itemCode: item.code,
      itemVersion: item.version,
      applicant: {
        kind: 'person',
        name: '赵敏',
        idType: 'resident_id_card',
        idNumber: residentIdNumber('330102', '1990-01-01', (Number(runTag) * 53 + i) % 1000),
        mobile: '13900000000',
        address: '',
      },
      agent: null,
      materials: receipts(item.materials, { received: item.materials.filter((m) => m.required).map((m) => m.id) }),
      decision: { kind: 'accept' },
    })) as { id: string };
    await call('cases.startReview', { caseId: accepted.id });
    await call('cases.decide', { caseId: accepted.id, outcome: 'approved' });
    report(`FINISHED\t${accepted.id}`);
    await new Promise((r) => setTimeout(r, finishEveryMs));
  }
}

main().catch((err: unknown) => {
  report(`ERROR\t${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
