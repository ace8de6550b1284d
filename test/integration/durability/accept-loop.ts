// Child process of kill-during-accept.test.ts: accepts cases as fast as it can and reports each
// one only after the accept call returned. The parent kills it with SIGKILL at random moments.
// wal-fsync.test.ts runs it under strace with a limit (4th argument) and it exits after that many.
import { acceptCase, openChildCore, reportLine, runChild } from '../../support/child-core';
import { residentIdNumber } from '../../support/identity-numbers';

const [dataDir, resourcesDir, runTag, limitArg] = process.argv.slice(2) as [string, string, string, string | undefined];
const limit = limitArg === undefined ? Infinity : Number(limitArg);

const DIGITS = '〇一二三四五六七八九';
function chineseNumber(n: number): string {
  return [...String(n)].map((d) => DIGITS[Number(d)]).join('');
}

runChild(async () => {
  const child = await openChildCore(dataDir, resourcesDir, 'durability');
  reportLine('READY');
  for (let i = 0; i < limit; i++) {
    // Names take no digits, so the run and the counter are written as Chinese numerals.
    const name = `测试${chineseNumber(Number(runTag))}号${chineseNumber(i)}`;
    const idNumber = residentIdNumber('330102', '1990-01-01', (Number(runTag) * 37 + i) % 1000);
    const detail = await acceptCase(child, name, idNumber);
    reportLine(`ACCEPTED\t${detail.id}\t${detail.caseNumber}\t${name}\t${idNumber}`);
  }
  await child.core.close();
});
