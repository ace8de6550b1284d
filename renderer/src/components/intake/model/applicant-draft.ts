/**
 * The applicant part of the intake form as plain data: what the clerk typed (both kinds kept,
 * and the agent), the checks beside each field — the contract's validators and schemas, never
 * rules of the window's own — the clerk's checksum confirmations, and the `applicant` / `agent`
 * arguments of intake.submit.
 */
import {
  AddressField,
  checkIdentityDocumentNumber,
  checkMobileNumber,
  checkOrganisationName,
  checkPersonNameOf,
  checkUnifiedSocialCreditCode,
  isChecksumOnlyFailure,
  mobileScopeFor,
  type ChecksumOverrideField,
  type ChecksumPolicy,
  type IdentityDocumentType,
  type MethodArgs,
  type PersonNameRole,
  type ValidationResult,
} from '../../../../../electron/contract';
import { schemaMessage } from '../../../shared/schema-rule';
import { fieldKey, type FieldErrors } from './field-errors';

/** A natural person applicant's fields, as typed. */
export interface PersonFields {
  name: string;
  idType: IdentityDocumentType;
  idNumber: string;
  mobile: string;
  address: string;
}

/** An organisation applicant's fields (单位), as typed. */
export interface OrganisationFields {
  name: string;
  creditCode: string;
  legalRepresentative: string;
  contactName: string;
  mobile: string;
  address: string;
}

/** The agent's fields (代办人, always a natural person), as typed. */
export interface AgentFields {
  name: string;
  idType: IdentityDocumentType;
  idNumber: string;
  mobile: string;
}

/** Both kinds are kept, so flipping 个人/单位 by mistake loses nothing already typed. */
export interface ApplicantDraft {
  kind: 'person' | 'organisation';
  person: PersonFields;
  organisation: OrganisationFields;
  hasAgent: boolean;
  agent: AgentFields;
  /**
   * The clerk's confirmations that a number with a wrong check character matches the original
   * document, by field, holding the number exactly as it was when confirmed: editing the number
   * afterwards withdraws the confirmation (it was given for another number). Absent: none.
   */
  checksumConfirmed?: Partial<Record<ChecksumOverrideField, string>>;
}

/** A person with nothing typed yet, holding a 居民身份证 (the usual document at a counter). */
export function emptyPerson(): PersonFields {
  return { name: '', idType: 'resident_id_card', idNumber: '', mobile: '', address: '' };
}

/** The applicant part of a new form: a person, no agent, nothing typed. */
export function emptyApplicant(): ApplicantDraft {
  return {
    kind: 'person',
    person: emptyPerson(),
    organisation: { name: '', creditCode: '', legalRepresentative: '', contactName: '', mobile: '', address: '' },
    hasAgent: false,
    agent: { name: '', idType: 'resident_id_card', idNumber: '', mobile: '' },
  };
}

/** A field's check: its message for `value`, or null when it is right. */
export type Check = (value: string) => string | null;

function message(result: ValidationResult<unknown>): string | null {
  return result.ok ? null : result.message;
}

/** The name of the person in `role`; an empty one is asked for by the role's name. */
function personName(role: PersonNameRole): Check {
  return (value) => message(checkPersonNameOf(role, value));
}

/** The contract's own address schema (optional, at most TEXT_LIMITS.address characters). */
const address: Check = (value) => schemaMessage(AddressField, value);

/** The mobile check for the holder of `idType` (null: an organisation, a mainland holder). */
function mobile(idType: IdentityDocumentType | null): Check {
  const scope = idType === null ? 'mainland' : mobileScopeFor(idType);
  return (value) => message(checkMobileNumber(value, scope));
}

/** Whether the clerk confirmed this very number of `field` against the original document. */
export function checksumPolicy(applicant: ApplicantDraft, field: ChecksumOverrideField, value: string): ChecksumPolicy {
  return applicant.checksumConfirmed?.[field] === value ? 'confirmed' : 'enforce';
}

/** The draft with the confirmation of `field` given (for its current number) or withdrawn. */
export function withChecksumConfirmation(applicant: ApplicantDraft, field: ChecksumOverrideField, confirmed: boolean): ApplicantDraft {
  const next = { ...applicant.checksumConfirmed };
  if (confirmed) next[field] = applicantValue(field, applicant);
  else delete next[field];
  return { ...applicant, checksumConfirmed: next };
}

/**
 * Whether `field` holds a number that fails only its check character, so the confirmation is
 * offered beside it (shown whether or not it is already confirmed).
 */
export function checksumConfirmable(applicant: ApplicantDraft, field: ChecksumOverrideField, today: string): boolean {
  const value = applicantValue(field, applicant);
  if (value.trim() === '') return false;
  const result =
    field === 'applicant.creditCode'
      ? checkUnifiedSocialCreditCode(value)
      : checkIdentityDocumentNumber(field === 'agent.idNumber' ? applicant.agent.idType : applicant.person.idType, value, today);
  return isChecksumOnlyFailure(result);
}

function idNumber(idType: IdentityDocumentType, today: string, applicant: ApplicantDraft, field: ChecksumOverrideField): Check {
  return (value) => message(checkIdentityDocumentNumber(idType, value, today, checksumPolicy(applicant, field, value)));
}

/** The check for one applicant / agent field, by its field key; null for a field without one. */
export function applicantCheck(key: string, applicant: ApplicantDraft, today: string): Check | null {
  const [group, field] = key.split('.');
  if (group === 'agent') {
    switch (field) {
      case 'name':
        return personName('agent');
      case 'idNumber':
        return idNumber(applicant.agent.idType, today, applicant, 'agent.idNumber');
      case 'mobile':
        return mobile(applicant.agent.idType);
      default:
        return null;
    }
  }
  if (group !== 'applicant') return null;
  if (applicant.kind === 'person') {
    switch (field) {
      case 'name':
        return personName('applicant');
      case 'idNumber':
        return idNumber(applicant.person.idType, today, applicant, 'applicant.idNumber');
      case 'mobile':
        return mobile(applicant.person.idType);
      case 'address':
        return address;
      default:
        return null;
    }
  }
  switch (field) {
    case 'name':
      return (value) => message(checkOrganisationName(value));
    case 'creditCode':
      return (value) => message(checkUnifiedSocialCreditCode(value, checksumPolicy(applicant, 'applicant.creditCode', value)));
    case 'legalRepresentative':
      return personName('legalRepresentative');
    case 'contactName':
      return personName('contactName');
    case 'mobile':
      return mobile(null);
    case 'address':
      return address;
    default:
      return null;
  }
}

/** The value typed in the field of `key` (`applicant.mobile`, `agent.name` …), of the kind now chosen; '' if none. */
export function applicantValue(key: string, applicant: ApplicantDraft): string {
  const [group, field = ''] = key.split('.');
  const source: Record<string, string> =
    group === 'agent'
      ? { ...applicant.agent }
      : applicant.kind === 'person'
        ? { ...applicant.person }
        : { ...applicant.organisation };
  return source[field] ?? '';
}

/** The checked fields of each part, in the order they are shown (and their messages focused). */
export const PERSON_FIELDS = ['name', 'idNumber', 'mobile', 'address'] as const;
export const ORGANISATION_FIELDS = ['name', 'creditCode', 'legalRepresentative', 'contactName', 'mobile', 'address'] as const;
export const AGENT_FIELDS = ['name', 'idNumber', 'mobile'] as const;

/** The field keys of the parts shown now: the applicant's kind, and the agent's when there is one. */
export function applicantFieldKeys(applicant: ApplicantDraft): string[] {
  const own = (applicant.kind === 'person' ? PERSON_FIELDS : ORGANISATION_FIELDS).map(fieldKey.applicant);
  return applicant.hasAgent ? [...own, ...AGENT_FIELDS.map(fieldKey.agent)] : own;
}

/** Every shown field's message (applicantCheck), by field key; `today` is the hall's date, for birth dates. */
export function validateApplicant(applicant: ApplicantDraft, today: string): FieldErrors {
  const errors: FieldErrors = {};
  for (const key of applicantFieldKeys(applicant)) {
    const check = applicantCheck(key, applicant, today);
    const problem = check ? check(applicantValue(key, applicant)) : null;
    if (problem !== null) errors[key] = problem;
  }
  return errors;
}

/** Whether anything has been typed in any applicant or agent field (of either kind). */
export function isApplicantTouched(applicant: ApplicantDraft): boolean {
  const { person: p, organisation: o, agent: a } = applicant;
  const typed = [p.name, p.idNumber, p.mobile, p.address, ...Object.values(o), a.name, a.idNumber, a.mobile];
  return typed.some((v) => v.trim() !== '');
}

/**
 * The applicant exactly as typed: no trimming, no normalisation here. The core's validators
 * trim surrounding spaces and nothing else, so a rare character (𠮷, 䶮, a compatibility
 * ideograph) reaches the database as the clerk entered it.
 */
export function applicantArgs(applicant: ApplicantDraft): Pick<MethodArgs<'intake.submit'>, 'applicant' | 'agent'> {
  // A confirmation is sent only for the number it was given for (and only then at all).
  const confirmed = (field: ChecksumOverrideField) =>
    checksumPolicy(applicant, field, applicantValue(field, applicant)) === 'confirmed' ? { [checksumFlag(field)]: true } : {};
  const own: MethodArgs<'intake.submit'>['applicant'] =
    applicant.kind === 'person'
      ? { kind: 'person', ...applicant.person, ...confirmed('applicant.idNumber') }
      : { kind: 'organisation', ...applicant.organisation, ...confirmed('applicant.creditCode') };
  return { applicant: own, agent: applicant.hasAgent ? { ...applicant.agent, ...confirmed('agent.idNumber') } : null };
}

function checksumFlag(field: ChecksumOverrideField): 'idNumberChecksumConfirmed' | 'creditCodeChecksumConfirmed' {
  return field === 'applicant.creditCode' ? 'creditCodeChecksumConfirmed' : 'idNumberChecksumConfirmed';
}
