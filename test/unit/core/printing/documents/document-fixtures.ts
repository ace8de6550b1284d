/**
 * Realistic case data for the document builders' tests (unit and the notices-PDF integration
 * test): a 食品经营许可 case as the default catalog has it, received at 7号窗口 of a hall in
 * Hangzhou, with a citizen whose name has a character outside GBK (𠮷, U+20BB7).
 */
import type { Applicant } from '../../../../../electron/contract/applicant';
import { DEFAULT_COLLECTION_NOTE, type PrintingConfig } from '../../../../../electron/contract/config';
import type { CaseState, CorrectionItem, ItemSnapshot } from '../../../../../electron/core/cases/case-state';
import type {
  CaseDocumentInputs,
  DocumentInputs,
  QueueTicketInputs,
  TestPageInputs,
} from '../../../../../electron/core/printing/documents/document-inputs';
import { residentIdNumber, unifiedSocialCreditCode } from '../../../../support/identity-numbers';

export const APPLICANT_ID = residentIdNumber('330106', '1988-04-17', 123);
export const AGENT_ID = residentIdNumber('330102', '1992-10-05', 456);
export const CREDIT_CODE = unifiedSocialCreditCode('91330106MA2KXXXX0');
export const RARE_NAME = '王𠮷';

export const FOOD_LICENCE: ItemSnapshot = {
  code: '11330102MB170512570100117001005',
  version: 1,
  name: '食品经营许可',
  department: '区市场监督管理局',
  itemType: 'licensing',
  caseType: 'promised',
  legalDays: 10,
  promisedDays: 5,
  materials: [
    { id: 'M1', name: '食品经营许可申请书', form: 'original', copies: 1, required: true, key: true, note: '申请人签字或盖章' },
    { id: 'M2', name: '营业执照或者其他主体资格证明文件', form: 'copy', copies: 1, required: true, key: false, note: null },
    { id: 'M3', name: '与食品经营相适应的主要设备设施、经营布局、操作流程等文件', form: 'original', copies: 1, required: true, key: true, note: null },
    {
      id: 'M4',
      name: '食品安全自查、从业人员健康管理、进货查验记录、食品安全事故处置等保证食品安全的规章制度目录',
      form: 'original',
      copies: 1,
      required: true,
      key: false,
      note: null,
    },
    { id: 'M5', name: '食品安全管理人员名单及培训考核合格证明', form: 'copy', copies: 1, required: true, key: false, note: null },
    { id: 'M6', name: '委托代理人身份证件及授权委托书', form: 'original_and_copy', copies: 1, required: false, key: false, note: '委托他人办理时提交' },
  ],
};

export const PERSON: Applicant = {
  kind: 'person',
  name: RARE_NAME,
  idType: 'resident_id_card',
  idNumber: APPLICANT_ID,
  mobile: '13957112345',
  address: '杭州市西湖区文三路 90 号',
};

export const ORGANISATION: Applicant = {
  kind: 'organisation',
  name: '杭州西溪食品有限公司',
  creditCode: CREDIT_CODE,
  legalRepresentative: '陈立',
  contactName: '赵敏',
  mobile: '13857009876',
  address: '杭州市西湖区天目山路 100 号',
};

const received = (materialId: string, form: 'original' | 'copy' | 'both', copies = 1) => ({
  materialId,
  received: true,
  form,
  copies,
  defective: false,
  defectNote: '',
});

/** Accepted under 容缺: M5 deferred to a date in a provisional year; everything else received. */
export function acceptedCase(overrides: Partial<CaseState> = {}): CaseState {
  return {
    id: '0193a1b2-0000-7000-8000-000000000001',
    caseNumber: 'HX-7-20261130-0001',
    hallCode: 'HX',
    windowNumber: 7,
    receivedBy: 'staff-1',
    receivedAt: '2026-11-30T01:20:00.000Z',
    receivedDate: '2026-11-30',
    item: FOOD_LICENCE,
    applicant: PERSON,
    agent: null,
    receipts: [
      received('M1', 'original'),
      received('M2', 'copy'),
      received('M3', 'original', 2),
      received('M4', 'original'),
      { materialId: 'M5', received: false, form: null, copies: 0, defective: false, defectNote: '' },
      { materialId: 'M6', received: false, form: null, copies: 0, defective: false, defectNote: '' },
    ],
    status: 'accepted',
    acceptedAt: '2026-11-30T01:31:00.000Z',
    acceptanceDate: '2026-11-30',
    promisedDueDate: '2027-01-06',
    legalDueDate: '2027-01-14',
    promisedDueProvisional: true,
    legalDueProvisional: true,
    deferrals: [{ materialId: 'M5', name: FOOD_LICENCE.materials[4]!.name, dueDate: '2027-01-05', dueProvisional: true, supplementedAt: null }],
    correction: null,
    rejection: null,
    decision: null,
    delivery: null,
    closedAt: null,
    closeReason: null,
    version: 2,
    ...overrides,
  };
}

/** Received, then 一次性告知: `items` as the clerk listed them. */
export function correctionCase(items: CorrectionItem[], note = ''): CaseState {
  return acceptedCase({
    status: 'correction_requested',
    acceptedAt: null,
    acceptanceDate: null,
    promisedDueDate: null,
    legalDueDate: null,
    promisedDueProvisional: false,
    legalDueProvisional: false,
    deferrals: [],
    correction: { items, note, requestedAt: '2026-11-30T01:40:00.000Z' },
  });
}

export const WINDOW = {
  hallCode: 'HX',
  hallName: '杭州市西湖区政务服务中心',
  hallCreditCode: null,
  windowNumber: 7,
  windowName: '综合受理',
};

export const PRINTING: PrintingConfig = {
  autoReceipt: true,
  lookupUrl: 'https://zwfw.example.gov.cn/progress?case=',
  collectionNote: DEFAULT_COLLECTION_NOTE,
  a4PrinterName: '',
};

export function documentInputs(overrides: Partial<DocumentInputs> = {}): DocumentInputs {
  return {
    window: WINDOW,
    staff: { number: 'A012', name: '张敏' },
    issuedAt: '2026-11-30T01:31:05.000Z',
    timeZone: 'Asia/Shanghai',
    printing: PRINTING,
    ...overrides,
  };
}

export function caseInputs(c: CaseState, overrides: Partial<CaseDocumentInputs> = {}): CaseDocumentInputs {
  return { ...documentInputs(), case: c, feeDescription: '不收费', documentNumber: 'HX-7受〔2026〕0001号', ...overrides };
}

export function queueInputs(overrides: Partial<QueueTicketInputs> = {}): QueueTicketInputs {
  return {
    ...documentInputs({ staff: null }),
    ticketNumber: 'A012',
    categoryName: 'A 企业开办',
    peopleAhead: 5,
    estimatedWaitMinutes: 18,
    queueMode: { mode: 'hall', words: null },
    qrPayload: 'QT:HZXH:2026-11-30:A012',
    ...overrides,
  };
}

export function testPageInputs(overrides: Partial<TestPageInputs> = {}): TestPageInputs {
  return {
    ...documentInputs(),
    printerLabel: '回执打印机',
    endpoint: '串口 /dev/ttyUSB0（9600）',
    conditionWords: '正常',
    paperWidthMm: 58,
    encoding: 'gbk',
    rareCharacters: ['㐀', '𠮷', '𰀀'],
    ...overrides,
  };
}
