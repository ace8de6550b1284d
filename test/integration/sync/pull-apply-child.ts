// Child process of the pull crash proof (pull-crash.test.ts): the app's whole core on a data
// folder, applying one pull answer read from a JSON file. Once every change of the answer has
// been applied inside the transaction — at the deadline recompute, the pull's last step before
// it writes the cursor and commits — it says APPLIED and blocks, so the parent's SIGKILL lands
// between the apply and the commit.
//
// argv: dataDir resourcesDir answerFile
// stdout lines (written synchronously): APPLIED, or ERROR <message> then exit 1.
import fs from 'node:fs';
import path from 'node:path';
import { silentLogger } from '../../../electron/core';
import { coreCapabilities, createCoreWith } from '../../../electron/core/create-core';
import { PullResponseSchema } from '../../../electron/contract/sync/pull';
import { applyPullResponse } from '../../../electron/core/sync/pull/apply-pull';
import { capturingPullDeps } from './pull-core';

const [dataDir, resourcesDir, answerFile] = process.argv.slice(2) as [string, string, string];

function report(line: string): void {
  fs.writeSync(1, `${line}\n`);
}

async function main(): Promise<void> {
  const captured = capturingPullDeps(coreCapabilities);
  await createCoreWith(
    { dataDir, configFile: path.join(dataDir, 'config.json'), resourcesDir, appVersion: 'pull-crash', logger: silentLogger, healthIntervalMs: 60_000 },
    captured.register,
  );
  const deps = captured.deps();
  const answer = PullResponseSchema.parse(JSON.parse(fs.readFileSync(answerFile, 'utf8')));
  applyPullResponse(
    {
      ...deps,
      cases: {
        recordBackOfficeDecision: (d) => deps.cases.recordBackOfficeDecision(d),
        recordBackOfficeDecisionNotRecorded: (d, reason) => deps.cases.recordBackOfficeDecisionNotRecorded(d, reason),
        recomputeDeadlines: (calendar, revision) => {
          const moved = deps.cases.recomputeDeadlines(calendar, revision);
          report('APPLIED');
          // Block this thread inside the open transaction until the parent kills the process.
          Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
          return moved;
        },
      },
    },
    answer,
  );
  report('ERROR the pull committed: it should have been killed first');
  process.exit(1);
}

main().catch((err: unknown) => {
  report(`ERROR ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  process.exit(1);
});
