import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import type { IntakePreview, ItemDetail } from '../../electron/contract';
import type { Core } from '../../electron/core';
import { residentIdNumber } from '../../test/support/identity-numbers';
import { seededRandom } from '../../test/support/seeded-random';
import { randomName } from './bulk-cases';
import { describeIntake, drawIntake } from './intake-decisions';

/**
 * One call's value, or an Error naming the method, its message and its field errors (a bench
 * stops on the first refusal: it is a failure, not a sample).
 */
export async function must<T>(core: Core, method: string, args: unknown): Promise<T> {
  const envelope = await core.invoke(method, args);
  if (!envelope.ok) throw new Error(`${method}: ${envelope.error.message} ${JSON.stringify(envelope.error.fieldErrors ?? [])}`);
  return envelope.value as T;
}

/**
 * The accepts a bench submits, one per call of the returned function (`i`: the accept's number):
 * each catalog item in turn (`catalogFile`, the shipped catalog), what a clerk would decide drawn
 * only among the intakes the core allows for the item today — 容缺 where intake.preview offers it
 * (never for a 即办件 due the day it is accepted), about one in five, else a plain accept. The
 * preview is asked before each accept, outside any timing, as the intake screen does, so a run
 * that crosses midnight follows the core's new day. Names come from `seed`.
 * @throws Error when the core allows neither kind for an item (naming it).
 */
export async function intakeSource(core: Core, catalogFile: string, seed: number) {
  const items: ItemDetail[] = [];
  for (const code of JSON.parse(fs.readFileSync(catalogFile, 'utf8')).items.map((i: { code: string }) => i.code) as string[]) {
    items.push(await must<ItemDetail>(core, 'catalog.getItem', { code }));
  }
  const rand = seededRandom(seed);
  return async (i: number) => {
    const item = items[i % items.length] as ItemDetail;
    const preview = await must<IntakePreview>(core, 'intake.preview', { itemCode: item.code });
    const offer = { deferral: preview.deferral, rejectionReasons: item.rejectionReasons };
    const wanted = rand() < 0.2 ? 'accept_with_deferral' : 'accept';
    const drawn = drawIntake(item.materials, wanted, offer, i) ?? drawIntake(item.materials, 'accept', offer, i);
    if (!drawn) throw new Error(`${describeIntake(item, wanted)}和直接受理都不被规则允许，基准测试无法为它生成受理`);
    return {
      item,
      args: {
        clientRequestId: randomUUID(),
        itemCode: item.code,
        itemVersion: item.version,
        applicant: { kind: 'person', name: randomName(rand), idType: 'resident_id_card', idNumber: residentIdNumber('330102', '1980-05-05', i % 1000), mobile: '13900001111', address: '金桥区人民路 8 号' },
        agent: null,
        materials: drawn.receipts,
        decision: drawn.decision,
      },
    };
  };
}
