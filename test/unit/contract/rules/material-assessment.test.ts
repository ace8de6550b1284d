import { describe, expect, it } from 'vitest';
import { MATERIAL_FORMS, type Material, type MaterialForm } from '../../../../electron/contract/catalog';
import {
  RECEIVED_FORMS,
  assessIntake,
  emptyReceipt,
  type MaterialReceipt,
  type ReceivedForm,
} from '../../../../electron/contract/rules/material-assessment';

function material(overrides: Partial<Material> = {}): Material {
  return { id: 'm1', name: '身份证', form: 'original', copies: 1, required: true, key: true, note: null, ...overrides };
}

function receipt(overrides: Partial<MaterialReceipt> = {}): MaterialReceipt {
  return { materialId: 'm1', received: true, form: 'original', copies: 1, defective: false, defectNote: '', ...overrides };
}

/**
 * Which ticked form satisfies which required form, written out by hand rather than derived
 * from the code under test: an original alone leaves no copy on file, and 原件及复印件 needs both.
 */
const SATISFIES: Record<MaterialForm, Record<ReceivedForm, boolean>> = {
  original: { original: true, copy: false, both: true },
  copy: { original: false, copy: true, both: true },
  original_and_copy: { original: false, copy: false, both: true },
};

const FORM_TEXT: Record<MaterialForm, string> = { original: '原件', copy: '复印件', original_and_copy: '原件及复印件' };

describe('one material, every required form × ticked form × copies', () => {
  const cases: Array<{ required: MaterialForm; form: ReceivedForm | null; need: number; got: number }> = [];
  for (const required of MATERIAL_FORMS)
    for (const form of [null, ...RECEIVED_FORMS])
      for (const need of [1, 2, 3])
        for (let got = 0; got <= need + 1; got++) cases.push({ required, form, need, got });

  it.each(cases)('requires $required × $need, ticked $form × $got', ({ required, form, need, got }) => {
    const m = material({ form: required, copies: need });
    const [a] = assessIntake([m], [receipt({ form, copies: got })]).materials;
    const formOk = form !== null && SATISFIES[required][form];
    if (!formOk) {
      expect(a).toMatchObject({ status: 'wrong_form', problem: `应提交${FORM_TEXT[required]}` });
    } else if (got < need) {
      expect(a).toMatchObject({ status: 'short_copies', problem: `应提交 ${need} 份，实收 ${got} 份` });
    } else {
      expect(a).toMatchObject({ status: 'complete', problem: null });
    }
    // Whatever the reason, acceptance is open exactly when the one required material is complete.
    const assessment = assessIntake([m], [receipt({ form, copies: got })]);
    expect(assessment.allowed.accept).toBe(a?.status === 'complete');
  });

  it('never counts an original alone as the copy on file, nor one copy fewer than required', () => {
    const copy = material({ form: 'copy', copies: 2 });
    expect(assessIntake([copy], [receipt({ form: 'original', copies: 2 })]).allowed.accept).toBe(false);
    expect(assessIntake([copy], [receipt({ form: 'copy', copies: 1 })]).allowed.accept).toBe(false);
    expect(assessIntake([copy], [receipt({ form: 'both', copies: 1 })]).allowed.accept).toBe(false);
    expect(assessIntake([copy], [receipt({ form: 'both', copies: 2 })]).allowed.accept).toBe(true);
    const both = material({ form: 'original_and_copy', copies: 1 });
    expect(assessIntake([both], [receipt({ form: 'original', copies: 1 })]).allowed.accept).toBe(false);
    expect(assessIntake([both], [receipt({ form: 'copy', copies: 1 })]).allowed.accept).toBe(false);
    expect(assessIntake([both], [receipt({ form: 'both', copies: 0 })]).allowed.accept).toBe(false);
  });
});

describe('a material not received, or received but defective', () => {
  it('is missing when required and merely optional otherwise', () => {
    expect(assessIntake([material()], [receipt({ received: false })]).materials[0]).toMatchObject({ status: 'missing', problem: '未提交' });
    expect(assessIntake([material({ required: false })], [receipt({ received: false })]).materials[0]).toMatchObject({
      status: 'optional',
      problem: null,
    });
  });

  it('counts an unticked material as not received even if a form and copies were filled in', () => {
    const [a] = assessIntake([material()], [receipt({ received: false, form: 'both', copies: 5 })]).materials;
    expect(a?.status).toBe('missing');
  });

  it('is missing when the clerk sent no receipt for it at all', () => {
    const m = material({ id: 'absent' });
    const result = assessIntake([m], [receipt({ materialId: 'other' })]);
    expect(result.materials).toHaveLength(1);
    expect(result.materials[0]).toMatchObject({ status: 'missing', receipt: emptyReceipt('absent'), material: m });
    expect(emptyReceipt('x')).toEqual({ materialId: 'x', received: false, form: null, copies: 0, defective: false, defectNote: '' });
  });

  it('is defective, with the clerk’s note trimmed, before form and copies are looked at', () => {
    const [a] = assessIntake([material()], [receipt({ defective: true, defectNote: '  未签字 ', form: null, copies: 0 })]).materials;
    expect(a).toMatchObject({ status: 'defective', problem: '不符合要求：未签字' });
    const [b] = assessIntake([material()], [receipt({ defective: true, defectNote: '   ' })]).materials;
    expect(b).toMatchObject({ status: 'defective', problem: '不符合要求' });
    // A defective optional material is still reported, but never holds the case up.
    const optional = assessIntake([material({ required: false })], [receipt({ defective: true })]);
    expect(optional.materials[0]?.status).toBe('defective');
    expect(optional.toSupplement).toEqual([]);
    expect(optional.allowed.accept).toBe(true);
  });
});

describe('the decisions the materials leave open (Administrative Licensing Law art. 32)', () => {
  const key = material({ id: 'key', key: true });
  const nonKey = material({ id: 'nonkey', key: false, name: '委托书' });
  const optional = material({ id: 'opt', required: false, key: false, name: '照片' });
  const all = [key, nonKey, optional];
  const ok = (id: string): MaterialReceipt => receipt({ materialId: id });
  const none = (id: string): MaterialReceipt => receipt({ materialId: id, received: false, form: null, copies: 0 });

  it('all required complete: accept only; optional materials do not matter', () => {
    for (const opt of [ok('opt'), none('opt')]) {
      const r = assessIntake(all, [ok('key'), ok('nonkey'), opt]);
      expect(r.allowed).toEqual({ accept: true, acceptWithDeferral: false, requestCorrection: false, reject: true });
      expect(r.blocking).toEqual([]);
      expect(r.deferrable).toEqual([]);
      expect(r.toSupplement).toEqual([]);
      expect(r.materials.map((m) => m.material.id)).toEqual(['key', 'nonkey', 'opt']);
    }
  });

  it('only a non-key material short: accept with deferral (容缺受理) or request correction', () => {
    const r = assessIntake(all, [ok('key'), receipt({ materialId: 'nonkey', copies: 0 }), none('opt')]);
    expect(r.allowed).toEqual({ accept: false, acceptWithDeferral: true, requestCorrection: true, reject: true });
    expect(r.blocking).toEqual([]);
    expect(r.deferrable.map((a) => a.material.id)).toEqual(['nonkey']);
    expect(r.toSupplement.map((a) => a.material.id)).toEqual(['nonkey']);
  });

  it('a key material short: no deferral possible; correction lists every missing material at once (一次性告知)', () => {
    const r = assessIntake(all, [receipt({ materialId: 'key', form: 'copy' }), none('nonkey'), none('opt')]);
    expect(r.allowed).toEqual({ accept: false, acceptWithDeferral: false, requestCorrection: true, reject: true });
    expect(r.blocking.map((a) => a.material.id)).toEqual(['key']);
    expect(r.deferrable.map((a) => a.material.id)).toEqual(['nonkey']);
    expect(r.toSupplement.map((a) => a.material.id)).toEqual(['key', 'nonkey']);
    const onlyKey = assessIntake([key, nonKey], [none('key'), ok('nonkey')]);
    expect(onlyKey.allowed).toEqual({ accept: false, acceptWithDeferral: false, requestCorrection: true, reject: true });
  });

  it('an item with no materials may be accepted at once', () => {
    expect(assessIntake([], []).allowed).toEqual({ accept: true, acceptWithDeferral: false, requestCorrection: false, reject: true });
  });
});
