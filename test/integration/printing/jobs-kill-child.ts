// Child process of jobs-kill.test.ts: a core with a receipt printer, one case accepted, then it
// waits to be killed. It reports the case only after intake.submit returned (committed), so the
// parent's SIGKILL lands between the commit and the end of sending the receipt.
import { acceptCase, openChildCore, reportLine, runChild } from '../../support/child-core';
import { residentIdNumber } from '../../support/identity-numbers';

const [dataDir, resourcesDir] = process.argv.slice(2) as [string, string];

runChild(async () => {
  const child = await openChildCore(dataDir, resourcesDir, 'jobs-kill', {
    printerTiming: { conditionTimeoutMs: 300, waitingLookMs: 200, idleLookMs: 60_000 },
  });
  const detail = await acceptCase(child, '王𠮷', residentIdNumber('330102', '1990-01-01', 7));
  reportLine(`ACCEPTED\t${detail.id}\t${detail.caseNumber}`);
  // Kept alive until killed.
  setInterval(() => undefined, 60_000);
});
