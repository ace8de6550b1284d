import { describe, expect, it } from 'vitest';
import { AgentSchema, OrganisationApplicantSchema, PersonApplicantSchema } from '../../../../electron/contract/applicant';
import { checkPersonName, checkPersonNameOf } from '../../../../electron/contract/validation/person-name';

function messageAt(result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }, field: string) {
  return result.error?.issues.find((i) => i.path.join('.') === field)?.message;
}

describe('checkPersonNameOf', () => {
  it('asks for a missing name by the role of its field', () => {
    expect(checkPersonNameOf('applicant', '')).toEqual({ ok: false, message: '请输入姓名' });
    expect(checkPersonNameOf('agent', ' \u3000 ')).toEqual({ ok: false, message: '请输入代办人姓名' });
    expect(checkPersonNameOf('legalRepresentative', '')).toEqual({ ok: false, message: '请输入法定代表人姓名' });
    expect(checkPersonNameOf('contactName', '  ')).toEqual({ ok: false, message: '请输入联系人姓名' });
  });

  it('is checkPersonName for anything typed', () => {
    for (const input of ['王芳', ' 𠮷野家 ', '张3', '·王', '迈克尔.乔丹']) {
      expect(checkPersonNameOf('agent', input)).toEqual(checkPersonName(input));
    }
  });
});

describe('the applicant schemas name the missing person', () => {
  const organisation = {
    kind: 'organisation',
    name: '杭州某某科技有限公司',
    creditCode: '',
    legalRepresentative: '',
    contactName: ' ',
    mobile: '13812345678',
    address: '',
  };

  it('says which of an organisation’s people is missing, as the form does', () => {
    const parsed = OrganisationApplicantSchema.safeParse(organisation);
    expect(messageAt(parsed, 'legalRepresentative')).toBe('请输入法定代表人姓名');
    expect(messageAt(parsed, 'contactName')).toBe('请输入联系人姓名');
  });

  it('asks for the agent’s name as the agent’s, and the applicant’s as 姓名', () => {
    const agent = AgentSchema.safeParse({ name: '', idType: 'resident_id_card', idNumber: '', mobile: '' });
    expect(messageAt(agent, 'name')).toBe('请输入代办人姓名');
    const person = PersonApplicantSchema.safeParse({ kind: 'person', name: '', idType: 'resident_id_card', idNumber: '', mobile: '' });
    expect(messageAt(person, 'name')).toBe('请输入姓名');
  });

  it('refuses an address one character over the limit, counted in characters', () => {
    const address = '𠮷'.repeat(201);
    const parsed = OrganisationApplicantSchema.safeParse({ ...organisation, address });
    expect(messageAt(parsed, 'address')).toBe('地址不超过 200 字');
    const fits = OrganisationApplicantSchema.safeParse({ ...organisation, address: '𠮷'.repeat(200) });
    expect(messageAt(fits, 'address')).toBeUndefined();
  });
});
