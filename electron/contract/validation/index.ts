export type { ChecksumPolicy, ValidationFailure, ValidationResult } from './validation-result';
export { INVALID_VALUE_MESSAGE, codePointLength, invalid, isChecksumOnlyFailure, valid } from './validation-result';
export type { Gb11643Number } from './gb11643';
export type { ResidentIdNumber } from './resident-id-number';
export { checkResidentIdNumber } from './resident-id-number';
export type { HmtRegion, HmtResidencePermitNumber } from './hmt-residence-permit';
export { checkHmtResidencePermitNumber } from './hmt-residence-permit';
export { checkUnifiedSocialCreditCode } from './unified-social-credit-code';
export type { MobileNumberScope } from './mobile-number';
export { checkMobileNumber } from './mobile-number';
export type { IdentityDocumentType } from './identity-document';
export {
  IDENTITY_DOCUMENT_LABELS,
  IDENTITY_DOCUMENT_TYPES,
  MAINLAND_IDENTITY_DOCUMENT_TYPES,
  checkIdentityDocumentNumber,
  isIdentityDocumentType,
} from './identity-document';
export { PERSON_NAME_ROLES, checkOrganisationName, checkPersonName, checkPersonNameOf, type PersonNameRole } from './person-name';
export { maskIdNumber, maskMobile } from './masking';
export { checkPinStrength } from './pin-strength';
export { NAME_DOT, NAME_DOT_VARIANTS, foldNameDots, nameSearchKey, nameTails, type FoldedName } from './name-dots';
export { TRACKING_NUMBER_MAX, checkTrackingNumber } from './tracking-number';
