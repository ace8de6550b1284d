import { Alert, Checkbox, Form, Segmented, Select, type InputRef } from 'antd';
import type { ReactNode, Ref } from 'react';
import {
  CHECKSUM_OVERRIDE_CONFIRMATION,
  CHECKSUM_OVERRIDE_PROMPT,
  IDENTITY_DOCUMENT_LABELS,
  IDENTITY_DOCUMENT_TYPES,
  TEXT_LIMITS,
  checkHmtResidencePermitNumber,
  checkResidentIdNumber,
  mobileScopeFor,
  type ChecksumOverrideField,
  type IdentityDocumentType,
} from '../../../../electron/contract';
import { LimitedInput } from '../LimitedText';
import { useNameDotNotes, type NameKind } from './name-dot-notes';
import {
  applicantValue,
  checksumConfirmable,
  checksumPolicy,
  withChecksumConfirmation,
  type AgentFields,
  type ApplicantDraft,
  type OrganisationFields,
  type PersonFields,
} from './model/applicant-draft';
import { fieldKey, type FieldErrors } from './model/field-errors';

// Limits count characters as people do (code points, as the core does), so a name of rare
// characters outside the BMP (𠮷) gets the same room as any other and is never split in half.
const PERSON_NAME_INPUT_MAX = TEXT_LIMITS.personName;
const ORGANISATION_NAME_INPUT_MAX = TEXT_LIMITS.organisationName;
const MOBILE_INPUT_MAX = 30;

/** What the mobile field accepts for the holder of `idType`, as its placeholder. */
function mobilePlaceholder(idType: IdentityDocumentType | null): string {
  return idType !== null && mobileScopeFor(idType) === 'international' ? '内地号码，或 +852 9123 4567 等境外号码' : '11位手机号码';
}

const ID_TYPE_OPTIONS = IDENTITY_DOCUMENT_TYPES.map((value) => ({ value, label: IDENTITY_DOCUMENT_LABELS[value] }));

const SEX_LABELS = { male: '男', female: '女' } as const;
const REGION_LABELS = { hong_kong: '香港', macao: '澳门', taiwan: '台湾' } as const;

/** What a valid GB 11643 number says about its holder, for the clerk to compare with the person. */
export function idNumberHint(idType: IdentityDocumentType, value: string, today: string): string | null {
  if (idType === 'resident_id_card') {
    const r = checkResidentIdNumber(value, today);
    return r.ok ? `出生日期 ${r.value.birthDate} · ${SEX_LABELS[r.value.sex]}` : null;
  }
  if (idType === 'hmt_residence_permit') {
    const r = checkHmtResidencePermitNumber(value, today);
    return r.ok ? `${REGION_LABELS[r.value.region]}居民 · 出生日期 ${r.value.birthDate} · ${SEX_LABELS[r.value.sex]}` : null;
  }
  return null;
}

interface ApplicantSectionProps {
  applicant: ApplicantDraft;
  errors: FieldErrors;
  today: string;
  disabled: boolean;
  /** `key` is the field key of what changed, so a message already shown can follow the edit. */
  onChange: (next: ApplicantDraft, key: string) => void;
  onBlurField: (key: string) => void;
  firstFieldRef?: Ref<InputRef>;
}

export function ApplicantSection({ applicant, errors, today, disabled, onChange, onBlurField, firstFieldRef }: ApplicantSectionProps) {
  const setPerson = (field: keyof PersonFields, value: string) =>
    onChange({ ...applicant, person: { ...applicant.person, [field]: value } }, fieldKey.applicant(field));
  const setOrganisation = (field: keyof OrganisationFields, value: string) =>
    onChange({ ...applicant, organisation: { ...applicant.organisation, [field]: value } }, fieldKey.applicant(field));
  const setAgent = (field: keyof AgentFields, value: string) =>
    onChange({ ...applicant, agent: { ...applicant.agent, [field]: value } }, fieldKey.agent(field));
  const dots = useNameDotNotes();

  function text(
    key: string,
    label: string,
    value: string,
    set: (value: string) => void,
    options: { span: number; required?: boolean; maxLength?: number; placeholder?: string; hint?: ReactNode; tel?: boolean; number?: boolean; inputRef?: Ref<InputRef>; name?: NameKind },
  ) {
    const error = errors[key];
    // A name's field says when a typed 间隔号 is (to be) replaced by U+00B7.
    const hint = options.hint ?? (options.name ? dots.note(key, value, options.name) : null);
    return (
      <div className={`ik-field ik-span-${options.span}`} data-field={key}>
        <Form.Item
          label={label}
          required={options.required ?? true}
          validateStatus={error ? 'error' : undefined}
          help={error}
          extra={!error && hint ? <span className="ik-field-hint">{hint}</span> : undefined}
          htmlFor={`ik-${key}`}
        >
          <LimitedInput
            id={`ik-${key}`}
            ref={options.inputRef}
            value={value}
            limit={options.maxLength ?? TEXT_LIMITS.address}
            // Numbers have exact lengths their validator states; a counter there would mislead.
            counter={!options.number}
            placeholder={options.placeholder}
            inputMode={options.tel ? 'tel' : undefined}
            className={options.number ? 'ik-number-input' : undefined}
            autoComplete="off"
            spellCheck={false}
            onChange={(e) => set(e.target.value)}
            onBlur={() => {
              if (options.name) dots.foldOnLeave(key, value, options.name, set);
              onBlurField(key);
            }}
          />
        </Form.Item>
      </div>
    );
  }

  function idTypeSelect(key: string, value: IdentityDocumentType, set: (value: IdentityDocumentType) => void) {
    const error = errors[key];
    return (
      <div className="ik-field ik-span-3" data-field={key}>
        <Form.Item label="证件类型" required htmlFor={`ik-${key}`} validateStatus={error ? 'error' : undefined} help={error}>
          <Select id={`ik-${key}`} value={value} options={ID_TYPE_OPTIONS} onChange={set} popupMatchSelectWidth={false} />
        </Form.Item>
      </div>
    );
  }

  /**
   * Beside a number whose check character alone is wrong: the warning and the clerk's deliberate
   * confirmation (unticked until ticked, withdrawn when the number is edited), full width.
   */
  function confirmation(field: ChecksumOverrideField) {
    if (!checksumConfirmable(applicant, field, today)) return null;
    const confirmed = checksumPolicy(applicant, field, applicantValue(field, applicant)) === 'confirmed';
    return (
      <div className="ik-field ik-span-12 ik-checksum" data-field={`${field}.checksumConfirmed`}>
        <Alert
          type="warning"
          showIcon
          title={CHECKSUM_OVERRIDE_PROMPT}
          action={
            <Checkbox
              id={`ik-${field}.checksumConfirmed`}
              checked={confirmed}
              onChange={(e) => onChange(withChecksumConfirmation(applicant, field, e.target.checked), field)}
            >
              {CHECKSUM_OVERRIDE_CONFIRMATION}
            </Checkbox>
          }
        />
      </div>
    );
  }

  const p = applicant.person;
  const o = applicant.organisation;
  const a = applicant.agent;

  return (
    <Form layout="vertical" component={false} disabled={disabled}>
      {applicant.kind === 'person' ? (
        <div className="ik-grid">
          {text(fieldKey.applicant('name'), '姓名', p.name, (v) => setPerson('name', v), {
            name: 'person',
            span: 3,
            maxLength: PERSON_NAME_INPUT_MAX,
            inputRef: firstFieldRef,
            placeholder: '与证件一致，生僻字照原样录入',
          })}
          {idTypeSelect(fieldKey.applicant('idType'), p.idType, (v) =>
            onChange({ ...applicant, person: { ...p, idType: v } }, fieldKey.applicant('idNumber')),
          )}
          {text(fieldKey.applicant('idNumber'), '证件号码', p.idNumber, (v) => setPerson('idNumber', v), {
            span: 3,
            maxLength: TEXT_LIMITS.documentNumber,
            number: true,
            hint: idNumberHint(p.idType, p.idNumber, today),
          })}
          {text(fieldKey.applicant('mobile'), '手机号码', p.mobile, (v) => setPerson('mobile', v), {
            span: 3,
            maxLength: MOBILE_INPUT_MAX,
            tel: true,
            number: true,
            placeholder: mobilePlaceholder(p.idType),
          })}
          {confirmation('applicant.idNumber')}
          {text(fieldKey.applicant('address'), '地址', p.address, (v) => setPerson('address', v), { span: 9, required: false, maxLength: TEXT_LIMITS.address })}
          <AgentToggle applicant={applicant} onChange={onChange} />
        </div>
      ) : (
        <div className="ik-grid">
          {text(fieldKey.applicant('name'), '单位名称', o.name, (v) => setOrganisation('name', v), {
            name: 'organisation',
            span: 6,
            maxLength: ORGANISATION_NAME_INPUT_MAX,
            inputRef: firstFieldRef,
            placeholder: '与营业执照或登记证书一致',
          })}
          {text(fieldKey.applicant('creditCode'), '统一社会信用代码', o.creditCode, (v) => setOrganisation('creditCode', v), {
            span: 3,
            maxLength: TEXT_LIMITS.creditCode,
            number: true,
          })}
          {text(fieldKey.applicant('legalRepresentative'), '法定代表人', o.legalRepresentative, (v) => setOrganisation('legalRepresentative', v), {
            name: 'person',
            span: 3,
            maxLength: PERSON_NAME_INPUT_MAX,
          })}
          {confirmation('applicant.creditCode')}
          {text(fieldKey.applicant('contactName'), '联系人', o.contactName, (v) => setOrganisation('contactName', v), { span: 3, maxLength: PERSON_NAME_INPUT_MAX, name: 'person' })}
          {text(fieldKey.applicant('mobile'), '手机号码', o.mobile, (v) => setOrganisation('mobile', v), {
            span: 3,
            maxLength: MOBILE_INPUT_MAX,
            tel: true,
            number: true,
            placeholder: mobilePlaceholder(null),
          })}
          {text(fieldKey.applicant('address'), '地址', o.address, (v) => setOrganisation('address', v), { span: 6, required: false, maxLength: TEXT_LIMITS.address })}
          <AgentToggle applicant={applicant} onChange={onChange} />
        </div>
      )}
      {applicant.hasAgent ? (
        <fieldset className="ik-agent">
          <legend>代办人（委托代理人）</legend>
          <div className="ik-grid">
            {text(fieldKey.agent('name'), '姓名', a.name, (v) => setAgent('name', v), { span: 3, maxLength: PERSON_NAME_INPUT_MAX, name: 'person' })}
            {idTypeSelect(fieldKey.agent('idType'), a.idType, (v) => onChange({ ...applicant, agent: { ...a, idType: v } }, fieldKey.agent('idNumber')))}
            {text(fieldKey.agent('idNumber'), '证件号码', a.idNumber, (v) => setAgent('idNumber', v), {
              span: 3,
              maxLength: TEXT_LIMITS.documentNumber,
              number: true,
              hint: idNumberHint(a.idType, a.idNumber, today),
            })}
            {text(fieldKey.agent('mobile'), '手机号码', a.mobile, (v) => setAgent('mobile', v), {
              span: 3,
              maxLength: MOBILE_INPUT_MAX,
              tel: true,
              number: true,
              placeholder: mobilePlaceholder(a.idType),
            })}
            {confirmation('agent.idNumber')}
          </div>
        </fieldset>
      ) : null}
    </Form>
  );
}

/** 个人 / 单位: in the section's header, so the form below starts straight with the fields. */
export function ApplicantKindSwitch({ applicant, onChange, disabled }: Pick<ApplicantSectionProps, 'applicant' | 'onChange' | 'disabled'>) {
  return (
    <Segmented<ApplicantDraft['kind']>
      aria-label="申请人类型"
      size="small"
      disabled={disabled}
      value={applicant.kind}
      options={[
        { value: 'person', label: '个人（自然人）' },
        { value: 'organisation', label: '单位（法人）' },
      ]}
      onChange={(kind) => onChange({ ...applicant, kind }, 'applicant.kind')}
    />
  );
}

function AgentToggle({ applicant, onChange }: Pick<ApplicantSectionProps, 'applicant' | 'onChange'>) {
  return (
    <div className="ik-field ik-span-3 ik-agent-toggle">
      <Checkbox checked={applicant.hasAgent} onChange={(e) => onChange({ ...applicant, hasAgent: e.target.checked }, 'agent.hasAgent')}>
        由代办人办理
      </Checkbox>
    </div>
  );
}
