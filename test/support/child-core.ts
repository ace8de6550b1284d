// What the kill-test children share: a core opened on a data folder the parent prepared (its
// config.json and staff 1001 / 246810), a call that throws the core's refusal, one case of the
// food-licence item accepted with every required material, and report lines written so that they
// leave the process before anything else happens (a SIGKILL may follow at once).
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { CounterCallError, type ItemDetail } from '../../electron/contract';
import { createCore, silentLogger, type Core, type CoreOptions } from '../../electron/core';

/** The item every kill child accepts: 食品经营许可 (承诺件). */
const KILL_TEST_ITEM = '11330102MB170512570100117001005';

export interface ChildCore {
  core: Core;
  /** Invokes `method`; resolves with its value, throws CounterCallError with the core's refusal. */
  call(method: string, args: unknown): Promise<unknown>;
  /** The kill-test item as the catalog has it now. */
  item: ItemDetail;
}

/**
 * Opens the core of a child process on `dataDir`, signs in staff 1001 and reads the kill-test
 * item. `extra` adds or overrides createCore options (printer timing and the like).
 */
export async function openChildCore(dataDir: string, resourcesDir: string, appVersion: string, extra: Partial<CoreOptions> = {}): Promise<ChildCore> {
  const core = await createCore({
    dataDir,
    configFile: path.join(dataDir, 'config.json'),
    resourcesDir,
    appVersion,
    logger: silentLogger,
    healthIntervalMs: 3_600_000,
    ...extra,
  });
  const call = async (method: string, args: unknown): Promise<unknown> => {
    const envelope = await core.invoke(method, args);
    if (!envelope.ok) throw new CounterCallError(envelope.error);
    return envelope.value;
  };
  await call('session.signIn', { staffNumber: '1001', pin: '246810' });
  const item = (await call('catalog.getItem', { code: KILL_TEST_ITEM })) as ItemDetail;
  return { core, call, item };
}

/** Accepts one case of `child.item` for a person with every required material received. */
export async function acceptCase(child: ChildCore, name: string, idNumber: string): Promise<{ id: string; caseNumber: string }> {
  const { item } = child;
  return (await child.call('intake.submit', {
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
}

/** Writes one line to stdout synchronously: it is out of the process before a kill can land. */
export function reportLine(line: string): void {
  fs.writeSync(1, `${line}\n`);
}

/** Runs a child's main, reporting `ERROR\t<message>` and exiting 1 on a failure. */
export function runChild(main: () => Promise<void>): void {
  main().catch((err: unknown) => {
    reportLine(`ERROR\t${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
}
