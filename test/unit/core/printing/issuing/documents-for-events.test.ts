import { describe, expect, it } from 'vitest';
import { documentsIssuedBy } from '../../../../../electron/core/printing/issuing/documents-for-events';
import { caseEventMaker, foodLicenceAcceptance } from '../../../../support/case-events';

const event = caseEventMaker('2026-11-30');
const kindsOf = (events: Parameters<typeof documentsIssuedBy>[0]) => documentsIssuedBy(events).map((d) => [d.kind, d.event.type]);

describe('the documents a case change issues', () => {
  it('issues the receipt and the 受理通知书 with an acceptance, each naming the event that issued it', () => {
    const accepted = event('case.accepted', foodLicenceAcceptance([]));
    expect(kindsOf([accepted])).toEqual([
      ['acceptanceReceipt', 'case.accepted'],
      ['acceptanceNotice', 'case.accepted'],
    ]);
    expect(documentsIssuedBy([accepted])[0]?.event).toBe(accepted);
  });

  it('issues one notice for a correction request, a rejection, a refusal and an approval', () => {
    expect(kindsOf([event('case.correctionRequested', { items: [{ materialId: 'N', name: '健康证明', instruction: '补交' }], note: '' })])).toEqual([
      ['correctionNotice', 'case.correctionRequested'],
    ]);
    expect(kindsOf([event('case.rejected', { reasonId: null, reason: '不属于本机关职权', legalBasis: '第三十二条' })])).toEqual([
      ['rejectionNotice', 'case.rejected'],
    ]);
    expect(kindsOf([event('case.decided', { outcome: 'refused', reason: '不符合条件', legalBasis: '第十二条' })])).toEqual([
      ['refusalDecision', 'case.decided'],
    ]);
    expect(kindsOf([event('case.decided', { outcome: 'approved', reason: '', legalBasis: '' })])).toEqual([['completionNotice', 'case.decided']]);
  });

  it('issues nothing for the events that hand no paper out (收件 alone, review, delivery, a 补打 itself)', () => {
    expect(
      kindsOf([
        event('case.reviewStarted', {}),
        event('case.delivered', { method: 'window', recipientName: '张三', address: '', trackingNumber: '' }),
        event('case.withdrawn', { reason: '申请人撤回' }),
        event('case.documentReprinted', { documentId: 'd1', documentKind: 'acceptanceReceipt', documentNumber: null, jobId: 'j1' }),
      ]),
    ).toEqual([]);
  });
});
