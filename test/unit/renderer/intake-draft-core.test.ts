import { describe, expect, it } from 'vitest';
import { IntakeDraftSchema, type ItemDetail } from '../../../electron/contract';
import { fromCoreDraft, newDraft, toCoreDraft, type IntakeDraft } from '../../../renderer/src/pages/intake/intake-draft';

// The page's form ⇄ the core's copy (drafts.save / drafts.get): what was typed comes back as
// typed, through the contract's schema and JSON, as it does after a restart.

const ITEM = { code: 'C1', version: 3, name: '食品经营许可', materials: [] } as unknown as ItemDetail;

function typedForm(): IntakeDraft {
  const d = newDraft();
  return {
    ...d,
    query: '食品',
    item: ITEM,
    applicant: {
      ...d.applicant,
      person: { name: '王𡒄', idType: 'passport', idNumber: 'E1234', mobile: '+852 9123', address: ' 人民路 8 号\n2 楼 ' },
      hasAgent: true,
      agent: { name: '李𪚥', idType: 'resident_id_card', idNumber: '3301', mobile: '' },
    },
    receipts: { M1: { materialId: 'M1', received: true, form: 'copy', copies: 2, defective: true, defectNote: '复印不清' } },
    decision: { ...d.decision, chosen: 'reject', note: '申请人\n要求书面告知', rejectReasonId: 'R2', rejectReason: '不属于本机关职权', rejectLegalBasis: '' },
  };
}

/** Through the schema and JSON, as the core stores and returns it. */
function viaCore(form: IntakeDraft) {
  return IntakeDraftSchema.parse(JSON.parse(JSON.stringify(IntakeDraftSchema.parse(toCoreDraft(form)))));
}

describe('the core copy of an intake draft', () => {
  it('gives back everything typed, the item by reference', () => {
    const form = typedForm();
    const stored = viaCore(form);
    expect(stored.item).toEqual({ code: 'C1', version: 3 });
    expect(fromCoreDraft(stored, ITEM)).toEqual(form);
  });

  it('keeps the applicant but not the materials or decision when the item cannot be read again', () => {
    const back = fromCoreDraft(viaCore(typedForm()), null);
    expect(back.item).toBeNull();
    expect(back.applicant.person.name).toBe('王𡒄');
    expect(back.receipts).toEqual({});
    expect(back.decision.chosen).toBeNull();
  });

  it('reads a field it does not know as empty instead of failing', () => {
    const stored = viaCore(typedForm());
    const odd = { ...stored, applicant: { ...stored.applicant, person: { ...stored.applicant.person, idType: 'library_card' } } };
    expect(fromCoreDraft(odd, ITEM).applicant.person.idType).toBe('resident_id_card');
    // Loose objects: a field a newer form adds survives the round trip.
    const newer = { ...stored, applicant: { ...stored.applicant, creditCodeConfirmed: true } };
    expect(IntakeDraftSchema.parse(JSON.parse(JSON.stringify(newer))).applicant.creditCodeConfirmed).toBe(true);
  });
});
