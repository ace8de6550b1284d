import type { Agent, Applicant } from '../../../contract/applicant';
import { IDENTITY_DOCUMENT_LABELS, maskIdNumber, maskMobile } from '../../../contract/validation';

/** One `label：value` line about a party of a case, as printed (numbers already masked). */
export interface PartyLine {
  label: string;
  value: string;
}

/** `110105********002X`, preceded by the document's name unless it is the 居民身份证 everyone assumes. */
function maskedDocument(idType: string, idNumber: string): string {
  const masked = maskIdNumber(idNumber);
  if (idType === 'resident_id_card') return masked;
  const label = (IDENTITY_DOCUMENT_LABELS as Readonly<Record<string, string>>)[idType] ?? idType;
  return `${label} ${masked}`;
}

/**
 * The applicant as printed on every paper (DESIGN.md "Data rules": ID numbers and phone
 * numbers masked on every printed paper, first 6 + last 4): the name exactly as stored, the
 * masked document number or credit code, the contact and the masked mobile.
 */
export function applicantLines(applicant: Applicant): PartyLine[] {
  if (applicant.kind === 'person') {
    return [
      { label: '申请人', value: applicant.name },
      { label: '证件号码', value: maskedDocument(applicant.idType, applicant.idNumber) },
      ...(applicant.mobile ? [{ label: '联系电话', value: maskMobile(applicant.mobile) }] : []),
    ];
  }
  return [
    { label: '申请单位', value: applicant.name },
    { label: '统一社会信用代码', value: maskIdNumber(applicant.creditCode) },
    { label: '联系人', value: applicant.contactName },
    ...(applicant.mobile ? [{ label: '联系电话', value: maskMobile(applicant.mobile) }] : []),
  ];
}

/** The 代办人 (always a natural person), masked like the applicant. */
export function agentLines(agent: Agent): PartyLine[] {
  return [
    { label: '代办人', value: agent.name },
    { label: '代办人证件', value: maskedDocument(agent.idType, agent.idNumber) },
    ...(agent.mobile ? [{ label: '代办人电话', value: maskMobile(agent.mobile) }] : []),
  ];
}
