import { Checkbox, Form, Input, Segmented, Select, type InputRef } from 'antd';
import type { ReactNode, Ref } from 'react';
import {
  IDENTITY_DOCUMENT_LABELS,
  IDENTITY_DOCUMENT_TYPES,
  checkHmtResidencePermitNumber,
  checkResidentIdNumber,
  type IdentityDocumentType,
} from '../../../../electron/contract';
import { fieldKey, type AgentFields, type ApplicantDraft, type FieldErrors, type OrganisationFields, type PersonFields } from './intake-model';

// Input limits are in UTF-16 units (as the browser counts), twice the validators' limits in
// characters: a name of rare characters outside the BMP (𠮷) is never cut short or split in
// half by the input; the validator beside the field says when a name is really too long.
const PERSON_NAME_INPUT_MAX = 100;
const ORGANISATION_NAME_INPUT_MAX = 200;

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

  function text(
    key: string,
    label: string,
    value: string,
    set: (value: string) => void,
    options: { span: number; required?: boolean; maxLength?: number; placeholder?: string; hint?: ReactNode; tel?: boolean; number?: boolean; inputRef?: Ref<InputRef> },
  ) {
    const error = errors[key];
    return (
      <div className={`ik-field ik-span-${options.span}`} data-field={key}>
        <Form.Item
          label={label}
          required={options.required ?? true}
          validateStatus={error ? 'error' : undefined}
          help={error}
          extra={!error && options.hint ? <span className="ik-field-hint">{options.hint}</span> : undefined}
          htmlFor={`ik-${key}`}
        >
          <Input
            id={`ik-${key}`}
            ref={options.inputRef}
            value={value}
            maxLength={options.maxLength}
            placeholder={options.placeholder}
            inputMode={options.tel ? 'tel' : undefined}
            className={options.number ? 'ik-number-input' : undefined}
            autoComplete="off"
            spellCheck={false}
            onChange={(e) => set(e.target.value)}
            onBlur={() => onBlurField(key)}
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

  const p = applicant.person;
  const o = applicant.organisation;
  const a = applicant.agent;

  return (
    <Form layout="vertical" component={false} disabled={disabled}>
      {applicant.kind === 'person' ? (
        <div className="ik-grid">
          {text(fieldKey.applicant('name'), '姓名', p.name, (v) => setPerson('name', v), {
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
            maxLength: 40,
            number: true,
            hint: idNumberHint(p.idType, p.idNumber, today),
          })}
          {text(fieldKey.applicant('mobile'), '手机号码', p.mobile, (v) => setPerson('mobile', v), { span: 3, maxLength: 20, tel: true, number: true })}
          {text(fieldKey.applicant('address'), '地址', p.address, (v) => setPerson('address', v), { span: 9, required: false, maxLength: 200 })}
          <AgentToggle applicant={applicant} onChange={onChange} />
        </div>
      ) : (
        <div className="ik-grid">
          {text(fieldKey.applicant('name'), '单位名称', o.name, (v) => setOrganisation('name', v), {
            span: 6,
            maxLength: ORGANISATION_NAME_INPUT_MAX,
            inputRef: firstFieldRef,
            placeholder: '与营业执照或登记证书一致',
          })}
          {text(fieldKey.applicant('creditCode'), '统一社会信用代码', o.creditCode, (v) => setOrganisation('creditCode', v), {
            span: 3,
            maxLength: 24,
            number: true,
          })}
          {text(fieldKey.applicant('legalRepresentative'), '法定代表人', o.legalRepresentative, (v) => setOrganisation('legalRepresentative', v), {
            span: 3,
            maxLength: PERSON_NAME_INPUT_MAX,
          })}
          {text(fieldKey.applicant('contactName'), '联系人', o.contactName, (v) => setOrganisation('contactName', v), { span: 3, maxLength: PERSON_NAME_INPUT_MAX })}
          {text(fieldKey.applicant('mobile'), '手机号码', o.mobile, (v) => setOrganisation('mobile', v), { span: 3, maxLength: 20, tel: true, number: true })}
          {text(fieldKey.applicant('address'), '地址', o.address, (v) => setOrganisation('address', v), { span: 6, required: false, maxLength: 200 })}
          <AgentToggle applicant={applicant} onChange={onChange} />
        </div>
      )}
      {applicant.hasAgent ? (
        <fieldset className="ik-agent">
          <legend>代办人（委托代理人）</legend>
          <div className="ik-grid">
            {text(fieldKey.agent('name'), '姓名', a.name, (v) => setAgent('name', v), { span: 3, maxLength: PERSON_NAME_INPUT_MAX })}
            {idTypeSelect(fieldKey.agent('idType'), a.idType, (v) => onChange({ ...applicant, agent: { ...a, idType: v } }, fieldKey.agent('idNumber')))}
            {text(fieldKey.agent('idNumber'), '证件号码', a.idNumber, (v) => setAgent('idNumber', v), {
              span: 3,
              maxLength: 40,
              number: true,
              hint: idNumberHint(a.idType, a.idNumber, today),
            })}
            {text(fieldKey.agent('mobile'), '手机号码', a.mobile, (v) => setAgent('mobile', v), { span: 3, maxLength: 20, tel: true, number: true })}
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
