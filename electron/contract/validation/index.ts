export type { ValidationResult } from './validation-result';
export { codePointLength, invalid, valid } from './validation-result';
export type { Gb11643Number } from './gb11643';
export type { ResidentIdNumber } from './resident-id-number';
export { checkResidentIdNumber } from './resident-id-number';
export type { HmtRegion, HmtResidencePermitNumber } from './hmt-residence-permit';
export { checkHmtResidencePermitNumber } from './hmt-residence-permit';
export { checkUnifiedSocialCreditCode } from './unified-social-credit-code';
export { checkMobileNumber } from './mobile-number';
export type { IdentityDocumentType } from './identity-document';
export {
  IDENTITY_DOCUMENT_LABELS,
  IDENTITY_DOCUMENT_TYPES,
  checkIdentityDocumentNumber,
  isIdentityDocumentType,
} from './identity-document';
export { checkOrganisationName, checkPersonName } from './person-name';
export { maskIdNumber, maskMobile } from './masking';
